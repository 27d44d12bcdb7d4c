"""Only the signed-in goal row of `make bench` and the bare app, with CPU per request by process.

    .venv/bin/python -m bench.signed_in [--rounds 3] [--seconds 8] [--tree DIR ...]

One fresh PostgreSQL database with `bench.run`'s quick demo data and its 100,000-comment goal;
then, in turns (`--rounds`), the bare app and Dialog from each `--tree` (a checkout of the
project, default this one: an A/B of two commits on the same data and machine) under
`bench.run`'s gunicorn settings, and wrk on the goal page with a resident's session cookie.
Besides req/s and the ratio to the bare app of the same round, it prints the CPU time per
request of the gunicorn workers, the database's server processes, Redis and wrk (from /proc),
so that a change can be told apart from the noise of a shared machine.
"""

import argparse
import os
import secrets
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

from bench import comments, load, people
from bench import run as bench_run

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """Seconds of CPU (user + system) of a process so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _redis_pids() -> list[int]:
    """Redis's server on this machine (its CPU counts too: a signed-in view may ask it)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "redis-server":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _database_pids(admin: str, name: str) -> list[int]:
    with psycopg.connect(admin, autocommit=True) as connection:
        rows = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))
        return [row[0] for row in rows]


@contextmanager
def gunicorn(app: str, env: dict, tree: Path):
    """bench.run's gunicorn, from `tree`; yields (port, process)."""
    port = bench_run.free_port()
    command = [str(bench_run.BIN / "gunicorn"), *bench_run.GUNICORN, "--bind"]
    command += [f"127.0.0.1:{port}", app]
    path = os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")]))
    process = subprocess.Popen(command, cwd=tree, env={**env, "PYTHONPATH": path})  # noqa: S603
    try:
        bench_run.wait_until_listening(port, process)
        bench_run.wait_until_answering(port, process)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(port, process, path, seconds, headers, database, spy=None):
    """req/s and CPU ms per request of the workers, the database and wrk; with `spy` (a
    py-spy binary and a folder), the workers' stacks sampled meanwhile, as collapsed stacks."""
    bench_run.warm_up(port, path, headers)
    workers = _children(process.pid)
    spies = []
    if spy:
        spies = [
            subprocess.Popen(  # noqa: S603 (our own command)
                [
                    spy[0],
                    "record",
                    "--pid",
                    str(pid),
                    "--rate",
                    "400",
                    "--nonblocking",
                    "--format",
                    "raw",
                    "--duration",
                    str(round(seconds)),
                    "--output",
                    str(Path(spy[1]) / f"worker-{pid}.txt"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for pid in workers
        ]
    database_pids = _database_pids(*database) if database else []
    redis = _redis_pids()
    before = {pid: _cpu_of(pid) for pid in workers + database_pids + redis}
    started = load.start(
        "row", load.wrk_command(f"http://127.0.0.1:{port}{path}", seconds, 8, headers=headers)
    )
    wrk_pid = started[1].pid
    wrk_cpu = 0.0
    while started[1].poll() is None:
        wrk_cpu = max(wrk_cpu, _cpu_of(wrk_pid))
        time.sleep(0.2)
    result = load.finish(started)
    for one in spies:
        one.wait(timeout=60)
    database_pids = _database_pids(*database) if database else []
    after = {pid: _cpu_of(pid) for pid in workers + database_pids + redis}
    per = 1000 / max(result.requests, 1)
    shares = {
        "workers": sum(after[p] - before.get(p, 0) for p in workers) * per,
        "database": sum(after[p] - before.get(p, 0) for p in database_pids) * per,
        "redis": sum(after[p] - before.get(p, 0) for p in redis) * per,
        "wrk": wrk_cpu * per,
    }
    return result.per_second, shares


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--large-comments", type=int, default=100_000)
    parser.add_argument("--tree", type=Path, action="append")
    parser.add_argument("--py-spy", nargs=2, metavar=("BINARY", "FOLDER"))
    parser.add_argument("--app", default="wsgi:app", help="Dialog's WSGI app (a profiling wrapper)")
    args = parser.parse_args()
    trees = args.tree or [bench_run.ROOT]
    redis_url = os.environ.get("BENCH_REDIS_URL", bench_run.DEFAULT_REDIS)
    admin = os.environ.get("BENCH_POSTGRESQL_URL", bench_run.DEFAULT_POSTGRESQL)
    quick = bench_run.QUICK
    with (
        tempfile.TemporaryDirectory() as directory,
        bench_run.database("postgresql", directory) as (url, _label),
        bench_run.redis_run(redis_url) as run_key,
    ):
        name = url.rsplit("/", 1)[1]
        secret = secrets.token_hex(32)
        env = bench_run.server_env(
            url, secret, redis_url, bench_run.instance_folder(directory, run_key)
        )
        bench_run.prepare_database(env)
        bench_run.flask(
            env,
            "dialog",
            "demo",
            "--residents",
            str(quick["residents"]),
            "--comments",
            str(quick["demo_comments"]),
            "--ratings",
            str(quick["ratings"]),
        )
        goals = comments.seed(url, 1000, args.large_comments)
        residents, _official = people.make_accounts(url, 2, bench_run.MUNICIPALITY)
        path = f"/mal/{goals.large}"
        for turn in range(args.rounds):
            with gunicorn("bench.bare_app:app", env, bench_run.ROOT) as (port, process):
                bare, shares = measure(port, process, "/", args.seconds, None, None)
            print(
                f"round {turn + 1} bare: {bare:.0f} req/s; "
                + ", ".join(f"{k} {v:.3f} ms" for k, v in shares.items()),
                flush=True,
            )
            for tree in trees:
                with gunicorn(args.app, env, tree) as (port, process):
                    reader = people.sign_in(port, residents[0])
                    rate, shares = measure(
                        port,
                        process,
                        path,
                        args.seconds,
                        {"Cookie": reader.cookie_header()},
                        (admin, name),
                        args.py_spy,
                    )
                print(
                    f"round {turn + 1} {tree}: {rate:.0f} req/s, {rate / bare:.3f} of bare; "
                    + ", ".join(f"{k} {v:.3f} ms" for k, v in shares.items()),
                    flush=True,
                )


if __name__ == "__main__":
    main()
