"""Reminding administrators of goals left without a response after their dialogue closed.

A scheduled job (beat, every RESPONSE_REMINDER_SECONDS) finds goals with comments whose
dialogue window closed at least RESPONSE_REMINDER_DAYS ago and that still have no published
response. Each goal is reminded about once: a row in response_reminders, inserted before the
mails in the same transaction, is the proof; running the job again, or twice at once, sends
nothing more (the insert that loses the race writes nothing, and mails are keyed per goal and
administrator in the outbox).
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import case, exists, select
from sqlalchemy.orm import aliased

from dialog.accounts.models import User
from dialog.accounts.roles import Membership, Role
from dialog.catalogue.models import DialogueWindow, Goal, Plan
from dialog.core.outbox import queue_mail
from dialog.core.urls import external_url
from dialog.db import upsert_statement, utcnow
from dialog.extensions import db
from dialog.jobs import job
from dialog.participation.models import goal_totals
from dialog.participation.windows import today
from dialog.responses.models import OfficialResponse, ResponseReminder

#: Goals handled per run; the rest wait for the next one.
BATCH = 500


def goals_to_remind(limit: int = BATCH) -> list[Goal]:
    """Goals with comments, closed long enough ago, unanswered and not yet reminded about."""
    cutoff = today() - timedelta(days=current_app.config["RESPONSE_REMINDER_DAYS"])
    own = aliased(DialogueWindow)
    plans = aliased(DialogueWindow)
    # The goal's own window decides when it has one, even an open-ended one.
    closes_on = case((own.id.is_not(None), own.closes_on), else_=plans.closes_on)
    tally = goal_totals().subquery()
    return list(
        db.session.scalars(
            select(Goal)
            .join(Plan, Plan.id == Goal.plan_id)
            .join(tally, tally.c.goal_id == Goal.id)
            .outerjoin(own, own.goal_id == Goal.id)
            .outerjoin(plans, plans.plan_id == Plan.id)
            .where(
                Goal.is_archived.is_(False),
                tally.c.comment_count > 0,
                closes_on <= cutoff,
                ~exists().where(OfficialResponse.goal_id == Goal.id),
                ~exists().where(ResponseReminder.goal_id == Goal.id),
            )
            .order_by(Goal.id)
            .limit(limit)
        )
    )


def administrators(municipality_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.municipality_id == municipality_id,
                Membership.role == Role.ADMIN.value,
                User.email.is_not(None),
            )
            .order_by(User.id)
        )
    )


def remind(goal: Goal) -> int:
    """Mail the goal's administrators unless someone already did; the number of mails queued."""
    admins = administrators(goal.plan.municipality_id)
    if not admins:
        return 0  # nobody to tell yet: try again when the municipality has an administrator
    claimed = db.session.execute(
        upsert_statement(ResponseReminder)
        .values(goal_id=goal.id, sent_at=utcnow())
        .on_conflict_do_nothing(index_elements=["goal_id"])
        .returning(ResponseReminder.goal_id)
    ).scalar()
    if claimed is None:
        return 0
    municipality = goal.plan.municipality
    link = external_url("responses.goal", slug=municipality.slug, goal_id=goal.id)
    for admin in admins:
        if admin.email is None:  # administrators() selects only accounts with an address
            continue
        queue_mail(
            admin.email,
            "response_reminder",
            admin.language,
            key=f"response_reminder:{goal.id}:{admin.id}",
            user=admin,
            goal=goal,
            municipality=municipality,
            days=current_app.config["RESPONSE_REMINDER_DAYS"],
            link=link,
        )
    return len(admins)


@job("dialog.responses.remind", every="RESPONSE_REMINDER_SECONDS")
def remind_unanswered() -> int:
    """Remind about every goal that is due; safe to run again or in parallel."""
    sent = 0
    for goal in goals_to_remind():
        sent += remind(goal)
        db.session.commit()
    return sent
