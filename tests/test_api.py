"""The REST API: pagination, token authentication, and errors in Chinese."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from fazhi.core.drf import exception_handler
from fazhi.core.models import Person, Role, Unit
from fazhi.core.tests.factories import PASSWORD, PersonFactory, district_tree

pytestmark = pytest.mark.django_db

VALID_USCC = "11110000000000001A"


def has_chinese(value) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", str(value)))


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """The token endpoint's rate limit counts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree():
    return district_tree("东区")


@pytest.fixture
def admin(tree) -> Person:
    return PersonFactory(unit=tree.district, role=Role.UNIT_ADMIN, username="admin01")


@pytest.fixture
def api(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


# --- pagination -----------------------------------------------------------------------------


LIST_URLS = ["/api/units/", "/api/people/", "/api/units/{district}/people/"]


@pytest.mark.parametrize("url", LIST_URLS)
def test_lists_are_paginated(tree, api, url):
    for index in range(3):
        PersonFactory(unit=tree.district, username=f"staff{index:02d}")
    response = api.get(url.format(district=tree.district.pk), {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body)
    assert body["count"] > 2
    assert len(body["results"]) == 2
    assert body["next"] and "page=2" in body["next"]
    second = api.get(body["next"]).json()
    assert second["previous"]
    assert not {row["id"] for row in body["results"]} & {row["id"] for row in second["results"]}


def test_page_size_is_capped(tree, api):
    response = api.get("/api/units/", {"page_size": 100000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == Unit.objects.count()  # under the cap of 200


def test_page_beyond_the_end_is_404(api):
    assert api.get("/api/units/", {"page": 999}).status_code == 404


def test_no_get_endpoint_answers_a_bare_list(tree, api, admin, tmp_path):
    """Every GET in the schema answers an object; lists come wrapped in a page."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    ids = {"/api/units/": tree.district.pk, "/api/people/": admin.pk}
    ids["/api/documents/"] = _published_document(tree, admin).pk
    checked = 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        prefix = next((p for p in ids if path.startswith(p)), None)
        url = path.replace("{id}", str(ids[prefix])) if prefix else path
        assert "{" not in url, f"no id to fill in for {path}"
        response = api.get(url)
        assert response.status_code == 200, url
        body = response.json()
        assert isinstance(body, dict), f"{url} answers a bare list"
        ok = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        if ok.get("$ref", "").startswith("#/components/schemas/Paginated"):
            assert {"count", "next", "previous", "results"} <= set(body), url
        checked += 1
    assert checked >= 5


def _published_document(tree, admin):
    from datetime import date

    from fazhi.normative_documents import services as normdocs

    return normdocs.document_import(
        actor=admin,
        unit=tree.district,
        issuer=tree.district,
        title="东区公开查询测试办法",
        text="第一条 为测试公开查询接口，制定本办法。",
        subject="general",
        doc_number="东政发〔2025〕1号",
        published_on=date(2025, 1, 6),
    )


# --- token authentication -------------------------------------------------------------------


def test_token_auth(admin):
    anonymous = Client()
    response = anonymous.post("/api/token/", {"username": "admin01", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=admin).key == token

    me = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "admin01"
    assert [post["role"] for post in body["posts"]] == [Role.UNIT_ADMIN]

    units = Client().get("/api/units/", HTTP_AUTHORIZATION=f"Token {token}")
    assert units.status_code == 200 and units.json()["count"] == Unit.objects.count()


def test_token_is_stable_per_user(admin):
    first = Client().post("/api/token/", {"username": "admin01", "password": PASSWORD}).json()
    second = Client().post("/api/token/", {"username": "admin01", "password": PASSWORD}).json()
    assert first["token"] == second["token"]


def test_token_with_wrong_password_is_400_without_token(admin):
    response = Client().post("/api/token/", {"username": "admin01", "password": "wrong"})
    assert response.status_code == 400
    body = response.json()
    assert "token" not in body
    assert has_chinese(body)
    assert not Token.objects.exists()


def test_token_for_unknown_user_is_400(admin):
    response = Client().post("/api/token/", {"username": "nobody", "password": PASSWORD})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_for_inactive_user_is_400(admin):
    Person.objects.filter(pk=admin.pk).update(is_active=False)
    response = Client().post("/api/token/", {"username": "admin01", "password": PASSWORD})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_endpoint_shares_the_login_lockout(admin):
    """Five wrong passwords lock the API's door too, even for the right password after."""
    client = Client()
    for _ in range(5):
        client.post("/api/token/", {"username": "admin01", "password": "wrong"})
    response = client.post("/api/token/", {"username": "admin01", "password": PASSWORD})
    assert response.status_code in (400, 403, 429)
    assert "token" not in response.json()
    assert not Token.objects.exists()


def test_token_endpoint_is_rate_limited(admin):
    statuses = [
        Client().post("/api/token/", {"username": f"guess{n}", "password": "x"}).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429


def test_bad_token_is_refused():
    response = Client().get("/api/me/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code in (401, 403)


# --- errors ---------------------------------------------------------------------------------


def test_invalid_uscc_is_400_in_chinese(tree, api):
    unit = tree.dept_a
    response = api.patch(f"/api/units/{unit.pk}/", {"uscc": "123"}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert "统一社会信用代码" in body["uscc"][0]
    assert Unit.objects.get(pk=unit.pk).uscc == ""


def test_duplicate_uscc_is_400_in_chinese(tree, api):
    api.patch(
        f"/api/units/{tree.dept_a.pk}/", {"uscc": VALID_USCC}, content_type="application/json"
    )
    response = api.patch(
        f"/api/units/{tree.dept_b.pk}/", {"uscc": VALID_USCC}, content_type="application/json"
    )
    assert response.status_code == 400
    assert has_chinese(response.json())
    assert Unit.objects.get(pk=tree.dept_b.pk).uscc == ""


def test_blank_name_is_400_in_chinese(tree, api):
    response = api.patch(
        f"/api/units/{tree.dept_a.pk}/", {"name": "   "}, content_type="application/json"
    )
    assert response.status_code == 400
    assert has_chinese(response.json()["name"])


def test_read_only_fields_are_ignored(tree, api):
    unit = tree.dept_a
    response = api.patch(
        f"/api/units/{unit.pk}/",
        {"kind": "city", "depth": 1, "valid_to": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 200
    fresh = Unit.objects.get(pk=unit.pk)
    assert (fresh.kind, fresh.depth, fresh.valid_to) == ("department", 2, None)


def test_person_patch_without_editable_fields_is_400(tree, api, admin):
    response = api.patch(
        f"/api/people/{admin.pk}/", {"username": "renamed"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "没有可修改的字段。"}
    assert Person.objects.get(pk=admin.pk).username == "admin01"


def test_unit_update_answers_the_saved_unit(tree, api):
    response = api.patch(
        f"/api/units/{tree.dept_a.pk}/",
        {"name": " 东区教育委员会 ", "phone": "010-1"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "东区教育委员会"
    assert body["parent"] == tree.district.pk  # as GET answers it
    assert body == api.get(f"/api/units/{tree.dept_a.pk}/").json()


def test_exception_handler_maps_service_errors():
    field_error = exception_handler(DjangoValidationError({"uscc": "代码重复。"}), {})
    assert field_error.status_code == 400
    assert field_error.data == {"uscc": ["代码重复。"]}
    plain_error = exception_handler(DjangoValidationError("该任职已经结束。"), {})
    assert plain_error.status_code == 400
    assert plain_error.data == {"detail": ["该任职已经结束。"]}
    denied = exception_handler(DjangoPermissionDenied("您无权管理该单位。"), {})
    assert denied.status_code == 403
    assert denied.data == {"detail": "您无权管理该单位。"}
    assert exception_handler(DjangoPermissionDenied(), {}).data == {"detail": "无权执行此操作。"}
