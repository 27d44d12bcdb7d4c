"""Links mailed for verification, password reset and e-mail change: unreadable, used once,
short-lived, ended by a new password; the old address can undo an e-mail change."""

import base64
import re
from datetime import timedelta

import pytest

from dialog.accounts.models import User
from dialog.db import utcnow
from dialog.extensions import db
from tests.factories import PASSWORD, csrf, make_user, sign_in
from tests.participation.test_exactly_once import _at_once


def request_email_change(client, new="anna.ny@example.se", password=PASSWORD):
    return client.post(
        "/mina-sidor/konto",
        data={
            "action": "email",
            "email-email": new,
            "email-current_password": password,
            "email-csrf_token": csrf(client, "/mina-sidor/konto"),
        },
    )


def change_password(client, new="another long password", current=PASSWORD):
    response = client.post(
        "/mina-sidor/konto",
        data={
            "action": "password",
            "password-current_password": current,
            "password-password": new,
            "password-csrf_token": csrf(client, "/mina-sidor/konto"),
        },
    )
    assert response.status_code == 302
    return response


def confirm(client, path):
    """Press the button on the page a mailed link opens."""
    return client.post(path, data={"csrf_token": csrf(client, path)})


def register(client, email="ny@example.se"):
    return client.post(
        "/konto/registrera",
        data={
            "email": email,
            "display_name": "Ny",
            "password": PASSWORD,
            "accept_rules": "y",
            "accept_privacy": "y",
            "csrf_token": csrf(client, "/konto/registrera"),
        },
    )


def decoded_pieces(link: str) -> str:
    """Every dot-separated piece of the link's token, base64-decoded where that works."""
    token = link.rstrip("/").rsplit("/", 1)[1].split("?")[0]
    pieces = []
    for piece in token.split("."):
        try:
            pieces.append(
                base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4)).decode("latin-1")
            )
        except ValueError:
            pieces.append(piece)
    return " ".join(pieces)


@pytest.fixture
def later(monkeypatch):
    """Move the clock the one-time links are checked against."""

    def move(delta: timedelta):
        moved = utcnow() + delta
        monkeypatch.setattr("dialog.accounts.tokens.utcnow", lambda: moved)

    return move


