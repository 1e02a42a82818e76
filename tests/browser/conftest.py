"""Browser-test fixtures: Playwright driving Debian's Chromium against live_server.

Playwright's own browser downloads are never used: `.ci/run` installs Debian's
`chromium` and we launch it by path. Every test in this directory is marked
`browser`; it is skipped (with the reason shown by `-ra`) only when the
Chromium binary or the playwright package is missing, which `.ci/run` rules out.

Fixtures:
- `browser` (session): one Chromium for the whole run.
- `page`: a fresh context and page per test (own cookies, desktop size).
- `phone_page`: the same at a phone's width.
- `screenshot(page, name)`: with `pytest --screenshots`, saves `artifacts/<name>.png`
  for a person to look at; without it, does nothing (a full-page PNG costs Chromium
  ~0.4 s of CPU: a quarter of the browser tests' time for 34 pictures nobody asked for).

pytest-django's `live_server` runs Django in a thread; Playwright's sync API
runs an event loop in this thread, which makes Django's async-safety check
refuse ORM calls from the test body. DJANGO_ALLOW_ASYNC_UNSAFE is set for the
browser session only: the test body and the live server never touch the ORM
at the same time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        missing = (
            f"{CHROMIUM} is not installed (apt-get install chromium; `make test` does as root)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {missing}")
        pytest.skip(missing)
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(browser, viewport=DESKTOP, **options):
    """A page in its own context (no cookies shared), with the suite's timeout."""
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page (own context: no cookies shared between tests)."""
    context, page = new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A fresh page at a phone's width, with touch and a phone's pixel ratio."""
    context, page = new_page(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield page
    context.close()


def save_screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as artifacts/<name>.png (gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "front-desktop")`: `save_screenshot` when the run was asked for
    screenshots (`pytest --screenshots`), otherwise nothing."""
    if request.config.getoption("screenshots"):
        return save_screenshot
    return lambda page, name: None
