"""Key user flows in headless Chromium (Debian's `chromium`, driven by Playwright)."""

from __future__ import annotations

import os
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
