"""The goal a resident's comment is posted on, read with what the rules ask next.

A comment's POST loads the goal as every form does (`catalogue.queries.goal_or_404`, the rules'
columns only), then the rules ask whether a block is in force in its municipality and the
moderation policy asks for the municipality's settings (dialog/moderation/blocks.py, one
statement for both). Both ride along here as three more columns of the goal's statement: one
round trip less for every comment. The block's and the settings' modules are told what was
found, so that they do not ask again.
"""

from functools import cache
from typing import Any

from flask import abort
from sqlalchemy import DateTime, Integer, Select, bindparam
from sqlalchemy.orm import aliased

from dialog.catalogue.models import Goal, Plan
from dialog.catalogue.queries import goal_statement
from dialog.catalogue.site import remember
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation import blocks, policy
from dialog.moderation.models import Block, Settings


def goal_to_post_on(goal_id: int, user_id: int) -> Goal:
    """The goal as `goal_or_404(goal_id, with_committees=False)` loads it (404 when there is
    none), with whether `user_id` is blocked in its municipality and the municipality's
    moderation settings read in the same statement."""
    parameters = {"goal_id": goal_id, "user_id": user_id, "now": utcnow()}
    row = db.session.execute(_statement(), parameters).unique().first()
    if row is None:
        abort(404)
    goal, block_id, *stored = row
    municipality_id = goal.plan.municipality_id
    remember(goal.plan.municipality)
    if block_id is None:  # one in force is loaded, and told, by the rule that asks for it
        blocks.remember_unblocked(user_id, municipality_id)
    # A NOT NULL column: NULL only from the outer join (no settings row: the defaults).
    policy.remember_settings(
        municipality_id, policy.Stored(*stored) if stored[0] is not None else None
    )
    return goal


@cache
def _statement() -> Select[Any]:
    """Built once per process (goal_id, user_id, now)."""
    plan = aliased(Plan)
    newest = (
        blocks.in_force(
            bindparam("user_id", type_=Integer),
            plan.municipality_id,
            bindparam("now", type_=DateTime(timezone=True)),
        )
        .order_by(Block.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        goal_statement(False)
        .add_columns(newest, *policy.settings_columns())
        .join(plan, plan.id == Goal.plan_id)
        .outerjoin(Settings, Settings.municipality_id == plan.municipality_id)
    )
