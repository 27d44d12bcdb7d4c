"""`make cluster`: Dialog scaled out on this machine, as docs/deployment.md describes it.

nginx (deploy/nginx.conf, filled in here) terminates TLS with a certificate made for the run and
takes turns between two gunicorn servers on their own ports, each with `gunicorn.conf.py` and
`DIALOG_ENV=production`. They share one PostgreSQL database (made, migrated and seeded for the
run, dropped afterwards), one Redis (rate limits, the job queue) and the SECRET_KEY (the signed
session cookie; the signed-in devices are rows in the database), and a Celery worker with beat
runs the jobs. Each server names itself in the `X-Dialog-Instance` response header.

Everything lives in a temporary folder: nginx's configuration, pid, logs and buffers, the
certificate, each server's log and the instance folder (its `config.py` and the mail outbox).
`python -m deploy.cluster` serves until Ctrl-C; tests use `running()`.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TEMPLATE = Path(__file__).with_name("nginx.conf")
DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
MIME_TYPES = "/etc/nginx/mime.types"


@dataclass
class Instance:
    name: str
    port: int
    log: Path


@dataclass
class Cluster:
    #: What a visitor opens: nginx, https.
    url: str
    folder: Path
    #: The certificate nginx presents (a client trusts it as its own authority).
    certificate: Path
    database_url: str
    outbox: Path
    instances: list[Instance] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, what: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {seconds:.0f} s")


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if not found:
        raise RuntimeError("nginx is not installed; `make nginx` installs Debian's package")
    return found


def render_nginx_conf(fields: dict[str, str]) -> str:
    """deploy/nginx.conf with its {{name}} fields filled; a field left unfilled is an error."""
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = text.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{[a-z_]+\}\}", text)
    if left:
        raise ValueError(f"nginx.conf fields not filled: {', '.join(left)}")
    return text


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid for two days."""
    certificate, key = folder / "tls.crt", folder / "tls.key"
    subprocess.run(  # noqa: S603 (fixed arguments)
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@contextmanager
def postgresql_database(server: str) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"dialog_cluster_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def redis_keys(url: str, run: str) -> Iterator[None]:
    """Redis is shared with whatever else runs here: this run's keys are removed afterwards."""
    import redis as redis_client

    yield
    client = redis_client.Redis.from_url(url)
    try:
        for key in client.scan_iter(f"*dialog-{run}*"):
            client.delete(key)
    finally:
        client.close()


@contextmanager
def child(command: list[str], log: Path, env: dict[str, str] | None = None, stop=signal.SIGTERM):
    """A process of ours, its output in `log`; stopped with `stop` (then killed, after 30 s) when
    the block ends, unless `stop_all` has signalled it already."""
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    STOP_SIGNALS[process.pid] = stop
    try:
        yield process
    finally:
        if process.poll() is None and STOP_SIGNALS.get(process.pid):
            process.send_signal(stop)
        STOP_SIGNALS.pop(process.pid, None)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


#: The signal that stops each running child, by process id.
STOP_SIGNALS: dict[int, signal.Signals] = {}


def stop_all(processes: list[subprocess.Popen]) -> None:
    """Signal every child at once, so that their shutdowns overlap (gunicorn's take seconds)."""
    for process in reversed(processes):
        stop = STOP_SIGNALS.pop(process.pid, None)
        if stop and process.poll() is None:
            process.send_signal(stop)


def instance_folder(folder: Path, run: str) -> Path:
    """The servers' and the worker's instance folder: settings that keep this run to itself."""
    instance = folder / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "# Written by deploy/cluster.py for one run.\n"
        f"RATELIMIT_KEY_PREFIX = {('dialog-' + run)!r}\n"
        f"CELERY = {{'task_default_queue': {('dialog-' + run)!r}}}\n",
        encoding="utf-8",
    )
    return instance


def prepare(env: dict[str, str], log: Path) -> None:
    """Migrate and seed the new database, as every deploy migrates before serving."""
    for args in (["db", "upgrade"], ["dialog", "seed"]):
        with log.open("ab") as out:
            subprocess.run(  # noqa: S603 (fixed arguments)
                [str(BIN / "flask"), "--app", "wsgi", *args],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )


