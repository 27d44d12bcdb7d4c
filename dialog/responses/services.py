"""Writes for the municipality's answers on goals; each checks the rules, records itself in the
audit log and never commits (the view does, once)."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from dialog.catalogue.models import Goal, Municipality
from dialog.core import audit
from dialog.core.permissions import Actor, NotAllowed, Refusal, enforce, may
from dialog.db import rows_changed, upsert_statement, utcnow
from dialog.extensions import db
from dialog.participation import services as participation
from dialog.participation.models import Comment
from dialog.participation.notifications import notify_official_response, notify_reply
from dialog.responses.models import (
    DefaultStatus,
    OfficialResponse,
    OfficialResponseVersion,
    StatusOption,
    StatusUpdate,
)


def _municipality_id(goal: Goal) -> int:
    return goal.plan.municipality_id


def _stale() -> Refusal:
    return Refusal(
        "stale",
        _(
            "Someone else changed the response after you opened the page. Their wording is "
            "shown on the page; your text is still in the field. Send it again to replace theirs."
        ),
    )


def publish_response(
    goal: Goal, actor: Actor, body: str, seen: int | None = None
) -> tuple[OfficialResponse, bool]:
    """Publish the municipality's response, or replace its text keeping the earlier version.

    `seen` is the revision the official's form showed (0: none yet); if another official
    published or edited meanwhile, nothing is written and NotAllowed("stale") is raised.
    Returns (response, changed). The first publication tells the residents who took part;
    later edits are recorded but mail nobody (a changed wording is not news)."""
    enforce(may(actor, "response.write", goal))
    found = db.session.scalar(select(OfficialResponse).filter_by(goal_id=goal.id))
    current = found.revision if found else 0
    if seen is not None and seen != current:
        raise NotAllowed(_stale())
    if found is None:
        return _publish_first(goal, actor, body), True
    if found.body == body:
        return found, False
    # Claim the next revision first: of two edits sent at once, only one gets it.
    claimed = db.session.execute(
        update(OfficialResponse)
        .where(OfficialResponse.id == found.id, OfficialResponse.revision == current)
        .values(revision=current + 1)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(claimed) != 1:
        raise NotAllowed(_stale())
    now = utcnow()
    db.session.add(
        OfficialResponseVersion(
            response=found,
            body=found.body,
            author_id=found.author_id,
            written_at=found.edited_at or found.published_at,
            replaced_at=now,
        )
    )
    before = {"goal_id": goal.id, "body": found.body, "revision": current}
    found.body, found.author_id, found.edited_at = body, actor.id, now
    found.revision = current + 1
    db.session.flush()
    audit.record(
        "response.edit",
        actor=actor,
        municipality_id=_municipality_id(goal),
        target=found,
        before=before,
        after={"goal_id": goal.id, "body": body, "revision": current + 1},
    )
    return found, True


def _publish_first(goal: Goal, actor: Actor, body: str) -> OfficialResponse:
    """Insert the response unless another official's got there first (one per goal)."""
    now = utcnow()
    inserted = db.session.execute(
        upsert_statement(OfficialResponse)
        .values(
            goal_id=goal.id,
            body=body,
            author_id=actor.id,
            published_at=now,
            revision=1,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["goal_id"])
        .returning(OfficialResponse.id)
    ).scalar()
    if inserted is None:
        raise NotAllowed(_stale())
    found = db.session.get_one(OfficialResponse, inserted)
    audit.record(
        "response.publish",
        actor=actor,
        municipality_id=_municipality_id(goal),
        target=found,
        after={"goal_id": goal.id, "body": body, "revision": 1},
    )
    notify_official_response(goal, event_key=f"published:{found.id}")
    return found


def ensure_default_options(municipality_id: int) -> None:
    """Give a municipality the shipped statuses the first time any are needed; safe to repeat."""
    if db.session.scalar(
        select(func.count(StatusOption.id)).filter_by(municipality_id=municipality_id)
    ):
        return
    for position, status in enumerate(DefaultStatus):
        db.session.execute(
            upsert_statement(StatusOption)
            .values(
                municipality_id=municipality_id,
                code=status.value,
                position=position,
                is_archived=False,
            )
            .on_conflict_do_nothing(index_elements=["municipality_id", "code"])
        )
    db.session.flush()


