"""Downloading evidence in the workspace: scoped by unit, re-verified on every download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.evidence import services, storage

from .samples import SAMPLES

pytestmark = pytest.mark.django_db

NAME, PDF = SAMPLES["pdf"]


@pytest.fixture
def stored(world):
    return services.file_store(
        actor=world.handler, unit=world.east.dept_a, upload=SimpleUploadedFile(NAME, PDF)
    )


def get(person, stored):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client.get(f"/workspace/evidence/{stored.sha256}/")


@pytest.mark.parametrize("who", ["handler", "reviewer"])
def test_the_holding_unit_and_its_supervisor_download_the_file(world, stored, who):
    response = get(getattr(world, who), stored)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SHA256"] == stored.sha256
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["b_handler", "west_handler"])
def test_another_unit_gets_404(world, stored, who):
    assert get(getattr(world, who), stored).status_code == 404


def test_a_unit_that_uploaded_the_same_content_reaches_it(world, stored):
    services.file_store(
        actor=world.b_handler, unit=world.east.dept_b, upload=SimpleUploadedFile("x.pdf", PDF)
    )
    assert get(world.b_handler, stored).status_code == 200


def test_an_unknown_hash_is_404(world):
    client = Client()
    client.force_login(world.handler)
    assert client.get(f"/workspace/evidence/{'0' * 64}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world, stored):
    response = get(None, stored)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_tampered_copy_is_not_served(world, stored):
    path = storage.blob_path(stored.sha256)
    path.chmod(0o644)
    path.write_bytes(PDF.replace(b"1.7", b"1.4"))
    response = get(world.handler, stored)
    assert response.status_code == 409
    html = response.content.decode()
    assert "证据文件校验未通过" in html and "存储副本已被改动或损坏" in html
    assert PDF.decode("latin-1") not in html
