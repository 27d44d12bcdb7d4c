"""The catalogue's public counts on a cache miss: comments and replies residents can read, and
the people who commented or rated (dialog/participation/activity.py), on a database that
`bench.summaries --keep NAME` built (by default 100,000 comments and 1,000,000 ratings).

Every write replaces the content version, so on a busy site these are counted again after each
write: one goal (the goal page), every goal (plan pages list theirs), one plan and every plan
(the start and municipality pages). Prints the median of `--repeat` rounds of each.

    .venv/bin/python -m bench.summaries --database postgresql --keep dialog_bench_counts
    .venv/bin/python -m bench.activity_counts --keep dialog_bench_counts
"""

import argparse
import os
import statistics
import time

from bench.run import DEFAULT_POSTGRESQL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", metavar="NAME", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    server = os.environ.get("BENCH_POSTGRESQL_URL", DEFAULT_POSTGRESQL).rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{server}/{args.keep}"
    from sqlalchemy import func, select

    from dialog import create_app
    from dialog.catalogue.models import Goal, Plan
    from dialog.extensions import db
    from dialog.participation.activity import goal_counts, plan_counts
    from dialog.participation.models import Comment

    app = create_app()
    with app.app_context():
        goals = list(db.session.scalars(select(Goal.id).order_by(Goal.id)))
        plans = list(db.session.scalars(select(Plan.id).order_by(Plan.id)))
        busiest = db.session.scalar(
            select(Comment.goal_id).group_by(Comment.goal_id).order_by(func.count().desc())
        )
        cases = [
            (f"one goal (#{busiest}, the most comments)", goal_counts, [busiest]),
            (f"every goal ({len(goals)})", goal_counts, goals),
            (f"one plan (#{plans[0]})", plan_counts, plans[:1]),
            (f"every plan ({len(plans)})", plan_counts, plans),
        ]
        print("| counted | median ms |\n|---|---:|")
        for name, count, ids in cases:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                count(ids)
                times.append(time.perf_counter() - started)
                db.session.rollback()
            print(f"| {name} | {statistics.median(times) * 1000:.1f} |")


if __name__ == "__main__":
    main()
