"""Read-only JSON API under /api/v1; every object links to its page with `html_url`."""

import math
from datetime import date
from typing import Any

from flask import Blueprint, current_app, jsonify, url_for
from flask.typing import ResponseReturnValue

from dialog.api.openapi import openapi_document
from dialog.catalogue import queries
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.db import as_utc
from dialog.extensions import db
from dialog.participation import queries as participation
from dialog.participation import subjects
from dialog.participation.models import DONT_KNOW, Comment, CommentStatus
from dialog.participation.subjects import Subject
from dialog.participation.views import window_arguments
from dialog.participation.windows import dialogue_state
from dialog.responses import queries as responses
from dialog.responses.models import StatusUpdate

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
        "kind": p.kind,
        "status": p.status,
        "period": p.period,
        "dialogue_level": p.dialogue_level,
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
        "html_url": url_for("catalogue.goal", goal_id=g.id, _external=True),
    }


def _focus_area(a: FocusArea) -> dict:
    return {
        "id": a.id,
        "code": a.code,
        "kind": a.kind,
        "title": a.title,
        "description": a.description,
        "html_url": url_for("catalogue.focus_area", area_id=a.id, _external=True),
        "goals": [_goal(g) for g in a.goals if not g.is_archived],
    }


def _iso(moment: date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _comment(c: Comment) -> dict:
    """A comment keeps its slot in any status, but only a published one shows its text."""
    published = c.status == CommentStatus.PUBLISHED
    author: str | None
    if c.is_official:
        author = c.subject.plan.municipality.name
    elif c.author is None:  # from another channel: no resident's name to show
        author = None
    else:
        author = None if c.author.is_deleted else c.author.display_name
    return {
        "id": c.id,
        "html_url": url_for("comments.show", comment_id=c.id, _external=True),
        "status": c.status,
        "author": author,
        "former_participant": c.author is not None and c.author.is_deleted and not c.is_official,
        "is_official": c.is_official,
        "channel": c.channel.value,
        "text": c.body if published else None,
        "category": c.category if published else None,
        "created_at": _iso(as_utc(c.created_at)),
        "edited_at": _iso(as_utc(c.edited_at)),
        "agree_count": c.agree_count,
        "disagree_count": c.disagree_count,
        "reply_count": c.reply_count,
    }


def _answer_key(value: int) -> str:
    return "dont_know" if value == DONT_KNOW else str(value)


def _ratings(subject: Subject) -> dict:
    """Distributions only from the threshold up, so that no one's answer can be singled out."""
    threshold = current_app.config["RATING_MIN_RESPONDENTS"]
    result = {}
    for question, found in participation.rating_distributions(subject).items():
        counts = {_answer_key(value): n for value, n in found.counts.items()}
        result[question.value] = {
            "respondents": found.respondents,
            "distribution": counts if found.respondents >= threshold else None,
        }
    return result


def _dialogue(subject: Subject) -> dict:
    state = dialogue_state(subject)
    window = state.window
    return {
        "phase": state.phase,
        "opens_on": _iso(window.opens_on) if window else None,
        "closes_on": _iso(window.closes_on) if window else None,
        "ladder_step": window.ladder_step if window else None,
        "influence": window.influence if window else None,
        "readers": window.readers if window else None,
    }


def _official_response(goal_id: int) -> dict | None:
    found = responses.response_of(goal_id)
    if found is None:
        return None
    return {
        "text": found.body,
        "published_at": _iso(as_utc(found.published_at)),
        "edited_at": _iso(as_utc(found.edited_at)),
    }


def _status_update(update: StatusUpdate) -> dict:
    return {
        "status": update.option.code,
        "label": update.option.name,
        "progress": update.progress,
        "date": _iso(update.happened_on),
        "note": update.note,
    }


def _status(goal_id: int) -> dict | None:
    """The newest update is the status; earlier ones follow, newest first."""
    updates = responses.updates_of(goal_id)
    if not updates:
        return None
    return _status_update(updates[0]) | {"updates": [_status_update(u) for u in updates]}


def _comments_url(subject: Subject, **arguments: Any) -> str:
    if isinstance(subject, FocusArea):
        return url_for("api.focus_area_comments", area_id=subject.id, _external=True, **arguments)
    return url_for("api.goal_comments", goal_id=subject.id, _external=True, **arguments)


def _participation(subject: Subject) -> dict:
    """What residents said on a goal or focus area, in the same shape for both."""
    return {
        "dialogue": _dialogue(subject),
        "ratings": _ratings(subject),
        "comment_count": subjects.shown_count(subject),
        "comments_url": _comments_url(subject),
    }


def _comment_page(subject: Subject) -> ResponseReturnValue:
    """A page of top-level comments by cursor, as on the subject's own page: the `next` and
    `prev` links carry `after=` or `before=`, so the thousandth page costs what the first does.
    `?page=N` (by offset, slower the deeper it goes) is still answered for older clients."""
    sort, cursor, page = window_arguments()  # the subject page's rules: both hold the same
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    window = participation.comment_window(subject, sort, cursor, per_page, None, page)
    return jsonify(
        items=[
            _comment(c) | {"replies": [_comment(r) for r in window.replies.get(c.id, [])]}
            for c in window.comments
        ],
        page=None if cursor is not None else page,
        per_page=per_page,
        total=window.total,
        pages=max(1, math.ceil(window.total / per_page)),
        sort=sort,
        next=(
            _comments_url(subject, sort=sort, after=window.next_cursor)
            if window.next_cursor
            else None
        ),
        prev=(
            _comments_url(subject, sort=sort, before=window.previous_cursor)
            if window.previous_cursor
            else None
        ),
    )


@bp.get("/municipalities")
def municipalities() -> ResponseReturnValue:
    """Every municipality."""
    return jsonify(items=[_municipality(m) for m in queries.list_municipalities()])


@bp.get("/municipalities/<slug>")
def municipality(slug: str) -> ResponseReturnValue:
    """One municipality with its vision and plans."""
    found = queries.municipality_or_404(slug, with_listing=True)
    return jsonify(
        _municipality(found) | {"vision": found.vision, "plans": [_plan(p) for p in found.plans]}
    )


@bp.get("/municipalities/<slug>/plans/<plan_slug>")
def plan(slug: str, plan_slug: str) -> ResponseReturnValue:
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
def goal(goal_id: int) -> ResponseReturnValue:
    """One goal with its text, plan, focus area, committees, dialogue window and ratings."""
    found = queries.goal_or_404(goal_id)
    area = found.focus_area
    return jsonify(
        _goal(found)
        | {
            "description": found.description,
            "municipality": _municipality(found.plan.municipality),
            "plan": _plan(found.plan),
            "focus_area": (
                {"id": area.id, "code": area.code, "kind": area.kind, "title": area.title}
                if area
                else None
            ),
            "committees": [
                {"name": c.name, "slug": c.slug, "kind": c.kind, "full_name": c.full_name}
                for c in found.committees
            ],
            "official_response": _official_response(found.id),
            "status": _status(found.id),
        }
        | _participation(found)
    )


@bp.get("/goals/<int:goal_id>/comments")
def goal_comments(goal_id: int) -> ResponseReturnValue:
    """One page of a goal's top-level comments with their replies, in the goal page's order."""
    return _comment_page(db.get_or_404(Goal, goal_id))


@bp.get("/focus-areas/<int:area_id>")
def focus_area(area_id: int) -> ResponseReturnValue:
    """One focus area with its goals, and the dialogue on it where its plan holds one."""
    found = queries.focus_area_or_404(area_id)
    return jsonify(
        _focus_area(found)
        | {
            "municipality": _municipality(found.plan.municipality),
            "plan": _plan(found.plan),
        }
        | _participation(found)
    )


@bp.get("/focus-areas/<int:area_id>/comments")
def focus_area_comments(area_id: int) -> ResponseReturnValue:
    """One page of a focus area's top-level comments with their replies, in its page's order."""
    return _comment_page(db.get_or_404(FocusArea, area_id))


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document())
