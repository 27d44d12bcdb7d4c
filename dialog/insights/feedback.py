"""The public "what we heard" page of a plan: choose, publish, take down, show.

A communicator chooses which parts of the plan's summary residents see (figures, rating
charts, the matrix, comments per week) and which comments to quote, and publishes. The page
reads the figures live; breakdowns by district and age band are never public.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from dialog.catalogue.models import Plan
from dialog.core import audit
from dialog.db import utcnow
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.models import FeedbackPage
from dialog.insights.queries import Filter
from dialog.insights.summary import Summary, summarise
from dialog.participation.models import Comment, CommentStatus

#: How many of the most agreed and most divisive comments a communicator chooses from.
CANDIDATES = 8


def page_of(plan: Plan) -> FeedbackPage | None:
    return db.session.scalar(select(FeedbackPage).where(FeedbackPage.plan_id == plan.id))


def candidates(plan: Plan) -> list[Comment]:
    """Comments a communicator may quote: the most agreed and the most divisive, published."""
    scope, everything = queries.of_plan(plan.id), Filter()
    found: dict[int, Comment] = {}
    for comment in queries.most_agreed(scope, everything, CANDIDATES) + queries.most_divisive(
        scope, everything, CANDIDATES
    ):
        found.setdefault(comment.id, comment)
    return list(found.values())


def publish(plan: Plan, choice: dict, actor: Any) -> FeedbackPage:
    """Store the choice and make the page public (or update it); recorded in the audit log."""
    page = page_of(plan)
    before = page.snapshot() if page else None
    if page is None:
        page = FeedbackPage(plan_id=plan.id)
        db.session.add(page)
    allowed = {comment.id for comment in candidates(plan)}
    page.intro = (choice.get("intro") or "").strip() or None
    for part in (
        "show_figures",
        "show_ratings",
        "show_matrix",
        "show_weeks",
        "show_groups",
        "show_themes",
    ):
        setattr(page, part, bool(choice.get(part)))
    page.quote_ids = [i for i in choice.get("quote_ids") or [] if i in allowed]
    page.published_at = utcnow()
    page.published_by_id = actor.id
    db.session.flush()
    audit.record(
        "feedback.publish",
        actor=actor,
        municipality_id=plan.municipality_id,
        target=plan,
        before=before,
        after=page.snapshot(),
    )
    return page


def take_down(plan: Plan, actor: Any) -> bool:
    page = page_of(plan)
    if page is None or page.published_at is None:
        return False
    before = page.snapshot()
    page.published_at = None
    audit.record(
        "feedback.take_down",
        actor=actor,
        municipality_id=plan.municipality_id,
        target=plan,
        before=before,
        after=page.snapshot(),
    )
    return True


def public_view(plan: Plan, page: FeedbackPage) -> tuple[Summary, list[Comment]]:
    """(summary, quotes still published, in the chosen order)."""
    summary = summarise(plan.title, queries.of_plan(plan.id), Filter(), with_matrix=True)
    quoted = {
        c.id: c
        for c in db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.goal), joinedload(Comment.focus_area))
            .where(
                Comment.id.in_(page.quote_ids or []),
                Comment.status == CommentStatus.PUBLISHED.value,
            )
        )
    }
    return summary, [quoted[i] for i in page.quote_ids or [] if i in quoted]
