"""`make bench`: Dialog's public pages against a bare Flask app, both under the same gunicorn.

Both servers run with the same settings on this machine; the client runs here too, so the
ratios (Dialog ÷ bare) say more than the absolute numbers.
"""

import argparse
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bench.load import measure

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The same settings for both servers; `-c /dev/null` keeps the production gunicorn.conf.py
# (access log, worker count) out of the measurement.
GUNICORN = ["-c", "/dev/null", "--workers", "2", "--threads", "1", "--log-level", "warning"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not start within {seconds} s")


@contextmanager
def gunicorn(app: str, env: dict):
    port = free_port()
    command = [str(BIN / "gunicorn"), *GUNICORN, "--bind", f"127.0.0.1:{port}", app]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 (fixed arguments)
    try:
        wait_until_listening(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def prepare_database(env: dict) -> None:
    for args in (["db", "upgrade"], ["dialog", "seed"]):
        subprocess.run(  # noqa: S603 (fixed arguments)
            [str(BIN / "flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def dialog_paths(port: int) -> list[str]:
    """The start page, a municipality, its largest plan, one of its goals, search and the API."""

    def get(path):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:  # noqa: S310
            return json.load(response)

    plans = get("/api/v1/municipalities/lund")["plans"]
    details = [get(f"/api/v1/municipalities/lund/plans/{p['slug']}") for p in plans]
    largest = max(details, key=lambda d: sum(len(a["goals"]) for a in d["focus_areas"]))
    goal_id = next(g["id"] for a in largest["focus_areas"] for g in a["goals"])
    return [
        "/",
        "/kommun/lund",
        f"/kommun/lund/plan/{largest['slug']}",
        f"/mal/{goal_id}",
        "/sok?q=klimat",
        f"/api/v1/goals/{goal_id}",
    ]


def run(args) -> tuple[str, int]:
    with tempfile.TemporaryDirectory() as directory:
        env = dict(os.environ, SECRET_KEY=secrets.token_hex(16), DIALOG_ENV="production")
        env["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite"
        prepare_database(env)
        with gunicorn("bench.bare_app:app", env) as bare_port:
            measure(bare_port, "/", args.requests // 4, args.threads, 5)  # warm-up
            bare = measure(bare_port, "/", args.requests, args.threads, args.max_seconds)
        with gunicorn("wsgi:app", env) as port:
            paths = dialog_paths(port)
            rows = []
            for path in paths:
                measure(port, path, args.requests // 4, args.threads, 5)  # warm-up
                rows.append(measure(port, path, args.requests, args.threads, args.max_seconds))
    lines = [
        f"gunicorn {' '.join(GUNICORN)}; {args.threads} client threads on the same machine; "
        f"{os.cpu_count()} CPUs; Python {platform.python_version()}; SQLite; "
        f"{args.requests} requests per URL",
        "",
        "| URL | req/s | p50 ms | p95 ms | errors | ratio to bare Flask |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for result in [bare, *rows]:
        name = "bare Flask `/`" if result is bare else f"`{result.path}`"
        lines.append(
            f"| {name} | {result.per_second:.0f} | {result.median:.1f} | "
            f"{result.percentile(0.95):.1f} | {result.errors} | "
            f"{result.per_second / bare.per_second:.2f} |"
        )
    return "\n".join(lines), sum(r.errors for r in [bare, *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000, help="requests per URL")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--max-seconds", type=float, default=30, help="time limit per URL")
    parser.add_argument("--output", type=Path, help="append the table to this Markdown file")
    args = parser.parse_args()
    table, errors = run(args)
    print(table)
    if args.output:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        with args.output.open("a", encoding="utf-8") as handle:
            handle.write(f"\n## {stamp}\n\n`python -m bench.run {' '.join(sys.argv[1:])}`\n\n")
            handle.write(table + "\n")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
