"""What differs between readers of the same comments: reaction forms, edit, withdraw and report
links. Everything else about a comment is the same for everyone who reads it.

A list of comments is rendered once with a marked slot where each reader's part goes
(`Slots`), split at the slots (`Holes`), and can then be kept in the shared cache
(dialog/participation/shared.py) and filled for each reader (`Holes.fill`) with a few string
joins: no template macros, no `may` per comment, no URL building per comment. The result is
the very HTML the templates gave before: forms and links that work without JavaScript.
"""

import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from dialog.core import frames
from dialog.participation.models import Comment, CommentStatus
from dialog.participation.permissions import PageRights

#: Reactions (a form, or the counts) and the reader's own action links.
REACTIONS, ACTIONS = "r", "a"
#: A comment id no comment has; replaced in each URL built once per page.
_SENTINEL = 2_147_483_647


@dataclass(frozen=True)
class ShownComment:
    """What the slots of one comment need: kept in the cache with the rendered list."""

    id: int
    author_id: int | None
    status: str
    created_at: datetime
    agree_count: int
    disagree_count: int

    @classmethod
    def of(cls, comment: Comment) -> "ShownComment":
        return cls(
            comment.id,
            comment.author_id,
            str(comment.status),
            comment.created_at,
            comment.agree_count,
            comment.disagree_count,
        )


class Slots:
    """The `slots` template global of one rendering: `{{ slots('r', comment) }}` marks where a
    reader's part of the comment goes. The mark holds a random token, so nothing a resident
    writes can pass for one."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(12)
        self.shown: dict[int, ShownComment] = {}

    def __call__(self, kind: str, comment: Comment) -> Markup:
        self.shown[comment.id] = ShownComment.of(comment)
        return Markup(f"<!--{self.token}:{kind}:{comment.id}-->")  # noqa: S704 (no input)

    def holes(self, html: str) -> "Holes":
        parts = re.split(f"<!--{self.token}:([ra]):([0-9]+)-->", html)
        pieces: list[str | tuple[str, int]] = []
        for n in range(0, len(parts) - 1, 3):
            pieces += [parts[n], (parts[n + 1], int(parts[n + 2]))]
        pieces.append(parts[-1])
        return Holes(tuple(pieces), dict(self.shown))


@dataclass(frozen=True)
class Reader:
    """One reader of one page: their rights, their reactions, and what their forms carry."""

    rights: PageRights
    #: comment id → "agree" or "disagree", for the comments on the page.
    reactions: dict[int, str]
    #: Where a reaction form sends the reader back to (this very page).
    back: str

    def is_own(self, comment: ShownComment) -> bool:
        """Written by this reader, or reacted to: their parts of it are theirs alone."""
        user_id = self.rights.user_id
        return user_id is not None and (
            comment.author_id == user_id or comment.id in self.reactions
        )


@dataclass(frozen=True)
class Holes:
    """Rendered HTML with the readers' parts left out: static text and (kind, comment id)
    alternately."""

    pieces: tuple[str | tuple[str, int], ...]
    shown: dict[int, ShownComment]

    def fill(self, reader: Reader, kept_as: str | None = None) -> Markup:
        """The HTML for this reader (for a signed-out reader: counts and no links).

        With `kept_as` (the key the list is shared under), the parts of the comments the
        reader neither wrote nor reacted to, the same for everyone with the same rights on the
        page, are made once per process (dialog/core/frames.py) and joined with the reader's
        CSRF token; only the reader's own comments and reactions are made for them."""
        parts = _Parts(reader) if kept_as is None else None
        general: tuple[tuple[str, ...] | None, ...] = ()
        token = ""
        if kept_as is not None:
            rights = reader.rights
            signed_in = rights.user_id is not None
            kind = (kept_as, "comments", signed_in, rights.takes_part, rights.account_ok)
            general = frames.kept(kind, lambda marks: self._general(reader, marks))
            token = str(escape(generate_csrf())) if signed_in else ""
        out = []
        for n, piece in enumerate(self.pieces):
            if isinstance(piece, str):
                out.append(piece)
                continue
            comment = self.shown[piece[1]]
            same = general[n] if general else None
            if same is not None and not reader.is_own(comment):
                out.append(token.join(same))
                continue
            parts = parts or _Parts(reader)
            if piece[0] == REACTIONS:
                out.append(parts.reactions(comment))
            else:
                out.append(parts.actions(comment))
        return Markup("".join(out))  # noqa: S704 (rendered templates and escaped parts)

    def _general(self, reader: Reader, marks: frames.Marks) -> tuple[tuple[str, ...] | None, ...]:
        """Each slot as a reader with these rights who wrote none of the comments and reacted
        to none sees it, split where the CSRF token goes (made with the token marked)."""
        rights = replace(reader.rights, user_id=None if reader.rights.user_id is None else 0)
        parts = _Parts(Reader(rights, {}, reader.back))
        mark = str(marks(frames.CSRF))
        made: list[tuple[str, ...] | None] = []
        for piece in self.pieces:
            if isinstance(piece, str):
                made.append(None)
            elif piece[0] == REACTIONS:
                made.append(tuple(parts.reactions(self.shown[piece[1]]).split(mark)))
            else:
                made.append(tuple(parts.actions(self.shown[piece[1]]).split(mark)))
        return tuple(made)


