"""Read-only JSON API under /api/v1; every object links to its page with `html_url`."""

from flask import Blueprint, jsonify, url_for

from dialog.api.openapi import openapi_document
from dialog.catalogue import queries
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _municipality(m: Municipality) -> dict:
    return {
        "slug": m.slug,
        "name": m.name,
        "html_url": url_for("catalogue.municipality", slug=m.slug, _external=True),
    }


def _plan(p: Plan) -> dict:
    return {
        "slug": p.slug,
        "title": p.title,
        "status": p.status,
        "period": p.period,
        "html_url": url_for(
            "catalogue.plan", slug=p.municipality.slug, plan_slug=p.slug, _external=True
        ),
    }


def _goal(g: Goal) -> dict:
    return {
        "id": g.id,
        "code": g.code,
        "title": g.title,
        "kind": g.kind,
        "is_archived": g.is_archived,
        "html_url": url_for("participation.goal", goal_id=g.id, _external=True),
    }


def _focus_area(a: FocusArea) -> dict:
    return {
        "id": a.id,
        "code": a.code,
        "title": a.title,
        "description": a.description,
        "html_url": url_for("catalogue.focus_area", area_id=a.id, _external=True),
        "goals": [_goal(g) for g in a.goals if not g.is_archived],
    }


@bp.get("/municipalities")
def municipalities():
    """Every municipality."""
    return jsonify(items=[_municipality(m) for m in queries.list_municipalities()])


@bp.get("/municipalities/<slug>")
def municipality(slug: str):
    """One municipality with its vision and plans."""
    found = queries.municipality_or_404(slug, with_listing=True)
    return jsonify(
        _municipality(found) | {"vision": found.vision, "plans": [_plan(p) for p in found.plans]}
    )


@bp.get("/municipalities/<slug>/plans/<plan_slug>")
def plan(slug: str, plan_slug: str):
    """One plan with its focus areas, their goals, and the goals outside any focus area."""
    found = queries.plan_or_404(queries.municipality_or_404(slug), plan_slug)
    loose = [g for g in found.goals if g.focus_area_id is None and not g.is_archived]
    return jsonify(
        _plan(found)
        | {
            "intro": found.intro,
            "source": found.source,
            "focus_areas": [_focus_area(a) for a in found.focus_areas if not a.is_archived],
            "goals": [_goal(g) for g in loose],
        }
    )


@bp.get("/goals/<int:goal_id>")
def goal(goal_id: int):
    """One goal with its text, plan, focus area and committees."""
    found = queries.goal_or_404(goal_id)
    area = found.focus_area
    return jsonify(
        _goal(found)
        | {
            "description": found.description,
            "municipality": _municipality(found.plan.municipality),
            "plan": _plan(found.plan),
            "focus_area": {"id": area.id, "code": area.code, "title": area.title} if area else None,
            "committees": [{"name": c.name, "slug": c.slug} for c in found.committees],
        }
    )


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document())
