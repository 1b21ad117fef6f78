"""The public API of normative documents (/api/documents/): open, read-only, throttled, the
portal's query parameters, and nothing about commenters."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from fazhi.normative_documents import services
from fazhi.normative_documents.api import PublicDocumentsThrottle

from . import test_portal as portal
from .conftest import at
from .test_portal import HOSTILE_QUERIES, PERSON_NAME, PERSON_ORG, PERSON_PHONE, PHONE_IN_TEXT

# The portal tests' documents, shared as fixtures.
library = portal.library
published = portal.published


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> Client:
    return Client()  # nobody logged in


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_list_is_public_and_paginated(api, library):
    response = api.get("/api/documents/", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5 and len(body["results"]) == 2 and "page=2" in body["next"]
    row = body["results"][0]
    assert set(row) == {
        "id",
        "title",
        "number",
        "doc_number",
        "registration_number",
        "issuer",
        "subject",
        "subject_display",
        "written_on",
        "published_on",
        "effective_on",
        "valid_until",
        "status",
        "status_display",
        "url",
    }
    assert row["url"] == f"/documents/{row['id']}/"


def test_list_with_a_token_header_is_still_public(api, library):
    response = api.get("/api/documents/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 200


def test_filters_and_status_on_a_date(api, library, world):
    assert set(titles(api.get("/api/documents/?status=in_force&on=2024-01-01"))) == {
        library["in_force"].title,
        library["new"].title,
    }
    amended = api.get("/api/documents/?status=amended&on=2024-01-01").json()["results"]
    assert [(r["title"], r["status"], r["status_display"]) for r in amended] == [
        (library["old"].title, "amended", "已修改")
    ]
    assert titles(api.get("/api/documents/", {"status": "repealed"})) == [library["repealed"].title]
    assert titles(api.get("/api/documents/", {"status": "expired"})) == [library["expired"].title]
    assert titles(api.get("/api/documents/", {"subject": "finance"})) == [library["expired"].title]
    assert len(titles(api.get("/api/documents/", {"year": 2023}))) == 2
    issuer = world.east.dept_a.pk
    assert len(titles(api.get("/api/documents/", {"issuer": issuer}))) == 5
    assert titles(api.get("/api/documents/", {"issuer": world.east.dept_b.pk})) == []


def test_bad_parameters_are_ignored(api, library):
    for params in ({"year": "abc"}, {"on": "yesterday"}, {"status": "drafting"}, {"issuer": "-"}):
        assert len(titles(api.get("/api/documents/", params))) == 5, params


def test_search_across_scripts(api, library):
    assert titles(api.get("/api/documents/", {"q": "校外培訓機構"})) == [library["in_force"].title]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_answer_200(api, library, query):
    response = api.get("/api/documents/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_undecodable_query_answers_200(api, library):
    assert api.get("/api/documents/?q=%ED%A0%80%00").status_code == 200


def test_detail_has_text_versions_and_no_commenter_data(api, published):
    response = api.get(f"/api/documents/{published.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "甲区校外培训机构管理办法"
    assert body["doc_number"] == "甲教发〔2026〕3号"
    assert body["issuer"]["name"] == "甲区教育局"
    assert body["status"] == "in_force" and body["status_display"] == "现行有效"
    assert body["valid_until"] == "2031-04-19"
    assert body["text"].startswith("第一条 为规范本区校外培训机构管理")
    assert [(v["number"], v["status"]) for v in body["versions"]] == [(1, "in_force")]
    dumped = json.dumps(body, ensure_ascii=False)
    for private in (PERSON_NAME, PERSON_ORG, PERSON_PHONE, PHONE_IN_TEXT, "王经理", "comment"):
        assert private not in dumped, private


def test_amended_work_lists_its_versions(api, library):
    body = api.get(f"/api/documents/{library['new'].pk}/").json()
    assert [(v["number"], v["status"]) for v in body["versions"]] == [
        (1, "amended"),
        (2, "in_force"),
    ]
    repealed = api.get(f"/api/documents/{library['repealed'].pk}/").json()
    assert repealed["ended_on"] == "2023-06-01" and repealed["end_kind"] == "废止"


def test_drafts_are_not_found(api, world):
    draft = world.draft()
    assert api.get(f"/api/documents/{draft.pk}/").status_code == 404
    assert api.get("/api/documents/abc/").status_code == 404


def test_read_only(api, library):
    url = f"/api/documents/{library['in_force'].pk}/"
    assert api.post("/api/documents/", {"title": "x"}).status_code == 405
    assert api.delete(url).status_code == 405
    assert api.put(url, {}, content_type="application/json").status_code == 405


def test_throttled_per_client(api, library, monkeypatch):
    monkeypatch.setattr(PublicDocumentsThrottle, "THROTTLE_RATES", {"public_documents": "3/min"})
    for _ in range(3):
        assert api.get("/api/documents/").status_code == 200
    assert api.get("/api/documents/").status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.9").get("/api/documents/").status_code == 200


def test_pending_document_in_the_api(api, world):
    with at(date(2026, 11, 2)):
        services.document_import(
            actor=world.drafter,
            unit=world.east.dept_a,
            issuer=world.east.dept_a,
            title="甲区研学活动管理办法",
            text="第一条 为规范研学活动，制定本办法。",
            subject="education",
            doc_number="甲教发〔2026〕9号",
            published_on=date(2026, 11, 2),
            effective_on=date(2027, 1, 1),
        )
        rows = api.get("/api/documents/").json()["results"]
    assert [(r["status"], r["effective_on"]) for r in rows] == [("pending", "2027-01-01")]


def test_search_count_is_capped(api, world, monkeypatch):
    from fazhi.normative_documents import search

    monkeypatch.setattr(search, "CAP", 3)
    for n in range(1, 6):
        portal.imported(
            world,
            f"甲区第{n}号封顶办法",
            number=f"甲教发〔2022〕{n}号",
            published_on=date(2022, 1, 4),
        )
    body = api.get("/api/documents/", {"q": "封顶办法", "page_size": 2}).json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (3, True, 2)
    body = api.get("/api/documents/", {"q": "第2号封顶"}).json()
    assert (body["count"], body["count_capped"]) == (1, False)
    body = api.get("/api/documents/", {"year": 2022}).json()
    assert (body["count"], body["count_capped"]) == (5, False)