def set_status(
    goal: Goal, actor: Actor, option_id: int, progress: int, happened_on: date, note: str | None
) -> StatusUpdate:
    """Add a dated status update; the newest one is the goal's public status."""
    enforce(may(actor, "response.write", goal))
    option = db.session.get(StatusOption, option_id)
    if option is None or option.municipality_id != _municipality_id(goal) or option.is_archived:
        raise NotAllowed(Refusal("unknown_status", _("Choose one of the statuses in the list.")))
    if not 0 <= progress <= 100:
        raise NotAllowed(Refusal("progress", _("Enter the progress as a number from 0 to 100.")))
    previous = db.session.scalar(
        select(StatusUpdate).filter_by(goal_id=goal.id).order_by(StatusUpdate.id.desc()).limit(1)
    )
    update = StatusUpdate(
        goal_id=goal.id,
        option=option,
        progress=progress,
        happened_on=happened_on,
        note=note or None,
        author_id=actor.id,
    )
    db.session.add(update)
    db.session.flush()
    audit.record(
        "goal_status.update",
        actor=actor,
        municipality_id=_municipality_id(goal),
        target=goal,
        before=_status_snapshot(previous),
        after=_status_snapshot(update),
    )
    return update


def _status_snapshot(update: StatusUpdate | None) -> dict | None:
    if update is None:
        return None
    return {
        "status": update.option.code or update.option.label,
        "option_id": update.option_id,
        "progress": update.progress,
        "happened_on": update.happened_on,
        "note": update.note,
    }


def reply_officially(parent: Comment, actor: Actor, body: str, token: str) -> participation.Posted:
    """Reply to a comment as the municipality, once per form token, whether or not the
    dialogue is still open (the answer often comes after it closed)."""
    subject = parent.subject  # a goal or a focus area: both have a plan in a municipality
    enforce(may(actor, "response.write", subject))
    posted = participation.post_comment(subject, actor, body, None, token, parent, official=True)
    if not posted.created:
        return posted
    audit.record(
        "comment.official_reply",
        actor=actor,
        municipality_id=subject.plan.municipality_id,
        target=posted.comment,
        after={
            "goal_id": parent.goal_id,
            "focus_area_id": parent.focus_area_id,
            "parent_id": parent.id,
            "body": body,
        },
    )
    notify_reply(posted.comment)
    return posted


def add_option(municipality: Municipality, actor: Actor, label: str) -> StatusOption:
    """Add a status of the municipality's own to the end of its list."""
    enforce(may(actor, "response.statuses", municipality))
    ensure_default_options(municipality.id)
    last = db.session.scalar(
        select(func.max(StatusOption.position)).filter_by(municipality_id=municipality.id)
    )
    option = StatusOption(
        municipality_id=municipality.id, label=label, position=(last or 0) + 1, is_archived=False
    )
    db.session.add(option)
    db.session.flush()
    audit.record(
        "goal_status_option.add",
        actor=actor,
        municipality_id=municipality.id,
        target=option,
        after=_option_snapshot(option),
    )
    return option


def edit_option(option: StatusOption, actor: Actor, label: str | None, is_archived: bool) -> bool:
    """Rename a status or stop offering it; False if nothing changed. An added status must
    keep a name (only shipped ones have a translated default to fall back on)."""
    enforce(may(actor, "response.statuses", option.municipality_id))
    if not label and option.code is None:
        raise NotAllowed(Refusal("label", _("Write the name of the status.")))
    before = _option_snapshot(option)
    option.label, option.is_archived = label or None, is_archived
    after = _option_snapshot(option)
    if before == after:
        return False
    db.session.flush()
    audit.record(
        "goal_status_option.edit",
        actor=actor,
        municipality_id=option.municipality_id,
        target=option,
        before=before,
        after=after,
    )
    return True


def _option_snapshot(option: StatusOption) -> dict:
    return {"code": option.code, "label": option.label, "is_archived": option.is_archived}
