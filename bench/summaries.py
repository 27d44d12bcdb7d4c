"""`make bench` (second part): the plan summary and the CSV export at scale, next to COPY.

A fresh database (PostgreSQL by default, at BENCH_POSTGRESQL_URL; `--database sqlite` for a
file) gets the seeded catalogue and `flask dialog demo` data (by default 100,000 comments and
1,000,000 ratings), is vacuumed and analysed, and then:

1. the plan summary page of the plan with the most comments is rendered (the view's work:
   every query, the charts and the template; sign-in and the second factor left out) once to
   warm up and then `--repeat` times: median and slowest;
2. every comment is exported as CSV by the export's own row reader and writer, in a child
   process of its own, to /dev/null: rows per second and that process's peak memory (max RSS);
3. PostgreSQL's own `COPY (SELECT … the same columns …) TO STDOUT WITH CSV` streams the same
   rows, for comparison.
"""

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.run import DEFAULT_POSTGRESQL, prepare_database
from bench.run import database as throwaway_database

ROOT = Path(__file__).resolve().parent.parent

COPY_SQL = """
COPY (SELECT c.id, CASE WHEN c.goal_id IS NULL THEN 'focus_area' ELSE 'goal' END,
             coalesce(c.goal_id, c.focus_area_id), coalesce(g.code, f.code),
             coalesce(g.title, f.title), c.parent_id, c.author_id, c.category, c.status,
             c.created_at, c.edited_at, c.agree_count, c.disagree_count, c.reply_count,
             c.report_count, c.body
      FROM comments c LEFT JOIN goals g ON g.id = c.goal_id
      LEFT JOIN focus_areas f ON f.id = c.focus_area_id JOIN users u ON u.id = c.author_id
      ORDER BY c.id) TO STDOUT WITH CSV HEADER
"""


