"""Who may take part, and how: the only place participation's rules are decided.

Views, templates (through the `may` global), services and the API ask `may(actor, action,
subject)`; services enforce the answer themselves. Actions:

- "goal.take_part": subject a goal or focus area: the account may act, is not blocked in its
  municipality ("participation.unblocked", decided by the moderation desk's blocks) and its
  dialogue is open.
- "comment.post", "goal.rate": subject a goal or focus area: as "goal.take_part".
- "comment.reply": subject the comment replied to: a published top-level comment, and the
  resident may take part in its goal.
- "comment.edit": subject a comment: its author, while published, within the first minutes,
  and while the resident may still take part in the goal.
- "comment.withdraw": subject a comment: its author, while it is published or hidden for review.
- "comment.react": subject a comment: a published comment by someone else, in an open dialogue.
- "comment.report": subject a comment: a published comment by someone else. Reports stay
  possible after the dialogue closes: illegal content must be reportable while it is shown.

A page of comments asks `page_rights` once instead of `may` per comment and action: the same
rules (the `*_problem` functions below serve both), with what concerns the reader and not the
comment decided once per page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from flask import current_app
from flask_babel import gettext as _

from dialog.catalogue.models import FocusArea, Goal
from dialog.core.dates import moment
from dialog.core.permissions import Actor, Refusal, may, rule
from dialog.db import as_utc, utcnow
from dialog.participation.models import Comment, CommentStatus
from dialog.participation.windows import dialogue_state


def _signed_in(actor: Actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _is_author(actor: Actor, comment: Comment) -> bool:
    return _signed_in(actor) and comment.author_id == actor.id


def account_refusal(actor: Actor) -> Refusal | None:
    """Anyone may read; only signed-in, confirmed and unblocked accounts may act."""
    if not _signed_in(actor):
        return Refusal("sign_in", _("Sign in to take part."))
    if actor.is_blocked:
        return Refusal(
            "blocked",
            _(
                "Your account has been blocked from taking part. Reason: %(reason)s",
                reason=actor.blocked_reason or _("not given"),
            ),
        )
    if not actor.is_verified:
        return Refusal("unverified", _("Confirm your e-mail address before you take part."))
    return None


@rule("goal.take_part")
def take_part(actor: Actor, subject: Goal | FocusArea) -> Refusal | None:
    refusal = account_refusal(actor) or may(actor, "participation.unblocked", subject)
    if refusal is not None:
        return refusal
    if not dialogue_state(subject).is_open:
        if isinstance(subject, FocusArea):
            return Refusal(
                "closed", _("This focus area is not open for dialogue. Nothing can be added.")
            )
        return Refusal("closed", _("The dialogue on this goal is closed. Nothing can be added."))
    return None


@rule("comment.post")
def post_comment(actor: Actor, subject: Goal | FocusArea) -> Refusal | None:
    return take_part(actor, subject)


@rule("goal.rate")
def rate_goal(actor: Actor, subject: Goal | FocusArea) -> Refusal | None:
    return take_part(actor, subject)


@rule("comment.reply")
def reply(actor: Actor, parent: Comment) -> Refusal | None:
    refusal = take_part(actor, parent.subject)
    if refusal is not None:
        return refusal
    return replyable(parent)


def replyable(parent: Comment) -> Refusal | None:
    """Whether a comment can take a reply at all: published and top-level (one level)."""
    if parent.parent_id is not None:
        return Refusal("nested", _("You can only reply to a comment, not to a reply."))
    if parent.status != CommentStatus.PUBLISHED or not parent.is_public:
        return Refusal("not_published", _("This comment cannot be replied to."))
    return None


def edit_deadline() -> datetime:
    """Comments written before this may no longer be changed."""
    return utcnow() - timedelta(minutes=current_app.config["COMMENT_EDIT_MINUTES"])


def edit_until(comment: "Shown | Comment") -> datetime:
    """When the writer's time to change the comment runs out, to tell them before it does."""
    return as_utc(comment.created_at) + timedelta(
        minutes=current_app.config["COMMENT_EDIT_MINUTES"]
    )


def edit_problem(
    is_author: bool,
    comment: "Shown | Comment",
    take_part: Callable[[], Refusal | None],
    deadline: datetime | None = None,
) -> str | None:
    """Why the writer may not change the comment (a code), or None; `take_part` is asked last,
    and only then. Shared by the rule and by `PageRights`, which asks for a whole page (and
    passes the `edit_deadline` it read once for the page)."""
    if not is_author:
        return "not_author"
    if comment.status != CommentStatus.PUBLISHED:
        return "not_published"
    if as_utc(comment.created_at) < (deadline or edit_deadline()):
        return "too_late"
    return "take_part" if take_part() is not None else None


