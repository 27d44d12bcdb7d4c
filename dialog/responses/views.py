"""What others see of the municipality's answers: a section of the goal page, and links on
the officials' start page."""

from collections.abc import Mapping
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from dialog.catalogue.models import Goal, Municipality
from dialog.core.permissions import Actor, allowed
from dialog.responses import queries


def feedback_section(goal: Goal, _state: Mapping[str, Any]) -> Markup:
    """The response and the status, first below the goal; for residents nothing until either
    exists, for officials who may answer also a link to do so."""
    found = queries.feedback(goal.id)
    may_answer = allowed(current_user, "response.write", goal)
    if found.is_empty and not may_answer:
        return Markup("")
    return Markup(  # noqa: S704 (a rendered template, escaped by Jinja)
        render_template(
            "responses/_goal_section.html", feedback=found, goal=goal, may_answer=may_answer
        )
    )


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
