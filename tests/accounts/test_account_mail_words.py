"""Account mail says, to someone who has never heard of Dialog, who writes and why: the
municipality whose pages the visitor came from, and that the account is on Dialog, the
platform, where it also works in the other municipalities' dialogues when the site has
others (catalogue.site.hosts_several). Each link in the mail is followed and works."""

import pytest
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.extensions import db
from tests.factories import PASSWORD, csrf, form_fields, make_goal, make_user, register, sign_in
from tests.officials import open_goal_of

LUND_SV = (
    "Kontot finns på Dialog, webbplatsen som Lunds kommun använder för sin medborgardialog. "
    "Samma konto fungerar i dialogerna hos de andra kommunerna på Dialog."
)
LUND_EN = (
    "The account is on Dialog, the website Lunds kommun uses for its citizen dialogue. "
    "The same account works in the dialogues of the other municipalities on Dialog."
)


def body_of(message) -> str:
    return message.get_content()


@pytest.fixture
def lund_goal(app, seeded):
    with app.app_context():
        return open_goal_of("lund").id


@pytest.mark.parametrize(
    ("language", "intro", "about"),
    [
        (
            "sv",
            "Du har skapat ett konto för att delta i medborgardialogen hos Lunds kommun.",
            LUND_SV,
        ),
        (
            "en",
            "You have created an account to take part in the citizen dialogue of Lunds kommun.",
            LUND_EN,
        ),
    ],
)
def test_the_confirmation_from_a_lund_goal_says_who_writes_and_whose_the_account_is(
    app, client, lund_goal, outbox, language, intro, about
):
    url = f"/konto/registrera?next=/mal/{lund_goal}&lang={language}"
    assert register(client, url).status_code == 200
    body = body_of(outbox.last())
    assert f"{intro} {about}\n" in body
    assert "Dialog-konto" not in body and "Dialog account" not in body
    link = outbox.local_link()
    response = client.get(link)
    assert response.status_code == 302
    assert f"next=/mal/{lund_goal}" in response.headers["Location"]  # signs in, then to Lund
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(email="ny@example.se")).is_verified


def test_a_site_of_one_municipality_does_not_speak_of_others(app, client, app_context, outbox):
    goal = make_goal()
    register(client, f"/konto/registrera?next=/mal/{goal.id}&lang=en")
    body = body_of(outbox.last())
    assert (
        "You have created an account to take part in the citizen dialogue of Testkommun. "
        "The account is on Dialog, the website Testkommun uses for its citizen dialogue.\n"
    ) in body
    assert "same account" not in body


def test_from_the_start_page_the_mail_says_what_dialog_is(client, seeded, outbox):
    register(client, "/konto/registrera?lang=en")
    body = body_of(outbox.last())
    assert (
        "You have created an account on Dialog. Dialog is a website where residents tell their "
        "municipality what they think of its plans and goals. The same account works in the "
        "dialogues of every municipality on Dialog.\n"
    ) in body
    assert client.get(outbox.local_link()).status_code == 302


@pytest.mark.parametrize(
    ("language", "intro", "about", "lead"),
    [
        (
            "sv",
            "Någon, troligen du, har bett om ett nytt lösenord till ditt konto i "
            "medborgardialogen hos Lunds kommun.",
            LUND_SV,
            "Öppna den här länken för att välja ett nytt lösenord. Den fungerar en gång, i en "
            "timme:",
        ),
        (
            "en",
            "Someone, probably you, asked for a new password for your account in the citizen "
            "dialogue of Lunds kommun.",
            LUND_EN,
            "Open this link to choose a new password. It works once, for one hour:",
        ),
    ],
)
def test_a_new_password_from_lund_says_whose_account_and_its_link_works(
    app, client, lund_goal, outbox, language, intro, about, lead
):
    with app.app_context():
        make_user(language=language)
    url = f"/konto/glomt-losenord?next=/mal/{lund_goal}"
    client.post(url, data={"email": "anna@example.se", "csrf_token": csrf(client, url)})
    body = body_of(outbox.last())
    assert f"{intro} {about}\n\n{lead}\n\nhttp" in body
    link = outbox.local_link()
    page = client.get(link)
    assert page.status_code == 200
    fields = form_fields(page.get_data(as_text=True))
    data = {**fields, "password": "ett nytt långt lösenord", "confirm": "ett nytt långt lösenord"}
    done = client.post(link, data=data)
    assert done.status_code == 302, done.get_data(as_text=True)
    assert f"next=/mal/{lund_goal}" in done.headers["Location"]  # signs in, then on to Lund


def test_the_owner_of_a_known_address_is_told_from_where_and_how_to_get_in(
    app, client, lund_goal, outbox
):
    with app.app_context():
        make_user("ny@example.se")
    register(client, f"/konto/registrera?next=/mal/{lund_goal}")
    body = body_of(outbox.last())
    assert (
        "Någon försökte skapa ett konto i medborgardialogen hos Lunds kommun med den här "
        f"e-postadressen, men adressen har redan ett konto. {LUND_SV}\n"
    ) in body
    assert "Om du har glömt det kan du öppna den här länken och välja ett nytt lösenord:" in body
    link = outbox.local_link()
    assert link == f"/konto/glomt-losenord?next=/mal/{lund_goal}"  # on to Lund, named again
    page = client.get(link)
    assert page.status_code == 200 and 'name="email"' in page.get_data(as_text=True)
    client.post(link, data={"email": "ny@example.se", "csrf_token": csrf(client, link)})
    assert outbox.last()["Subject"] == "Lunds kommun: Välj ett nytt lösenord"


def test_a_changed_address_is_confirmed_and_the_old_one_told_in_plain_words(
    client, app_context, outbox
):
    make_user(language="en")
    sign_in(client)
    page = client.get("/mina-sidor/konto").get_data(as_text=True)
    data = {
        "action": "email",
        "email-email": "ny@example.se",
        "email-current_password": PASSWORD,
        "email-csrf_token": form_fields(page)["email-csrf_token"],
    }
    client.post("/mina-sidor/konto", data=data)
    body = body_of(outbox.last())
    assert "You asked to use this e-mail address for your account on Dialog." in body
    assert "Open this link, signed in to your account, to confirm the new address." in body
    path = outbox.local_link()
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert client.post(path, data=form_fields(confirm.get_data(as_text=True))).status_code == 302
    notice = outbox.last()
    assert notice["To"] == "anna@example.se"
    assert (
        "The e-mail address of your account on Dialog was changed from this address to "
        "ny@example.se."
    ) in body_of(notice)
    assert "Dialog account" not in body_of(notice)
    assert client.get(outbox.local_link(notice)).status_code == 200
