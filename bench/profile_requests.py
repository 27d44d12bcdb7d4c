"""CPU time and SQL statements per request for the hot paths, in process, without wall clocks.

    .venv/bin/python -m bench.profile_requests [--database postgresql|sqlite] [-n 50]
        [--profile WHAT] [--statements WHAT] [--cache process|redis]

A fresh database (PostgreSQL at BENCH_POSTGRESQL_URL by default, dropped afterwards) is migrated;
a goal gets 1,000 comments with replies (bench/comments.py) and a resident signs in through the
test client. Each case then runs `-n` times after two warm-up requests; the figures are the
median (and the least) of `time.process_time()` around the test client's request (this
process's CPU only, so a loaded machine changes them less than wall-clock benchmarks; the least
is the steadiest on a busy machine) and the number of statements
sent to the database per request; on PostgreSQL also the CPU time of the database's server
processes per request (their mean, read from /proc: PostgreSQL must run on this machine).
The signed-in resident posts first, so that page 1 of the goal holds their own comments
(`goal`); `reader` is a resident who posts nothing, as the signed-in reader of `make bench`;
`replay` is that reader sending the cookie sign-in set on every request, as wrk does there.
`--profile post` (or `goal`, `reader`, `anon`, `start`, `bare`) prints the top of a cProfile
of that case, sorted by cumulative time (PROFILE_SORT, PROFILE_LINES and PROFILE_DUMP=file
change how and where);
`--statements WHAT` prints the statements of that case's last request; `--only WHAT` (repeated)
runs only those cases.
"""

import argparse
import contextvars
import cProfile
import os
import pstats
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from itsdangerous import URLSafeSerializer
from psycopg import sql
from sqlalchemy import event

from bench import bare_app as bare
from bench import comments
from bench.people import SUBMISSION_SALT, hidden_fields

DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
CASES = ["post", "goal", "reader", "replay", "anon", "start", "bare"]
SECRET = "profile-secret"  # noqa: S105 (a throwaway app in this process)


def make_database(kind: str):
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="dialog-profile-"))
        return f"sqlite:///{folder / 'profile.sqlite'}", lambda: None, lambda: 0
    admin = os.environ.get("BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL)
    name = f"dialog_profile_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def server_cpu() -> int:
        """Nanoseconds on a CPU so far of the database's server processes for this database
        (PostgreSQL on this machine; 0 when /proc does not show them)."""
        with psycopg.connect(admin, autocommit=True) as conn:
            pids = [
                row[0]
                for row in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)
                )
            ]
        total = 0
        for pid in pids:
            try:
                total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total

    return f"{admin.rsplit('/', 1)[0]}/{name}", drop, server_cpu


def seed(app, url: str) -> tuple[int, int]:
    """A goal in an open plan with 1,000 comments, and a resident (anna@example.se)."""
    from flask_migrate import upgrade
    from sqlalchemy import create_engine

    from dialog.config import normalise_database_url
    from dialog.db import configure_engine
    from dialog.extensions import db
    from tests.factories import make_goal, make_user

    with app.app_context():
        upgrade()
        goal = make_goal()
        user = make_user()
        make_user("bo@example.se", "Bo")  # a reader who posts nothing, as in bench/run.py
        goal_id, user_id = goal.id, user.id
        db.session.remove()
    engine = create_engine(normalise_database_url(url))
    configure_engine(engine)
    with engine.begin() as connection:
        authors = comments.insert_authors(connection, 200)
        comments.insert_comments(connection, goal_id, 1000, authors)
    engine.dispose()
    return goal_id, user_id


def sign_in(app, email: str):
    """A test client signed in as `email`."""
    client = app.test_client()
    page = client.get("/konto/logga-in").get_data(as_text=True)
    response = client.post(
        "/konto/logga-in",
        data={
            "email": email,
            "password": "correct horse battery",
            "csrf_token": hidden_fields(page)["csrf_token"],
        },
    )
    assert response.status_code == 302, response.status_code
    return client


class Counter:
    def __init__(self, engine) -> None:
        self.count = 0
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement, *_args) -> None:
        self.count += 1
        self.statements.append(" ".join(statement.split()))


