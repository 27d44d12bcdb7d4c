"""`make bench`: Dialog's public pages against a bare Flask app, both under the same gunicorn.

Both servers run with the same settings on this machine; the client runs here too, so the
ratios (Dialog ÷ bare) say more than the absolute numbers. A second table compares the page of a
goal with 100 comments with that of a goal with 100,000 (`bench/comments.py` writes them).

The database is a fresh SQLite file; `--database postgresql` uses a fresh database on the server
at `BENCH_POSTGRESQL_URL` (default `postgresql://postgres@127.0.0.1:5432/postgres`) instead and
drops it afterwards.
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

from bench import comments
from bench.load import Result, measure

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The same settings for both servers; `-c /dev/null` keeps the production gunicorn.conf.py
# (access log, worker count) out of the measurement.
#: COMMENTS_PER_PAGE in dialog/config.py.
PER_PAGE = 50
DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"
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


@contextmanager
def database(kind: str, directory: str):
    """(SQLAlchemy URL, label for the table) of a fresh, empty database."""
    if kind == "sqlite":
        yield f"sqlite:///{directory}/bench.sqlite", "SQLite"
        return
    import psycopg
    from psycopg import sql

    server = os.environ.get("BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL)
    name = f"dialog_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = connection.execute("SHOW server_version").fetchone()[0].split()[0]
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}", f"PostgreSQL {version}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


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


def comment_paths(goals: comments.CommentedGoals) -> list[tuple[str, str, str]]:
    """(path, which goal, the small goal's path it is compared with)."""
    small, large = f"/mal/{goals.small}", f"/mal/{goals.large}"
    agreed = "?sort=agreed"
    return [
        (small, "small", small),
        (small + agreed, "small", small + agreed),
        (large, "large", small),
        (large + agreed, "large", small + agreed),
        (large + "?page=1000", "large", small),
    ]


def check_comment_page(port: int, path: str, total: int) -> None:
    """The page lists a full page of comments under the right count, or the numbers mean nothing."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:  # noqa: S310
        page = response.read().decode()
    number = int(path.split("page=")[1]) if "page=" in path else 1
    expected = max(0, min(PER_PAGE, total - (number - 1) * PER_PAGE))
    shown = page.count('<article class="comment" ')
    if f'<span class="count">({total})</span>' not in page or shown != expected:
        raise SystemExit(f"{path}: expected {expected} of {total} comments, saw {shown}")


def measure_url(port: int, path: str, args) -> Result:
    measure(port, path, args.requests // 4, args.threads, 5)  # warm-up
    return measure(port, path, args.requests, args.threads, args.max_seconds)


def run(args) -> tuple[str, int]:
    with (
        tempfile.TemporaryDirectory() as directory,
        database(args.database, directory) as (url, label),
    ):
        env = dict(os.environ, SECRET_KEY=secrets.token_hex(16), DIALOG_ENV="production")
        # Production checks the Host header against the base URL's host and DIALOG_HOSTS.
        env.update(DIALOG_BASE_URL="https://bench.invalid", DIALOG_HOSTS="127.0.0.1")
        env["DATABASE_URL"] = url
        prepare_database(env)
        started = time.monotonic()
        goals = comments.seed(env["DATABASE_URL"], args.small_comments, args.large_comments)
        seeded = time.monotonic() - started
        with gunicorn("bench.bare_app:app", env) as bare_port:
            measure(bare_port, "/", args.requests // 4, args.threads, 5)  # warm-up
            bare = measure(bare_port, "/", args.requests, args.threads, args.max_seconds)
        with gunicorn("wsgi:app", env) as port:
            paths = dialog_paths(port)
            rows = [measure_url(port, path, args) for path in paths]
            sizes = {"small": args.small_comments, "large": args.large_comments}
            for path, size, _ in comment_paths(goals):
                check_comment_page(port, path, sizes[size])
            goal_rows = {path: measure_url(port, path, args) for path, _, _ in comment_paths(goals)}
    lines = [
        f"gunicorn {' '.join(GUNICORN)}; {args.threads} client threads on the same machine; "
        f"{os.cpu_count()} CPUs; Python {platform.python_version()}; {label}; "
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
    lines += [
        "",
        f"Goal pages by number of comments: `/mal/{goals.small}` has {args.small_comments} "
        f"top-level comments, `/mal/{goals.large}` has {args.large_comments:,}; every "
        f"{comments.REPLY_EVERY}th has 1–3 replies; {PER_PAGE} per page; "
        f"inserted in {seeded:.1f} s. "
        "Large ÷ small compares the same page of the two goals (page 1000 with page 1).",
        "",
        "| URL | top-level comments | req/s | p50 ms | p95 ms | errors | ratio to bare Flask "
        "| large ÷ small req/s | large ÷ small p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, size, compared_with in comment_paths(goals):
        result, small = goal_rows[path], goal_rows[compared_with]
        count = args.small_comments if size == "small" else args.large_comments
        versus = (
            f"{result.per_second / small.per_second:.2f} | "
            f"{result.percentile(0.95) / small.percentile(0.95):.2f}"
            if size == "large"
            else "– | –"
        )
        lines.append(
            f"| `{path}` | {count:,} | {result.per_second:.0f} | {result.median:.1f} | "
            f"{result.percentile(0.95):.1f} | {result.errors} | "
            f"{result.per_second / bare.per_second:.2f} | {versus} |"
        )
    everything = [bare, *rows, *goal_rows.values()]
    return "\n".join(lines), sum(r.errors for r in everything)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000, help="requests per URL")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--max-seconds", type=float, default=30, help="time limit per URL")
    parser.add_argument(
        "--small-comments", type=int, default=100, help="top-level comments on the small goal"
    )
    parser.add_argument(
        "--large-comments", type=int, default=100_000, help="top-level comments on the large goal"
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
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
