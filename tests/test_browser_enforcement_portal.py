"""A member of the public checks an officer's certificate and reads a published penalty decision
on the portal, in headless Chromium: from /enforcement/ they search the officer by name, open
the certificate's verification page (有效, with its QR code), then open a natural person's
published decision and see the masked name — never the full one."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from tests import test_browser as platform
from tests.test_browser import CHROMIUM

# The browser and the page that refuses outside requests are the platform's browser fixtures.
browser = platform.browser
page = platform.page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（make test 会尝试安装）"),
]

PERSON_NAME = "欧阳晓明"
PERSON_ID = "110101199003071234"
BROWSING_DAY = date(2026, 3, 20)


@pytest.fixture
def published(transactional_db):
    """The enforcement world of fazhi/enforcement/tests (a 卫健委 with two certified officers),
    and a natural person's penalty decision published on 2026-03-10 — through the services."""
    from fazhi.enforcement import services
    from fazhi.enforcement.tests.conftest import BUILT, at, build_world

    with at(BUILT):
        world = build_world()
    case = world.open(
        party_kind="person",
        party_name=PERSON_NAME,
        party_code=PERSON_ID,
        facts=f"{PERSON_NAME}未取得卫生许可证擅自经营理发店。",
    )
    case = world.decide(world.to_ready(case))
    with at(date(2026, 3, 10)):
        publication = services.publish(actor=world.lead, case=case)
    return world, publication


def test_a_citizen_verifies_a_certificate_and_reads_a_masked_decision(page, live_server, published):
    world, publication = published
    certificate = world.officers["lead"].certificates.get()
    moment = datetime.combine(BROWSING_DAY, time(10), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        # The officer shows a certificate; the citizen looks the officer up by name.
        page.goto(f"{live_server.url}/enforcement/")
        page.get_by_placeholder("姓名或执法证号").fill("赵一")
        page.get_by_role("button", name="核验").click()
        page.wait_for_url(f"{live_server.url}/enforcement/officers/?q=*")
        page.get_by_role("link", name=certificate.number).click()
        page.wait_for_url(f"{live_server.url}/enforcement/certificates/{certificate.token}/")
        assert page.get_by_test_id("certificate-state").inner_text() == "有效"
        assert page.get_by_test_id("officer-name").inner_text() == "执法员赵一"
        assert page.get_by_test_id("certificate-number").inner_text() == certificate.number
        qr = page.get_by_test_id("qr")
        qr.wait_for()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=qr.element_handle()
        )

        # Then reads the published decision of a natural person: the name is masked.
        page.goto(f"{live_server.url}/enforcement/decisions/")
        page.get_by_test_id("publications").get_by_role(
            "link", name=publication.fields["decision_number"]
        ).click()
        page.wait_for_url(f"{live_server.url}/enforcement/decisions/{publication.pk}/")
        record = page.get_by_test_id("publication").inner_text()
        assert "欧***" in record and "110*************34" in record
        html = page.content()
        assert PERSON_NAME not in html and PERSON_ID not in html
        assert page.get_by_test_id("proof-link").is_visible()
    assert page.external_requests == []
