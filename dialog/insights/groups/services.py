"""Reading a plan's importance ratings into a matrix, computing its groups, storing the result.

Only answers 1–5 to "how important is this goal to you?" on the plan's goals count ("don't
know" is no answer); residents who rated fewer than `maths.MIN_RATED` goals are left out. The
computation runs as a background job (`compute_job`); a periodic job (`refresh_job`) computes
again the plans whose ratings changed since.
"""

import itertools
import logging
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import func, select

from dialog.catalogue.models import Goal
from dialog.core import audit
from dialog.db import utcnow
from dialog.extensions import db
from dialog.insights.groups import maths
from dialog.insights.groups.models import OpinionGroupResult, Outcome
from dialog.jobs import job
from dialog.participation.models import Rating, RatingQuestion

log = logging.getLogger("dialog.insights")


def _answers(plan_id: int) -> Any:
    return (
        select(Rating.user_id, Rating.goal_id, Rating.value)
        .join(Goal, Goal.id == Rating.goal_id)
        .where(
            Goal.plan_id == plan_id,
            Rating.question == RatingQuestion.IMPORTANCE.value,
            Rating.value > 0,
            Rating.user_id.is_not(None),
        )
    )


def fingerprint(plan_id: int) -> str:
    """How many answers there are and when the latest changed: equal means nothing changed."""
    inner = _answers(plan_id).add_columns(Rating.updated_at).subquery()
    count, latest = db.session.execute(select(func.count(), func.max(inner.c.updated_at))).one()
    return f"{count}:{latest.isoformat() if hasattr(latest, 'isoformat') else latest}"[:80]


def rating_matrix(plan_id: int) -> tuple[list[int], list[int], NDArray[np.float64]]:
    """(resident ids, goal ids, residents × goals answers with NaN where not rated), for the
    residents who rated at least `maths.MIN_RATED` goals."""
    found = db.session.execute(_answers(plan_id)).all()
    # From the flat sequence in one pass: np.array over 10⁶ row objects is several times slower.
    flat = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
    rows = flat.reshape(-1, 3)
    users, user_index = np.unique(rows[:, 0], return_inverse=True)
    goals, goal_index = np.unique(rows[:, 1], return_inverse=True)
    matrix = np.full((len(users), len(goals)), np.nan)
    matrix[user_index, goal_index] = rows[:, 2]
    keep = maths.eligible(matrix) if len(users) else np.zeros(0, dtype=bool)
    return [int(u) for u in users[keep]], [int(g) for g in goals], matrix[keep]


def eligible_residents(plan_id: int) -> int:
    """How many residents rated at least `maths.MIN_RATED` of the plan's goals (in SQL)."""
    inner = (
        _answers(plan_id)
        .with_only_columns(Rating.user_id)
        .group_by(Rating.user_id)
        .having(func.count() >= maths.MIN_RATED)
        .subquery()
    )
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


def as_result(goal_ids: list[int], found: maths.Groups) -> dict:
    """The stored form: goals by id, numbers rounded to what is shown."""
    return {
        "silhouette": round(found.silhouette, 4),
        "groups": [
            {
                "size": size,
                "goals": [
                    {
                        "goal": goal_ids[j],
                        "answers": cell.answers,
                        "mean": None if cell.mean is None else round(cell.mean, 4),
                        "high": cell.high,
                    }
                    for j, cell in enumerate(found.goals[number])
                ],
                "representative": [
                    {
                        "goal": goal_ids[r.goal],
                        "higher": r.higher,
                        "share_group": round(r.share_group, 4),
                        "share_rest": round(r.share_rest, 4),
                        "p": float(f"{r.p_value:.3g}"),
                    }
                    for r in found.representative[number]
                ],
            }
            for number, size in enumerate(found.sizes)
        ],
        "consensus": [
            {"goal": goal_ids[r.goal], "score": round(r.score, 4)} for r in found.consensus
        ],
        "divisive": [
            {"goal": goal_ids[r.goal], "score": round(r.score, 4)} for r in found.divisive
        ],
    }


def compute(plan_id: int) -> OpinionGroupResult:
    """Compute the plan's groups now and store them (replacing the last result); flushes."""
    mark = fingerprint(plan_id)
    _users, goal_ids, matrix = rating_matrix(plan_id)
    outcome, result = Outcome.GROUPS, {}
    try:
        result = as_result(goal_ids, maths.find_groups(matrix))
    except maths.TooFewResidents:
        outcome = Outcome.TOO_FEW
    except maths.NoGroups:
        outcome = Outcome.NO_GROUPS
    stored = latest(plan_id) or OpinionGroupResult(plan_id=plan_id)
    stored.computed_at = utcnow()
    stored.outcome, stored.result = outcome, result
    stored.residents, stored.fingerprint = len(matrix), mark
    db.session.add(stored)
    db.session.flush()
    return stored


def latest(plan_id: int) -> OpinionGroupResult | None:
    return db.session.scalar(
        select(OpinionGroupResult).where(OpinionGroupResult.plan_id == plan_id)
    )


def request_computation(plan: Any, actor: Any) -> None:
    """An official asks for the groups to be computed again; recorded in the audit log."""
    audit.record(
        "opinion_groups.compute",
        actor=actor,
        municipality_id=plan.municipality_id,
        target=plan,
    )
    compute_job.enqueue(plan.id)


@job("dialog.insights.opinion_groups")
def compute_job(plan_id: int) -> None:
    compute(plan_id)
    db.session.commit()


@job("dialog.insights.opinion_groups_refresh", every="OPINION_GROUPS_REFRESH_SECONDS")
def refresh_job() -> None:
    """Compute again every stored plan whose ratings changed since it was computed."""
    for plan_id, mark in db.session.execute(
        select(OpinionGroupResult.plan_id, OpinionGroupResult.fingerprint)
    ).all():
        if fingerprint(plan_id) != mark:
            compute(plan_id)
            db.session.commit()
            log.info("opinion groups of plan %s computed again", plan_id)