def measure(
    client, counter: Counter, request, n: int, profile: bool, show: bool, server_cpu
) -> tuple[tuple[float, float], float, float]:
    def one():
        return contextvars.Context().run(request, client)

    for _ in range(2):
        one()
    cpu, statements = [], []
    # CPU time, as the medians: time waiting for the database is not this process's work.
    profiler = cProfile.Profile(time.process_time) if profile else None
    server_before = server_cpu()
    for _ in range(n):
        counter.count = 0
        counter.statements = []
        start = time.process_time()
        if profiler:
            profiler.enable()
        response = one()
        if profiler:
            profiler.disable()
        cpu.append((time.process_time() - start) * 1000)
        statements.append(counter.count)
        assert response.status_code in (200, 302), response.status_code
    server_ms = (server_cpu() - server_before) / n / 1e6
    if show:
        print("\n".join(counter.statements))
    if profiler:
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("PROFILE_LINES", "45")))
        if os.environ.get("PROFILE_DUMP"):  # for pstats' callers and callees
            stats.dump_stats(os.environ["PROFILE_DUMP"])
    return (min(cpu), statistics.median(cpu)), statistics.median(statements), server_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--profile", choices=CASES)
    parser.add_argument("--statements", choices=CASES)
    parser.add_argument(
        "--only",
        choices=CASES,
        action="append",
        help="run only these cases (for `perf stat` of the whole process: run it with two "
        "values of -n and divide the difference)",
    )
    parser.add_argument(
        "--cache",
        choices=["process", "redis"],
        default="process",
        help="where pages and their version are kept: in this process (the version read from "
        "the database), or Redis at BENCH_REDIS_URL as `make bench` runs it",
    )
    args = parser.parse_args()

    os.environ["DIALOG_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="dialog-profile-instance-")
    from dialog import create_app
    from dialog.extensions import db

    url, drop, server_cpu = make_database(args.database)
    try:
        redis_settings = {}
        if args.cache == "redis":
            redis_settings = {
                "CACHE_TYPE": "RedisCache",
                "CACHE_REDIS_URL": os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
                "CACHE_KEY_PREFIX": f"dialog-profile-{uuid.uuid4().hex[:8]}:",
            }
        app = create_app(
            {
                **redis_settings,
                "SECRET_KEY": SECRET,
                "SQLALCHEMY_DATABASE_URI": url,
                "SERVER_NAME": None,
                "MAIL_OUTBOX": tempfile.mkdtemp(prefix="dialog-profile-outbox-"),
                "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
                "REDIS_URL": None,
                "CELERY_BROKER_URL": None,
                # Posting hundreds of comments a minute, as bench/run.py allows.
                "LIMIT_POST_ACCOUNT": "100000/minute",
                "LIMIT_POST_IP": "100000/minute",
            }
        )
        goal_id, user_id = seed(app, url)
        with app.app_context():
            counter = Counter(db.engine)
        resident, reader = sign_in(app, "anna@example.se"), sign_in(app, "bo@example.se")
        csrf = hidden_fields(resident.get(f"/mal/{goal_id}").get_data(as_text=True))["csrf_token"]
        signer = URLSafeSerializer(SECRET, salt=SUBMISSION_SALT)
        anonymous = app.test_client()
        posted = iter(range(10**9))

        # Each POST is sent with the session as it was after signing in, as bench/post.lua does:
        # the test client would otherwise keep every "thank you" message, and the session grow.
        signed_in = resident.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert signed_in is not None

        def post(client):
            n = next(posted)
            client.set_cookie(signed_in.key, signed_in.value, domain=signed_in.domain)
            return client.post(
                f"/mal/{goal_id}/kommentera",
                data={
                    "csrf_token": csrf,
                    "submission_token": signer.dumps(
                        [user_id, f"goal:{goal_id}", uuid.uuid4().hex]
                    ),
                    "body": f"Fler lampor längs cykelvägen, tack (inlägg {n}).",
                },
            )

        # wrk sends the cookie the sign-in set on every request, never a newer one.
        replayer = sign_in(app, "bo@example.se")
        replayed = replayer.get_cookie(app.config["SESSION_COOKIE_NAME"])
        assert replayed is not None

        def replay(client):
            client.set_cookie(replayed.key, replayed.value, domain=replayed.domain)
            return client.get(f"/mal/{goal_id}")

        cases = [
            ("post", "POST comment (resident)", resident, post),
            ("goal", "GET /mal/<id> (resident)", resident, lambda c: c.get(f"/mal/{goal_id}")),
            ("reader", "GET /mal/<id> (other reader)", reader, lambda c: c.get(f"/mal/{goal_id}")),
            ("replay", "the same, sign-in cookie (wrk)", replayer, replay),
            ("anon", "GET /mal/<id> (anonymous)", anonymous, lambda c: c.get(f"/mal/{goal_id}")),
            ("start", "GET / (anonymous)", anonymous, lambda c: c.get("/")),
            ("bare", "GET / (bench/bare_app.py)", bare.app.test_client(), lambda c: c.get("/")),
        ]
        print(
            f"database: {args.database}, cache: {args.cache}, n={args.n}, "
            f"goal {goal_id} with 1,000+ comments"
        )
        print(
            f"{'case':32} {'CPU ms (median)':>16} {'(least)':>8} {'statements':>11} "
            f"{'DB CPU ms':>10}"
        )
        for key, label, client, request in cases:
            if args.only and key not in args.only:
                continue
            cpu, statements, server_ms = measure(
                client,
                counter,
                request,
                args.n,
                args.profile == key,
                args.statements == key,
                server_cpu,
            )
            least, median = cpu
            print(f"{label:32} {median:16.2f} {least:8.2f} {statements:11.0f} {server_ms:10.3f}")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
            if redis_settings:
                from dialog.extensions import cache

                cache.clear()  # this run's keys (its own prefix)
    finally:
        drop()


if __name__ == "__main__":
    main()
