"""The OpenAPI schema generates cleanly and the API docs need nothing from the internet."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.management import call_command

from fazhi.core.models import Role
from fazhi.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    client.force_login(PersonFactory(role=Role.HANDLER))
    return client


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert schema["openapi"].startswith("3.")
    for path in ("/api/units/", "/api/units/{id}/", "/api/people/", "/api/me/", "/api/token/"):
        assert path in schema["paths"], path


def test_schema_documents_lists_as_paginated(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    for path in ("/api/units/", "/api/people/", "/api/units/{id}/people/"):
        ok = schema["paths"][path]["get"]["responses"]["200"]
        ref = ok["content"]["application/json"]["schema"]["$ref"]
        component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert {"count", "next", "previous", "results"} <= set(component["properties"]), path


def test_schema_documents_me_as_one_object(tmp_path):
    """/api/me/ answers one object; the schema must not promise a list."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    ok = schema["paths"]["/api/me/"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Me"}


def test_schema_endpoint(logged_in):
    response = logged_in.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/units/" in response.content


def test_docs_page_uses_local_static_only(logged_in):
    response = logged_in.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"https?://", html), re.findall(r"https?://[^\"' ]+", html)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the page should load Swagger UI from static files"
    for asset in assets:
        assert asset.startswith("/"), asset
    # The assets it names are served (by WhiteNoise from the sidecar package).
    for asset in assets:
        if asset.startswith("/static/"):
            served = logged_in.get(asset)
            assert served.status_code == 200, asset


def test_schema_and_docs_need_a_login(client):
    """Deny by default: nothing but the portal and the login is public."""
    assert client.get("/api/schema/").status_code in (401, 403)
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/api/docs/"
