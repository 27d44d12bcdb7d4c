"""What others see of the municipality's answers: a section of the goal page, and links on
the officials' start page."""

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from dialog.catalogue.models import Goal, Municipality
from dialog.core import frames
from dialog.core.cache import current_version
from dialog.core.permissions import Actor, allowed
from dialog.extensions import cache
from dialog.responses import queries


def feedback_section(goal: Goal, _state: Mapping[str, Any]) -> Markup:
    """The response and the status, first below the goal; for residents nothing until either
    exists, for officials who may answer also a link to do so.

    What every reader sees alike is kept in the shared cache under the content version
    (dialog/core/versions.py), so a new response or status shows at once; only the link is
    decided per reader."""
    shared = _shared_feedback(goal)
    may_answer = allowed(current_user, "response.write", goal)
    if shared is None and not may_answer:
        return Markup("")
    if shared is None:
        shared = _render_feedback(goal, queries.Feedback(None, []))
    before, after = shared
    link = render_template("responses/_answer_link.html", goal=goal) if may_answer else ""
    return Markup(before + link + after)  # noqa: S704 (rendered templates, escaped by Jinja)


def _shared_feedback(goal: Goal) -> tuple[str, str] | None:
    """The section as everyone sees it, split where an official's link goes; None when the
    municipality has said nothing yet."""
    parts = (current_version().token, str(get_locale()), request.script_root, str(goal.id))
    key = "feedback:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    # Kept in the process too, in front of the shared cache (the key holds the version).
    return frames.kept((key,), lambda _marks: _cached_feedback(key, goal)).parts


def _cached_feedback(key: str, goal: Goal) -> "_Kept":
    found = cache.get(key)
    if isinstance(found, _Kept):
        return found
    feedback = queries.feedback(goal.id)
    made = _Kept(None if feedback.is_empty else _render_feedback(goal, feedback))
    cache.set(key, made)
    return made


@dataclass(frozen=True)
class _Kept:
    parts: tuple[str, str] | None


def _render_feedback(goal: Goal, feedback: queries.Feedback) -> tuple[str, str]:
    mark = f"<!--{secrets.token_hex(12)}-->"
    html = render_template(
        "responses/_goal_section.html",
        feedback=feedback,
        goal=goal,
        answer_link=Markup(mark),  # noqa: S704 (no input)
    )
    before, after = html.split(mark, 1)
    return before, after


def officials_links(actor: Actor, municipality: Municipality) -> list[tuple[str, str]]:
    """The officials' start page links to the waiting list and the status list."""
    links = []
    if allowed(actor, "response.list", municipality):
        links.append(
            (
                url_for("responses.waiting", slug=municipality.slug),
                _("Goals waiting for a response"),
            )
        )
    if allowed(actor, "response.statuses", municipality):
        links.append(
            (url_for("responses.statuses", slug=municipality.slug), _("Statuses of goals"))
        )
    return links
