"""Notification mails for moderators' decisions and official responses (called by moderation)."""

from sqlalchemy import func, select

from dialog.core.outbox import OutboxMessage
from dialog.extensions import db
from dialog.participation import notifications, services
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
        assert outbox.messages() == []  # nothing leaves before the decision is committed
        db.session.commit()
    message = outbox.last()
    assert message["To"] == "anna@example.se"
    # In her language, naming the goal's municipality.
    assert message["Subject"] == "Testkommun: A moderator has looked at your comment"
    body = message.get_content()
    assert "Personal attack" in body and "rejected" in body
    assert "/mina-sidor/avregistrera/" in message["List-Unsubscribe"]
    # Her links open English pages even where she is not signed in.
    assert [link.endswith("?lang=en") for link in outbox.links()] == [True, True]


def test_decision_mail_is_dropped_with_a_rolled_back_decision(app, app_context, outbox):
    goal = make_goal()
    anna = make_user(notify_decision=True)
    comment = services.post_comment(goal, anna, "Text", None, "a" * 32).comment
    db.session.commit()
    with app.test_request_context():
        notify_decision(comment)
        db.session.rollback()
        db.session.commit()
    assert outbox.messages() == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_official_response_mail_to_each_participant_once(app, app_context, outbox):
    goal = make_goal()
    anna = make_user(notify_response=True)
    make_user("bo@example.se", "Bo")
    services.post_comment(goal, anna, "Ett", None, "c" * 32)
    services.post_comment(goal, anna, "Två", None, "d" * 32)
    db.session.commit()
    with app.test_request_context():
        notify_official_response(goal)
    assert outbox.messages() == []  # the fan-out is a job that starts at the commit
    db.session.commit()
    assert [m["To"] for m in outbox.messages()] == ["anna@example.se"]
    assert outbox.last()["Subject"] == "Testkommun har återkopplat på ett mål där du deltog"
    assert not any("lang=" in link for link in outbox.links())  # Swedish links stay plain


def test_official_response_fan_out_in_batches_and_once_per_response(
    app, app_context, outbox, monkeypatch
):
    monkeypatch.setattr(notifications, "FAN_OUT_BATCH", 2)
    goal = make_goal()
    for n in range(5):
        user = make_user(f"p{n}@example.se", f"Person {n}", notify_response=True)
        services.post_comment(goal, user, "Text", None, f"{n}" * 32)
    db.session.commit()
    notify_official_response(goal, event_key="response-1")
    db.session.commit()
    notify_official_response(goal, event_key="response-1")  # the same response again
    db.session.commit()
    assert sorted(m["To"] for m in outbox.messages()) == [f"p{n}@example.se" for n in range(5)]


def test_no_mail_to_deleted_or_unverified_accounts(app, app_context, outbox):
    goal = make_goal()
    ghost = make_user(notify_response=True)
    services.post_comment(goal, ghost, "Ett", None, "e" * 32)
    ghost.email_verified_at = None  # e.g. the address changed after the comment was written
    db.session.commit()
    with app.test_request_context():
        notify_official_response(goal)
        db.session.commit()
    assert outbox.messages() == []
