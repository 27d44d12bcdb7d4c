"""Errors become pages in the visitor's language, never a bare traceback."""

import pytest

from dialog import create_app


@pytest.fixture
def failing_app(app):
    """A separate app (same database) with a route that fails, as production would run it."""
    failing = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )

    @failing.get("/boom")
    def boom():
        raise RuntimeError("unexpected")

    return failing


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
