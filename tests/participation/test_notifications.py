"""Notification mails for moderators' decisions and official responses (called by moderation)."""

from dialog.extensions import db
from dialog.participation import services
from dialog.participation.notifications import notify_decision, notify_official_response
from tests.factories import make_goal, make_user


def test_decision_mail_only_when_opted_in_with_reason_and_unsubscribe(app, app_context, outbox):
    goal = make_goal()
    anna = make_user(notify_decision=True, language="en")
    bo = make_user("bo@example.se", "Bo")
    comment = services.post_comment(goal, anna, "Text", None, "a" * 32).comment
    other = services.post_comment(goal, bo, "Text", None, "b" * 32).comment
    for c in (comment, other):
        c.status = "rejected"
        c.moderation_reason = "Personal attack"
    db.session.commit()
    with app.test_request_context():
        assert notify_decision(comment) is True
        assert notify_decision(other) is False
    message = outbox.last()
    assert message["To"] == "anna@example.se"
    assert message["Subject"] == "A moderator has looked at your comment"  # her language
    body = message.get_content()
    assert "Personal attack" in body and "rejected" in body
    assert "/mina-sidor/avregistrera/" in message["List-Unsubscribe"]


def test_official_response_mail_to_each_participant_once(app, app_context, outbox):
    goal = make_goal()
    anna = make_user(notify_response=True)
    make_user("bo@example.se", "Bo")
    services.post_comment(goal, anna, "Ett", None, "c" * 32)
    services.post_comment(goal, anna, "Två", None, "d" * 32)
    db.session.commit()
    with app.test_request_context():
        assert notify_official_response(goal) == 1
    assert [m["To"] for m in outbox.messages()] == ["anna@example.se"]
    assert "Kommunen har återkopplat" in outbox.last()["Subject"]


def test_no_mail_to_deleted_or_unverified_accounts(app, app_context, outbox):
    goal = make_goal()
    ghost = make_user(notify_response=True, verified=False)
    services.post_comment(goal, ghost, "Ett", None, "e" * 32)
    db.session.commit()
    with app.test_request_context():
        assert notify_official_response(goal) == 0
    assert outbox.messages() == []
