"""A browser that signs in while an answer to an earlier request is still on its way (the
favicon the browser asks for after the sign-in page has loaded, a page in another tab) stores
the cookies of each answer as it arrives. An answer that rewrote the visitor's session from
before the sign-in, arriving after the sign-in's, replaced the signed-in cookie with the old
session: the page the sign-in led to was shown signed out (a browser test, once in CI).

Flask-Login's "basic" session protection wrote that cookie: it marked the form's session (the
sign-in page gives one, for its CSRF secret) "not fresh" on the first request after it, though
no one was signed in there to mark. It is now left alone; a signed-in session moved to another
browser is still marked (dialog/core/login.py).
"""

from http.cookies import SimpleCookie

from tests.factories import csrf, make_goal, make_user, sign_in


def session_cookie(app, client) -> str:
    found = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert found is not None
    return found.value


def set_session_cookies(app, response) -> list[str]:
    """The session cookie values the answer sets."""
    name = app.config["SESSION_COOKIE_NAME"]
    found = [SimpleCookie(header) for header in response.headers.getlist("Set-Cookie")]
    return [cookie[name].value for cookie in found if name in cookie]


def test_an_answer_from_before_sign_in_arriving_after_it_leaves_the_reader_signed_in(
    app, client, app_context
):
    goal = make_goal()
    make_user("anna@example.se")
    csrf(client, f"/konto/logga-in?next=/mal/{goal.id}")  # the form's session
    before = session_cookie(app, client)
    # The favicon, asked for with the session from before the sign-in ...
    earlier = app.test_client()
    earlier.set_cookie(app.config["SESSION_COOKIE_NAME"], before)
    late = earlier.get("/favicon.ico")
    sign_in(client, "anna@example.se")
    # ... is answered after the sign-in: its cookie, if any, is the last the browser stores.
    for value in set_session_cookies(app, late):
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert 'id="body-counter"' in page
    assert "Logga in för att kommentera" not in page


def test_pages_for_a_visitor_with_a_forms_session_set_no_cookie(app, client, app_context):
    goal = make_goal()
    csrf(client)
    before = session_cookie(app, client)
    for url in ("/favicon.ico", f"/mal/{goal.id}", "/regler"):
        answer = client.get(url)
        assert set_session_cookies(app, answer) == [], url
    assert session_cookie(app, client) == before


def test_a_signed_in_session_in_another_browser_is_still_marked_not_fresh(client, app_context):
    make_user("anna@example.se")
    sign_in(client, "anna@example.se")
    with client.session_transaction() as stored:
        assert stored["_fresh"] is True
    assert client.get("/mina-sidor", headers={"User-Agent": "Another browser"}).status_code == 200
    with client.session_transaction() as stored:
        assert stored["_fresh"] is False
