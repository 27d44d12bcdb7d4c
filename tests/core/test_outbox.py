"""The mail outbox: written with its cause, claimed with a lease, retried, swept, sent once."""

import logging
import smtplib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

import dialog.core.outbox as mail_outbox
from dialog import jobs
from dialog.core import mail
from dialog.core.outbox import OutboxMessage, claim, deliver, queue_mail, sweep
from dialog.db import as_utc, utcnow
from dialog.extensions import db

ANNA = SimpleNamespace(display_name="Anna")


def queue(key=None, to="anna@example.se"):
    return queue_mail(to, "verify", "sv", key=key, user=ANNA, link="https://example.se/x")


def row(message_id) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


@pytest.fixture
def lost_jobs(monkeypatch):
    """Commits queue no jobs, as when the process dies right after its commit."""
    monkeypatch.setattr(jobs, "_dispatch", lambda app, pending: None)


def make_due(message_id, **values):
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(next_attempt_at=utcnow() - timedelta(seconds=1), **values)
    )
    db.session.commit()


def test_written_in_the_callers_transaction_and_delivered_after_commit(app_context, outbox):
    message_id = queue()
    assert outbox.messages() == []
    db.session.commit()
    [message] = outbox.messages()
    stored = row(message_id)
    assert stored.sent_at is not None and stored.attempts == 1 and stored.claimed_until is None
    assert message["Message-ID"] == mail.message_id(stored.idempotency_key)
    assert message["Subject"] == stored.subject == "Bekräfta din e-postadress för Dialog"
    assert message["Content-Language"] == "sv"  # the body's language, for screen readers


def test_each_mail_names_the_language_it_is_written_in(app_context, outbox):
    queue_mail("anna@example.se", "verify", "en", user=ANNA, link="https://example.se/x")
    db.session.commit()
    message = outbox.last()
    assert message["Content-Language"] == "en"
    assert message.get_content().startswith("Hello Anna,")


def test_rolled_back_cause_leaves_no_row_and_no_mail(app_context, outbox):
    queue()
    db.session.rollback()
    db.session.commit()
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert outbox.messages() == []


def test_idempotency_key_writes_one_row(app_context, outbox):
    first = queue(key="reply:7")
    assert queue(key="reply:7") is None
    db.session.commit()
    assert first is not None and len(outbox.messages()) == 1


def test_a_claim_holds_until_its_lease_runs_out(app, app_context, lost_jobs):
    message_id = queue()
    db.session.commit()
    now = utcnow()
    assert claim(message_id, now) is not None
    db.session.commit()
    assert claim(message_id, now + timedelta(seconds=10)) is None  # another worker: held
    lease = app.config["OUTBOX_LEASE_SECONDS"]
    taken_over = claim(message_id, now + timedelta(seconds=lease + 1))  # the first one died
    assert taken_over is not None and taken_over.attempts == 2


def test_sent_or_given_up_messages_are_not_claimed(app, app_context, lost_jobs):
    sent, given_up = queue(), queue()
    db.session.commit()
    make_due(sent, sent_at=utcnow())
    make_due(given_up, attempts=app.config["OUTBOX_MAX_ATTEMPTS"])
    assert claim(sent) is None and claim(given_up) is None
    assert sweep() == 0


def test_failed_send_is_recorded_and_retried_with_backoff(app, app_context, outbox, monkeypatch):
    def refuse(message, file_name):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(mail_outbox, "transmit", refuse)
    message_id = queue()
    db.session.commit()
    failed = row(message_id)
    assert failed.sent_at is None and failed.claimed_until is None and failed.attempts == 1
    assert failed.last_error == "SMTPServerDisconnected: connection lost"
    waited = as_utc(failed.next_attempt_at) - utcnow()
    assert timedelta(seconds=55) < waited <= timedelta(seconds=60)
    assert sweep() == 0  # not due yet
    monkeypatch.undo()
    make_due(message_id)
    assert sweep() == 1
    assert row(message_id).sent_at is not None and row(message_id).attempts == 2
    assert len(outbox.messages()) == 1


def test_backoff_doubles_up_to_the_cap(app):
    with app.app_context():
        assert [mail_outbox.backoff(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
        assert mail_outbox.backoff(20) == app.config["OUTBOX_MAX_BACKOFF_SECONDS"]


def test_sweep_delivers_what_a_lost_job_left_behind_after_the_grace(app_context, outbox, lost_jobs):
    message_id = queue()
    db.session.commit()
    assert sweep() == 0  # its own job may still be on its way
    make_due(message_id)
    jobs_run = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "_dispatch", lambda app, pending: jobs_run.extend(pending))
        assert sweep() == 1
        assert sweep() == 0  # handed to a job: not queued again before the next grace
    assert jobs_run == [("dialog.outbox.deliver", (message_id,), None)]
    deliver(message_id)
    assert len(outbox.messages()) == 1 and row(message_id).sent_at is not None


def test_a_message_whose_worker_died_after_sending_is_not_written_twice(
    app_context, outbox, lost_jobs, caplog
):
    message_id = queue()
    db.session.commit()
    message = claim(message_id)
    db.session.commit()
    assert mail_outbox.send(message) is True  # and the worker is killed before recording it
    make_due(message_id, claimed_until=utcnow() - timedelta(seconds=1))  # its lease runs out
    assert sweep() == 1
    with caplog.at_level(logging.WARNING, logger="dialog.mail"):
        deliver(message_id)  # the job the sweep queued
    assert "not written again" in caplog.text
    stored = row(message_id)
    assert stored.sent_at is not None and stored.attempts == 2
    assert len(outbox.messages()) == 1


def test_sweep_deletes_sent_messages_after_the_keeping_time(app, app_context, lost_jobs):
    old, recent = queue(), queue()
    db.session.commit()
    keep = timedelta(days=app.config["OUTBOX_KEEP_DAYS"])
    make_due(old, sent_at=utcnow() - keep - timedelta(minutes=1))
    make_due(recent, sent_at=utcnow() - keep + timedelta(minutes=1))
    sweep()
    assert [m.id for m in db.session.scalars(select(OutboxMessage))] == [recent]


def test_smtp_gets_the_stored_headers(app, app_context, monkeypatch):
    sent = []

    class RecordingSMTP:
        def __init__(self, host, port, timeout):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            pass

        def send_message(self, message):
            sent.append(message)

    monkeypatch.setattr("dialog.core.mail.smtplib.SMTP", RecordingSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.se")
    queue_mail(
        "anna@example.se",
        "verify",
        "en",
        key="verify:1",
        headers={"List-Unsubscribe": "<https://example.se/u>"},
        user=ANNA,
        link="https://example.se/x",
    )
    db.session.commit()
    [message] = sent
    assert message["List-Unsubscribe"] == "<https://example.se/u>"
    assert message["Message-ID"] == mail.message_id("verify:1")
    assert message["Message-ID"].endswith("@localhost>")  # the sender's domain


def test_smtp_after_a_crash_sends_again_with_the_same_message_id(app, app_context, monkeypatch):
    """At least once: a receiver collapses the repeat by its Message-ID."""
    sent = []
    monkeypatch.setattr(mail_outbox, "transmit", lambda message, name: sent.append(message))
    message_id = queue(key="verify:2")
    db.session.commit()
    make_due(message_id, sent_at=None, claimed_until=None)  # as if never recorded as sent
    deliver(message_id)
    assert len(sent) == 2 and sent[0]["Message-ID"] == sent[1]["Message-ID"]
    assert sent[0].as_bytes() == sent[1].as_bytes()
