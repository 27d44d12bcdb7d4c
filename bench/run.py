"""`make bench`: Dialog's pages and posting under wrk, each next to a bare Flask app.

One run, one machine: a fresh database (PostgreSQL by default, at BENCH_POSTGRESQL_URL) is
migrated and seeded, gets demo data (`flask dialog demo`) and two goals with 1,000 and 100,000
more comments (bench/comments.py); Redis (BENCH_REDIS_URL) holds the rate limits and the job
queue under keys of this run. Dialog and bench/bare_app.py are served in turn by gunicorn with
the same settings (2 workers), and wrk, on this machine too, measures:

- GETs for `--seconds` on `--connections` connections: the start page, a plan page, the goal
  page with 1,000 and with 100,000 comments (page 1, and the deepest page reachable: `?page=1000`
  while it is served, otherwise as far as the pages' own "next" links lead), the goal page for a
  signed-in resident, and the plan summary for a signed-in official;
- posting: signed-in residents send prepared comment forms (bench/post.lua); comments per
  second are the rows stored, divided by the time;
- a burst: `--burst-readers` anonymous readers on the 100,000-comment goal for `--burst-seconds`
  while `--burst-posters` residents post to it; and the bare app under the same readers.

The rate limits for posting are raised for the run (each resident posts hundreds of comments a
minute); every other setting is production's. `--quick` is a short run for trying it out.
"""

import argparse
import html
import os
import platform
import re
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

