"""A production-like server for tests and `make serve`: gunicorn with several workers, using
the project's gunicorn.conf.py, on a fresh database of its own (migrated here, dropped after).

PostgreSQL (the default when DIALOG_TEST_DATABASE=postgresql) comes with Redis for rate limits,
caches and Celery, in Redis database 12 under a key prefix of its own, so that parallel test
processes never share a key; SQLite (the default otherwise) runs as a small municipality would:
two workers, limits in memory, jobs in the web process.

In a test (the `production_server` fixture in tests/conftest.py starts, and stops, as many as
the test asks for; each on its own free port and database):

    def test_x(production_server):
        server = production_server(workers=3, config={"LIMIT_POST_ACCOUNT": "100 per minute"})
        with server.app.app_context():          # the same database, in this process
            goal = make_goal()
        requests.get(server.url + f"/mal/{goal.id}")
        server.kill_worker()                    # SIGKILL; the master starts another
        server.terminate_database_connections() # PostgreSQL: pg_terminate_backend

From a shell: `make serve` (DATABASE=sqlite, WORKERS=…, SEED=0 to start empty).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from flask import Flask

from tests.databases import admin_url, backend, create_database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: Redis database of the test servers (the Celery worker test uses 13).
REDIS_URL = os.environ.get("TEST_SERVER_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET_KEY = "test-server-secret"
#: Bounds on waiting, polled every POLL seconds: start (migrate, fork, answer) and stop.
START_SECONDS = 60.0
STOP_SECONDS = 15.0
POLL = 0.05
#: Settings of the environment that must not leak from the developer's shell into the server.
FOREIGN_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "MAIL_SERVER",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_SENDER",
    "MAIL_PORT",
)


class ServerError(RuntimeError):
    """The server did not start or stop within its bounds; the message ends with its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_available(url: str = REDIS_URL) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
        return True
    except redis.exceptions.ConnectionError:
        return False
    finally:
        client.close()


@dataclass
class Server:
    """A running gunicorn master and its workers; `app` is an app on the same database."""

    url: str
    port: int
    database: str
    database_url: str
    redis_url: str | None
    redis_prefix: str
    workers: int
    app: Flask
    process: subprocess.Popen
    log_path: Path
    celery: subprocess.Popen | None = None
    killed: list[int] = field(default_factory=list)

    def worker_pids(self) -> list[int]:
        """The master's children now (Linux: /proc)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except FileNotFoundError:
            return []

    def kill_worker(self) -> int:
        """SIGKILL one worker, as the kernel's OOM killer or a crash would; returns its pid."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        self.killed.append(pid)
        return pid

    def wait_for_workers(self, seconds: float = START_SECONDS) -> None:
        """Until every worker is up again and none of the killed ones is left."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == self.workers and not set(pids) & set(self.killed):
                return
            self._check_alive()
            time.sleep(POLL)
        raise ServerError(f"workers did not come back within {seconds} s\n{self.log()}")

    def terminate_database_connections(self) -> int:
        """PostgreSQL: end every connection the servers hold (pg_terminate_backend); how many."""
        if self.database != "postgresql":
            raise ValueError("only PostgreSQL connections can be terminated")
        name = self.database_url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url(), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            ).fetchall()
        return sum(1 for (done,) in rows if done)

    def get(self, path: str, timeout: float = 10) -> tuple[int, str]:
        """(status, body) of a plain GET, without cookies: for polling and quick checks."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_until_serving(self, path: str = "/", seconds: float = START_SECONDS) -> None:
        """Until a GET of `path` answers 200."""
        deadline = time.monotonic() + seconds
        last: object = None
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                status, _body = self.get(path, timeout=5)
                if status == 200:
                    return
                last = status
            except OSError as error:
                last = error
            time.sleep(POLL)
        raise ServerError(f"{path} did not answer 200 within {seconds} s ({last})\n{self.log()}")

    def log(self) -> str:
        """gunicorn's output so far (errors and the access log)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _check_alive(self) -> None:
        if self.process.poll() is not None:
            raise ServerError(f"gunicorn exited with {self.process.returncode}\n{self.log()}")


def _instance_config(path: Path, settings: dict) -> None:
    """instance/config.py: what gunicorn's app reads on top of the defaults."""
    lines = ['"""Written by tests/server.py for one test server."""', ""]
    lines += [f"{key} = {value!r}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n")


def _environment(instance: Path, database_url: str, redis_url: str | None, port: int) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in FOREIGN_SETTINGS and not key.startswith(("DIALOG_", "GUNICORN_"))
    }
    environment.update(
        DIALOG_INSTANCE_PATH=str(instance),
        DATABASE_URL=database_url,
        BIND=f"127.0.0.1:{port}",
        FLASK_APP="wsgi",
        PYTHONUNBUFFERED="1",
        GUNICORN_GRACEFUL_TIMEOUT="1",
    )
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


