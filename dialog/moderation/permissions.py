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

#: The statuses each action starts from.
FROM = {
    Action.PUBLISH: {PENDING},
    Action.REJECT: {PENDING},
    Action.HIDE: {PUBLISHED},
    Action.RESTORE: {CommentStatus.REJECTED.value, CommentStatus.HIDDEN.value},
    Action.DISMISS: {PUBLISHED, PENDING},
    Action.HIGHLIGHT: {PUBLISHED},
    Action.UNHIGHLIGHT: {PUBLISHED},
}


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
    if comment.status not in FROM[action]:
        return Refusal(
            "already_handled",
            _(
                "This comment was already handled: its status is now %(status)s.",
                status=comment.status_enum.label.lower(),
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
