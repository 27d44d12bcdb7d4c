"""Registration, verification, sign-in, sign-out and forgotten password, through the client."""

import pytest
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.extensions import db
from tests.factories import PASSWORD, csrf, make_user, sign_in


def register(client, **overrides):
    data = {
        "email": "Ny@Example.se",
        "display_name": "Lundabo",
        "password": PASSWORD,
        "accept_rules": "y",
        "accept_privacy": "y",
        "csrf_token": csrf(client, "/konto/registrera"),
    }
    query = overrides.pop("query", "")
    data.update(overrides)
    return client.post(f"/konto/registrera{query}", data=data)


def test_register_verify_and_sign_in(client, app_context, outbox):
    response = register(client)
    assert response.status_code == 200
    assert "ny@example.se" in response.get_data(as_text=True).lower()
    user = db.session.scalar(select(User))
    assert user.email == "ny@example.se"
    assert user.password_hash.startswith("scrypt:")
    assert user.rules_version == "2026-12" and user.rules_accepted_at is not None
    assert user.privacy_version == "2026-12" and user.privacy_accepted_at is not None
    assert not user.is_verified
    message = outbox.last()
    assert message["To"] == "ny@example.se"
    link = outbox.local_link()
    assert link.startswith("/konto/bekrafta/")
    assert client.get(link).status_code == 302
    db.session.refresh(user)
    assert user.is_verified
    sign_in(client, "ny@example.se")
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Lundabo" in page


def test_registration_with_a_known_email_looks_the_same_and_tells_the_owner(
    client, app_context, outbox
):
    make_user("anna@example.se")
    first = register(client, email="anna@example.se")
    second = register(client, email="someone-new@example.se")

    def normalise(response, address):
        return response.get_data(as_text=True).replace(address, "X").split('name="csrf_token"')[0]

    assert first.status_code == second.status_code == 200
    assert normalise(first, "anna@example.se") == normalise(second, "someone-new@example.se")
    subjects = {m["To"]: m["Subject"] for m in outbox.messages()}
    assert "anna@example.se" in subjects and "someone-new@example.se" in subjects
    assert subjects["anna@example.se"] != subjects["someone-new@example.se"]
    assert db.session.query(User).count() == 2


