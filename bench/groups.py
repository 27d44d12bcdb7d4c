"""`make bench` (third part): opinion groups for 10,000 residents × 100 goals (target: under 10 s).

A fresh database (SQLite file by default; `--database postgresql` for a throwaway database at
BENCH_POSTGRESQL_URL) gets one plan with `--goals` goals and `--residents` residents, each
holding one of four planted outlooks and answering "how important?" on about `--rated` of the
goals (Core executemany). Then, `--repeat` times each:

1. the whole computation as the background job runs it (`services.compute`: read the answers,
   build the matrix, PCA, k-means for k = 2…5 with silhouettes, the group figures, store the
   result), median and slowest;
2. the method alone on the matrix already read (`maths.find_groups`);

(1) is also given as this process's CPU time, which other work on a shared machine does not
inflate (with SQLite the database work is in this process and counted; PostgreSQL's is not);

and prints the adjusted Rand index between the planted outlooks and the groups found.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench.run import database, prepare_database

OUTLOOKS = 4


def fill(
    residents: int, goals: int, rated: float, seed: int = 11
) -> tuple[dict[int, int], int, int]:
    """Insert the plan and the answers: ({user id: planted outlook}, plan id, answers)."""
    from sqlalchemy import insert, select

    from dialog.accounts.models import User
    from dialog.catalogue.models import Goal, Municipality, Plan
    from dialog.extensions import db
    from dialog.participation.models import Rating

    rng = np.random.default_rng(seed)
    now = datetime.now(UTC)
    town = Municipality(slug="bench-groups", name="Bench")
    plan = Plan(municipality=town, slug="bench-groups", title="Bench", kind="governing")
    db.session.add_all([town, plan])
    db.session.flush()
    connection = db.session.connection()
    connection.execute(
        insert(Goal.__table__),
        [
            {
                "plan_id": plan.id,
                "title": f"Mål {i}",
                "kind": "goal",
                "position": i,
                "is_archived": False,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(goals)
        ],
    )
    connection.execute(
        insert(User.__table__),
        [
            {
                "email": f"bench-{i}@example.invalid",
                "display_name": f"B {i}",
                "language": "sv",
                "rules_version": "bench",
                "rules_accepted_at": now,
                "privacy_version": "bench",
                "privacy_accepted_at": now,
                "notify_reply": False,
                "notify_response": False,
                "notify_decision": False,
                "is_blocked": False,
                "is_platform_admin": False,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(residents)
        ],
    )
    goal_ids = list(db.session.scalars(select(Goal.id).where(Goal.plan_id == plan.id)))
    user_ids = list(db.session.scalars(select(User.id).where(User.email.like("bench-%"))))
    profiles = rng.integers(1, 6, size=(OUTLOOKS, goals))
    outlook = rng.integers(0, OUTLOOKS, size=len(user_ids))
    answers = np.clip(profiles[outlook] + rng.integers(-1, 2, size=(len(user_ids), goals)), 1, 5)
    answered = rng.random(answers.shape) < rated
    rows = [
        {
            "goal_id": goal_ids[j],
            "user_id": user_ids[i],
            "question": "importance",
            "value": int(answers[i, j]),
            "created_at": now,
            "updated_at": now,
        }
        for i, j in zip(*np.nonzero(answered), strict=True)
    ]
    for start in range(0, len(rows), 20_000):
        connection.execute(insert(Rating.__table__), rows[start : start + 20_000])
    db.session.commit()
    return {user: int(o) for user, o in zip(user_ids, outlook, strict=True)}, plan.id, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--goals", type=int, default=100)
    parser.add_argument("--rated", type=float, default=0.6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, help="append the table to this Markdown file")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as directory,
        database(args.database, directory) as (
            url,
            label,
        ),
    ):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        os.environ["DATABASE_URL"] = url
        prepare_database({**os.environ, "DATABASE_URL": url})
        from sklearn.metrics import adjusted_rand_score

        from dialog import create_app
        from dialog.extensions import db
        from dialog.insights.groups import maths, services

        app = create_app()
        with app.app_context():
            started = time.monotonic()
            planted, plan_id, answers = fill(args.residents, args.goals, args.rated)
            filled = time.monotonic() - started
            if args.database == "postgresql":
                with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                ) as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            whole, alone, cpu = [], [], []
            for _round in range(args.repeat):
                started, used = time.perf_counter(), time.process_time()
                stored = services.compute(plan_id)
                db.session.commit()
                whole.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
            users, _goals, matrix = services.rating_matrix(plan_id)
            for _round in range(args.repeat):
                started = time.perf_counter()
                found = maths.find_groups(matrix)
                alone.append(time.perf_counter() - started)
            ari = adjusted_rand_score([planted[u] for u in users], found.labels)
            residents = stored.residents
        lines = [
            f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — opinion groups",
            "",
            f"`python -m bench.groups --database {args.database} --residents {args.residents} "
            f"--goals {args.goals} --rated {args.rated} --repeat {args.repeat}`",
            "",
            f"{label}; Python {platform.python_version()}; {os.cpu_count()} CPUs; load average "
            f"{os.getloadavg()[0]:.1f}; {answers:,} answers from {args.residents:,} residents on "
            f"{args.goals} goals written in {filled:.0f} s",
            "",
            "| measurement | figure |",
            "|---|---:|",
            f"| whole computation (read, compute, store), median of {len(whole)} | "
            f"{statistics.median(whole):.2f} s |",
            f"| whole computation, slowest | {max(whole):.2f} s |",
            # On a shared machine the wall clock waits for other work; CPU time does not.
            f"| whole computation, CPU time of this process, median | "
            f"{statistics.median(cpu):.2f} s |",
            "| the method alone (`maths.find_groups`), median | "
            f"{statistics.median(alone):.2f} s |",
            f"| residents in the matrix / groups found / silhouette | {residents:,} / "
            f"{len(found.goals)} / {found.silhouette:.2f} |",
            f"| adjusted Rand index, planted outlooks ({OUTLOOKS}) against groups found | "
            f"{ari:.3f} |",
        ]
        text = "\n".join(lines) + "\n"
        print(text)
        if args.output:
            with args.output.open("a", encoding="utf-8") as out:
                out.write("\n" + text)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
