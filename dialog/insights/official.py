"""Official responses (dialog/responses) as the summaries see them: counted and listed."""

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from dialog.extensions import db
from dialog.insights.queries import Filter, Scope, _in_period
from dialog.insights.responses import response_source
from dialog.responses.models import OfficialResponse


def responses_in(scope: Scope, selection: Filter) -> Select:
    """One goal id per response published in scope and period."""
    query = select(OfficialResponse.goal_id).where(OfficialResponse.goal_id.in_(scope.goals))
    return _in_period(query, OfficialResponse.published_at, selection)


def register() -> None:
    response_source(responses_in)


def listed(scope: Scope) -> list[OfficialResponse]:
    """The responses published on the goals in scope, with their goals, in the goals' order."""
    query = (
        select(OfficialResponse)
        .where(OfficialResponse.goal_id.in_(scope.goals))
        .options(joinedload(OfficialResponse.goal))
        .order_by(OfficialResponse.goal_id)
    )
    return list(db.session.scalars(query))
