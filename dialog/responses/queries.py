"""Reads for responses and statuses: the goal page's section, the API, the officials' list."""

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from dialog.catalogue.models import Goal, Plan
from dialog.extensions import db
from dialog.participation.models import goal_totals
from dialog.responses.models import OfficialResponse, StatusOption, StatusUpdate

#: Dated updates shown on the goal page and in the API (the newest first).
UPDATES_SHOWN = 20


@dataclass(frozen=True)
class Feedback:
    """What the municipality has said and decided about a goal."""

    response: OfficialResponse | None
    #: Newest first; the first one is the current status.
    updates: list[StatusUpdate]

    @property
    def status(self) -> StatusUpdate | None:
        return self.updates[0] if self.updates else None

    @property
    def is_empty(self) -> bool:
        return self.response is None and not self.updates


def response_of(goal_id: int) -> OfficialResponse | None:
    return db.session.scalar(select(OfficialResponse).filter_by(goal_id=goal_id))


def updates_of(goal_id: int, limit: int = UPDATES_SHOWN) -> list[StatusUpdate]:
    return list(
        db.session.scalars(
            select(StatusUpdate)
            .filter_by(goal_id=goal_id)
            .options(selectinload(StatusUpdate.option))
            .order_by(StatusUpdate.id.desc())
            .limit(limit)
        )
    )


def feedback(goal_id: int) -> Feedback:
    return Feedback(response_of(goal_id), updates_of(goal_id))


def options_of(municipality_id: int, include_archived: bool = False) -> list[StatusOption]:
    query = select(StatusOption).filter_by(municipality_id=municipality_id)
    if not include_archived:
        query = query.filter_by(is_archived=False)
    return list(db.session.scalars(query.order_by(StatusOption.position, StatusOption.id)))


@dataclass(frozen=True)
class Waiting:
    """One page of goals waiting for a response, each with its number of comments."""

    rows: list[tuple[Goal, int]]
    total: int
    page: int
    pages: int


def waiting_goals(municipality_id: int, page: int, per_page: int) -> Waiting:
    """Goals with comments and no published response, the most discussed first."""
    answered = exists().where(OfficialResponse.goal_id == Goal.id)
    tally = goal_totals().subquery()
    conditions = (Plan.municipality_id == municipality_id, tally.c.comment_count > 0, ~answered)
    base = (
        select(Goal, tally.c.comment_count)
        .join(tally, tally.c.goal_id == Goal.id)
        .join(Plan, Plan.id == Goal.plan_id)
        .where(*conditions)
    )
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    rows = db.session.execute(
        base.options(selectinload(Goal.plan))
        .order_by(tally.c.comment_count.desc(), Goal.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Waiting([(goal, int(count)) for goal, count in rows], total, page, pages)