def _pattern(endpoint: str) -> tuple[str, str]:
    """The URL of `endpoint` for any comment as the text before and after its id, escaped."""
    before, after = url_for(endpoint, comment_id=_SENTINEL).split(str(_SENTINEL), 1)
    return str(escape(before)), str(escape(after))


class _Parts:
    """The words, URLs and token of one reader's page, looked up once, then joined per comment."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.rights = reader.rights
        signed_in = self.rights.user_id is not None
        self.agree_n = _("Agree: %(n)s", n="%(n)s")
        self.disagree_n = _("Disagree: %(n)s", n="%(n)s")
        if not signed_in:
            return
        self.agree = escape(_("Agree"))
        self.disagree = escape(_("Disagree"))
        self.edit = escape(_("Edit"))
        self.withdraw = escape(_("Withdraw"))
        self.report = escape(_("Report"))
        self.comment_n = _("comment %(id)s", id="%(id)s")
        self.react_url = _pattern("comments.react")
        self.edit_url = _pattern("comments.edit")
        self.withdraw_url = _pattern("comments.withdraw")
        self.report_url = _pattern("comments.report")
        self.hidden = (
            f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">\n'
            f'    <input type="hidden" name="next" value="{escape(reader.back)}">\n'
        )

    def reactions(self, comment: ShownComment) -> str:
        if not self.rights.may_react(comment):
            return (
                f'<p class="counts">{escape(self.agree_n % {"n": comment.agree_count})} · '
                f"{escape(self.disagree_n % {'n': comment.disagree_count})}</p>"
            )
        before, after = self.react_url
        current = self.reader.reactions.get(comment.id)
        agree = ("none", "true") if current == "agree" else ("agree", "false")
        disagree = ("none", "true") if current == "disagree" else ("disagree", "false")
        return (
            f'<form method="post" action="{before}{comment.id}{after}" class="inline-form">\n'
            f"    {self.hidden}"
            f'    <button type="submit" name="reaction" value="{agree[0]}" '
            f'aria-pressed="{agree[1]}">{self.agree} '
            f'<span class="count">({comment.agree_count})</span></button>\n'
            f'    <button type="submit" name="reaction" value="{disagree[0]}" '
            f'aria-pressed="{disagree[1]}">{self.disagree} '
            f'<span class="count">({comment.disagree_count})</span></button>\n'
            "  </form>"
        )

    def _link(self, url: tuple[str, str], label: Markup, comment_id: int) -> str:
        hidden = escape(self.comment_n % {"id": comment_id})
        return (
            f'\n    <li><a href="{url[0]}{comment_id}{url[1]}">{label}'
            f'<span class="visually-hidden"> {hidden}</span></a></li>'
        )

    def actions(self, comment: ShownComment) -> str:
        """Edit, withdraw and report, where the rules allow them (only on published comments:
        the template leaves no slot on others)."""
        rights = self.rights
        if rights.user_id is None or comment.status != CommentStatus.PUBLISHED:
            return ""
        links = []
        if rights.may_edit(comment):
            links.append(self._link(self.edit_url, self.edit, comment.id))
        if rights.may_withdraw(comment):
            links.append(self._link(self.withdraw_url, self.withdraw, comment.id))
        if rights.may_report(comment):
            links.append(self._link(self.report_url, self.report, comment.id))
        return "".join(links)
