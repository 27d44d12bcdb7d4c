"""Posting alone, as `make bench` posts, and the CPU each stored comment costs.

    .venv/bin/python -m bench.posting [--seconds 10] [--connections 8] [--posters 20]
        [--profile DIR]

A fresh PostgreSQL database (BENCH_POSTGRESQL_URL) is migrated and seeded, one goal gets 1,000
comments (bench/comments.py), and gunicorn serves Dialog with `make bench`'s settings (2 workers,
production, Redis at BENCH_REDIS_URL for limits and caches, limits on posting raised). wrk sends
the prepared comment forms of `--posters` signed-in residents (bench/post.lua) for `--seconds`.

Besides comments/s (wall clock: meaningless on a busy machine), it reports the CPU time the
gunicorn workers and the database's backends spent per stored comment, read from /proc before
and after (so the database must run on this machine for its figure), which other helpers'
load changes far less.

`--profile DIR` serves bench/profiled_wsgi.py instead: every POST is profiled (CPU time) in the
workers, and the run ends with SQL statements and Redis round trips per POST and the top of the
profile of all of them together (the profiler's own cost inflates the CPU figures).
"""

import argparse
import json
import os
import pstats
import secrets
import tempfile
from pathlib import Path

from bench import comments, load, people, run

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User and system time of these processes (those gone meanwhile count nothing)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / TICKS


def workers_of(port: int) -> list[int]:
    """gunicorn's master and workers for this port (they share the master's command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "gunicorn" in command and f"127.0.0.1:{port}" in command:
            found.append(int(entry.name))
    return found


def backends_of(url: str) -> list[int]:
    import psycopg

    database = url.rsplit("/", 1)[1]
    admin = os.environ.get("BENCH_POSTGRESQL_URL", run.DEFAULT_POSTGRESQL)
    with psycopg.connect(admin, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchall()
    return [pid for (pid,) in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--posters", type=int, default=20)
    parser.add_argument("--profile", type=Path, help="profile every POST, into this folder")
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", run.DEFAULT_REDIS)
    with (
        tempfile.TemporaryDirectory() as directory,
        run.database("postgresql", directory) as (url, label),
        run.redis_run(redis_url) as run_key,
    ):
        secret = secrets.token_hex(32)
        env = run.server_env(url, secret, redis_url, run.instance_folder(directory, run_key))
        run.prepare_database(env)
        goal = comments.seed(url, 1000, 0).small
        residents, _official = people.make_accounts(url, args.posters, run.MUNICIPALITY)
        served = "wsgi:app"
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            env["BENCH_PROFILE_DIR"] = str(args.profile.resolve())
            served = "bench.profiled_wsgi:app"
        with run.gunicorn(served, env) as port:
            # Forms of their own for the warm-up: a form sent again is stored once, not twice.
            posts, warm = Path(directory) / "posts.txt", Path(directory) / "warm-up.txt"
            count = int(args.seconds * 1000) + 1000
            people.write_posts(posts, port, residents, goal, count, secret)
            people.write_posts(warm, port, residents, goal, 3000, secret)
            target = f"http://127.0.0.1:{port}/mal/{goal}/kommentera"
            # The first requests of each worker compile templates and statements: not measured.
            load.measure("warm-up", target, 2, args.connections, **run.post_options(warm, 2))
            before = run.count_comments(url, goal)
            workers, backends = workers_of(port), backends_of(url)
            load_before = run.loadavg()
            app_before, db_before = cpu_seconds(workers), cpu_seconds(backends)
            result = load.measure(
                "posting",
                target,
                args.seconds,
                args.connections,
                **run.post_options(posts, 2),
            )
            backends = sorted(set(backends) | set(backends_of(url)))
            app_cpu = cpu_seconds(workers) - app_before
            db_cpu = cpu_seconds(backends) - db_before
            stored = run.count_comments(url, goal) - before
        print(f"{label}; load average {load_before} before, {run.loadavg()} after")
        print(
            f"{stored:,} comments stored in {result.seconds:.1f} s "
            f"({stored / result.seconds:.0f}/s wall), {result.requests:,} answered, "
            f"{result.errors} errors, p99 {result.p99_ms:.0f} ms"
        )
        if stored:
            print(
                f"CPU per stored comment: gunicorn {app_cpu / stored * 1000:.2f} ms, "
                f"PostgreSQL backends {db_cpu / stored * 1000:.2f} ms"
            )
    if args.profile:
        report_profile(args.profile)


def report_profile(folder: Path) -> None:
    """Statements, Redis round trips and CPU per POST, and the workers' profiles as one."""
    totals = [json.loads(path.read_text()) for path in sorted(folder.glob("worker-*.json"))]
    posts = sum(t["posts"] for t in totals)
    if not posts:
        print("no profile written (fewer than 100 POSTs per worker)")
        return
    for name in ("statements", "redis", "cpu_ms"):
        mean = sum(t[name] for t in totals) / posts
        print(f"per POST (profiled, {posts:,} POSTs): {name} {mean:.2f}")
    stats = pstats.Stats(*map(str, sorted(folder.glob("worker-*.prof"))))
    stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
    stats.print_stats(int(os.environ.get("PROFILE_LINES", "60")))


if __name__ == "__main__":
    main()
