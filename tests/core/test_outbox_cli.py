"""`flask dialog outbox`: counts, the errors of messages given up on, and trying them again."""

import smtplib
from types import SimpleNamespace

import dialog.core.outbox as mail_outbox
from dialog.core.outbox import OutboxMessage, queue_mail
from dialog.extensions import db


def test_outbox_counts_and_retries_what_was_given_up(app, runner, app_context, outbox, monkeypatch):
    def refuse(message, file_name):
        raise smtplib.SMTPRecipientsRefused({"bo@example.se": (550, b"no such user")})

    user = SimpleNamespace(display_name="Anna")
    queue_mail("anna@example.se", "verify", "sv", user=user, link="https://x.se/1")
    db.session.commit()
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 1)
    with monkeypatch.context() as patch:
        patch.setattr(mail_outbox, "transmit", refuse)
        queue_mail("bo@example.se", "verify", "sv", user=user, link="https://x.se/2")
        db.session.commit()
    result = runner.invoke(args=["dialog", "outbox"])
    assert result.exit_code == 0, result.output
    assert "Waiting: 0\nGiven up: 1\nSent, kept 7 days: 1\n" in result.output
    assert "verify to bo@example.se: SMTPRecipientsRefused" in result.output

    result = runner.invoke(args=["dialog", "outbox", "--retry"])
    assert "Queued again: 1\nWaiting: 0\nGiven up: 0\nSent, kept 7 days: 2\n" in result.output
    assert sorted(m["To"] for m in outbox.messages()) == ["anna@example.se", "bo@example.se"]
    assert db.session.query(OutboxMessage).filter_by(recipient="bo@example.se").one().attempts == 1
