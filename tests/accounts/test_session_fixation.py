"""The session a visitor had before signing in never becomes the signed-in session.

Sessions are signed cookies: what identifies the account is "<id>:<device token>", a token
issued at each sign-in whose hash is a row in user_sessions. These tests copy the cookie a
browser held at each stage into a second client (an attacker who planted or read it) and show
that it carries nothing of what came after: not the sign-in, not the second factor, not the
session after sign-out; and that a form token from before sign-in is refused after it.
"""

import pytest

from dialog.accounts.roles import Membership, Role
from dialog.extensions import db
from tests.factories import csrf, make_user, sign_in
from tests.officials import code, make_official, municipality, sign_in_password

STEP = "/konto/tvastegsverifiering"


@pytest.fixture
def lund(app_context):
    return municipality("lund", "Lunds kommun")


def cookie(client) -> str:
    found = client.get_cookie("session")
    assert found is not None
    return found.value


def holding(app, value: str):
    """Another browser, holding a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def signed_in(client) -> bool:
    return client.get("/mina-sidor").status_code == 200


def test_a_cookie_from_before_sign_in_stays_signed_out(app, client, app_context):
    make_user("anna@example.se")
    token_before = csrf(client)  # the sign-in page gives the browser a session
    before = cookie(client)
    sign_in(client, "anna@example.se")
    assert signed_in(client)
    assert cookie(client) != before
    planted = holding(app, before)
    assert not signed_in(planted)
    # The form token of the earlier session is refused in the new one.
    refused = client.post("/konto/logga-ut", data={"csrf_token": token_before})
    assert refused.status_code == 400
    assert signed_in(client)


def test_a_cookie_from_between_password_and_code_gains_nothing(app, client, lund):
    make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    sign_in_password(client, "mod@lund.se")
    waiting = cookie(client)
    done = client.post(STEP, data={"code": code(), "csrf_token": csrf(client, STEP)})
    assert done.status_code == 302
    assert cookie(client) != waiting
    assert client.get("/hantera/lund/moderering").status_code == 200
    copy = holding(app, waiting)
    assert not signed_in(copy)
    assert copy.get("/hantera/lund/moderering").status_code == 302
    # Nor can the copy reuse the code that finished the sign-in.
    again = copy.post(STEP, data={"code": code(), "csrf_token": csrf(copy, STEP)})
    assert again.status_code == 200
    assert not signed_in(copy)


def test_passing_the_step_after_a_role_is_given_starts_a_new_session(app, client, lund):
    resident = make_official("new@lund.se", enrolled=True)
    sign_in(client, "new@lund.se")  # no role yet: the password is enough
    as_resident = cookie(client)
    db.session.add(Membership(user_id=resident.id, municipality_id=lund.id, role="moderator"))
    db.session.commit()
    assert client.get("/hantera/lund/moderering").status_code == 302  # to the code step
    done = client.post(STEP, data={"code": code(), "csrf_token": csrf(client, STEP)})
    assert done.status_code == 302
    assert client.get("/hantera/lund/moderering").status_code == 200
    assert cookie(client) != as_resident
    copy = holding(app, as_resident)
    assert not signed_in(copy)  # the resident session it copied has ended
    assert copy.get("/hantera/lund/moderering").status_code == 302


def test_a_signed_in_cookie_stops_working_at_sign_out(app, client, app_context):
    make_user("anna@example.se")
    sign_in(client, "anna@example.se")
    during = cookie(client)
    assert (
        client.post(
            "/konto/logga-ut", data={"csrf_token": csrf(client, "/mina-sidor/konto")}
        ).status_code
        == 302
    )
    assert not signed_in(client)
    assert not signed_in(holding(app, during))


def test_the_signed_in_cookie_holds_its_form_secret(app, client, app_context):
    """The cookie sign-in sets already holds the new session's CSRF secret: a page with forms
    viewed with it sets no cookie (it used to be rewritten on each such view until the browser
    kept the new one), its token is accepted, and the earlier session's is not."""
    from tests.factories import make_goal

    goal = make_goal()
    make_user("anna@example.se")
    token_before = csrf(client)
    sign_in(client, "anna@example.se")
    signed = cookie(client)
    for _ in range(2):
        browser = holding(app, signed)
        page = browser.get(f"/mal/{goal.id}")
        assert page.status_code == 200 and page.headers.getlist("Set-Cookie") == []
        assert page.headers["Cache-Control"] == "private, no-store"
    token = csrf(holding(app, signed), f"/mal/{goal.id}")
    assert token != token_before
    refused = holding(app, signed).post("/konto/logga-ut", data={"csrf_token": token_before})
    assert refused.status_code == 400
    assert (
        holding(app, signed).post("/konto/logga-ut", data={"csrf_token": token}).status_code == 302
    )
