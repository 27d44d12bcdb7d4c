"""A forgotten-password request does the same work whether or not the address has an account."""

import re

import pytest

from dialog import jobs
from dialog.accounts import mailing
from dialog.extensions import db
from tests.factories import counted_queries, csrf, make_user

URL = "/konto/glomt-losenord"


@pytest.fixture
def queued(monkeypatch):
    """The jobs each commit hands over, held back instead of run."""
    held = []
    monkeypatch.setattr(jobs, "_dispatch", lambda app, pending: held.append(pending))
    return held


def ask(app, client, address):
    token = csrf(client, URL)
    with counted_queries(app) as statements:
        response = client.post(URL, data={"email": address, "csrf_token": token})
    page = response.get_data(as_text=True).replace(address, "ADDRESS")
    return response.status_code, re.sub(r'value="[^"]+"', "", page), statements


def test_the_request_does_the_same_work_for_known_and_unknown_addresses(
    app, client, app_context, queued, outbox
):
    make_user()
    known = ask(app, client, "anna@example.se")
    unknown = ask(app, client, "nobody@example.se")
    assert known == unknown  # same answer, same SQL statements (no account lookup)
    assert not any("users" in statement for statement in known[2])
    [[(known_job, known_args, _)], [(unknown_job, unknown_args, _)]] = queued
    assert known_job == unknown_job == "dialog.accounts.password_reset"
    assert known_args[0] == "anna@example.se" and unknown_args[0] == "nobody@example.se"
    assert len(known_args[1]) == len(unknown_args[1]) == 32  # a key per request, nothing else
    assert outbox.messages() == []


def test_the_job_mails_a_reset_link_only_to_an_account(app, client, app_context, outbox):
    make_user()
    for address in ("Anna@Example.se", "nobody@example.se"):
        client.post(URL, data={"email": address, "csrf_token": csrf(client, URL)})
    [message] = outbox.messages()
    assert message["To"] == "anna@example.se"
    assert "/konto/nytt-losenord/" in outbox.local_link(message)


def test_the_job_run_twice_mails_once(app, app_context, outbox):
    make_user()
    with app.test_request_context():
        mailing.password_reset_mail("anna@example.se", "k" * 32)
        mailing.password_reset_mail("anna@example.se", "k" * 32)
        db.session.commit()
    assert len(outbox.messages()) == 1