@contextmanager
def running(
    instances: int = 2,
    workers: int = 2,
    port: int | None = None,
    postgresql: str | None = None,
    redis: str | None = None,
    nginx_workers: str = "auto",
) -> Iterator[Cluster]:
    """nginx, `instances` gunicorn servers of `workers` workers, a Celery worker; stopped after."""
    postgresql = postgresql or os.environ.get("CLUSTER_POSTGRESQL_URL", DEFAULT_POSTGRESQL)
    redis = redis or os.environ.get("CLUSTER_REDIS_URL", DEFAULT_REDIS)
    port = port or free_port()
    run = secrets.token_hex(4)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dialog-cluster-")))
        database_url = stack.enter_context(postgresql_database(postgresql))
        stack.enter_context(redis_keys(redis, run))
        certificate, key = make_certificate(folder)
        instance = instance_folder(folder, run)
        url = f"https://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DIALOG_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis,
            "DIALOG_BASE_URL": url,
            "DIALOG_PROXY_COUNT": "1",
            "DIALOG_INSTANCE_PATH": str(instance),
            "WEB_CONCURRENCY": str(workers),
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
        }
        env.pop("DIALOG_INSTANCE", None)
        prepare(env, folder / "prepare.log")
        cluster = Cluster(url, folder, certificate, database_url, instance / "outbox")
        processes = []
        processes.append(
            stack.enter_context(
                child(
                    [
                        str(BIN / "celery"),
                        "-A",
                        "dialog.worker",
                        "worker",
                        "-B",
                        "--concurrency",
                        "1",
                        "--loglevel",
                        "INFO",
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                        "--schedule",
                        str(folder / "celerybeat-schedule"),
                    ],
                    folder / "worker.log",
                    env,
                )
            )
        )
        servers = []
        for number in range(instances):
            name = chr(ord("a") + number)
            server = Instance(name, free_port(), folder / f"gunicorn-{name}.log")
            process = stack.enter_context(
                child(
                    [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                    server.log,
                    {**env, "BIND": f"127.0.0.1:{server.port}", "DIALOG_INSTANCE": name},
                    # Quick shutdown: nginx has stopped by then, nothing is in flight.
                    stop=signal.SIGINT,
                )
            )
            servers.append((server, process))
            processes.append(process)
            cluster.instances.append(server)
        for server, process in servers:
            wait_until_listening(server.port, process, f"gunicorn {server.name}")
        processes.append(
            stack.enter_context(
                nginx(folder / "nginx", port, cluster.instances, (certificate, key), nginx_workers)
            )
        )
        stack.callback(stop_all, processes)
        yield cluster


@contextmanager
def nginx(prefix: Path, port: int, servers: list[Instance], tls: tuple[Path, Path], processes: str):
    """nginx in the foreground (a child of ours), everything it writes under `prefix`."""
    prefix.mkdir()
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / temp).mkdir()
        # Run as root, nginx's workers are `nobody`: they write the buffers of large bodies.
        (prefix / temp).chmod(0o777)
    for folder in (prefix, prefix.parent):
        folder.chmod(0o755)
    conf = prefix / "nginx.conf"
    conf.write_text(
        render_nginx_conf(
            {
                "prefix": str(prefix),
                "worker_processes": processes,
                "mime_types": MIME_TYPES,
                "servers": "\n".join(
                    f"        server 127.0.0.1:{s.port} max_fails=1 fail_timeout=5s;"
                    for s in servers
                ),
                "listen": f"127.0.0.1:{port}",
                "server_name": "127.0.0.1",
                "certificate": str(tls[0]),
                "certificate_key": str(tls[1]),
            }
        ),
        encoding="utf-8",
    )
    command = [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    subprocess.run([*command, "-t", "-q"], check=True)  # noqa: S603 (our own command)
    with child([*command, "-g", "daemon off;"], prefix / "stdout.log", stop=signal.SIGTERM) as p:
        wait_until_listening(port, p, "nginx")
        yield p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", "8443")))
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    args = parser.parse_args()
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True) or sys.exit(0))
    try:
        with running(args.instances, args.workers, args.port) as cluster:
            print(f"Dialog on {cluster.url} (self-signed certificate {cluster.certificate})")
            for server in cluster.instances:
                print(f"  instance {server.name}: http://127.0.0.1:{server.port}, log {server.log}")
            print(f"  worker log {cluster.folder / 'worker.log'}; mail in {cluster.outbox}")
            print("Ctrl-C stops everything and drops the database.", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