from bench import comments, load, people

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
# The same settings for both servers; `-c /dev/null` keeps the production gunicorn.conf.py
# (access log, worker count) out of the measurement.
GUNICORN = ["-c", "/dev/null", "--workers", "2", "--threads", "1", "--log-level", "warning"]
MUNICIPALITY = "lund"
FULL = {
    "seconds": 15,
    "connections": 8,
    "burst_seconds": 60,
    "residents": 50_000,
    "demo_comments": 100_000,
    "ratings": 1_000_000,
}
QUICK = {
    "seconds": 4,
    "connections": 8,
    "burst_seconds": 15,
    "residents": 2_000,
    "demo_comments": 5_000,
    "ratings": 20_000,
}
TARGETS = {
    "anonymous": "≥ 0.40 of bare",
    "signed_in": "≥ 0.10 of bare",
    "posting": "≥ 300 comments/s",
    "burst": "p99 < 500 ms, 0 errors",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
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


def wait_until_answering(port: int, process: subprocess.Popen, seconds: float = 300) -> None:
    """gunicorn listens before its workers have imported the app (slow on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            get(port, "/")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server on port {port} did not answer within {seconds} s")


@contextmanager
def gunicorn(app: str, env: dict):
    port = free_port()
    command = [str(BIN / "gunicorn"), *GUNICORN, "--bind", f"127.0.0.1:{port}", app]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 (fixed arguments)
    try:
        wait_until_listening(port, process)
        wait_until_answering(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def database(kind: str, directory: str):
    """(SQLAlchemy URL, label for the table) of a fresh, empty database."""
    if kind == "sqlite":
        import sqlite3

        yield f"sqlite:///{directory}/bench.sqlite", f"SQLite {sqlite3.sqlite_version}"
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


@contextmanager
def redis_run(url: str):
    """A prefix for this run's keys (limits, job queue), deleted afterwards."""
    import redis

    run = f"dialog-bench-{secrets.token_hex(4)}"
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    client.ping()
    try:
        yield run
    finally:
        for key in client.scan_iter(f"*{run}*"):
            client.delete(key)
        client.close()


def instance_folder(directory: str, run: str) -> Path:
    """Production settings but for the limits on posting, which the benchmark goes past."""
    folder = Path(directory) / "instance"
    folder.mkdir()
    limit = "100000 per minute"
    (folder / "config.py").write_text(
        f"RATELIMIT_KEY_PREFIX = {run!r}\n"
        f"CELERY = {{'task_default_queue': {run!r}}}\n"
        + "".join(
            f"{name} = {limit!r}\n"
            for name in ("LIMIT_POST_ACCOUNT", "LIMIT_POST_IP", "LIMIT_ACT_ACCOUNT")
        ),
        encoding="utf-8",
    )
    return folder


def server_env(url: str, secret: str, redis_url: str, instance: Path) -> dict:
    """Production's environment for the server and the `flask` commands of a run."""
    env = dict(os.environ, SECRET_KEY=secret, DIALOG_ENV="production", DATABASE_URL=url)
    # Production checks the Host header against the base URL's host and DIALOG_HOSTS.
    env.update(DIALOG_BASE_URL="https://bench.invalid", DIALOG_HOSTS="127.0.0.1")
    env.update(REDIS_URL=redis_url, DIALOG_INSTANCE_PATH=str(instance))
    env.pop("DIALOG_INSTANCE", None)
    return env


def flask(env: dict, *args: str) -> None:
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def prepare_database(env: dict) -> None:
    flask(env, "db", "upgrade")
    flask(env, "dialog", "seed")


def get(port: int, path: str) -> str:
    url = f"http://127.0.0.1:{port}{path}"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (our own server)
        return response.read().decode()


#: A comment's permalink (`#c123`): the page shows comments, it is not an empty page past the end.
SHOWS_A_COMMENT = r'#c\d+"'


def _next_link(page: str) -> str | None:
    for tag in re.findall(r"<a\b[^>]*>", page):
        if re.search(r'\brel="next"', tag):
            found = re.search(r'\bhref="([^"#]*)', tag)
            return html.unescape(found.group(1)) if found else None
    return None


def deepest_page(port: int, path: str, hops: int = 1000) -> tuple[str, str]:
    """(path, how it was reached): `?page=1000` while the goal page serves it, else the page
    its own "next" links lead to after at most `hops` steps (keyset links go there too)."""
    try:
        page = get(port, f"{path}?page=1000")
        linked_back = re.search(r'rel="prev"[^>]*page=999\b|page=999\b[^>]*rel="prev"', page)
        if linked_back and re.search(SHOWS_A_COMMENT, page):
            return f"{path}?page=1000", "`?page=1000`"
    except OSError:
        pass
    current, steps = path, 0
    while steps < hops:
        found = _next_link(get(port, current))
        if not found:
            break
        current, steps = found, steps + 1
    return current, f"{steps} “next” links from page 1"


def plan_paths(port: int) -> tuple[str, int]:
    """Lund's largest plan (by goals) and its first goal."""
    import json

    plans = json.loads(get(port, f"/api/v1/municipalities/{MUNICIPALITY}"))["plans"]
    details = [
        json.loads(get(port, f"/api/v1/municipalities/{MUNICIPALITY}/plans/{p['slug']}"))
        for p in plans
    ]
    largest = max(details, key=lambda d: sum(len(a["goals"]) for a in d["focus_areas"]))
    goal = next(g["id"] for a in largest["focus_areas"] for g in a["goals"])
    return largest["slug"], goal


def count_comments(url: str, goal_id: int) -> int:
    from sqlalchemy import create_engine, func, select

    from dialog.config import normalise_database_url
    from dialog.participation.models import Comment

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            return connection.scalar(
                select(func.count(Comment.id)).where(Comment.goal_id == goal_id)
            )
    finally:
        engine.dispose()


def top_level(url: str, goal_id: int) -> int:
    from sqlalchemy import create_engine, func, select

    from dialog.config import normalise_database_url
    from dialog.participation.models import Comment

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            return connection.scalar(
                select(func.count(Comment.id)).where(
                    Comment.goal_id == goal_id, Comment.parent_id.is_(None)
                )
            )
    finally:
        engine.dispose()


def machine(label: str) -> str:
    cpu = "?"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"^model name\s*:\s*(.+)$", info, re.MULTILINE).group(1).strip()
        memory = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.MULTILINE)
        ram = f"{int(memory.group(1)) / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        ram = "? RAM"
    system = platform.platform()
    try:
        release = Path("/etc/os-release").read_text()
        system = re.search(r'^PRETTY_NAME="?([^"\n]+)', release, re.MULTILINE).group(1)
        system += f", Linux {platform.release()}"
    except (OSError, AttributeError):
        pass
    import gunicorn as gunicorn_package

    return (
        f"{cpu}, {os.cpu_count()} CPUs, {ram}; {system}; Python {platform.python_version()}; "
        f"{label}; gunicorn {gunicorn_package.__version__}; wrk {load.wrk_version()}"
    )


def loadavg() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def warm_up(port: int, path: str, headers: dict | None) -> None:
    """A few requests one after the other, so that both workers have served the page before;
    sequential, so that none is still being answered when the measurement starts."""
    for _turn in range(4):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (ours)
            response.read()


class Run:
    """The measurements of one run, and the table they make."""

    def __init__(self, args):
        self.args = args
        self.rows: list[tuple[str, str, load.Result, str, str]] = []
        self.notes: list[str] = []

    def measure(self, port: int, what: str, path: str, target: str = "", **options):
        if "script" not in options:
            warm_up(port, path, options.get("headers"))
        result = load.measure(
            what,
            f"http://127.0.0.1:{port}{path}",
            self.args.seconds,
            self.args.connections,
            **options,
        )
        self.rows.append((what, path, result, target, ""))
        print(f"{what}: {result.per_second:.0f} req/s, p99 {result.p99_ms:.1f} ms", flush=True)
        return result


