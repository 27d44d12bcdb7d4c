"""What differs between readers of the same comments: reaction forms, edit, withdraw and report
links (or "Reported by you" where the reader has reported the comment). Everything else about
a comment is the same for everyone who reads it.

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
from functools import cached_property
from typing import cast

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from dialog.core import frames
from dialog.core.dates import moment
from dialog.core.i18n import carried_language
from dialog.participation.models import Comment, CommentStatus
from dialog.participation.permissions import PageRights, edit_deadline, edit_until

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
    #: Ids of the comments on the page this reader has reported.
    reported: frozenset[int] = frozenset()

    def is_own(self, comment: ShownComment) -> bool:
        """Written, reacted to or reported by this reader: their parts of it are theirs alone."""
        user_id = self.rights.user_id
        return user_id is not None and (
            comment.author_id == user_id
            or comment.id in self.reactions
            or comment.id in self.reported
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
        CSRF token; so are the parts of the comments they wrote or reacted to (`_Own`), kept
        by what they depend on."""
        parts = _Parts(reader) if kept_as is None else None
        general: tuple[tuple[str, ...] | None, ...] = ()
        own: _Own | None = None
        deadline: datetime | None = None  # read once, for the first comment that needs it
        token = ""
        if kept_as is not None:
            rights = reader.rights
            signed_in = rights.user_id is not None
            kind = (kept_as, "comments", signed_in, rights.takes_part, rights.account_ok)
            general = frames.kept(kind, lambda marks: self._general(reader, marks))
            token = str(escape(frames.csrf_token())) if signed_in else ""
            # Most readers wrote, reacted to and reported none of the page's comments: their list
            # is the general parts throughout, joined once per process.
            whole = frames.kept((*kind, "whole"), lambda _marks: _Whole.of(self, general))
            if (
                not reader.reactions
                and not reader.reported
                and (not signed_in or rights.user_id not in whole.authors)
            ):
                data = token.encode().join(whole.encoded)
                return frames.encoded_markup(token.join(whole.pieces), data)
            own = frames.kept((*kind, "own"), lambda marks: _Own(str(marks(frames.CSRF))))
        # Text and slots alternate (`Slots.holes`): the slots are the odd pieces.
        out = cast(list[str], list(self.pieces))
        for n in range(1, len(out), 2):
            slot, comment_id = cast(tuple[str, int], self.pieces[n])
            comment = self.shown[comment_id]
            same = general[n] if general else None
            if same is not None and not reader.is_own(comment):
                out[n] = token.join(same)
            elif own is not None:
                deadline = deadline or edit_deadline()
                out[n] = token.join(own.part(reader, slot, comment, deadline))
            else:
                parts = parts or _Parts(reader)
                out[n] = parts.reactions(comment) if slot == REACTIONS else parts.actions(comment)
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


@dataclass(frozen=True)
class _Whole:
    """A list filled with the general parts of every slot, split where the CSRF token goes,
    and the authors of its comments (a reader among them has a part of their own)."""

    pieces: tuple[str, ...]
    authors: frozenset[int | None]

    @cached_property
    def encoded(self) -> tuple[bytes, ...]:
        """The pieces' UTF-8, made once: the filled list is not encoded on every view."""
        return tuple(piece.encode() for piece in self.pieces)

    @classmethod
    def of(cls, holes: Holes, general: tuple[tuple[str, ...] | None, ...]) -> "_Whole":
        pieces = [""]
        for n, piece in enumerate(holes.pieces):
            parts = (piece,) if isinstance(piece, str) else general[n]
            if parts is None:  # a slot without general parts: never the case for a kept list
                raise ValueError(f"slot {n} has no general part")
            pieces[-1] += parts[0]
            pieces += parts[1:]
        return cls(tuple(pieces), frozenset(c.author_id for c in holes.shown.values()))


class _Own:
    """The parts of comments a reader wrote, reacted to or reported, made once per process for
    all readers with the same rights on the same kept list: such a part depends, besides the
    comment, only on whether the reader wrote it, their reaction, whether they reported it, and
    (for a writer's links) whether the edit time is still running. Split where the CSRF token
    goes (`mark`)."""

    #: Parts kept per list and kind of reader at most: a page has a hundred slots or so, each
    #: seen by its writer and by readers who reacted either way.
    MAX = 400

    def __init__(self, mark: str) -> None:
        self.mark = mark
        self.made: dict[tuple[object, ...], tuple[str, ...]] = {}

    def part(
        self, reader: Reader, slot: str, comment: ShownComment, deadline: datetime
    ) -> tuple[str, ...]:
        """The part for this reader; `deadline` is this request's `edit_deadline()`."""
        rights = reader.rights
        wrote = rights.user_id is not None and comment.author_id == rights.user_id
        reaction = reader.reactions.get(comment.id)
        reported = comment.id in reader.reported
        editable = wrote and slot == ACTIONS and rights.may_edit(comment, deadline)
        # Until when the link says (it follows the configured minutes, like `editable`).
        until = edit_until(comment) if editable else None
        key = (slot, comment.id, wrote, reaction, reported, until)
        found = self.made.get(key)
        if found is not None:
            return found
        one = Reader(
            rights,
            {comment.id: reaction} if reaction else {},
            reader.back,
            frozenset({comment.id}) if reported else frozenset(),
        )
        parts = _Parts(one, csrf=self.mark, deadline=deadline)
        made = parts.reactions(comment) if slot == REACTIONS else parts.actions(comment)
        found = tuple(made.split(self.mark))
        if len(self.made) < self.MAX:
            self.made[key] = found
        return found