def test_registration_errors_keep_what_was_typed(client, app_context):
    response = register(
        client, email="not-an-email", display_name="A", password="short", accept_rules=""
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="not-an-email"' in page and 'value="A"' in page
    assert "e-postadress" in page  # Swedish by default
    assert db.session.query(User).count() == 0


def test_registration_errors_in_english(client, app_context):
    page = register(client, email="", display_name="", query="?lang=en").get_data(as_text=True)
    assert "Enter your e-mail address." in page
    assert "Choose a name to show with your comments." in page


@pytest.mark.parametrize(
    ("query", "words"),
    [("", "det går bra med ett påhittat namn (en pseudonym)"), ("?lang=en", "a made-up name")],
)
def test_the_name_field_says_in_plain_words_that_it_may_be_made_up(client, query, words):
    """The hint "Det går bra med en pseudonym" used a word a visitor of 70 may not know."""
    page = client.get(f"/konto/registrera{query}").get_data(as_text=True)
    hint = page.split('<p class="hint" id="display_name-hint">', 1)[1].split("</p>", 1)[0]
    assert words in hint
    assert 'aria-describedby="display_name-hint"' in page


def test_honeypot_refuses_scripts(client, app_context, outbox):
    response = register(client, website="http://spam.example")
    assert response.status_code == 200
    assert db.session.query(User).count() == 0
    assert outbox.messages() == []


def test_control_characters_and_invalid_utf8_in_name(client, app_context):
    register(client, display_name="Bad\x00name")
    body = (
        "email=x%40example.se&display_name=%FF%FEab&password=correct+horse+battery"
        "&accept_rules=y&accept_privacy=y&csrf_token=" + csrf(client, "/konto/registrera")
    )
    response = client.post(
        "/konto/registrera", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    raw = body.replace("%FF%FEab", "ab").encode().replace(b"=ab", b"=\xff\xfeab")
    response = client.post(
        "/konto/registrera", data=raw, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert db.session.query(User).count() == 0


def test_xss_in_display_name_is_shown_as_text(client, app_context, outbox):
    register(client, display_name="<script>alert(1)</script>")
    client.get(outbox.local_link())
    sign_in(client, "ny@example.se")
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_wrong_password_and_unknown_email_give_the_same_answer(client, app_context):
    make_user()
    wrong = client.post(
        "/konto/logga-in",
        data={"email": "anna@example.se", "password": "nope", "csrf_token": csrf(client)},
    ).get_data(as_text=True)
    unknown = client.post(
        "/konto/logga-in",
        data={"email": "nobody@example.se", "password": "nope", "csrf_token": csrf(client)},
    ).get_data(as_text=True)
    assert "E-postadressen eller lösenordet är fel." in wrong
    # and says what to do about it (found by a first-time visitor's walk)
    advice = "Kontrollera båda, eller välj ett nytt lösenord med ”Glömt lösenordet?” nedanför."
    assert advice in wrong
    strip = lambda page, address: page.replace(address, "X").split('name="csrf_token"')[0]  # noqa: E731
    assert strip(wrong, "anna@example.se") == strip(unknown, "nobody@example.se")


def test_sign_in_returns_to_local_next_only(client, app_context):
    make_user()
    token = csrf(client)
    data = {"email": "anna@example.se", "password": PASSWORD, "csrf_token": token}
    response = client.post("/konto/logga-in?next=/kommun/lund", data=data)
    assert response.headers["Location"] == "/kommun/lund"
    client.post("/konto/logga-ut", data={"csrf_token": csrf(client, "/")})
    data["csrf_token"] = csrf(client)
    response = client.post("/konto/logga-in?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"


def test_sign_in_renews_the_session(client, app_context):
    make_user()
    client.get("/konto/logga-in")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session


def test_sign_out_needs_csrf_and_signs_out(client, app_context):
    make_user()
    sign_in(client)
    assert client.post("/konto/logga-ut").status_code == 400
    assert client.get("/mina-sidor").status_code == 200
    client.post("/konto/logga-ut", data={"csrf_token": csrf(client, "/")})
    assert client.get("/mina-sidor").status_code == 302


def test_forgotten_password_does_not_reveal_accounts_and_link_works_once(
    client, app_context, outbox
):
    make_user()
    known = client.post(
        "/konto/glomt-losenord",
        data={"email": "anna@example.se", "csrf_token": csrf(client, "/konto/glomt-losenord")},
    ).get_data(as_text=True)
    unknown = client.post(
        "/konto/glomt-losenord",
        data={"email": "nobody@example.se", "csrf_token": csrf(client, "/konto/glomt-losenord")},
    ).get_data(as_text=True)
    assert (
        known.replace("anna@example.se", "X").split("csrf")[0]
        == unknown.replace("nobody@example.se", "X").split("csrf")[0]
    )
    assert len(outbox.messages()) == 1
    link = outbox.local_link()
    token = csrf(client, link)
    response = client.post(link, data={"password": "a brand new password", "csrf_token": token})
    assert response.status_code == 302
    sign_in(client, password="a brand new password")
    assert client.get(link).status_code == 400  # used once


def test_password_change_signs_out_other_sessions(app, app_context):
    make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop)
    sign_in(phone)
    response = laptop.post(
        "/mina-sidor/konto",
        data={
            "action": "password",
            "password-current_password": PASSWORD,
            "password-password": "another long password",
            "password-csrf_token": csrf(laptop, "/mina-sidor/konto"),
        },
    )
    assert response.status_code == 302
    assert laptop.get("/mina-sidor").status_code == 200
    assert phone.get("/mina-sidor").status_code == 302


def test_change_email_needs_the_link_sent_to_the_new_address(client, app_context, outbox):
    user = make_user()
    sign_in(client)
    client.post(
        "/mina-sidor/konto",
        data={
            "action": "email",
            "email-email": "anna.ny@example.se",
            "email-current_password": PASSWORD,
            "email-csrf_token": csrf(client, "/mina-sidor/konto"),
        },
    )
    db.session.refresh(user)
    assert user.email == "anna@example.se"
    assert outbox.last()["To"] == "anna.ny@example.se"
    link = outbox.local_link()
    assert client.get(link).status_code == 200  # opening the link changes nothing yet
    db.session.refresh(user)
    assert user.email == "anna@example.se"
    assert client.post(link, data={"csrf_token": csrf(client, link)}).status_code == 302
    db.session.refresh(user)
    assert user.email == "anna.ny@example.se"


def test_forged_or_garbled_links_are_refused(client, app_context):
    make_user()
    sign_in(client)
    for path in (
        "/konto/bekrafta/x",
        "/konto/bekrafta/" + "x" * 43,
        "/konto/nytt-losenord/abc.def",
        "/mina-sidor/byt-epost/zz",
        "/mina-sidor/angra-epost/" + "z" * 43,
        "/mina-sidor/avregistrera/" + "a" * 2000,
    ):
        assert client.get(path).status_code == 400, path


def test_registering_from_a_goal_brings_the_resident_back_there(client, app_context, outbox):
    client.post(
        "/konto/registrera?next=/mal/7%23comment-form",
        data={
            "email": "ny@example.se",
            "display_name": "Ny",
            "password": PASSWORD,
            "accept_rules": "y",
            "accept_privacy": "y",
            "csrf_token": csrf(client, "/konto/registrera"),
        },
    )
    response = client.get(outbox.local_link())
    assert response.headers["Location"] == "/konto/logga-in?next=/mal/7%23comment-form"
    response = client.post(
        response.headers["Location"],
        data={"email": "ny@example.se", "password": PASSWORD, "csrf_token": csrf(client)},
    )
    assert response.headers["Location"] == "/mal/7#comment-form"


def test_the_check_mail_page_says_what_to_do_when_nothing_arrives(client, app_context):
    """The words "wait a few minutes and try again" left a first-time visitor asking what to
    try: the page says how long the link works and where a new one is asked for (signed in,
    with the password just chosen), and the sign-in link keeps the page the visitor came from."""
    page = register(client, query="?next=/mal/7").get_data(as_text=True)
    assert "försök igen" not in page
    assert "Länken fungerar i 24 timmar." in page
    assert '<a href="/konto/logga-in?next=/mal/7">Logga in</a>' in page
    assert "så kan du be om en ny länk där" in page
    english = register(client, email="other@example.se", query="?lang=en").get_data(as_text=True)
    assert "The link works for 24 hours." in english
    assert "and you can ask for a new link there" in english


def test_the_check_mail_page_after_a_forgotten_password_links_to_a_new_link(client, app_context):
    page = client.post(
        "/konto/glomt-losenord",
        data={"email": "anna@example.se", "csrf_token": csrf(client, "/konto/glomt-losenord")},
    ).get_data(as_text=True)
    assert "försök igen" not in page
    assert 'Fortfarande inget? <a href="/konto/glomt-losenord">Be om en ny länk</a>.' in page
