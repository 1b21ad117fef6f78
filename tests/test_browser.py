"""Key user flows in headless Chromium (Debian's `chromium`, driven by Playwright)."""

from __future__ import annotations

import os
import re
import shutil
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（make test 会尝试安装）"),
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_district(transactional_db):
    call_command("demo", "--seed", "7", "--no-progress")


@pytest.fixture
def page(browser, live_server):
    """A fresh page that refuses, and records, any request leaving the live server."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.external_requests = []
    allowed_host = urlparse(live_server.url).netloc

    def guard(route):
        if urlparse(route.request.url).netloc == allowed_host:
            route.continue_()
        else:
            page.external_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_persona_logs_in_and_sees_workspace_home(page, live_server, demo_district):
    from fazhi.demo.generator import DEMO_PASSWORD, DEMO_PERSONAS

    persona = next(p for p in DEMO_PERSONAS if p.role == "承办人员")
    login(page, live_server, persona.username, DEMO_PASSWORD)

    page.wait_for_url(f"{live_server.url}/workspace/")
    assert page.get_by_test_id("current-user").inner_text() == persona.name
    posts = page.get_by_test_id("my-posts").inner_text()
    assert persona.unit in posts and "承办人员" in posts
    assert page.get_by_test_id("count-overdue").is_visible()
    # Local assets loaded: Bootstrap styles the navbar with the platform red.
    color = page.eval_on_selector(".navbar-fazhi", "e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(180, 35, 42)"
    assert page.external_requests == []


def test_workspace_fits_a_phone(page, live_server, demo_district):
    from fazhi.demo.generator import DEMO_PASSWORD, DEMO_PERSONAS

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, DEMO_PERSONAS[0].username, DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_wrong_passwords_lock_the_login(page, live_server, demo_district, settings):
    from fazhi.demo.generator import DEMO_PASSWORD, DEMO_PERSONAS

    username = DEMO_PERSONAS[0].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, live_server, username, "wrong-password")
    login(page, live_server, username, DEMO_PASSWORD)
    assert page.get_by_test_id("locked-out").is_visible()
    assert "/workspace/" not in page.url


def test_portal_is_public_and_offline(page, live_server, demo_district):
    page.goto(f"{live_server.url}/")
    assert "法治政府建设" in page.title()
    page.click("text=关于本站")
    assert page.locator("text=区司法局").first.is_visible()
    assert page.external_requests == []


def test_entering_a_holiday_notice_recomputes_a_provisional_deadline(
    page, live_server, demo_district
):
    """系统管理员 enters next year's notice in the workspace; the 承办人员's provisional
    deadline is recomputed, no longer provisional, and the owner is told on the home page."""
    from datetime import date

    from fazhi.core.models import Person
    from fazhi.deadlines import services
    from fazhi.deadlines.models import Deadline
    from fazhi.demo.generator import DEMO_PASSWORD, DEMO_PERSONAS

    handler = next(p for p in DEMO_PERSONAS if p.role == "承办人员")
    admin = next(p for p in DEMO_PERSONAS if p.role == "系统管理员")
    owner = Person.objects.get(username=handler.username)
    unit = owner.posts.get().unit
    deadline = services.deadline_start(
        subject=unit,
        rule_id="reconsideration.application",
        trigger=date(2026, 12, 20),
        trigger_basis="申请人自认知道行政行为之日",
        unit=unit,
        owner=owner,
    )
    assert deadline.provisional
    # The demo's own cases have periods running into 2027 too: count what the notice moves.
    due_before = dict(Deadline.objects.values_list("pk", "due_date"))

    login(page, live_server, admin.username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/workspace/deadlines/notices/")
    page.fill("#id_year", "2027")
    page.fill("#id_title", "国务院办公厅关于2027年部分节假日安排的通知")
    page.fill("#id_published_on", "2026-11-10")
    page.fill("#id_days", "2027-01-01 元旦 放假\n2027-02-05 至 2027-02-18 春节 放假")
    page.click("text=保存并重算期限")
    moved = [
        pk for pk, due in Deadline.objects.values_list("pk", "due_date") if due_before[pk] != due
    ]
    assert deadline.pk in moved
    message = page.locator(".alert-success").inner_text()
    adjusted = int(re.search(r"调整了 (\d+) 个期限", message).group(1))
    assert adjusted >= len(moved)

    page.click("text=退出")
    login(page, live_server, handler.username, DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    assert "期限已调整" in page.locator("#todo-list").inner_text()
    page.goto(f"{live_server.url}/workspace/deadlines/{deadline.pk}/")
    explanation = page.get_by_test_id("deadline-explanation").inner_text()
    assert "2027年2月19日" in explanation and "暂定" not in explanation
    assert page.external_requests == []


def test_the_portal_publishes_the_signed_checkpoint(page, live_server, demo_district):
    """The demo district was built through the services, so every unit, person and post is in
    the ledger; once a checkpoint is signed the public sees its size and root."""
    from fazhi.ledger import services as ledger_services
    from fazhi.ledger.models import LedgerEntry

    checkpoint = ledger_services.checkpoint_sign()
    assert checkpoint.size == LedgerEntry.objects.count() > 500

    page.goto(f"{live_server.url}/")
    page.click("text=透明日志")
    assert page.get_by_test_id("checkpoint-size").inner_text() == str(checkpoint.size)
    assert page.get_by_test_id("checkpoint-root").inner_text() == checkpoint.root
    assert page.external_requests == []
