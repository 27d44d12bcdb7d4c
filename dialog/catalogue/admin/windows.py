"""Dialogue windows of plans and goals: opened, changed and closed by the importer's rules;
callers commit."""

import copy
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from dialog.catalogue.admin import checks
from dialog.catalogue.admin.services import Invalid, _allowed, _check, _log, _text, _write
from dialog.catalogue.importer.problems import Path
from dialog.catalogue.importer.validation import parse_day
from dialog.catalogue.models import DialogueWindow, Goal, Municipality, Plan
from dialog.core.permissions import Actor
from dialog.extensions import db

WINDOW_FIELDS = {
    "opens": "opens",
    "closes": "closes",
    "ladder": "ladder",
    "influence": "influence",
    "readers": "readers",
    "en.influence": "influence_en",
    "en.readers": "readers_en",
}


def save_window(
    municipality: Municipality, target: Plan | Goal, entry: dict, actor: Actor
) -> DialogueWindow:
    """Open, change or close (by its closing date) the dialogue window of a plan or a goal."""
    _allowed(actor, municipality)
    before = checks.document(municipality)
    after = copy.deepcopy(before)
    if isinstance(target, Plan):
        checks.plan_data(after, target)["dialogue"] = entry
        prefix: Path = ("plans", municipality.plans.index(target), "dialogue")
    else:
        goal_entry = checks.take_goal(after, target)
        if goal_entry is None:
            raise Invalid({"": [_("The goal is archived. Restore it first.")]})
        goal_entry["dialogue"] = entry
        prefix = (*checks.append_last(after, target.plan, "goals", goal_entry), "dialogue")
    _check(before, after, prefix, WINDOW_FIELDS)
    key = {"plan_id": target.id} if isinstance(target, Plan) else {"goal_id": target.id}
    window = db.session.scalar(select(DialogueWindow).filter_by(**key))
    is_new = window is None
    if window is None:
        window = DialogueWindow(**key)
        db.session.add(window)
    values = {
        "opens_on": parse_day(entry["opens"]),
        "closes_on": parse_day(entry["closes"]) if "closes" in entry else None,
        "ladder_step": entry["ladder"],
        "influence": _text(entry, "influence"),
        "influence_en": _text(entry, "influence", english=True),
        "readers": _text(entry, "readers"),
        "readers_en": _text(entry, "readers", english=True),
    }
    changed = _write(window, values)
    action = "catalogue.window.open" if is_new else "catalogue.window.update"
    _log(action, actor, municipality, window, *changed)
    return window


def close_window(
    municipality: Municipality, window: DialogueWindow, day: date, actor: Actor
) -> None:
    """Close the window after `day`: residents can add nothing from the next day on."""
    target: Plan | Goal | None = db.session.get(Plan, window.plan_id) if window.plan_id else None
    target = target or db.session.get(Goal, window.goal_id)
    assert target is not None, "a window has a plan or a goal (constraint one_target)"
    entry = window_entry(window)
    entry["closes"] = day.isoformat()
    save_window(municipality, target, entry, actor)


def window_entry(window: DialogueWindow) -> dict:
    entry = {"opens": window.opens_on.isoformat(), "ladder": window.ladder_step}
    checks.put(entry, "closes", window.closes_on.isoformat() if window.closes_on else None)
    entry.update(influence=window.influence, readers=window.readers)
    checks.put(
        entry, "en", checks.english(influence=window.influence_en, readers=window.readers_en)
    )
    return entry
