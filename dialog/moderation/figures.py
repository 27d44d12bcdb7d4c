"""Desk figures: queue lengths, time to decision and decisions per reason (last 30 days).

Time to decision is measured for each settling decision from when the comment came to the desk
(`Decision.submitted_at`): a comment held for checking and later reported counts twice, once
for each time it waited for a moderator."""

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from dialog.db import as_utc, utcnow
from dialog.extensions import db
from dialog.moderation import queries
from dialog.moderation.models import Action, Decision
from dialog.moderation.queries import Queue

PERIOD_DAYS = 30
#: Decisions that settle a comment; highlights and restores are not answers to a queue.
SETTLING = [a.value for a in (Action.PUBLISH, Action.REJECT, Action.HIDE, Action.DISMISS)]


@dataclass(frozen=True)
class Figures:
    queues: dict[Queue, int]
    #: Settling decisions in the period: each time a comment left the desk.
    decided: int
    median: timedelta | None
    p90: timedelta | None
    per_reason: list[tuple[str, int]]
    days: int = PERIOD_DAYS


def percentile(sorted_values: list[float], share: float) -> float | None:
    """Nearest rank: the smallest value with at least `share` of all values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def desk_figures(municipality_id: int) -> Figures:
    since = utcnow() - timedelta(days=PERIOD_DAYS)
    rows = db.session.execute(
        select(Decision.created_at, Decision.submitted_at).where(
            Decision.municipality_id == municipality_id,
            Decision.action.in_(SETTLING),
            Decision.created_at >= since,
        )
    ).all()
    waits = sorted(
        max(0.0, (as_utc(decided) - as_utc(submitted)).total_seconds())
        for decided, submitted in rows
    )
    per_reason = db.session.execute(
        select(Decision.reason, func.count(Decision.id))
        .where(
            Decision.municipality_id == municipality_id,
            Decision.created_at >= since,
            Decision.reason.is_not(None),
        )
        .group_by(Decision.reason)
        .order_by(func.count(Decision.id).desc(), Decision.reason)
    ).all()
    median, p90 = percentile(waits, 0.5), percentile(waits, 0.9)
    return Figures(
        queues=queries.counts(municipality_id),
        decided=len(waits),
        median=None if median is None else timedelta(seconds=median),
        p90=None if p90 is None else timedelta(seconds=p90),
        per_reason=[(reason or "", n) for reason, n in per_reason],
    )
