"""Playwright driving Debian's Chromium (never a downloaded browser) against pytest-django's live server."""

import os
import shutil

import pytest

from tests.browser.visitor import WIDTHS, Visitor

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the tests' own
# factories are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}: install Debian's chromium package")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def unhashed_static_files(settings):
    """Stylesheets by their plain names: the live server finds static files in the source folders, where the
    hashed names of the production storage do not exist, and axe would be judging unstyled pages."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # A page checked without its stylesheet would pass or fail axe for the wrong reasons.
    missing = []
    page.on("response", lambda r: missing.append(r.url) if "/static/" in r.url and r.status >= 400 else None)
    yield page
    context.close()
    assert not missing, f"static files not served: {missing}"


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page):
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in serious
        )
        return results

    return check


@pytest.fixture
def visitors(browser, live_server, assert_accessible):
    """A new tab for each person (its own cookies), each checking that the stylesheets were served."""
    contexts, missing = [], []

    def visitor(widths=WIDTHS):
        context = browser.new_context(viewport={"width": widths[0], "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("response", lambda r: missing.append(r.url) if "/static/" in r.url and r.status >= 400 else None)
        return Visitor(page, live_server.url, assert_accessible, widths)

    yield visitor
    for context in contexts:
        context.close()
    assert not missing, f"static files not served: {missing}"