def fill(url: str, residents: int, comments: int, ratings: int) -> float:
    env = {**os.environ, "DATABASE_URL": url}
    prepare_database(env)
    started = time.monotonic()
    subprocess.run(  # noqa: S603 (fixed arguments)
        [
            str(Path(sys.executable).parent / "flask"),
            "--app",
            "wsgi",
            "dialog",
            "demo",
            "--residents",
            str(residents),
            "--comments",
            str(comments),
            "--ratings",
            str(ratings),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took = time.monotonic() - started
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    return took


@contextlib.contextmanager
def kept_database(name: str):
    """(URL, label, whether it existed) of the PostgreSQL database NAME: made if missing, kept."""
    import psycopg
    from psycopg import sql

    server = os.environ.get("BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL)
    with psycopg.connect(server, autocommit=True) as connection:
        existed = (
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )
        if not existed:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = connection.execute("SHOW server_version").fetchone()[0].split()[0]
    yield f"{server.rsplit('/', 1)[0]}/{name}", f"PostgreSQL {version}", existed


@contextlib.contextmanager
def with_existed(made):
    with made as (url, label):
        yield url, label, False


def holds_demo_data(url: str) -> bool:
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        try:
            found = connection.execute("SELECT count(*) FROM comments").fetchone()
        except psycopg.errors.UndefinedTable:
            return False
    return bool(found and found[0])


def refresh(url: str) -> float:
    """Bring a kept database to the current migration head and re-analyse it."""
    import psycopg

    started = time.monotonic()
    subprocess.run(  # noqa: S603 (fixed arguments)
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return time.monotonic() - started


def busiest_plan():
    """(municipality slug, plan id, plan slug) of the plan whose goals hold the most comments:
    the summary both benchmarks time. Call inside an app context."""
    from sqlalchemy import func, select

    from dialog.catalogue.models import Goal, Municipality, Plan
    from dialog.extensions import db
    from dialog.participation.models import Comment

    return db.session.execute(
        select(Municipality.slug, Plan.id, Plan.slug)
        .join(Plan, Plan.municipality_id == Municipality.id)
        .join(Goal, Goal.plan_id == Plan.id)
        .join(Comment, Comment.goal_id == Goal.id)
        .group_by(Municipality.slug, Plan.id, Plan.slug)
        .order_by(func.count(Comment.id).desc())
        .limit(1)
    ).one()


def summary_timings(url: str, repeat: int) -> tuple[str, list[float]]:
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import select

    from dialog import create_app
    from dialog.catalogue.models import Municipality, Plan
    from dialog.core.templating import translated
    from dialog.extensions import db
    from dialog.insights.manage import _render, heading

    app = create_app()
    with app.app_context():
        slug, _plan_id, plan_slug = busiest_plan()
    timings = []
    for _round in range(repeat + 1):
        with app.test_request_context(f"/hantera/{slug}/sammanfattning/plan/{plan_slug}"):
            municipality = db.session.scalar(select(Municipality).filter_by(slug=slug))
            plan = db.session.scalar(
                select(Plan).filter_by(municipality_id=municipality.id, slug=plan_slug)
            )
            from dialog.insights import queries

            started = time.perf_counter()
            _body, status = _render(
                municipality,
                heading(translated(plan, "title")),  # as the view's heading
                queries.of_plan(plan.id),
                with_matrix=True,
                plan=plan,
                areas=list(plan.focus_areas),
                goals=[],
            )
            timings.append(time.perf_counter() - started)
            assert status == 200
    return f"{slug}/{plan_slug}", timings[1:]


def export_child(url: str) -> None:
    """In the child process: export every comment as CSV to /dev/null; print rows, seconds."""
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import select

    from dialog import create_app
    from dialog.catalogue.models import FocusArea, Goal
    from dialog.exports import rows, writers
    from dialog.insights.queries import Filter, Scope
    from dialog.participation.models import CommentStatus

    app = create_app()
    with app.app_context(), open(os.devnull, "w", encoding="utf-8") as sink:
        count = 0

        def counted():
            nonlocal count
            for row in rows.comment_rows(
                1,
                Scope(select(Goal.id), select(FocusArea.id)),
                Filter(),
                statuses=tuple(CommentStatus),
            ):
                count += 1
                yield row

        started = time.perf_counter()
        for chunk in writers.csv_chunks(rows.COMMENT_COLUMNS, counted(), text=rows.COMMENT_TEXT):
            sink.write(chunk)
        took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": count, "seconds": took, "peak_mb": peak}))


def export_timing(url: str) -> tuple[int, float, float]:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-m", "bench.summaries", "--export-child", url],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return found["rows"], found["seconds"], found["peak_mb"]


def copy_timing(url: str) -> tuple[int, float]:
    import psycopg

    lines = 0
    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        started = time.perf_counter()
        with connection.cursor().copy(COPY_SQL) as copy:
            for block in copy:
                lines += bytes(block).count(b"\n")
        took = time.perf_counter() - started
    return lines - 1, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--export-child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help="append the table to this Markdown file")
    parser.add_argument(
        "--keep",
        metavar="NAME",
        help="PostgreSQL only: use and keep the database NAME instead of a throwaway one",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: if NAME already holds demo data, only migrate and analyse it",
    )
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child)
        return
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep NAME")
    if args.keep and args.database != "postgresql":
        parser.error("--keep is for PostgreSQL")
    import tempfile

    with (
        tempfile.TemporaryDirectory() as directory,
        (
            kept_database(args.keep)
            if args.keep
            else with_existed(throwaway_database(args.database, directory))
        ) as (url, label, existed),
    ):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        if args.reuse and existed and holds_demo_data(url):
            filled = refresh(url)
            made = f"demo data reused from `{args.keep}` (migrated and analysed in {filled:.0f} s)"
        else:
            filled = fill(url, args.residents, args.comments, args.ratings)
            made = f"demo data written in {filled:.0f} s"
        plan, timings = summary_timings(url, args.repeat)
        count, seconds, peak = export_timing(url)
        lines = [
            f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — summaries and exports",
            "",
            f"`python -m bench.summaries --database {args.database} --residents {args.residents} "
            f"--comments {args.comments} --ratings {args.ratings}"
            + (f" --keep {args.keep}" if args.keep else "")
            + (" --reuse" if args.reuse else "")
            + "`",
            "",
            f"{label}; Python {platform.python_version()}; {os.cpu_count()} CPUs; load average "
            f"{os.getloadavg()[0]:.1f}; {made}",
            "",
            "| measurement | figure |",
            "|---|---:|",
            f"| plan summary `{plan}`, warm, median of {len(timings)} | "
            f"{statistics.median(timings) * 1000:.0f} ms |",
            f"| plan summary, slowest | {max(timings) * 1000:.0f} ms |",
            f"| CSV export, every comment ({count:,} rows) | {count / seconds:,.0f} rows/s |",
            f"| CSV export, peak memory of the process | {peak:.0f} MB |",
        ]
        if args.database == "postgresql":
            copied, copy_seconds = copy_timing(url)
            lines.append(
                f"| PostgreSQL `COPY … TO STDOUT WITH CSV`, same rows ({copied:,}) | "
                f"{copied / copy_seconds:,.0f} rows/s |"
            )
        text = "\n".join(lines) + "\n"
        print(text)
        if args.output:
            with args.output.open("a", encoding="utf-8") as out:
                out.write("\n" + text)


if __name__ == "__main__":
    main()
