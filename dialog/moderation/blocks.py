"""Blocking a resident from one municipality's dialogue, for a period or for good.

Participation asks `may(resident, "participation.unblocked", goal)` before anything is added
to a goal; the answer comes from here. A block is lifted, never deleted.
"""

from datetime import timedelta
from typing import Any

from flask import g, has_app_context
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from dialog.accounts.models import User
from dialog.catalogue.models import FocusArea, Goal
from dialog.core import audit
from dialog.core.permissions import Actor, Refusal, enforce, may, rule
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Block

#: Form value → days (None: permanent).
PERIODS = {
    "7": (7, _l("One week")),
    "30": (30, _l("30 days")),
    "90": (90, _l("90 days")),
    "365": (365, _l("One year")),
    "permanent": (None, _l("Permanently")),
}


def active_block(user_id: int, municipality_id: int) -> Block | None:
    """The block in force, asked once per request (a goal page asks for every comment)."""
    cache = g.setdefault("_moderation_blocks", {}) if has_app_context() else {}
    key = (user_id, municipality_id)
    if key not in cache:
        cache[key] = _find_active(user_id, municipality_id)
    return cache[key]


def in_force(user_id: Any, municipality_id: Any, now: Any = None) -> Select[int]:
    """The ids of the blocks in force, for a page that asks with its reader's other rows in
    one statement (then `remember_unblocked` when there are none). The arguments may be bound
    parameters, for a statement built once (`now` then too)."""
    now = utcnow() if now is None else now
    return select(Block.id).where(
        Block.user_id == user_id,
        Block.municipality_id == municipality_id,
        Block.lifted_at.is_(None),
        or_(Block.until.is_(None), Block.until > now),
    )


def remember_unblocked(user_id: int, municipality_id: int) -> None:
    """No block is in force (asked with `in_force`): `active_block` need not ask again."""
    if has_app_context():
        g.setdefault("_moderation_blocks", {})[(user_id, municipality_id)] = None


def _forget() -> None:
    if has_app_context():
        g.pop("_moderation_blocks", None)


def _find_active(user_id: int, municipality_id: int) -> Block | None:
    ids = in_force(user_id, municipality_id).scalar_subquery()
    return db.session.scalars(
        select(Block).where(Block.id.in_(ids)).order_by(Block.id.desc())
    ).first()


@rule("participation.unblocked")
def unblocked(actor: Actor, goal: Goal | FocusArea) -> Refusal | None:
    """Subject a goal or focus area: refused while the resident is blocked in its
    municipality."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    block = active_block(actor.id, goal.plan.municipality_id)
    if block is None:
        return None
    if block.until is None:
        return Refusal("blocked", _("A moderator has blocked you from taking part here."))
    return Refusal(
        "blocked",
        _(
            "A moderator has blocked you from taking part here until %(date)s.",
            date=format_date(block.until),
        ),
    )


def block(resident: User, municipality_id: int, moderator: User, period: str, why: str) -> Block:
    """Block with a written justification; a new block replaces the one in force."""
    problems = [may(moderator, "moderation.desk", municipality_id)]
    if period not in PERIODS:
        problems.append(Refusal("period", _("Choose how long the block lasts.")))
    if not (why or "").strip():
        problems.append(Refusal("justification", _("Write why the writer is blocked.")))
    if resident.id == moderator.id:
        problems.append(Refusal("self", _("You cannot block yourself.")))
    enforce(*problems)
    now = utcnow()
    _forget()
    before = active_block(resident.id, municipality_id)
    if before is not None:
        before.lifted_at, before.lifted_by_id = now, moderator.id
    days = PERIODS[period][0]
    found = Block(
        user_id=resident.id,
        municipality_id=municipality_id,
        blocked_by_id=moderator.id,
        justification=why.strip(),
        created_at=now,
        until=None if days is None else now + timedelta(days=days),
    )
    db.session.add(found)
    db.session.flush()
    _forget()
    audit.record(
        "moderation.block",
        actor=moderator,
        municipality_id=municipality_id,
        target=resident,
        before=_snapshot(before),
        after=_snapshot(found),
        reason=found.justification,
    )
    return found


def lift(found: Block, moderator: User) -> None:
    enforce(may(moderator, "moderation.desk", found.municipality_id))
    before = _snapshot(found)
    found.lifted_at, found.lifted_by_id = utcnow(), moderator.id
    db.session.flush()
    _forget()
    audit.record(
        "moderation.unblock",
        actor=moderator,
        municipality_id=found.municipality_id,
        target_type="users",
        target_id=found.user_id,
        before=before,
        after=_snapshot(found),
    )


def _snapshot(found: Block | None) -> dict | None:
    if found is None:
        return None
    return {
        "block_id": found.id,
        "until": found.until or "permanent",
        "lifted_at": found.lifted_at,
    }
