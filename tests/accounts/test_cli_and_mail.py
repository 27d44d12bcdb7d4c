"""Blocking from the command line; mail through SMTP when MAIL_SERVER is set, else .eml files."""

import logging
from types import SimpleNamespace

from dialog.accounts.models import User
from dialog.core.outbox import queue_mail
from dialog.extensions import db
from tests.factories import make_user


def test_block_and_unblock_account(runner, app_context):
    user = make_user()
    result = runner.invoke(args=["dialog", "block-account", "anna@example.se", "--reason", "Spam"])
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.is_blocked and user.blocked_reason == "Spam"
    assert runner.invoke(args=["dialog", "unblock-account", "anna@example.se"]).exit_code == 0
    db.session.refresh(user)
    assert not user.is_blocked and user.blocked_reason is None


def test_block_unknown_account_or_empty_reason_fails(runner, app_context):
    make_user()
    unknown = runner.invoke(args=["dialog", "block-account", "x@example.se", "--reason", "Spam"])
    assert unknown.exit_code == 1 and "No account" in unknown.output
    empty = runner.invoke(args=["dialog", "block-account", "anna@example.se", "--reason", " "])
    assert empty.exit_code == 1
    assert not db.session.query(User).one().is_blocked


class FakeSMTP:
    sent = []

    def __init__(self, host, port, timeout):
        self.host, self.port = host, port
        self.calls = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.calls.append("starttls")

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        FakeSMTP.sent.append((self.host, self.port, self.calls, message))


def test_smtp_when_mail_server_is_set(app, monkeypatch, outbox):
    monkeypatch.setattr("dialog.core.mail.smtplib.SMTP", FakeSMTP)
    for key, value in {
        "MAIL_SERVER": "smtp.example.se",
        "MAIL_PORT": 2525,
        "MAIL_USERNAME": "dialog",
        "MAIL_PASSWORD": "secret",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    send_one(app, "sv")
    host, port, calls, message = FakeSMTP.sent[-1]
    assert (host, port) == ("smtp.example.se", 2525)
    assert calls == ["starttls", ("login", "dialog", "secret")]
    assert message["Subject"] == "Bekräfta din e-postadress för Dialog"
    assert outbox.messages() == []


def test_outbox_file_is_logged(app, outbox, caplog):
    with caplog.at_level(logging.INFO, logger="dialog.mail"):
        send_one(app, "en")
    assert outbox.last()["Subject"] == "Confirm your e-mail address for Dialog"
    assert "written to" in caplog.text and outbox.last()["Message-ID"] in caplog.text
    assert "anna@example.se" not in caplog.text  # an address is personal data


def send_one(app, language):
    """Queue a verification mail and commit, which delivers it (no broker in the tests)."""
    with app.app_context():
        user = SimpleNamespace(display_name="Anna")  # what the template reads of an account
        queue_mail("anna@example.se", "verify", language, user=user, link="https://x/y")
        db.session.commit()
