"""Mail says which municipality it is from: in the subject, a signature with its contact, and
the From header's name ("Lunds kommun via Dialog"), while the address stays MAIL_SENDER's.

Mail about a goal names the goal's municipality; account mail names the one whose pages the
visitor came from (the `next` of the sign-in pages), else the platform.
"""

from email.utils import parseaddr

import pytest
from sqlalchemy import select

from dialog.accounts import mailing
from dialog.catalogue.models import Municipality
from dialog.core.mail import sender_header
from dialog.core.outbox import queue_mail
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.notifications import notify_decision, notify_reply
from tests.factories import csrf, make_goal, make_user, register
from tests.officials import open_goal_of

LUND_FROM = "Lunds kommun via Dialog"
SIGNATURE = "-- \nLunds kommun\n"


def lund_contact() -> Municipality:
    lund = db.session.scalars(select(Municipality).filter_by(slug="lund")).one()
    lund.contact_email = "kontakt@lund.se"
    lund.contact_phone = "046-35 50 00"
    lund.website = "https://lund.se"
    db.session.commit()
    return lund


def sent_from(message) -> tuple[str, str]:
    return parseaddr(str(message["From"]))


@pytest.fixture
def goal_id(seeded, app):
    with app.app_context():
        lund_contact()
        return open_goal_of("lund").id


def register_from(client, goal_id: int, language: str) -> None:
    url = f"/konto/registrera?next=/mal/{goal_id}&lang={language}"
    assert register(client, url).status_code == 200


@pytest.mark.parametrize(
    ("language", "subject", "contact"),
    [
        ("sv", "Lunds kommun: Bekräfta din e-postadress", "E-post: kontakt@lund.se"),
        ("en", "Lunds kommun: Confirm your e-mail address", "E-mail: kontakt@lund.se"),
    ],
)
def test_confirming_the_address_from_a_lund_goal_names_lund(
    client, goal_id, outbox, language, subject, contact
):
    register_from(client, goal_id, language)
    message = outbox.last()
    assert message["Subject"] == subject
    assert sent_from(message) == (LUND_FROM, "noreply@localhost")  # MAIL_SENDER's address
    body = message.get_content()
    assert SIGNATURE in body and contact in body and "https://lund.se" in body


def test_confirming_the_address_from_the_start_page_names_the_platform(client, seeded, outbox):
    register_from(client, 0, "en")  # /mal/0 is no goal: no municipality
    message = outbox.last()
    assert message["Subject"] == "Confirm your e-mail address for Dialog"
    assert str(message["From"]) == "Dialog <noreply@localhost>"
    assert message.get_content().rstrip().endswith("-- \nDialog")


@pytest.mark.parametrize(
    ("language", "subject"),
    [("sv", "Lunds kommun: Välj ett nytt lösenord"), ("en", "Lunds kommun: Choose a new password")],
)
def test_a_new_password_asked_for_on_the_way_to_lund_names_lund(
    client, app, goal_id, outbox, language, subject
):
    with app.app_context():
        make_user(language=language)
    url = f"/konto/glomt-losenord?next=/mal/{goal_id}"
    client.post(url, data={"email": "anna@example.se", "csrf_token": csrf(client, url)})
    message = outbox.last()
    assert message["Subject"] == subject
    assert sent_from(message) == (LUND_FROM, "noreply@localhost")
    assert SIGNATURE in message.get_content()


def test_a_password_job_queued_before_the_municipality_was_passed_still_mails(
    app, app_context, outbox
):
    make_user(language="en")
    with app.test_request_context():
        mailing.password_reset_mail("anna@example.se", "k" * 32, "/")  # the old arguments
        db.session.commit()
    message = outbox.last()
    assert message["Subject"] == "Choose a new password for Dialog"
    assert str(message["From"]) == "Dialog <noreply@localhost>"


def test_a_one_municipality_site_names_its_municipality_in_account_mail(
    app, app_context, outbox, seeded
):
    lund_contact()
    app.config["DIALOG_HOME_MUNICIPALITY"] = "lund"
    try:
        make_user(language="en")
        mailing.password_reset_mail("anna@example.se", "k" * 32)
        db.session.commit()
    finally:
        app.config["DIALOG_HOME_MUNICIPALITY"] = None
    assert outbox.last()["Subject"] == "Lunds kommun: Choose a new password"


def lund_goal():
    goal = make_goal()
    municipality = goal.plan.municipality
    municipality.name = "Lunds kommun"
    municipality.contact_email = "kontakt@lund.se"
    db.session.commit()
    return goal


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("sv", "Lunds kommun: Nytt svar på din kommentar"),
        ("en", "Lunds kommun: New reply to your comment"),
    ],
)
def test_a_reply_mail_names_the_goals_municipality(app, app_context, outbox, language, subject):
    goal = lund_goal()
    anna = make_user(notify_reply=True, language=language)
    bo = make_user("bo@example.se", "Bo")
    comment = services.post_comment(goal, anna, "Text", None, "a" * 32).comment
    reply = services.post_comment(goal, bo, "Svar", None, "b" * 32, parent=comment).comment
    db.session.commit()
    with app.test_request_context():
        assert notify_reply(reply) is True
        db.session.commit()
    message = outbox.last()
    assert message["Subject"] == subject
    assert sent_from(message) == (LUND_FROM, "noreply@localhost")
    assert SIGNATURE in message.get_content() and "kontakt@lund.se" in message.get_content()


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("sv", "Lunds kommun: En moderator har tittat på din kommentar"),
        ("en", "Lunds kommun: A moderator has looked at your comment"),
    ],
)
def test_a_decision_mail_names_the_goals_municipality(app, app_context, outbox, language, subject):
    goal = lund_goal()
    anna = make_user(notify_decision=True, language=language)
    comment = services.post_comment(goal, anna, "Text", None, "a" * 32).comment
    comment.status = "rejected"
    db.session.commit()
    with app.test_request_context():
        assert notify_decision(comment) is True
        db.session.commit()
    message = outbox.last()
    assert message["Subject"] == subject
    assert sent_from(message) == (LUND_FROM, "noreply@localhost")
    assert SIGNATURE in message.get_content()


@pytest.mark.parametrize(
    "name",
    [
        "Lunds kommun\r\nBcc: victim@example.se",
        'Lund "the city", <evil@example.se>',
        "Malmö stad\n",
        "Lund\\\u2028kommun\x1b",
    ],
)
def test_a_municipality_name_cannot_change_the_sender_or_add_a_header(
    app, app_context, outbox, name
):
    goal = lund_goal()
    municipality = goal.plan.municipality
    municipality.mail_sender_name = name
    anna = make_user()
    with app.test_request_context():
        queue_mail(
            "anna@example.se", "verify", "sv", municipality=municipality, user=anna, link="x"
        )
        db.session.commit()
    message = outbox.last()
    display, address = sent_from(message)
    assert address == "noreply@localhost"
    assert message.get_all("From") is not None and len(message.get_all("From")) == 1
    assert message["Bcc"] is None and message["To"] == "anna@example.se"
    assert "\n" not in display and "\r" not in display and display.endswith(" via Dialog")
    assert display.startswith(("Lund", "Malmö"))


def test_the_sender_header_quotes_and_encodes_the_name(app):
    with app.app_context():
        assert sender_header(None) == "Dialog <noreply@localhost>"
        assert sender_header('Lund "x"') == '"Lund \\"x\\"" <noreply@localhost>'
        assert sender_header("Lund\r\nBcc: a@b") == '"Lund Bcc: a@b" <noreply@localhost>'
        assert sender_header("Malmö stad").endswith("?= <noreply@localhost>")
