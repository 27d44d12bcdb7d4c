"""Every state-changing route refuses a request without a valid form token, and changes nothing.

The rules are found by walking `app.url_map` (any rule accepting POST, PUT, PATCH or DELETE),
so a new form route is covered without being listed. CSRF protection is on, as in production
(only the route table turns it off, to test roles alone). Each request is sent by the visitor
most able to succeed there: signed out, a resident, and an official who administers Lund and
the platform, so the token alone decides. The whole database is compared before and after.
"""

import pytest

from dialog.accounts.roles import Role
from tests.factories import csrf, make_user, sign_in, snapshot
from tests.officials import make_official, sign_in_official
from tests.test_route_table import requests_to_make, world  # noqa: F401 (the fixture)

CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_PAGE = "Formuläret kunde inte skickas"  # "The form could not be sent"


def signed_in(app, who: str):
    client = app.test_client()
    if who == "resident":
        make_user("resident@example.se", "Resident")
        sign_in(client, "resident@example.se")
    elif who == "official":
        make_official(
            "all@example.se",
            [("lund", Role.ADMIN), ("lund", Role.MODERATOR), ("lund", Role.COMMUNICATOR)],
            platform_admin=True,
        )
        sign_in_official(client, "all@example.se")
    return client


def test_csrf_protection_is_on(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    assert "csrf" in app.extensions


@pytest.mark.parametrize("who", ["anonymous", "resident", "official"])
def test_every_changing_route_refuses_a_missing_or_forged_token(app, world, who):  # noqa: F811
    with app.app_context():
        client = signed_in(app, who)
        valid = csrf(client, "/konto/logga-in")  # a real token, to forge others like it
        before = snapshot()
    changing = [r for r in requests_to_make(app, world) if r[1] in CHANGING]
    assert len({endpoint for endpoint, *_ in changing}) > 60  # the walk found the forms
    accepted = []
    for endpoint, method, url, _slug in changing:
        for token in (None, "forged-" + valid[7:], valid[:-4] + "abcd"):
            data = {"body": "Text", "email": "x@example.se", "password": "pw"}
            if token is not None:
                data["csrf_token"] = token
            response = client.open(url, method=method, data=data)
            # Refused for the token (the CSRF error page), not for a missing field or a role.
            if response.status_code != 400 or CSRF_PAGE not in response.get_data(as_text=True):
                accepted.append(f"{method} {url} ({endpoint}) token={token!r}: {response.status}")
    assert accepted == []
    with app.app_context():
        assert snapshot() == before
    # Still signed in: the refused requests did not sign anyone out either.
    if who != "anonymous":
        assert client.get("/mina-sidor").status_code == 200


def test_a_valid_token_is_accepted(app, client):
    """Guards the guard: the same kind of request with the page's token goes through."""
    with app.app_context():
        make_user("resident@example.se", "Resident")
    sign_in(client, "resident@example.se")
    token = csrf(client, "/mina-sidor/konto")
    assert client.post("/konto/logga-ut", data={"csrf_token": token}).status_code == 302
    assert client.post("/konto/logga-ut", data={}).status_code == 400
