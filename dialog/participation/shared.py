"""The part of a goal's or focus area's dialogue that every reader sees alike, rendered once per
content version and shared by signed-in and signed-out readers.

The dialogue window, the rating distributions and one page of comments (sort, cursor and
language) are cached (Flask-Caching: Redis when REDIS_URL is set, else in the process) under a
key that holds the content version of dialog/core/versions.py: every write that changes what a
public page shows replaces the version in its own transaction, so a new comment, reaction or
moderation decision is seen at once by everyone. The page of comments is kept with the
readers' parts left out (dialog/participation/personal.py); a reader's page fills them in.
"""

import hashlib
from dataclasses import dataclass

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from dialog.catalogue.models import FocusArea
from dialog.core.cache import current_version
from dialog.core.i18n import carried_language
from dialog.extensions import cache
from dialog.participation import queries
from dialog.participation.personal import Holes, Slots
from dialog.participation.subjects import Subject, page_url
from dialog.participation.windows import DialogueState, today


@dataclass(frozen=True)
class SharedSection:
    window: Markup
    distributions: Markup
    #: Top-level comments in any status, as the list holds them (the goal's tally).
    total: int
    #: The page of comments with a slot for each reader's part.
    comments: Holes
    #: The address of this very page of comments (reaction forms come back to it).
    back: str
    #: Comments and replies residents can read: the count the heading gives.
    shown: int = 0

    @property
    def comment_ids(self) -> list[int]:
        return list(self.comments.shown)


def section_key(
    subject: Subject, sort: str, cursor: queries.Cursor | None, page: int, state: DialogueState
) -> str:
    """Everything the shared part depends on besides the rows: the content version, the day
    and the dialogue's phase, the language (and whether links carry it), the address. (The
    reader's frame around it, dialog/participation/views.py, is kept under it too.)"""
    parts = (
        current_version().token,
        today().isoformat(),
        state.phase,
        str(get_locale()),
        carried_language() or "",
        request.script_root,
        "focus_area" if isinstance(subject, FocusArea) else "goal",
        str(subject.id),
        sort,
        repr(cursor),
        str(page),
        str(current_app.config["COMMENTS_PER_PAGE"]),
    )
    return "dialogue:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def shared_section(
    key: str,
    subject: Subject,
    sort: str,
    cursor: queries.Cursor | None,
    page: int,
    state: DialogueState,
) -> SharedSection:
    """From the cache (under `section_key`) when the content has not changed since it was
    rendered, else rendered (and kept). One statement (the version) when cached."""
    found = cache.get(key)
    if isinstance(found, SharedSection):
        return found
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    comments = queries.comment_window(subject, sort, cursor, per_page, None, page)
    slots = Slots()
    common = {"subject": subject, "plan": subject.plan, "state": state}
    listing = render_template(
        "participation/_comment_list.html",
        comments=comments,
        slots=slots,
        page_of=queries.page_of(subject, comments, cursor, page, per_page),
        **common,
    )
    made = SharedSection(
        window=Markup(render_template("participation/_window.html", **common)),  # noqa: S704
        distributions=Markup(  # noqa: S704 (a rendered template, escaped by Jinja)
            render_template(
                "participation/_distributions.html",
                distributions=queries.rating_distributions(subject),
                **common,
            )
        ),
        total=comments.total,
        comments=slots.holes(listing),
        back=page_url(subject, **comments.here),
        shown=comments.shown,
    )
    cache.set(key, made)
    return made
