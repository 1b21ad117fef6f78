"""The procedure pages of the workspace: the list, and each procedure drawn as a diagram."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.procedures.definitions import get_procedure

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.procedures_app.urls")]


@pytest.fixture
def client(world) -> Client:
    client = Client()
    client.force_login(world.handler)
    return client


def test_the_list_of_procedures(client):
    response = client.get("/workspace/procedures/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "行政复议申请（测试）" in html
        and "/workspace/procedures/procedures_app.application/" in html
    )


def test_a_procedure_is_drawn_with_its_guards_and_citations(client):
    response = client.get("/workspace/procedures/procedures_app.application/")
    assert response.status_code == 200
    html = response.content.decode()
    figure = html[html.index('data-testid="procedure-diagram"') : html.index("</figure>")]
    assert "<svg" in figure and "<script" not in figure  # drawn on the server, no JS
    assert "http" not in figure.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    for state in get_procedure("procedures_app.application").states:
        assert state.label in html
    assert "有明确的申请人" in html
    assert "依据：《中华人民共和国行政复议法》（2023年修订）第三十条第一款第一项" in html
    assert "法治机构审核人员" in html


def test_a_procedure_with_deadlines_lists_them(client):
    html = client.get("/workspace/procedures/procedures_app.timed/").content.decode()
    assert "开始计算：<code>reconsideration.decision</code>" in html
    assert "停止计算：<code>reconsideration.acceptance_review</code>" in html


def test_an_unknown_procedure_is_404(client):
    assert client.get("/workspace/procedures/no.such/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/workspace/procedures/", "/workspace/procedures/procedures_app.application/"]
)
def test_anonymous_visitors_are_sent_to_log_in(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
