"""Errors become pages in the visitor's language, never a bare traceback."""

import re

import pytest

from dialog import create_app
from dialog.catalogue.models import Municipality
from dialog.extensions import db
from tests.factories import make_user, sign_in


@pytest.fixture
def failing_app(app):
    """A separate app (same database) with a route that fails, as production would run it."""
    failing = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )

    @failing.get("/boom")
    def boom():
        raise RuntimeError("unexpected")

    @failing.get("/failed-write")
    def failed_write():
        db.session.add(Municipality(slug=None, name=None))  # NOT NULL: the flush fails
        db.session.flush()

    yield failing
    with failing.app_context():
        db.engine.dispose()


def test_an_unexpected_error_is_a_friendly_500_page(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Något gick fel" in page and "RuntimeError" not in page


def test_wrong_method_is_a_405_page(client):
    for response in (client.post("/kommun/lund"), client.put("/")):
        assert response.status_code == 405
        assert "Det går inte att göra så här" in response.get_data(as_text=True)


def test_an_oversized_body_is_a_413_page(client):
    response = client.post("/sprak", data={"next": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Det du skickade är för stort" in response.get_data(as_text=True)


def test_the_error_page_works_for_a_signed_in_visitor_after_a_failed_write(
    failing_app, app_context
):
    """The page loads the visitor for the header; a failed transaction must not break it."""
    make_user()
    client = failing_app.test_client()
    sign_in(client)
    response = client.get("/failed-write")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Något gick fel" in page and "Mina sidor" in page


def test_every_405_names_the_allowed_methods(app, client):
    """Each rule answered with a method it does not take: 405 with `Allow` (RFC 9110 15.5.6)."""
    checked = 0
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:int:)?[^>]*>", lambda m: "1" if "int:" in m.group() else "x", rule.rule)
        unused = next(m for m in ("DELETE", "PUT", "POST") if m not in rule.methods)
        response = client.open(path, method=unused)
        response.close()
        if response.status_code != 405:
            continue  # another rule takes this path and method
        allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")}
        assert rule.methods <= allowed, (path, unused, response.headers.get("Allow"))
        checked += 1
    assert checked > 30
    api = client.post("/api/v1/municipalities")
    assert api.status_code == 405 and "GET" in api.headers["Allow"]
