"""Jobs leave with the commit: in-process without a broker, to Celery with one."""

import logging

import pytest
from celery.app.task import Task
from flask import has_request_context, url_for

from dialog import jobs, worker
from dialog.accounts.models import User
from dialog.db import utcnow
from dialog.extensions import db
from dialog.jobs import Job, celery_settings, job
from tests.factories import make_user

ran = []
ACCEPTED = {
    "rules_version": "1",
    "rules_accepted_at": utcnow(),
    "privacy_version": "1",
    "privacy_accepted_at": utcnow(),
}


@job("tests.record")
def record(value):
    """What a job sees: its argument, a request or not, its own session, a public link."""
    ran.append((value, has_request_context(), db.session(), url_for("catalogue.index")))


@job("tests.fail")
def fail():
    raise RuntimeError("broken job")


@pytest.fixture(autouse=True)
def _forget():
    ran.clear()


def test_a_job_runs_after_the_commit_in_a_context_of_its_own(app, app_context):
    record.enqueue("a")
    assert ran == []
    caller_session = db.session()
    db.session.commit()
    [(value, in_request, session, link)] = ran
    assert value == "a" and not in_request and session is not caller_session
    assert link == "http://127.0.0.1:5000/"  # the default DIALOG_BASE_URL


def test_a_rolled_back_transaction_queues_nothing(app_context):
    record.enqueue("a")
    db.session.rollback()
    db.session.commit()
    assert ran == []


def test_a_savepoint_does_not_let_the_job_out_before_the_transaction(app_context):
    record.enqueue("a")
    savepoint = db.session.begin_nested()
    make_user_row()
    savepoint.commit()
    assert ran == []
    db.session.commit()
    assert [value for value, *_ in ran] == ["a"]


def make_user_row():
    db.session.add(User(email="x@example.se", display_name="X", **ACCEPTED))
    db.session.flush()


def test_a_job_queued_in_a_request_links_to_the_site_but_sees_no_request(app):
    with app.test_request_context(base_url="https://evil.example"):
        record.enqueue("b")
        db.session.commit()
    [(_value, in_request, _session, link)] = ran
    assert not in_request and link == "http://127.0.0.1:5000/"  # the site, not the request


def test_links_come_from_the_configured_base_url(make_app):
    other = make_app(DIALOG_BASE_URL="https://dialog.lund.se/dialog/")
    with other.test_request_context(base_url="http://evil.example"):
        record.enqueue("c")
        db.session.commit()
    assert ran[0][3] == "https://dialog.lund.se/dialog/"


def test_a_failing_job_is_logged_and_the_commit_stands(app_context, caplog):
    fail.enqueue()
    with caplog.at_level(logging.ERROR, logger="dialog.jobs"):
        make_user()  # commits the account, then runs the job
    assert "broken job" in caplog.text
    assert db.session.query(User).count() == 1


def test_with_a_broker_jobs_are_published_after_commit(make_app, monkeypatch):
    published = []
    monkeypatch.setattr(
        Task,
        "apply_async",
        lambda self, args, countdown: published.append((self.name, args, countdown)),
    )
    broker_app = make_app(CELERY_BROKER_URL="memory://")
    with broker_app.app_context():
        record.enqueue("d")
        record.enqueue("e", countdown=30)
        assert published == []
        db.session.commit()
        record.enqueue("f")
        db.session.rollback()
        db.session.commit()
    assert published == [("tests.record", ("d",), None), ("tests.record", ("e",), 30)]
    assert ran == []


def test_a_broker_that_is_down_does_not_fail_the_request(make_app, monkeypatch, caplog):
    def refuse(self, args, countdown):
        raise ConnectionError("broker down")

    monkeypatch.setattr(Task, "apply_async", refuse)
    broker_app = make_app(CELERY_BROKER_URL="memory://")
    with broker_app.app_context(), caplog.at_level(logging.ERROR, logger="dialog.jobs"):
        record.enqueue("g")
        db.session.commit()
    assert "could not queue job tests.record" in caplog.text


def test_the_worker_runs_a_task_inside_the_app(make_app):
    broker_app = make_app(CELERY_BROKER_URL="memory://", DIALOG_BASE_URL="https://x.se/")
    task = broker_app.extensions["celery"].tasks["tests.record"]
    task("h")  # what the worker does with a message
    assert ran[0][0] == "h" and ran[0][3] == "https://x.se/"


def test_settings_redis_by_default_broker_url_overrides_and_sweep_on_beat(app):
    config = dict(app.config)
    config.update(REDIS_URL="redis://r:6379/0", OUTBOX_SWEEP_SECONDS=30)
    settings = celery_settings(config)
    assert settings["broker_url"] == settings["result_backend"] == "redis://r:6379/0"
    assert settings["beat_schedule"]["dialog.outbox.sweep"]["schedule"] == 30.0
    config.update(CELERY_BROKER_URL="amqp://guest@rabbit//", CELERY={"task_default_queue": "q"})
    settings = celery_settings(config)
    assert settings["broker_url"] == "amqp://guest@rabbit//"
    assert settings["task_default_queue"] == "q"
    assert celery_settings(dict(app.config))["broker_url"] is None


def test_celery_command_line_finds_the_app_and_refuses_without_a_broker(make_app, monkeypatch):
    monkeypatch.setattr("dialog.create_app", lambda: make_app())
    with pytest.raises(RuntimeError, match="REDIS_URL or CELERY_BROKER_URL"):
        worker.__getattr__("celery")
    production = {"DIALOG_ENV": "production", "TESTING": False, "SECRET_KEY": "s" * 64}
    monkeypatch.setattr(
        "dialog.create_app", lambda: make_app(CELERY_BROKER_URL="memory://", **production)
    )
    with pytest.raises(RuntimeError, match="DIALOG_BASE_URL"):
        worker.__getattr__("celery")
    monkeypatch.setattr("dialog.create_app", lambda: make_app(CELERY_BROKER_URL="memory://"))
    try:
        assert "dialog.outbox.deliver" in worker.celery.tasks
    finally:
        del worker.celery


def test_without_beat_periodic_jobs_ride_on_other_jobs_once_a_period(app_context, monkeypatch):
    swept = []
    monkeypatch.setattr(jobs, "_LAST_RUN", {})
    monkeypatch.setitem(
        jobs.JOBS,
        "dialog.outbox.sweep",
        Job("dialog.outbox.sweep", lambda: swept.append(1), "OUTBOX_SWEEP_SECONDS"),
    )
    record.enqueue("i")
    db.session.commit()
    record.enqueue("j")
    db.session.commit()
    assert len(ran) == 2 and swept == [1]
