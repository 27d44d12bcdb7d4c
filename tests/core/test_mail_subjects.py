"""Every mail's subject is one line however the names in it were stored: a municipality's
name with a line break (saved before names were checked, or written into the database by
hand) kept the subject to its first part and began the body with the rest. Runs of white
space in a subject become one space; the header itself cannot be split (formataddr and the
email package fold and encode it), which test_mail_from_municipality.py shows for From."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core.mail import render_mail
from dialog.core.outbox import MailKind, queue_mail
from dialog.extensions import db
from dialog.moderation.queries import Queue
from dialog.participation.models import CommentStatus
from tests.factories import make_goal, make_user

BROKEN = "Lunds\r\nBcc: victim@example.se\t\u2028 kommun"
ONE_LINE = "Lunds Bcc: victim@example.se kommun"


def context_of(app) -> dict:
    """What any mail template may be given, with `BROKEN` as the municipality's name."""
    municipality = SimpleNamespace(
        name=BROKEN, contact_email=None, contact_phone=None, website=None, slug="lund"
    )
    return {
        "municipality": municipality,
        "user": SimpleNamespace(display_name="Anna", email="anna@example.se"),
        "link": "https://dialog.example/x",
        "unsubscribe_url": "https://dialog.example/avregistrera",
        "goal": SimpleNamespace(title="Trygga\nparker"),
        "comment": SimpleNamespace(status_enum=CommentStatus.REJECTED, moderation_reason=None),
        "invitation": SimpleNamespace(
            role_enum=Role.MODERATOR,
            municipality=municipality,
            expires_at=datetime(2026, 12, 14, 12, tzinfo=UTC),
        ),
        "inviter": SimpleNamespace(display_name="Moa"),
        "counts": {Queue.REPORTED: 2},
        "days": 30,
        "several_municipalities": True,
    }


@pytest.mark.parametrize("kind", list(MailKind))
@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_name_with_line_breaks_stays_whole_in_every_subject(app, kind, language):
    with app.test_request_context():
        subject, body, _sender = render_mail(kind.value, language, **context_of(app))
    assert ONE_LINE in subject, subject
    assert "\n" not in subject and "\r" not in subject and "  " not in subject
    assert body.startswith(("Hej", "Hello")), body


def test_a_stored_name_with_a_line_break_gives_a_whole_subject_and_no_header(
    app, app_context, outbox
):
    goal = make_goal()
    municipality = db.session.scalar(select(Municipality).filter_by(slug="testkommun"))
    municipality.name = BROKEN
    anna = make_user()
    with app.test_request_context():
        queue_mail(
            "anna@example.se", "verify", "sv", municipality=municipality, user=anna, link="x"
        )
        db.session.commit()
    message = outbox.last()
    assert message["Subject"] == f"{ONE_LINE}: Bekräfta din e-postadress"
    assert message["Bcc"] is None and message.get_all("To") == ["anna@example.se"]
    assert message.get_content().startswith("Hej Anna!")
    assert goal.plan.municipality is municipality
