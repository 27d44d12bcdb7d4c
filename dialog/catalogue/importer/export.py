"""Write a municipality back as a goal document that imports as a no-op."""

from typing import Any

from dialog.catalogue.importer.municipality import export_site
from dialog.catalogue.models import (
    Committee,
    DialogueLevel,
    DialogueWindow,
    FocusArea,
    Goal,
    GroupKind,
    Municipality,
)


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        target[key] = value


def _english(**texts: str | None) -> dict[str, str]:
    return {key: value for key, value in texts.items() if value}


def _window(window: DialogueWindow | None) -> dict | None:
    if window is None:
        return None
    data = {"opens": window.opens_on.isoformat()}
    _put(data, "closes", window.closes_on.isoformat() if window.closes_on else None)
    data.update(ladder=window.ladder_step, influence=window.influence, readers=window.readers)
    _put(data, "en", _english(influence=window.influence_en, readers=window.readers_en))
    return data


def _goal(goal: Goal) -> dict:
    data: dict = {}
    _put(data, "code", goal.code)
    data["title"] = goal.title
    _put(data, "description", goal.description)
    data["kind"] = goal.kind
    _put(data, "en", _english(title=goal.title_en, description=goal.description_en))
    _put(data, "committees", [c.name for c in goal.committees])
    _put(data, "dialogue", _window(goal.window))
    return data


def _focus_area(area: FocusArea) -> dict:
    data: dict = {}
    _put(data, "code", area.code)
    if area.kind != GroupKind.FOCUS_AREA:
        data["kind"] = area.kind
    data["title"] = area.title
    _put(data, "description", area.description)
    _put(data, "en", _english(title=area.title_en, description=area.description_en))
    _put(data, "goals", [_goal(g) for g in area.goals if not g.is_archived])
    return data


def _committee(committee: Committee) -> dict[str, Any]:
    data: dict[str, Any] = {"name": committee.name}
    _put(data, "full_name", committee.full_name)
    data["kind"] = committee.kind
    return data


def export_municipality(municipality: Municipality) -> dict:
    """The municipality with every plan and every focus area and goal that is not archived."""
    muni: dict = {"name": municipality.name, "slug": municipality.slug}
    muni.update(export_site(municipality))
    _put(muni, "districts", [d.name for d in municipality.districts if not d.is_archived])
    _put(muni, "committees", [_committee(c) for c in municipality.committees])
    plans = []
    for plan in municipality.plans:
        data: dict = {"slug": plan.slug, "title": plan.title, "kind": plan.kind}
        data["status"] = plan.status
        _put(data, "period", plan.period)
        _put(data, "intro", plan.intro)
        _put(data, "source", plan.source)
        _put(data, "en", _english(title=plan.title_en, intro=plan.intro_en))
        _put(data, "dialogue", _window(plan.window))
        if plan.dialogue_level != DialogueLevel.GOALS:
            data["dialogue_level"] = plan.dialogue_level
        _put(data, "focus_areas", [_focus_area(a) for a in plan.focus_areas if not a.is_archived])
        loose = [g for g in plan.goals if g.focus_area_id is None and not g.is_archived]
        _put(data, "goals", [_goal(g) for g in loose])
        plans.append(data)
    return {"municipality": muni, "plans": plans}
