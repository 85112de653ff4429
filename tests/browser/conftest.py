"""A real browser for the dashboard's tests: Debian's chromium driven by Playwright for Python.

Playwright cannot download its own browsers here, so it drives ``/usr/bin/chromium``; ``make test`` installs
it first when it is missing and the machine allows (``make browser``: ``scripts/ensure-apt-package``).
Without it the browser tests skip, saying why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("AMZBUS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".run" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no chromium at {CHROMIUM}: `make browser` installs Debian's package "
                    "(it needs root and apt-get); set AMZBUS_CHROMIUM to use another build")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is a test dependency: "
                                   "`make install` installs it")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    def save(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return save
