"""The session cookie is checked once per process (dialog/core/cookie_session.py): what it held
is kept, but a cookie past its lifetime or with a wrong signature is still refused, and each
request gets its own copy."""

import time

from dialog.core.cookie_session import KeptCookieSessions
from tests.factories import make_user, sign_in

MINE = "/mina-sidor/mina-data"


def _session_cookie(app, client) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def _count_checks(app, monkeypatch) -> list[int]:
    interface = app.session_interface
    assert isinstance(interface, KeptCookieSessions)
    serializer = interface.get_signing_serializer(app)
    checks: list[int] = []
    original = serializer.loads

    def counted(*args, **kwargs):
        checks.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(serializer, "loads", counted)
    return checks


def test_a_cookie_is_checked_once_and_the_reader_stays_signed_in(
    app, app_context, client, monkeypatch
):
    make_user()
    sign_in(client)
    checks = _count_checks(app, monkeypatch)
    assert client.get(MINE).status_code == 200
    assert client.get(MINE).status_code == 200
    assert client.get(MINE).status_code == 200
    assert len(checks) <= 1


def test_a_cookie_past_its_lifetime_is_refused_though_kept(app, app_context, client, monkeypatch):
    make_user()
    sign_in(client)
    assert client.get(MINE).status_code == 200  # kept now
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(MINE).status_code == 302  # to the sign-in page


def test_a_wrong_signature_is_refused_though_the_right_one_is_kept(app, app_context, client):
    make_user()
    sign_in(client)
    assert client.get(MINE).status_code == 200
    value = _session_cookie(app, client)
    forged = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], forged)
    assert client.get(MINE).status_code == 302


def test_each_request_gets_its_own_copy(app, app_context, client):
    make_user()
    sign_in(client)
    name = app.config["SESSION_COOKIE_NAME"]
    headers = {"Cookie": f"{name}={_session_cookie(app, client)}"}
    interface = app.session_interface
    with app.test_request_context(MINE, headers=headers) as context:
        first = interface.open_session(app, context.request)
        assert first is not None and "_user_id" in first
        first["_user_id"] = "999"
        first["added"] = "x"
    with app.test_request_context(MINE, headers=headers) as context:
        second = interface.open_session(app, context.request)
        assert second is not None
        assert second["_user_id"] != "999" and "added" not in second