def test_verification_and_email_change_links_carry_no_readable_address(client, app_context, outbox):
    register(client)
    verify = outbox.links()[0]
    assert "ny@example.se" not in decoded_pieces(verify)
    make_user()
    sign_in(client)
    request_email_change(client)
    change = outbox.links()[0]
    assert "anna.ny@example.se" not in decoded_pieces(change)
    assert not re.search(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", change)


def test_email_change_link_works_once(client, app_context, outbox):
    user = make_user()
    sign_in(client)
    request_email_change(client, "b@example.se")
    first = outbox.local_link()
    assert confirm(client, first).status_code == 302
    request_email_change(client, "c@example.se")
    assert confirm(client, outbox.local_link()).status_code == 302
    assert client.get(first).status_code == 400
    assert confirm(client, first).status_code == 400
    db.session.refresh(user)
    assert user.email == "c@example.se"


def test_a_link_used_by_two_requests_at_once_works_for_one(app, app_context, outbox):
    make_user()
    clients = [app.test_client() for _ in range(4)]
    for client in clients:
        sign_in(client)
    request_email_change(clients[0])
    path = outbox.local_link()
    tokens = [csrf(client, path) for client in clients]

    def press(client, token):
        return lambda: client.post(path, data={"csrf_token": token})

    responses = _at_once([press(c, t) for c, t in zip(clients, tokens, strict=True)])
    assert sorted(r.status_code for r in responses) == [302, 400, 400, 400]
    notices = [m for m in outbox.messages() if m["To"] == "anna@example.se"]
    assert len(notices) == 1


def test_verification_link_works_once_for_24_hours(client, app_context, outbox, later):
    register(client)
    link = outbox.local_link()
    later(timedelta(hours=24, minutes=1))
    assert client.get(link).status_code == 400
    later(timedelta(hours=23, minutes=59))
    assert client.get(link).status_code == 302
    assert db.session.query(User).one().is_verified
    again = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "redan bekräftad" in again


def test_email_change_link_expires_after_24_hours(client, app_context, outbox, later):
    user = make_user()
    sign_in(client)
    request_email_change(client)
    link = outbox.local_link()
    later(timedelta(hours=24, minutes=1))
    assert client.get(link).status_code == 400
    assert confirm(client, link).status_code == 400
    db.session.refresh(user)
    assert user.email == "anna@example.se"


def test_a_new_password_ends_email_change_and_verification_links(client, app_context, outbox):
    user = make_user(verified=False)
    sign_in(client)
    client.post("/konto/skicka-bekraftelse", data={"csrf_token": csrf(client, "/mina-sidor")})
    verify = outbox.local_link()
    request_email_change(client)
    change = outbox.local_link()
    change_password(client)
    assert client.get(change).status_code == 400
    assert confirm(client, change).status_code == 400
    assert client.get(verify).status_code == 400
    db.session.refresh(user)
    assert user.email == "anna@example.se" and not user.is_verified


def test_email_change_is_confirmed_only_by_the_signed_in_owner(app, client, app_context, outbox):
    make_user()
    make_user("bo@example.se", "Bo")
    sign_in(client)
    request_email_change(client)
    link = outbox.local_link()
    stranger = app.test_client()
    response = stranger.get(link)
    assert response.status_code == 302 and "/konto/logga-in" in response.headers["Location"]
    sign_in(stranger, "bo@example.se")
    assert stranger.get(link).status_code == 400
    assert db.session.query(User).filter_by(email="anna.ny@example.se").count() == 0


def test_old_address_is_told_and_can_undo_the_change(app, client, app_context, outbox):
    user = make_user()
    sign_in(client)  # think: someone else, at Anna's unattended computer
    request_email_change(client, "mallory@example.se")
    assert confirm(client, outbox.local_link()).status_code == 302
    change_password(client, "mallory's own password")  # does not stop the undo
    notice = next(m for m in outbox.messages() if m["To"] == "anna@example.se")
    assert "mallory@example.se" in notice.get_content()
    undo = outbox.local_link(notice)
    assert undo.startswith("/mina-sidor/angra-epost/")
    anna = app.test_client()
    assert anna.get(undo).status_code == 200
    response = confirm(anna, undo)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/konto/nytt-losenord/")
    db.session.refresh(user)
    assert user.email == "anna@example.se"
    assert client.get("/mina-sidor").status_code == 302  # every device signed out
    reset = response.headers["Location"]
    anna.post(reset, data={"password": "annas new password", "csrf_token": csrf(anna, reset)})
    sign_in(anna, password="annas new password")
    assert confirm(anna, undo).status_code == 400  # once


def test_reset_link_works_once_and_for_one_hour(client, app_context, outbox, later):
    make_user()
    client.post(
        "/konto/glomt-losenord",
        data={"email": "anna@example.se", "csrf_token": csrf(client, "/konto/glomt-losenord")},
    )
    link = outbox.local_link()
    later(timedelta(minutes=61))
    assert client.get(link).status_code == 400
    later(timedelta(minutes=59))
    assert client.get(link).status_code == 200


def test_an_old_verification_link_says_how_to_get_a_new_one(client, app_context, outbox, later):
    """Found by a walk as a first-time visitor: the page of a link that had run out said "Ask
    for a new one" beside "Forgotten password" and "Sign in", not which to choose. It now
    says: sign in, and ask there (back to the goal the resident came from); signed in and not
    yet confirmed, the button that sends a new link is on the page itself."""
    register(client)
    link = outbox.local_link()
    later(timedelta(hours=25))
    page = client.get(f"{link.split('?')[0]}?next=/mal/7").get_data(as_text=True)
    assert "Länken är för gammal" in page
    assert "Glömt lösenord" not in page.split("<main", 1)[1]
    assert (
        'För att få en ny länk: <a href="/konto/logga-in?next=/mal/7">logga in</a> med din'
        " e-postadress och ditt lösenord. Där kan du be om en ny länk." in page
    )
    client.post(
        "/konto/logga-in",
        data={"email": "ny@example.se", "password": PASSWORD, "csrf_token": csrf(client)},
    )
    response = client.get(f"{link.split('?')[0]}?next=/mal/7&lang=en")
    assert response.status_code == 400
    signed_in = response.get_data(as_text=True)
    form = signed_in.split('action="/konto/skicka-bekraftelse', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="next" value="/mal/7">' in form
    assert "Send the confirmation link again" in form


def test_an_old_password_link_leads_to_a_new_one(client, app_context, outbox, later):
    make_user()
    client.post(
        "/konto/glomt-losenord",
        data={"email": "anna@example.se", "csrf_token": csrf(client, "/konto/glomt-losenord")},
    )
    later(timedelta(minutes=61))
    response = client.get(outbox.local_link())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        '<a href="/konto/glomt-losenord">Be om en ny länk</a> för att välja ett nytt lösenord.'
        in page
    )


def test_an_old_email_change_link_says_to_ask_again_on_the_account_page(
    client, app_context, outbox, later
):
    """Found by a walk at 390 px: a dead link to a new address offered "Glömt lösenord" and
    "Logga in" to someone already signed in. It now leads to where the change is asked for."""
    make_user()
    sign_in(client)
    request_email_change(client)
    link = outbox.local_link()
    later(timedelta(hours=25))
    response = client.get(link)
    assert response.status_code == 400
    main = response.get_data(as_text=True).split("<main", 1)[1]
    assert "Glömt lösenord" not in main
    assert (
        'Sidan <a href="/mina-sidor/konto">E-post och lösenord</a> visar vilken e-postadress'
        " ditt konto har nu. Vill du byta, be om det där igen: en ny länk skickas till den"
        " nya adressen." in main
    )
    english = client.get(f"{link.split('?')[0]}?lang=en").get_data(as_text=True)
    assert "or was sent for another account." in english


def test_a_used_undo_link_says_what_to_do_instead(app, client, app_context, outbox):
    make_user()
    sign_in(client)
    request_email_change(client, "b@example.se")
    confirm(client, outbox.local_link())
    undo = outbox.local_link(next(m for m in outbox.messages() if m["To"] == "anna@example.se"))
    anna = app.test_client()
    assert confirm(anna, undo).status_code == 302
    response = anna.get(undo)
    assert response.status_code == 400
    main = response.get_data(as_text=True).split("<main", 1)[1]
    assert "Glömt lösenord" not in main
    assert 'på sidan <a href="/mina-sidor/konto">E-post och lösenord</a>.' in main
    assert '<a href="/integritet#privacy-contacts-heading">Integritetsmeddelandet</a>' in main


def test_a_dead_unsubscribe_link_points_to_the_notification_settings(app, client, app_context):
    response = client.get("/mina-sidor/avregistrera/" + "a" * 40 + "?lang=en")
    assert response.status_code == 400
    main = response.get_data(as_text=True).split("<main", 1)[1]
    assert "Forgotten password" not in main
    assert (
        "You can choose which e-mails you get on the page"
        ' <a href="/mina-sidor/aviseringar?lang=en">Notifications</a> after you sign in.' in main
    )
