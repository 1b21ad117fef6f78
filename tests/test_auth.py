"""Logging in: the login page, the lockout after repeated wrong passwords, and CSRF."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client

from fazhi.core.models import Role
from fazhi.core.tests.factories import PASSWORD, PersonFactory, district_tree

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def person():
    tree = district_tree("东区")
    return PersonFactory(unit=tree.dept_a, role=Role.UNIT_ADMIN, username="zhangsan")


def logged_in_as(client: Client):
    return client.session.get("_auth_user_id")


def test_login_page_renders(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "工作人员登录" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_login_with_the_right_password(client, person):
    response = client.post(LOGIN, {"username": "zhangsan", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/workspace/"
    assert logged_in_as(client) == str(person.pk)
    assert client.get("/workspace/").status_code == 200


def test_login_follows_next(client, person):
    response = client.post(
        f"{LOGIN}?next=/workspace/units/",
        {"username": "zhangsan", "password": PASSWORD, "next": "/workspace/units/"},
    )
    assert response.url == "/workspace/units/"


def test_login_refuses_an_external_next(client, person):
    response = client.post(
        LOGIN, {"username": "zhangsan", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == "/workspace/"


def test_wrong_password_shows_the_form_again(client, person):
    response = client.post(LOGIN, {"username": "zhangsan", "password": "wrong"})
    assert response.status_code == 200
    assert "登录名或密码不正确" in response.content.decode()
    assert logged_in_as(client) is None


def test_logged_in_user_skips_the_login_page(client, person):
    client.force_login(person)
    assert client.get(LOGIN).status_code == 302


def test_logout_needs_post(client, person):
    client.force_login(person)
    assert client.get("/accounts/logout/").status_code == 405
    assert logged_in_as(client)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert logged_in_as(client) is None


def test_inactive_person_cannot_log_in(client, person):
    person.is_active = False
    person.save(update_fields=["is_active"])
    response = client.post(LOGIN, {"username": "zhangsan", "password": PASSWORD})
    assert response.status_code == 200
    assert logged_in_as(client) is None


# --- lockout (django-axes) ------------------------------------------------------------------


def test_failure_limit_is_five():
    assert settings.AXES_FAILURE_LIMIT == 5


def test_repeated_wrong_passwords_lock_the_account(client, person):
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [
        client.post(LOGIN, {"username": "zhangsan", "password": f"wrong{n}"}).status_code
        for n in range(limit)
    ]
    # The attempts before the limit show the form again; the one that reaches it locks.
    assert statuses == [200] * (limit - 1) + [429]

    response = client.post(LOGIN, {"username": "zhangsan", "password": PASSWORD})
    assert response.status_code == 429  # django-axes' default AXES_HTTP_RESPONSE_CODE
    html = response.content.decode()
    assert 'data-testid="locked-out"' in html
    assert "登录已暂时锁定" in html
    assert "15 分钟" in html
    assert logged_in_as(client) is None

    attempt = AccessAttempt.objects.get(username="zhangsan")
    assert attempt.ip_address == "127.0.0.1"
    assert attempt.failures_since_start >= limit
    assert AccessFailureLog.objects.filter(username="zhangsan", locked_out=True).exists()
    assert AccessFailureLog.objects.filter(username="zhangsan").count() >= limit


def test_failures_below_the_limit_do_not_lock(client, person):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "zhangsan", "password": f"wrong{n}"})
    response = client.post(LOGIN, {"username": "zhangsan", "password": PASSWORD})
    assert response.status_code == 302
    # AXES_RESET_ON_SUCCESS: the count starts over after a successful login.
    assert not AccessAttempt.objects.filter(username="zhangsan").exists()


def test_lockout_is_per_username_and_address(person):
    other = PersonFactory(unit=person.posts.get().unit, username="lisi")
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(LOGIN, {"username": "zhangsan", "password": f"wrong{n}"})
    assert attacker.post(LOGIN, {"username": "zhangsan", "password": PASSWORD}).status_code == 429
    # Another account from the same address, and the same account from its owner's
    # address, still log in: an attacker cannot lock a colleague out from elsewhere.
    assert (
        attacker.post(LOGIN, {"username": other.username, "password": PASSWORD}).status_code == 302
    )
    owner = Client(REMOTE_ADDR="10.0.0.8")
    assert owner.post(LOGIN, {"username": "zhangsan", "password": PASSWORD}).status_code == 302


# --- CSRF -----------------------------------------------------------------------------------


def test_csrf_is_enforced_on_workspace_forms(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    unit = person.posts.get().unit
    form = {"name": "东区教育委员会", "short_name": "", "uscc": "", "address": "", "phone": ""}

    response = client.post(f"/workspace/units/{unit.pk}/edit/", form)
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "东区教育局"

    # Positive control: the same post with the form's token goes through.
    page = client.get(f"/workspace/units/{unit.pk}/edit/")
    token = page.context["csrf_token"]
    response = client.post(
        f"/workspace/units/{unit.pk}/edit/", {**form, "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "东区教育委员会"


def test_csrf_is_enforced_on_login(person):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "zhangsan", "password": PASSWORD})
    assert response.status_code == 403
    assert logged_in_as(client) is None


def test_csrf_is_enforced_on_session_api_writes(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    unit = person.posts.get().unit
    response = client.patch(
        f"/api/units/{unit.pk}/", {"name": "篡改"}, content_type="application/json"
    )
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "东区教育局"
