"""Playwright driving Debian's Chromium against the live test server.

Where /usr/bin/chromium is missing, these tests are skipped with a reason that says so; CI
sets REQUIRE_BROWSER=1 so a missing browser fails the run instead of hiding it.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
    if CHROMIUM.exists() or os.environ.get("REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: browser tests not run")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


def pytest_report_header(config):
    if CHROMIUM.exists():
        return f"browser tests: Chromium at {CHROMIUM}"
    return f"browser tests: NOT RUN, Chromium not found at {CHROMIUM} (apt-get install chromium)"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"REQUIRE_BROWSER=1 but Chromium is not at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # to set up data are still synchronous, so Django's async guard must stand aside here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    saved = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # Django keeps connections per async context, and the running loop gives this thread
        # a new one: hand it the snapshot that serialized rollback restores after a flush.
        for alias, contents in saved.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