@rule("comment.edit")
def edit(actor: Actor, comment: Comment) -> Refusal | None:
    asked: list[Refusal | None] = []

    def ask() -> Refusal | None:
        asked.append(take_part(actor, comment.subject))
        return asked[-1]

    code = edit_problem(_is_author(actor, comment), comment, ask)
    if code == "not_author":
        return Refusal("not_author", _("Only the writer can change a comment."))
    if code == "not_published":
        return Refusal("not_published", _("Only a published comment can be changed."))
    if code == "too_late":
        minutes = current_app.config["COMMENT_EDIT_MINUTES"]
        # When it ran out, as the edit page says until when (not left to be worked out).
        return Refusal(
            "too_late",
            _(
                "A comment can be changed for %(n)s minutes after it is written. The time to "
                "change this one ran out on %(time)s.",
                n=minutes,
                time=moment(edit_until(comment)),
            ),
        )
    return asked[-1] if code else None


def withdraw_problem(is_author: bool, comment: "Shown | Comment") -> str | None:
    if not is_author:
        return "not_author"
    if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.PENDING):
        return "not_published"
    return None


@rule("comment.withdraw")
def withdraw(actor: Actor, comment: Comment) -> Refusal | None:
    code = withdraw_problem(_is_author(actor, comment), comment)
    if code == "not_author":
        return Refusal("not_author", _("Only the writer can withdraw a comment."))
    if code == "not_published":
        return Refusal("not_published", _("This comment cannot be withdrawn."))
    return None


def react_problem(is_author: bool, comment: "Shown | Comment") -> str | None:
    """After "goal.take_part" allowed it: only someone else's published comment."""
    if comment.status != CommentStatus.PUBLISHED or is_author:
        return "not_yours_to_react"
    return None


@rule("comment.react")
def react(actor: Actor, comment: Comment) -> Refusal | None:
    refusal = take_part(actor, comment.subject)
    if refusal is not None:
        return refusal
    if react_problem(comment.author_id == actor.id, comment):
        return Refusal("not_yours_to_react", _("You cannot react to this comment."))
    return None


def report_problem(is_author: bool, comment: "Shown | Comment") -> str | None:
    """Before the account's own refusal (`account_refusal`), asked last."""
    if comment.status != CommentStatus.PUBLISHED:
        return "not_published"
    if is_author:
        return "own"
    return None


@rule("comment.report")
def report(actor: Actor, comment: Comment) -> Refusal | None:
    code = report_problem(_is_author(actor, comment), comment)
    if code == "not_published":
        return Refusal(
            "not_published", _("The comment is not published, so there is nothing to report.")
        )
    if code == "own":
        return Refusal("own", _("You cannot report your own comment. You can withdraw it instead."))
    return account_refusal(actor)


class Shown(Protocol):
    """What the rules on a comment read of it, whether a row or a page's cached copy."""

    @property
    def author_id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True)
class PageRights:
    """The rules above for one reader and every comment on one page, with what does not depend
    on the comment (the account, blocks, the dialogue window) decided once: a page shows up
    to a hundred comments, and asking `may` for each would look all of that up each time."""

    user_id: int | None
    #: "goal.take_part" allowed on the page's goal or focus area.
    takes_part: bool
    #: The account itself may act (signed in, confirmed, not blocked).
    account_ok: bool

    def _author(self, comment: Shown) -> bool:
        return self.user_id is not None and comment.author_id == self.user_id

    def may_edit(self, comment: Shown, deadline: datetime | None = None) -> bool:
        """`deadline`: `edit_deadline()`, when asked for many comments of one page."""
        return self.user_id is not None and not edit_problem(
            self._author(comment),
            comment,
            lambda: None if self.takes_part else _REFUSED,
            deadline,
        )

    def may_withdraw(self, comment: Shown) -> bool:
        return self.user_id is not None and not withdraw_problem(self._author(comment), comment)

    def may_react(self, comment: Shown) -> bool:
        return self.takes_part and not react_problem(self._author(comment), comment)

    def may_report(self, comment: Shown) -> bool:
        return (
            self.account_ok
            and self.user_id is not None
            and not report_problem(self._author(comment), comment)
        )


_REFUSED = Refusal("refused", "")


def page_rights(actor: Actor, subject: Goal | FocusArea) -> PageRights:
    """The reader's rights on the comments of one page of `subject`."""
    if not _signed_in(actor):
        return PageRights(None, False, False)
    return PageRights(
        actor.id,
        take_part(actor, subject) is None,
        account_refusal(actor) is None,
    )