def post_options(posts: Path, threads: int) -> dict:
    return {
        "script": "post.lua",
        "threads": threads,
        "env": {"BENCH_POSTS": str(posts), "BENCH_THREADS": str(threads)},
    }


def run(args) -> str:
    started_at = datetime.now(UTC)
    load_at_start = loadavg()
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    bench = Run(args)
    with (
        tempfile.TemporaryDirectory() as directory,
        database(args.database, directory) as (url, label),
        redis_run(redis_url) as run_key,
    ):
        secret = secrets.token_hex(32)
        env = server_env(url, secret, redis_url, instance_folder(directory, run_key))
        clock = time.monotonic()
        prepare_database(env)
        flask(
            env,
            "dialog",
            "demo",
            "--residents",
            str(args.residents),
            "--comments",
            str(args.demo_comments),
            "--ratings",
            str(args.ratings),
        )
        goals = comments.seed(url, args.small_comments, args.large_comments)
        residents, official = people.make_accounts(url, args.posters, MUNICIPALITY)
        prepared = time.monotonic() - clock
        counts = {goal: top_level(url, goal) for goal in (goals.small, goals.large)}

        with gunicorn("bench.bare_app:app", env) as bare_port:
            bare = bench.measure(bare_port, "bare Flask", "/")
            bare_burst = load.measure(
                "bare Flask, burst readers",
                f"http://127.0.0.1:{bare_port}/",
                args.burst_seconds,
                args.burst_readers,
            )

        with gunicorn("wsgi:app", env) as port:
            plan_slug, first_goal = plan_paths(port)
            small, large = f"/mal/{goals.small}", f"/mal/{goals.large}"
            small_deep, small_how = deepest_page(port, small)
            large_deep, large_how = deepest_page(port, large)
            bench.notes.append(
                f"Deep pages: {small_deep} reached by {small_how}; {large_deep} by {large_how}."
            )
            anonymous = TARGETS["anonymous"]
            bench.measure(port, "start page", "/", anonymous)
            bench.measure(port, "plan page", f"/kommun/{MUNICIPALITY}/plan/{plan_slug}", anonymous)
            n_small, n_large = f"{counts[goals.small]:,}", f"{counts[goals.large]:,}"
            bench.measure(port, f"goal, {n_small} comments, page 1", small, anonymous)
            bench.measure(port, f"goal, {n_small} comments, deepest page", small_deep, anonymous)
            bench.measure(port, f"goal, {n_large} comments, page 1", large, anonymous)
            bench.measure(port, f"goal, {n_large} comments, deepest page", large_deep, anonymous)

            reader = people.sign_in(port, residents[0])
            bench.measure(
                port,
                f"goal, {n_large} comments, page 1, signed in",
                large,
                TARGETS["signed_in"],
                headers={"Cookie": reader.cookie_header()},
            )
            admin = people.sign_in(port, official, official=True)
            summary = f"/hantera/{MUNICIPALITY}/sammanfattning/plan/{plan_slug}"
            bench.measure(
                port,
                "plan summary, signed-in official",
                summary,
                headers={"Cookie": admin.cookie_header()},
            )

            posts = Path(directory) / "posts.txt"
            expected = int(args.seconds * 600) + 1000
            people.write_posts(posts, port, residents, first_goal, expected, secret)
            before = count_comments(url, first_goal)
            posting = bench.measure(
                port,
                "posting a comment",
                f"/mal/{first_goal}/kommentera",
                TARGETS["posting"],
                **post_options(posts, 2),
            )
            stored = count_comments(url, first_goal) - before
            rate = f"{stored / posting.seconds:.0f} comments/s, {stored:,} stored of "
            bench.rows[-1] = (*bench.rows[-1][:4], rate + f"{posting.requests:,} answered")

            burst_posts = Path(directory) / "burst.txt"
            people.write_posts(
                burst_posts,
                port,
                residents[: args.burst_posters],
                goals.large,
                int(args.burst_seconds * 600) + 1000,
                secret,
            )
            before = count_comments(url, goals.large)
            load_before_burst = loadavg()
            readers = load.start(
                "burst readers",
                load.wrk_command(
                    f"http://127.0.0.1:{port}{large}", args.burst_seconds, args.burst_readers
                ),
            )
            posters = load.start(
                "burst posters",
                load.wrk_command(
                    f"http://127.0.0.1:{port}{large}/kommentera",
                    args.burst_seconds,
                    args.burst_posters,
                    threads=1,
                    script="post.lua",
                ),
                {"BENCH_POSTS": str(burst_posts), "BENCH_THREADS": "1"},
            )
            burst_readers, burst_posters = load.finish(readers), load.finish(posters)
            print(burst_readers.output, burst_posters.output, sep="\n", flush=True)
            burst_stored = count_comments(url, goals.large) - before

    return table(
        args,
        bench,
        bare,
        {
            "started": started_at,
            "label": label,
            "load_at_start": load_at_start,
            "load_before_burst": load_before_burst,
            "load_at_end": loadavg(),
            "prepared": prepared,
            "readers": burst_readers,
            "posters": burst_posters,
            "bare_burst": bare_burst,
            "burst_stored": burst_stored,
            "large": large,
        },
    )


