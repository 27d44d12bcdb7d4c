"""Who may use the moderation desk, and on which comments.

- "moderation.desk": subject a municipality (or its id): moderators and administrators there.
- "moderation.decide": subject a Comment: the desk of the comment's own municipality.
- "moderation.decision": subject (Comment, Action): the action fits the comment's state.
"""

from flask_babel import gettext as _
from sqlalchemy import exists, select

from dialog.accounts.permissions import InMunicipality, hold_role
from dialog.accounts.roles import Role
from dialog.catalogue.models import Municipality
from dialog.core.permissions import Actor, Refusal, rule
from dialog.extensions import db
from dialog.moderation.models import Action
from dialog.participation.models import Comment, CommentStatus, Report

DESK_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})

PUBLISHED = CommentStatus.PUBLISHED.value
PENDING = CommentStatus.PENDING.value
#: Not a stored status: a published comment that enough reports took down until a moderator
#: decides (pending, held for no queue). It was public, so it is hidden or its reports are
#: dismissed like any other reported comment; "Reject" and "Publish" are for comments that
#: were never public (a selection in the reported queue was refused for "Hide" when it held one).
HELD_BY_REPORTS = "held_by_reports"

#: The states (statuses, or HELD_BY_REPORTS) each action starts from.
FROM = {
    Action.PUBLISH: {PENDING},
    Action.REJECT: {PENDING},
    Action.HIDE: {PUBLISHED, HELD_BY_REPORTS},
    Action.RESTORE: {CommentStatus.REJECTED.value, CommentStatus.HIDDEN.value},
    Action.DISMISS: {PUBLISHED, PENDING, HELD_BY_REPORTS},
    Action.HIGHLIGHT: {PUBLISHED},
    Action.UNHIGHLIGHT: {PUBLISHED},
}


def is_held_by_reports(comment: Comment) -> bool:
    """Whether reports took the comment down: pending, but held for no queue of its own."""
    return comment.status == PENDING and comment.held_for is None


def state_of(comment: Comment) -> str:
    """The comment's status as the decisions start from it (see HELD_BY_REPORTS)."""
    return HELD_BY_REPORTS if is_held_by_reports(comment) else comment.status


def municipality_of(comment: Comment) -> int:
    return comment.subject.plan.municipality_id


@rule("moderation.desk")
def use_desk(actor: Actor, municipality: Municipality | int) -> Refusal | None:
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return hold_role(actor, InMunicipality(municipality_id, DESK_ROLES))


@rule("moderation.decide")
def decide_on(actor: Actor, comment: Comment) -> Refusal | None:
    return use_desk(actor, municipality_of(comment))


@rule("moderation.decision")
def fitting_decision(actor: Actor, subject: tuple[Comment, Action]) -> Refusal | None:
    """Whether the action makes sense now; the caller has checked the desk already."""
    comment, action = subject
    if state_of(comment) not in FROM[action]:
        # The version the moderator saw is checked first (a decision made meanwhile is told
        # as such), so this is an action that does not fit what the moderator was shown:
        # "already handled" sent a moderator looking for a decision no one had made.
        status = (
            _("hidden from residents after reports")
            if is_held_by_reports(comment)
            else comment.status_enum.label.lower()
        )
        return Refusal(
            "does_not_fit",
            _(
                "“%(action)s” does not fit this comment: its status is %(status)s.",
                action=action.label,
                status=status,
            ),
        )
    if action == Action.HIGHLIGHT and comment.is_highlighted:
        return Refusal("already_handled", _("This comment is already highlighted."))
    if action == Action.UNHIGHLIGHT and not comment.is_highlighted:
        return Refusal("already_handled", _("This comment is not highlighted."))
    if action == Action.DISMISS and not has_open_reports(comment):
        return Refusal("no_reports", _("This comment has no reports to dismiss."))
    return None


def has_open_reports(comment: Comment) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(Report.comment_id == comment.id, Report.resolved_at.is_(None)))
        )
    )


@rule("moderation.configure")
def configure(actor: Actor, municipality: Municipality | int) -> Refusal | None:
    """The policy and the word list: the municipality's administrators."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return hold_role(actor, InMunicipality(municipality_id, frozenset({Role.ADMIN})))
