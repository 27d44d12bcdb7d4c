"""A live server on the test database and headless system Chromium driven by Playwright."""

import os
import shutil
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from dialog.catalogue.services import import_documents, seed_files
from dialog.extensions import db
from tests.conftest import delete_all_rows

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# When the browser leaves a page while a static file is still streaming, Werkzeug's development
# server drops the connection without closing the file; the warning says nothing about Dialog.
# (A filter's fields are separated by colons, so the message patterns use . for a colon.)
DROPPED_STATIC_FILE = [
    "ignore:unclosed file <_io.BufferedReader name='.*/static/:ResourceWarning",
    "ignore:Exception ignored in. <_io.FileIO name='.*/static/"
    ":pytest.PytestUnraisableExceptionWarning",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in item.keywords:
            for rule in DROPPED_STATIC_FILE:
                item.add_marker(pytest.mark.filterwarnings(rule))


def _chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Chromium is not installed; `make test` installs Debian's chromium package")
    return path


@pytest.fixture(scope="module")
def live_server(app):
    """Serve the seeded app on a free local port for the module's tests."""
    with app.app_context():
        delete_all_rows()
        _report, problems = import_documents(seed_files())
        assert problems == []
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    configured = app.config["DIALOG_BASE_URL"]
    app.config["DIALOG_BASE_URL"] = url  # links in mail lead to this server
    yield url
    app.config["DIALOG_BASE_URL"] = configured
    server.shutdown()
    thread.join()
    with app.app_context():
        delete_all_rows()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
