"""A real Celery worker on Redis delivers 200 queued mails exactly once while it is killed.

The worker runs in its own process group (`celery -A tests.jobs.worker_app worker -B`, which is
`make worker` with test settings) on the test database. Its queue and keys carry a prefix of
their own in a Redis database of their own, so that parallel runs do not meet. Waiting is
polling with deadlines.
"""

import email
import json
import os
import signal
import subprocess
import sys
import time
from email import policy
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from dialog import ROOT
from dialog.core.mail import message_id
from dialog.core.outbox import OutboxMessage, queue_mail
from dialog.extensions import db

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
MAILS = 200


class Worker:
    """One `celery worker -B` process group; killed with SIGKILL, as a crash would."""

    def __init__(self, settings: dict, log: Path, name: str):
        environment = {**os.environ, "DIALOG_TEST_WORKER": json.dumps(settings)}
        command = [sys.executable, "-m", "celery", "-A", "tests.jobs.worker_app", "worker", "-B"]
        command += ["--concurrency", "2", "--loglevel", "WARNING", "-n", f"{name}@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        command += ["--schedule", str(log.with_suffix(".beat"))]
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"the worker stopped by itself:\n{self.log.read_text()[-3000:]}")


def wait_until(condition, what: str, worker: Worker, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        worker.check_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {seconds} s; log:\n{worker.log.read_text()[-3000:]}")
        time.sleep(0.05)


def test_200_mails_delivered_exactly_once_while_the_worker_is_killed(
    app, make_app, tmp_path, redis_prefix
):
    outbox = tmp_path / "outbox"
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "MAIL_OUTBOX": str(outbox),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY": {
            "task_default_queue": redis_prefix,
            "broker_transport_options": {"global_keyprefix": f"{redis_prefix}:"},
        },
        # Short times, so that what a killed worker held is taken over within seconds.
        "OUTBOX_LEASE_SECONDS": 3,
        "OUTBOX_SWEEP_SECONDS": 0.5,
        "OUTBOX_SWEEP_GRACE_SECONDS": 5,
    }
    sender = make_app(**settings)
    with sender.app_context():
        for n in range(MAILS):
            user = SimpleNamespace(display_name=f"Resident {n}")
            queue_mail(f"r{n}@example.se", "verify", "sv", user=user, link=f"https://x.se/{n}")
        db.session.commit()  # 200 rows, then 200 jobs to Redis
    sender.extensions["celery"].close()

    def delivered() -> int:
        return len(list(outbox.glob("*.eml")))

    def sent_rows() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_not(None)))

    worker_settings = {**settings, "TEST_SEND_SECONDS": 0.02}
    workers = []
    try:
        for run, kill_after in enumerate((40, 110)):
            workers.append(Worker(worker_settings, tmp_path / f"worker{run}.log", redis_prefix))
            wait_until(lambda n=kill_after: delivered() >= n, f"{kill_after} mails", workers[-1])
            workers[-1].kill()
        assert delivered() < MAILS, "the worker finished before it could be killed"
        workers.append(Worker(worker_settings, tmp_path / "worker2.log", redis_prefix))
        wait_until(lambda: sent_rows() == MAILS, "200 sent rows", workers[-1])
    finally:
        for worker in workers:
            worker.kill()

    messages = [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in outbox.glob("*.eml")
    ]
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage)).all()
        expected_ids = {message_id(row.idempotency_key) for row in rows}
    assert len(messages) == MAILS
    assert sorted(m["To"] for m in messages) == sorted(f"r{n}@example.se" for n in range(MAILS))
    assert {m["Message-ID"] for m in messages} == expected_ids
    assert all(row.sent_at is not None and row.claimed_until is None for row in rows)
