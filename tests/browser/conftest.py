"""Real Chromium (Debian's) driven by Playwright against pytest-django's live server."""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.support.browser import STRICT_CSP

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying hosts this machine cannot reach.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `make test` (it installs it) or set CHROMIUM_PATH.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)  # a loaded 2-core machine is slow, not wrong
    opened = context.new_page()
    yield opened
    # A request still in flight at the end (htmx polling) must not fail the teardown.
    opened.unroute_all(behavior="ignoreErrors")
    context.close()


@pytest.fixture
def csp_violations(page):
    """Serve every page under the server's own Content-Security-Policy (STRICT_CSP for a response
    that has none) and collect what the browser refuses."""

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={"content-security-policy": STRICT_CSP, **response.headers})

    refused = []
    page.route("**/*", with_csp)
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield refused
    page.unroute_all(behavior="ignoreErrors")
