"""Background jobs on Celery; in-process after each commit when no broker is configured.

A job is queued on the database session and leaves only when the transaction commits, so a
worker never looks for rows that are not there yet and a rolled-back request queues nothing.
With `REDIS_URL` or `CELERY_BROKER_URL`, `celery -A dialog.jobs worker -B` runs them (and the
periodic ones); without, they run in this process right after the commit, so that `make run`
needs nothing else.
"""

import contextvars
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from celery import Celery, Task, shared_task
from celery.signals import worker_process_init
from flask import Flask, current_app
from flask.ctx import AppContext
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from dialog.extensions import db

log = logging.getLogger("dialog.jobs")

#: Key in Session.info of the jobs waiting for that session's commit.
_PENDING = "dialog_jobs"
#: Every job by name, so that in-process runs need no Celery machinery.
JOBS: dict[str, "Job"] = {}
_APPS: "weakref.WeakSet[Flask]" = weakref.WeakSet()


@dataclass(frozen=True)
class Job:
    """A function that runs outside the request that asked for it."""

    name: str
    function: Callable[..., Any]
    #: Name of the config key holding the period in seconds, for jobs that beat starts.
    every: str | None = None

    def __call__(self, *args: Any) -> Any:
        return self.function(*args)

    def enqueue(self, *args: Any, countdown: float | None = None) -> None:
        """Run after the current transaction commits (not before); forget it on rollback."""
        session = db.session()
        if not session.in_transaction():
            session.begin()  # so that a rollback, too, has a transaction to end
        session.info.setdefault(_PENDING, []).append((self.name, args, countdown))


def job(name: str, every: str | None = None) -> Callable[[Callable[..., Any]], Job]:
    """Declare a job; arguments must be JSON-serialisable (ids, not rows)."""

    def register(function: Callable[..., Any]) -> Job:
        shared_task(name=name, ignore_result=True)(function)
        JOBS[name] = Job(name, function, every)
        return JOBS[name]

    return register


def celery_settings(config: dict) -> dict:
    """Celery's settings from the Flask config: Redis unless CELERY_BROKER_URL says otherwise."""
    broker = config.get("CELERY_BROKER_URL") or config.get("REDIS_URL")
    settings = {
        "broker_url": broker,
        "result_backend": config.get("CELERY_RESULT_BACKEND") or config.get("REDIS_URL"),
        "task_ignore_result": True,
        # A job whose worker dies is handed out again; every job here may run twice.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "broker_connection_retry_on_startup": True,
        "timezone": "UTC",
        "beat_schedule": {
            name: {"task": name, "schedule": float(config[found.every])}
            for name, found in JOBS.items()
            if found.every
        },
    }
    settings.update(config.get("CELERY") or {})
    return settings


def init_app(app: Flask) -> "Celery[Any]":
    """Give the app its Celery instance; tasks run inside an app context of this app."""

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with job_context(app):
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask, set_as_current=False)
    celery.conf.update(celery_settings(app.config))
    app.extensions["celery"] = celery
    _APPS.add(app)
    return celery


def has_broker(app: Flask) -> bool:
    return bool(app.extensions["celery"].conf.broker_url)


def job_context(app: Flask) -> AppContext:
    """A fresh app context (its own session) whose url_for builds links to the public site.

    That is DIALOG_BASE_URL (required in production, `make run`'s address in development),
    never the address of the request that queued the job.
    """
    context = app.app_context()
    base = urlsplit(app.config["DIALOG_BASE_URL"])
    context.url_adapter = app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return context


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the work is not committed until the outer transaction is
    pending = session.info.pop(_PENDING, None)
    if pending:
        # current_app is a LocalProxy that Flask types as the Flask object itself.
        _dispatch(current_app._get_current_object(), pending)  # type: ignore[attr-defined]


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:
        session.info.pop(_PENDING, None)


def _dispatch(app: Flask, pending: list) -> None:
    """Hand the committed transaction's jobs to the broker, or run them here."""
    if has_broker(app):
        tasks = app.extensions["celery"].tasks
        for name, args, countdown in pending:
            try:
                tasks[name].apply_async(args, countdown=countdown)
            except Exception:  # the broker is down: the outbox sweep finds the work later
                log.exception("could not queue job %s", name)  # args may hold an address
        return
    contextvars.Context().run(_run_here, app, pending)


def _run_here(app: Flask, pending: list) -> None:
    """Each job in a context of its own, as on a worker: no request, its own session."""
    for name, args, countdown in pending:
        if countdown:
            continue  # a later attempt: the periodic jobs below pick it up when it is due
        with job_context(app):
            try:
                JOBS[name].function(*args)
            except Exception:
                db.session.rollback()
                log.exception("job %s failed", name)
    _run_due_periodic(app)


#: When each periodic job last ran in this process, for the in-process mode (no beat there).
_LAST_RUN: dict[tuple[int, str], float] = {}


def _run_due_periodic(app: Flask) -> None:
    """Without beat, periodic jobs ride on the back of other jobs, at most once a period."""
    now = time.monotonic()
    for name, found in JOBS.items():
        key = (id(app), name)
        if found.every and now - _LAST_RUN.get(key, float("-inf")) >= float(
            app.config[found.every]
        ):
            _LAST_RUN[key] = now
            with job_context(app):
                try:
                    found.function()
                except Exception:
                    db.session.rollback()
                    log.exception("periodic job %s failed", name)


@worker_process_init.connect
def _fresh_connections(**_kwargs: Any) -> None:
    """A forked pool process must not share its parent's database connections."""
    for app in list(_APPS):
        with app.app_context():
            db.engine.dispose(close=False)


event.listen(db.session, "after_commit", _after_commit)
event.listen(db.session, "after_soft_rollback", _after_soft_rollback)
