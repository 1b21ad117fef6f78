"""The workspace home: a person's open to-do items with deadline alerts, and closing them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core import services
from fazhi.core.models import Person, Role, TodoItem, TodoState, Unit
from fazhi.core.tests.factories import PersonFactory, district_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return district_tree("东区")


@pytest.fixture
def person(tree) -> Person:
    return PersonFactory(unit=tree.dept_a, role=Role.HANDLER, name="张三")


@pytest.fixture
def client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def todo(person: Person, unit: Unit, title: str, due_at: datetime | None = None, **extra):
    return services.todo_create(
        assignee=person,
        unit=unit,
        title=title,
        module="normative_documents",
        source=f"normative_documents.NormDoc:{title}",
        due_at=due_at,
        **extra,
    )


def item_html(html: str, item: TodoItem) -> str:
    match = re.search(rf'<li [^>]*id="todo-{item.pk}">(.*?)</li>', html, re.S)
    assert match, f"item {item.pk} is not on the page"
    return match.group(1)


def stat(html: str, name: str) -> int:
    return int(re.search(rf'data-testid="count-{name}">(\d+)<', html).group(1))


# --- the list and its alerts ----------------------------------------------------------------


def test_home_lists_open_items_with_alerts(tree, person, client):
    now = timezone.now()
    overdue = todo(
        person,
        tree.dept_a,
        "审核《教育收费管理办法》",
        now - timedelta(hours=2),
        deadline_basis="《规范性文件管理规定》第十五条：7 个工作日",
    )
    approaching = todo(person, tree.dept_a, "答复征求意见", now + timedelta(hours=20))
    later = todo(person, tree.dept_a, "年度清理", now + timedelta(days=60))
    undated = todo(person, tree.dept_a, "学习新法")

    response = client.get("/workspace/")
    assert response.status_code == 200
    html = response.content.decode()

    assert "逾期" in item_html(html, overdue)
    assert "badge-overdue" in item_html(html, overdue)
    assert "期限依据：《规范性文件管理规定》第十五条" in item_html(html, overdue)
    assert "临期" in item_html(html, approaching)
    assert "逾期" not in item_html(html, approaching)
    for quiet in (later, undated):
        assert "逾期" not in item_html(html, quiet)
        assert "临期" not in item_html(html, quiet)

    # Overdue first, then by deadline, undated last.
    order = [int(pk) for pk in re.findall(r'id="todo-(\d+)"', html)]
    assert order == [overdue.pk, approaching.pk, later.pk, undated.pk]
    assert (stat(html, "open"), stat(html, "approaching"), stat(html, "overdue")) == (4, 1, 1)


def test_alert_window_follows_the_setting(tree, person, client, settings):
    item = todo(person, tree.dept_a, "五天后到期", timezone.now() + timedelta(days=5))
    assert "临期" not in item_html(client.get("/workspace/").content.decode(), item)
    settings.FAZHI_ALERT_DAYS = 7
    assert "临期" in item_html(client.get("/workspace/").content.decode(), item)


def test_home_hides_closed_items_and_other_peoples_items(tree, person, client):
    colleague = PersonFactory(unit=tree.dept_a, name="李四")
    mine = todo(person, tree.dept_a, "我的待办")
    done = todo(person, tree.dept_a, "已办结")
    services.todo_close(actor=person, item=done)
    theirs = todo(colleague, tree.dept_a, "李四的待办")

    html = client.get("/workspace/").content.decode()
    assert f'id="todo-{mine.pk}"' in html
    assert f'id="todo-{done.pk}"' not in html
    assert f'id="todo-{theirs.pk}"' not in html
    assert "李四的待办" not in html
    assert stat(html, "open") == 1


def test_home_without_items(client):
    html = client.get("/workspace/").content.decode()
    assert 'data-testid="no-todos"' in html
    assert "东区教育局" in html  # the person's posts


# --- creating items -------------------------------------------------------------------------


def test_todo_create_refuses_an_assignee_without_a_post_in_the_unit(tree, person):
    with pytest.raises(ValidationError, match="张三不在东区卫健委任职"):
        todo(person, tree.dept_b, "不该分派")
    # A post in a parent or child unit is not a post in the unit either.
    with pytest.raises(ValidationError):
        todo(person, tree.div_a, "不该分派")
    assert not TodoItem.objects.exists()


def test_todo_create_refuses_an_ended_post(tree, person):
    services.post_end(actor=None, post=person.posts.get())
    with pytest.raises(ValidationError, match="不在东区教育局任职"):
        todo(person, tree.dept_a, "已调离")


def test_todo_create_refuses_a_naive_deadline(tree, person):
    with pytest.raises(ValidationError, match="时区"):
        todo(person, tree.dept_a, "无时区", datetime(2030, 1, 1, 17, 0))


def test_todo_create_refuses_a_second_open_item_for_the_same_source(tree, person):
    todo(person, tree.dept_a, "审核")
    with pytest.raises(ValidationError):
        todo(person, tree.dept_a, "审核")


# --- closing items --------------------------------------------------------------------------


def test_closing_own_item(tree, person, client):
    item = todo(person, tree.dept_a, "办完了")
    response = client.post(f"/workspace/todos/{item.pk}/done/")
    assert response.status_code == 302
    assert response.url == "/workspace/"
    item.refresh_from_db()
    assert item.state == TodoState.DONE
    assert item.closed_at is not None
    assert f'id="todo-{item.pk}"' not in client.get("/workspace/").content.decode()


def test_closing_with_htmx_answers_an_empty_fragment(tree, person, client):
    item = todo(person, tree.dept_a, "办完了")
    response = client.post(f"/workspace/todos/{item.pk}/done/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content == b""
    assert TodoItem.objects.get(pk=item.pk).state == TodoState.DONE


def test_closing_twice_reports_it(tree, person, client):
    item = todo(person, tree.dept_a, "办完了")
    client.post(f"/workspace/todos/{item.pk}/done/")
    response = client.post(f"/workspace/todos/{item.pk}/done/", follow=True)
    assert response.status_code == 200
    assert "该待办事项已经办结或撤回" in response.content.decode()


def test_closing_someone_elses_item_is_404(tree, client):
    colleague = PersonFactory(unit=tree.dept_a, name="李四")
    item = todo(colleague, tree.dept_a, "李四的待办")
    assert client.post(f"/workspace/todos/{item.pk}/done/").status_code == 404
    assert client.post("/workspace/todos/999999/done/").status_code == 404
    item.refresh_from_db()
    assert item.state == TodoState.OPEN


def test_closing_needs_post(tree, person, client):
    item = todo(person, tree.dept_a, "办完了")
    assert client.get(f"/workspace/todos/{item.pk}/done/").status_code == 405
    assert TodoItem.objects.get(pk=item.pk).state == TodoState.OPEN


def test_todo_close_service_refuses_another_actor(tree, person):
    colleague = PersonFactory(unit=tree.dept_a)
    item = todo(person, tree.dept_a, "我的待办")
    with pytest.raises(PermissionDenied):
        services.todo_close(actor=colleague, item=item)


# --- queries --------------------------------------------------------------------------------


def test_home_queries_are_bounded(tree, person, client, django_assert_max_num_queries):
    PersonFactory(unit=tree.dept_b, role=Role.LEADER, username="other")
    services.post_assign(actor=None, person=person, unit=tree.div_a, role=Role.LEADER)
    now = timezone.now()
    for n in range(30):
        unit = tree.dept_a if n % 2 else tree.div_a
        todo(person, unit, f"待办{n:02d}", now + timedelta(hours=12 * (n - 10)))
    with django_assert_max_num_queries(10):
        response = client.get("/workspace/")
    assert response.status_code == 200
    assert stat(response.content.decode(), "open") == 30


def test_home_queries_do_not_grow_with_items(tree, person, client, django_assert_num_queries):
    todo(person, tree.dept_a, "一项")
    with CaptureQueriesContext(connection) as one:
        client.get("/workspace/")
    for n in range(20):
        todo(person, tree.dept_a, f"更多{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/workspace/")
    assert len(one.captured_queries) <= 10, [q["sql"] for q in one.captured_queries]