def _latency(result: load.Result) -> str:
    """p50 and p99 cells; none when no answer came within wrk's timeout."""
    if not result.requests:
        return "– | –"
    return f"{result.p50_ms:.1f} | {result.p99_ms:.1f}"


def table(args, bench: Run, bare: load.Result, facts: dict) -> str:
    mode = "quick" if args.quick else "full"
    lines = [
        f"## {facts['started']:%Y-%m-%d %H:%M} UTC — {mode} run",
        "",
        f"`python -m bench.run {' '.join(sys.argv[1:])}`",
        "",
        f"Machine: {machine(facts['label'])}.",
        f"Load average (1 / 5 / 15 min): {facts['load_at_start']} at the start, "
        f"{facts['load_before_burst']} before the burst, {facts['load_at_end']} at the end.",
        f"Servers: `gunicorn {' '.join(GUNICORN)}` for Dialog and for the bare app; wrk on the "
        f"same machine, {args.connections} connections, {args.seconds:.0f} s per row. Data: "
        f"seed, `flask dialog demo --residents {args.residents} --comments {args.demo_comments} "
        f"--ratings {args.ratings}`, then bench/comments.py; made in {facts['prepared']:.0f} s.",
        "",
        "| what | URL | req/s | p50 ms | p99 ms | errors | ratio to bare Flask | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for what, path, result, target, extra in bench.rows:
        ratio = result.per_second / bare.per_second if bare.per_second else 0
        shown = f"{result.per_second:.0f}" + (f" ({extra})" if extra else "")
        lines.append(
            f"| {what} | `{path}` | {shown} | {_latency(result)} | "
            f"{result.errors} | {ratio:.2f} | {target} |"
        )
    readers, posters, bare_burst = facts["readers"], facts["posters"], facts["bare_burst"]
    lines += [
        "",
        f"Burst: {args.burst_readers} anonymous readers on `{facts['large']}` for "
        f"{args.burst_seconds:.0f} s while {args.burst_posters} residents post to it "
        f"(target {TARGETS['burst']}); the bare app under the same readers alone.",
        "",
        "| who | requests | req/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, result in (
        (f"{args.burst_readers} readers", readers),
        (f"{args.burst_posters} posters ({facts['burst_stored']:,} comments stored)", posters),
        (f"bare Flask, {args.burst_readers} readers", bare_burst),
    ):
        lines.append(
            f"| {name} | {result.requests:,} | {result.per_second:.0f} | {_latency(result)} | "
            f"{result.errors} |"
        )
    lines += ["", *bench.notes]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs and less demo data")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seconds", type=float, help="per row (15; quick 4)")
    parser.add_argument("--connections", type=int, help="wrk connections per row (8)")
    parser.add_argument("--burst-seconds", type=float, help="(60; quick 15)")
    parser.add_argument("--burst-readers", type=int, default=200)
    parser.add_argument("--burst-posters", type=int, default=20)
    parser.add_argument("--posters", type=int, default=20, help="residents who post")
    parser.add_argument("--residents", type=int, help="demo residents (50,000; quick 2,000)")
    parser.add_argument("--demo-comments", type=int, help="(100,000; quick 5,000)")
    parser.add_argument("--ratings", type=int, help="(1,000,000; quick 20,000)")
    parser.add_argument("--small-comments", type=int, default=1000)
    parser.add_argument("--large-comments", type=int, default=100_000)
    parser.add_argument("--output", type=Path, help="append the table to this Markdown file")
    args = parser.parse_args()
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.posters = max(args.posters, args.burst_posters)
    text = run(args)
    print(text)
    if args.output:
        with args.output.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
