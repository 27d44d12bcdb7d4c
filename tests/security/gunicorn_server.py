"""gunicorn with the project's gunicorn.conf.py on 127.0.0.1 and a fresh SQLite database with
the seed content, for the slow-client test and `make audit`. (The `faults` work brings a fuller
production-like fixture; this one is only what these two need.)"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_SECONDS = 60.0


@dataclass
class Running:
    url: str
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(instance: Path, port: int, workers: int, threads: int) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DIALOG_", "GUNICORN_"))}
    for key in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CELERY_BROKER_URL", "MAIL_SERVER"):
        keep.pop(key, None)
    return keep | {
        "DIALOG_INSTANCE_PATH": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'dialog.sqlite'}",
        "SECRET_KEY": "audit-server-secret",
        "DIALOG_BASE_URL": f"http://127.0.0.1:{port}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        "FLASK_APP": "wsgi",
        "PYTHONUNBUFFERED": "1",
    }


def get(url: str, timeout: float = 5) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def gunicorn(workers: int = 2, threads: int = 2) -> Iterator[Running]:
    """Migrate and seed a new database, start gunicorn, wait until / answers; stop it after."""
    with tempfile.TemporaryDirectory(prefix="dialog-gunicorn-") as folder:
        instance = Path(folder)
        port = free_port()
        env = _environment(instance, port, workers, threads)
        for command in (["db", "upgrade"], ["dialog", "seed"]):
            subprocess.run(  # noqa: S603
                [str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        log = instance / "gunicorn.log"
        with log.open("w") as out:
            process = subprocess.Popen(  # noqa: S603
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited\n{log.read_text()}")
                try:
                    if get(url + "/") == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer\n{log.read_text()}")
                time.sleep(0.1)
            yield Running(url, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
