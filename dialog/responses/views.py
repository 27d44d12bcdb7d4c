"""What residents see of the municipality's answers: a section of the goal page."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialog.accounts.manage import start_link
from dialog.catalogue.models import Goal
from dialog.core.permissions import allowed
from dialog.participation.sections import Section, goal_section
from dialog.responses import queries


@goal_section
def feedback_section(goal: Goal) -> Section | None:
    """The response and the status, shown first on the goal page; for residents nothing until
    either exists, for officials who may answer a link to do so."""
    found = queries.feedback(goal.id)
    may_answer = allowed(current_user, "response.write", goal)
    if found.is_empty and not may_answer:
        return None
    return Section(
        "responses/_goal_section.html", {"feedback": found, "goal": goal, "may_answer": may_answer}
    )


@start_link
def officials_links(actor, municipality) -> list[tuple[str, str]]:
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


def init_app(app) -> None:
    from dialog.responses import (
        manage,
        permissions,  # noqa: F401 (registers the rules)
        reminders,  # noqa: F401 (declares the scheduled job)
        statuses,  # noqa: F401 (adds the status list to manage.bp)
    )

    app.register_blueprint(manage.bp)
