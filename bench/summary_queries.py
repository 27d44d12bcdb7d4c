"""Where the plan summary's time goes on the server, in figures that load on a shared machine
disturbs less than wall-clock time.

On a database that `bench.summaries --keep NAME` built, the plan with the most comments is
rendered as `bench.summaries` renders it, `--repeat` times after one warm-up, and printed:

- the CPU time of this process and of the PostgreSQL backend serving it (from /proc: the
  server must run on this machine) per render, median;
- each SELECT's server time by `EXPLAIN (ANALYZE, TIMING OFF)` (planning + execution), median
  of `--repeat`, largest first, and their sum.

`--serial` runs every statement without parallel workers (their CPU is not the backend's, so
that the backend's CPU time is then all the work the server did).

    .venv/bin/python -m bench.summary_queries --keep dialog_bench_summaries [--serial]

To compare with another checkout's code on the same data, run this file by its path with that
checkout first on the path (the file's own directory comes first, not the current one):

    PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=/other/checkout .venv/bin/python \
        bench/summary_queries.py --keep dialog_bench_summaries --serial
"""

import argparse
import os
import statistics
import time

from bench.run import DEFAULT_POSTGRESQL
from bench.summaries import busiest_plan


def _backend_cpu_ms(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", metavar="NAME", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--serial", action="store_true")
    args = parser.parse_args()
    server = os.environ.get("BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL).rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{server}/{args.keep}"
    if args.serial:
        os.environ["PGOPTIONS"] = "-c max_parallel_workers_per_gather=0"
    from sqlalchemy import event, text

    from dialog import create_app
    from dialog.catalogue.models import Plan
    from dialog.core.templating import translated
    from dialog.extensions import db
    from dialog.insights import queries
    from dialog.insights.manage import _render, heading

    app = create_app()
    statements: list[tuple[str, object]] = []
    own, backend = [], []
    with app.app_context():
        slug, plan_id, _plan_slug = busiest_plan()

        @event.listens_for(db.engine, "before_cursor_execute")
        def _seen(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                statements.append((statement, parameters))

    for round_ in range(args.repeat + 1):
        with app.test_request_context(f"/hantera/{slug}/sammanfattning"):
            plan = db.session.get(Plan, plan_id)
            assert plan is not None
            pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            statements.clear()
            server_before, started = _backend_cpu_ms(pid), time.process_time()
            _body, status = _render(
                plan.municipality,
                heading(translated(plan, "title")),  # as the view's heading
                queries.of_plan(plan.id),
                with_matrix=True,
                plan=plan,
                areas=list(plan.focus_areas),
                goals=[],
            )
            assert status == 200
            if round_:
                own.append((time.process_time() - started) * 1000)
                backend.append(_backend_cpu_ms(pid) - server_before)
            rendered = list(statements)
    print(
        f"plan {plan_id} of {slug}: this process {statistics.median(own):.0f} ms CPU, "
        f"PostgreSQL backend {statistics.median(backend):.0f} ms CPU (medians of {args.repeat}"
        f"{', no parallel workers' if args.serial else ''}); load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    import psycopg

    timings = []
    with psycopg.connect(os.environ["DATABASE_URL"].replace("+psycopg", "")) as connection:
        if args.serial:
            connection.execute("SET max_parallel_workers_per_gather = 0")
        for statement, parameters in rendered:
            runs = []
            for _ in range(args.repeat):
                found = connection.execute(
                    "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + statement,  # type: ignore[arg-type]
                    parameters,  # type: ignore[arg-type]
                ).fetchone()
                assert found is not None
                plan_json = found[0][0]
                runs.append(plan_json["Planning Time"] + plan_json["Execution Time"])
            timings.append((statistics.median(runs), " ".join(statement.split())))
    print(f"{len(timings)} SELECTs, {sum(t for t, _s in timings):.1f} ms on the server in all:")
    for took, statement in sorted(timings, reverse=True):
        print(f"{took:8.1f} ms  {statement[:110]}")


if __name__ == "__main__":
    main()