@contextmanager
def start_server(
    directory: Path,
    database: str | None = None,
    workers: int | None = None,
    threads: int = 2,
    config: dict | None = None,
    redis: bool | None = None,
    celery: bool = False,
    seed: bool = False,
    share_with: Server | None = None,
) -> Iterator[Server]:
    """Start gunicorn on a new database and yield the Server once it answers; stop and remove
    everything afterwards. `database` is "postgresql" or "sqlite" (by default the suite's);
    `redis` defaults to on with PostgreSQL; `celery` also runs a Celery worker (needs Redis);
    `seed` imports the shipped Lund and Lomma content. `share_with` starts one more instance on
    another server's database, Redis prefix and secret key (think: two servers behind a load
    balancer); that server removes them, so stop this one first."""
    from dialog import create_app
    from dialog.extensions import db

    if share_with is not None:
        database = share_with.database
        redis = share_with.redis_url is not None
    database = database or backend()
    redis = database == "postgresql" if redis is None else redis
    directory.mkdir(parents=True, exist_ok=True)
    prefix = share_with.redis_prefix if share_with else f"dialog-server-{uuid.uuid4().hex[:12]}"
    port = free_port()
    settings = {
        "SECRET_KEY": SECRET_KEY,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "MAIL_OUTBOX": str(directory / "outbox"),
        "RATELIMIT_KEY_PREFIX": prefix,
        "CACHE_KEY_PREFIX": f"{prefix}:cache:",
        "CELERY": {
            "task_default_queue": prefix,
            "broker_transport_options": {"global_keyprefix": f"{prefix}:"},
        },
        "DIALOG_BASE_URL": f"http://127.0.0.1:{port}",
        **(config or {}),
    }
    options = {
        "directory": directory,
        "settings": settings,
        "port": port,
        "database": database,
        "workers": workers or (4 if database == "postgresql" else 2),
        "threads": threads,
        "redis_url": REDIS_URL if redis else None,
        "celery": celery,
    }
    if share_with is not None:
        with _gunicorn(database_url=share_with.database_url, app=share_with.app, **options) as run:
            yield run
        return

    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database_url, remove_database = create_database(f"{worker_id}_server", database)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": SECRET_KEY,
            "PASSWORD_HASH_METHOD": settings["PASSWORD_HASH_METHOD"],
            "MAIL_OUTBOX": settings["MAIL_OUTBOX"],
            "DIALOG_BASE_URL": settings["DIALOG_BASE_URL"],
            "REDIS_URL": None,
            "CELERY_BROKER_URL": None,
        }
    )
    try:
        _migrate(app, seed)
        with _gunicorn(database_url=database_url, app=app, **options) as server:
            yield server
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        remove_database()
        if redis:
            _forget_keys(prefix)


@contextmanager
def _gunicorn(
    directory: Path,
    settings: dict,
    port: int,
    database: str,
    database_url: str,
    app: Flask,
    workers: int,
    threads: int,
    redis_url: str | None,
    celery: bool,
) -> Iterator[Server]:
    """gunicorn (and a Celery worker) on a migrated database, stopped afterwards."""
    instance = directory / "instance"
    instance.mkdir(exist_ok=True)
    _instance_config(instance / "config.py", settings)
    environment = _environment(instance, database_url, redis_url, port)
    environment.update(WEB_CONCURRENCY=str(workers), GUNICORN_THREADS=str(threads))
    log_path = directory / "gunicorn.log"
    processes: list[subprocess.Popen] = []
    try:
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 (fixed arguments)
                [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes.append(process)
        server = Server(
            url=f"http://127.0.0.1:{port}",
            port=port,
            database=database,
            database_url=database_url,
            redis_url=redis_url,
            redis_prefix=settings["RATELIMIT_KEY_PREFIX"],
            workers=workers,
            app=app,
            process=process,
            log_path=log_path,
        )
        if celery:
            server.celery = _start_celery(environment, directory / "celery.log")
            processes.append(server.celery)
        server.wait_for_workers()
        server.wait_until_serving()
        yield server
    finally:
        for process in reversed(processes):
            _stop(process)


def _migrate(app: Flask, seed: bool) -> None:
    from flask_migrate import upgrade

    from dialog.extensions import db

    with app.app_context():
        upgrade()
        if seed:
            from dialog.catalogue.services import import_documents, seed_files

            _report, problems = import_documents(seed_files())
            if problems:
                raise ServerError(f"the seed content did not import: {problems}")
            db.session.commit()
        db.session.remove()


def _start_celery(environment: dict, log_path: Path) -> subprocess.Popen:
    command = [str(BIN / "celery"), "-A", "dialog.worker", "worker", "--concurrency", "2"]
    with log_path.open("wb") as log:
        return subprocess.Popen(  # noqa: S603 (fixed arguments)
            [*command, "--loglevel", "INFO"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen) -> None:
    """SIGINT (gunicorn and Celery: quick shutdown), then SIGKILL to the process group after
    STOP_SECONDS."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_SECONDS)
    with suppress(ProcessLookupError):  # a worker orphaned by a killed master
        os.killpg(process.pid, signal.SIGKILL)


def _forget_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        for key in client.scan_iter(f"*{prefix}*"):  # Celery's bindings name the queue
            client.delete(key)
    finally:
        client.close()


def main() -> None:
    """`make serve`: a server on a fresh database until Ctrl-C, then everything removed."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default=backend())
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--celery", action="store_true", help="also run a Celery worker")
    parser.add_argument("--no-seed", dest="seed", action="store_false")
    arguments = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dialog-serve-") as directory:
        os.environ.setdefault("DIALOG_INSTANCE_PATH", directory)
        with start_server(
            Path(directory),
            database=arguments.database,
            workers=arguments.workers,
            threads=arguments.threads,
            celery=arguments.celery,
            seed=arguments.seed,
        ) as server:
            print(
                f"Serving {server.url} with {server.workers} workers on {server.database} "
                f"({server.database_url}); Redis: {server.redis_url or 'no'}. Ctrl-C stops.",
                flush=True,
            )
            with suppress(KeyboardInterrupt):
                server.process.wait()


if __name__ == "__main__":
    main()
