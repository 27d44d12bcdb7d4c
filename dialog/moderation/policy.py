"""Each municipality's moderation policy and word list, and what they decide for a new comment.

Participation asks `may(author, "comment.publish_now", (goal, body))` when a comment arrives:
None publishes it at once; a refusal whose code is "approval" (pre-moderation) or "word_list"
(a listed word in either mode) holds it in that desk queue instead.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from flask import g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import delete, select

from dialog.accounts.models import User
from dialog.catalogue.models import FocusArea, Goal, Municipality
from dialog.core import audit
from dialog.core.permissions import Actor, Refusal, enforce, may, rule
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Settings, Word
from dialog.participation.models import Comment, HoldReason

DEFAULT_WORDS = Path(__file__).parent / "data" / "ordlista.txt"
#: Letters and digits; hyphens and apostrophes split words as they do for readers.
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 2000
MAX_WORD_LENGTH = 100


@cache
def default_words() -> tuple[str, ...]:
    lines = DEFAULT_WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(clean_words(line for line in lines if not line.lstrip().startswith("#")))


def clean_words(lines: Iterable[str]) -> list[str]:
    """One entry per line, lower-cased, blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for line in lines:
        word = line.strip().casefold()
        if word:
            seen.setdefault(word, None)
    return list(seen)


@dataclass(frozen=True)
class Policy:
    is_premoderated: bool
    has_own_words: bool
    words: tuple[str, ...]
    retention_days: int | None = None


#: g key: municipality id → its stored settings (None: the defaults), read once per request.
_SETTINGS = "_moderation_settings"


class Stored(NamedTuple):
    """A municipality's row in moderation_settings, as `policy_of` reads it."""

    is_premoderated: bool
    has_own_words: bool
    retention_days: int | None


def settings_columns() -> tuple[Any, ...]:
    """The columns of `Stored`, for a statement that reads them with other rows
    (`remember_settings` is then told what it found)."""
    return (Settings.is_premoderated, Settings.has_own_words, Settings.retention_days)


def remember_settings(municipality_id: int, stored: Stored | None) -> None:
    """Read with other rows in one statement (dialog/moderation/blocks.py): `policy_of` need
    not ask again in this request."""
    if has_app_context():
        g.setdefault(_SETTINGS, {})[municipality_id] = stored


def _stored(municipality_id: int) -> Stored | None:
    known = g.setdefault(_SETTINGS, {}) if has_app_context() else {}
    if municipality_id not in known:
        row = db.session.execute(
            select(*settings_columns()).where(Settings.municipality_id == municipality_id)
        ).one_or_none()
        known[municipality_id] = Stored(*row) if row is not None else None
    return known[municipality_id]


def policy_of(municipality_id: int) -> Policy:
    settings = _stored(municipality_id)
    if settings is None or not settings.has_own_words:
        words = default_words()
    else:
        words = tuple(
            db.session.scalars(
                select(Word.word).where(Word.municipality_id == municipality_id).order_by(Word.id)
            )
        )
    return Policy(
        is_premoderated=bool(settings and settings.is_premoderated),
        has_own_words=bool(settings and settings.has_own_words),
        words=words,
        retention_days=settings.retention_days if settings else None,
    )


def matching_words(body: str, words: tuple[str, ...]) -> list[str]:
    """The listed entries that occur in `body` as whole words ("ord*": words starting so)."""
    found = {token.casefold() for token in WORD.findall(body)}
    exact, stems = _split(words)
    if found.isdisjoint(exact) and not any(token.startswith(stems) for token in found):
        return []  # the usual answer, without a loop over every entry
    hits = []
    for entry in words:
        if entry.endswith("*"):
            stem = entry[:-1]
            if stem and any(token.startswith(stem) for token in found):
                hits.append(entry)
        elif entry in found:
            hits.append(entry)
    return hits


def listed_in(body: str, municipality_id: int) -> list[str]:
    """The entries of the municipality's word list now in `body`: what the desk shows for a
    comment the list held, so that the moderator need not hunt for the word in a long text."""
    return matching_words(body, policy_of(municipality_id).words)


def listed_in_each(municipality_id: int, comments: Iterable[Comment]) -> dict[int, list[str]]:
    """`listed_in` for each comment of a page of the word-list queue, the list read once."""
    words = policy_of(municipality_id).words
    return {comment.id: matching_words(comment.body, words) for comment in comments}


@lru_cache(maxsize=64)  # the default list and the municipalities' own
def _split(words: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The whole words and the stems ("ord*" without its star) of a list, once per list."""
    stems = tuple(entry[:-1] for entry in words if entry.endswith("*") and len(entry) > 1)
    return frozenset(entry for entry in words if not entry.endswith("*")), stems


@rule("comment.publish_now")
def publish_now(_author: Actor, subject: tuple[Goal | FocusArea, str]) -> Refusal | None:
    """Subject (goal or focus area, body). The word list is asked first: its queue says more to
    a moderator."""
    goal, body = subject
    policy = policy_of(goal.plan.municipality_id)
    if matching_words(body, policy.words):
        return Refusal(
            HoldReason.WORD_LIST, _("A moderator reads your comment before it is published.")
        )
    if policy.is_premoderated:
        return Refusal(
            HoldReason.APPROVAL, _("A moderator reads your comment before it is published.")
        )
    return None


def check_words(lines: list[str]) -> list[str]:
    """Problems with a word list an administrator typed, all at once."""
    problems = []
    if len(lines) > MAX_WORDS:
        problems.append(_("The list may hold at most %(n)s words.", n=MAX_WORDS))
    for word in lines:
        if len(word) > MAX_WORD_LENGTH or not WORD.fullmatch(word.rstrip("*")):
            problems.append(
                _(
                    "“%(word)s” is not one word: use letters and digits, and * only at the end.",
                    word=word[:40],
                )
            )
    return problems


def save_policy(
    municipality: Municipality,
    admin: User,
    is_premoderated: bool,
    words: list[str],
    retention_days: int | None = None,
) -> None:
    """Store the policy, word list (the default when `words` equals it) and retention; audited."""
    enforce(may(admin, "moderation.configure", municipality))
    words = clean_words(words)
    problems = check_words(words)
    if problems:
        enforce(*(Refusal("words", problem) for problem in problems))
    before = policy_of(municipality.id)
    own = tuple(words) != default_words()
    settings = db.session.get(Settings, municipality.id) or Settings(
        municipality_id=municipality.id
    )
    kept_before = settings.retention_days
    settings.retention_days = retention_days
    settings.is_premoderated = is_premoderated
    settings.has_own_words = own
    settings.updated_at = utcnow()
    db.session.add(settings)
    db.session.execute(delete(Word).where(Word.municipality_id == municipality.id))
    if own:
        db.session.add_all(Word(municipality_id=municipality.id, word=w) for w in words)
    db.session.flush()
    if has_app_context():
        g.pop(_SETTINGS, None)  # read anew if asked again in this request
    audit.record(
        "moderation.settings",
        actor=admin,
        municipality_id=municipality.id,
        target_type="municipalities",
        target_id=municipality.id,
        before=_summary(before.is_premoderated, before.words) | {"retention_days": kept_before},
        after=_summary(is_premoderated, tuple(words)) | {"retention_days": retention_days},
    )


def _summary(is_premoderated: bool, words: tuple[str, ...]) -> dict:
    return {
        "policy": "pre" if is_premoderated else "post",
        "words": len(words),
        "word_list": "\n".join(words),
    }