def _pattern(endpoint: str) -> tuple[str, str]:
    """The URL of `endpoint` for any comment as the text before and after its id, escaped."""
    before, after = url_for(endpoint, comment_id=_SENTINEL).split(str(_SENTINEL), 1)
    return str(escape(before)), str(escape(after))


@dataclass(frozen=True)
class _Words:
    """The words and URL patterns of the readers' parts, escaped, with `%(n)s` or `%(id)s`
    where a number goes (a number needs no escaping): the same for every reader of a
    language, so kept in the process (`frames.kept`) rather than looked up per request."""

    agree_n: str
    disagree_n: str
    agree: str
    disagree: str
    edit: str
    #: Beside "Edit": until when, with `%(time)s` where `_until` puts the time.
    until: str
    withdraw: str
    report: str
    reported: str
    comment_n: str
    react_url: tuple[str, str]
    edit_url: tuple[str, str]
    withdraw_url: tuple[str, str]
    report_url: tuple[str, str]

    @classmethod
    def make(cls) -> "_Words":
        def e(text: str) -> str:
            return str(escape(text))

        return cls(
            e(_("Agree: %(n)s", n="%(n)s")),
            e(_("Disagree: %(n)s", n="%(n)s")),
            e(_("Agree")),
            e(_("Disagree")),
            e(_("Edit")),
            e(_("(until %(time)s)", time="%(time)s")),
            e(_("Withdraw")),
            e(_("Report")),
            e(_("Reported by you")),
            e(_("comment %(id)s", id="%(id)s")),
            _pattern("comments.react"),
            _pattern("comments.edit"),
            _pattern("comments.withdraw"),
            _pattern("comments.report"),
        )

    @classmethod
    def of_this_page(cls) -> "_Words":
        """What they depend on: the language, whether links carry it, and where the app is."""
        parts = ("comment words", get_locale(), carried_language() or "", request.script_root)
        return frames.kept(parts, lambda _marks: cls.make())


class _Parts:
    """The words, URLs and token of one reader's page, looked up once, then joined per comment."""

    def __init__(
        self, reader: Reader, csrf: str | None = None, deadline: datetime | None = None
    ) -> None:
        self.reader = reader
        self.rights = reader.rights
        self.words = _Words.of_this_page()
        if self.rights.user_id is None:
            return
        # One deadline for the page, as for everything else the rules decide once per page.
        self.edit_deadline = deadline or edit_deadline()
        token = frames.csrf_token() if csrf is None else csrf
        self.hidden = (
            f'<input type="hidden" name="csrf_token" value="{escape(token)}">\n'
            f'    <input type="hidden" name="next" value="{escape(reader.back)}">\n'
        )

    def reactions(self, comment: ShownComment) -> str:
        words = self.words
        if not self.rights.may_react(comment):
            return (
                f'<p class="counts">{words.agree_n % {"n": comment.agree_count}} · '
                f"{words.disagree_n % {'n': comment.disagree_count}}</p>"
            )
        before, after = words.react_url
        current = self.reader.reactions.get(comment.id)
        agree = ("none", "true") if current == "agree" else ("agree", "false")
        disagree = ("none", "true") if current == "disagree" else ("disagree", "false")
        return (
            f'<form method="post" action="{before}{comment.id}{after}" class="inline-form">\n'
            f"    {self.hidden}"
            f'    <button type="submit" name="reaction" value="{agree[0]}" '
            f'aria-pressed="{agree[1]}">{words.agree} '
            f'<span class="count">({comment.agree_count})</span></button>\n'
            f'    <button type="submit" name="reaction" value="{disagree[0]}" '
            f'aria-pressed="{disagree[1]}">{words.disagree} '
            f'<span class="count">({comment.disagree_count})</span></button>\n'
            "  </form>"
        )

    def _link(self, url: tuple[str, str], label: str, comment_id: int, after: str = "") -> str:
        hidden = self.words.comment_n % {"id": comment_id}
        return (
            f'\n    <li><a href="{url[0]}{comment_id}{url[1]}">{label}'
            f'<span class="visually-hidden"> {hidden}</span>{after}</a></li>'
        )

    def _until(self, comment: ShownComment) -> str:
        """ " (until 6 December 2026, 20:15)" in the link: the writer sees how long the
        link lasts before following it (the edit page says the same, in the same words)."""
        time = escape(moment(edit_until(comment)))
        return f' <span class="edit-until">{self.words.until % {"time": time}}</span>'

    def actions(self, comment: ShownComment) -> str:
        """Edit, withdraw and report, where the rules allow them (only on published comments:
        the template leaves no slot on others); where the reader has reported the comment, they
        see so instead of the report link (one report each)."""
        rights = self.rights
        if rights.user_id is None or comment.status != CommentStatus.PUBLISHED:
            return ""
        words = self.words
        links = []
        if rights.may_edit(comment, self.edit_deadline):
            links.append(self._link(words.edit_url, words.edit, comment.id, self._until(comment)))
        if rights.may_withdraw(comment):
            links.append(self._link(words.withdraw_url, words.withdraw, comment.id))
        if comment.id in self.reader.reported:
            links.append(f'\n    <li><span class="reported">{words.reported}</span></li>')
        elif rights.may_report(comment):
            links.append(self._link(words.report_url, words.report, comment.id))
        return "".join(links)
