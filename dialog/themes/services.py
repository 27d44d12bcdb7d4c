"""Writes for themes: ask for a run, compute it, and officials' renames, merges and tags.

Every official action is recorded in the audit log in the same transaction. A run is computed
by a background job (`dialog.themes.compute`), never inside a page view.
"""

import logging
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import aliased

from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.core import audit
from dialog.db import utcnow
from dialog.extensions import db
from dialog.jobs import job
from dialog.participation.models import Comment
from dialog.themes.limits import QUOTES
from dialog.themes.models import CommentTag, RunStatus, Tag, Theme, ThemeMember, ThemeRun
from dialog.themes.scope import comments_of, in_scope

if TYPE_CHECKING:  # the method loads scikit-learn: only the job imports it (see _compute)
    from dialog.themes.method import Feedback

log = logging.getLogger("dialog.themes")
#: Share of a new theme's comments that must have been in an old theme for it to continue it.
CONTINUES = 0.3


class ThemeError(ValueError):
    """An official's change that cannot be made (the message is shown to them)."""


def request_run(subject: Goal | Plan, actor: Any = None) -> ThemeRun:
    """Queue a computation of the subject's themes; it runs after the commit, as a job."""
    plan = subject if isinstance(subject, Plan) else subject.plan
    run = ThemeRun(
        municipality_id=plan.municipality_id,
        goal_id=subject.id if isinstance(subject, Goal) else None,
        plan_id=subject.id if isinstance(subject, Plan) else None,
        requested_by_id=getattr(actor, "id", None),
        requested_at=utcnow(),
    )
    db.session.add(run)
    db.session.flush()
    if actor is not None:
        audit.record("themes.compute", actor=actor, municipality_id=run.municipality_id, target=run)
    compute_job.enqueue(run.id)
    return run


def previous_run(run: ThemeRun) -> ThemeRun | None:
    """The newest finished run over the same scope before this one."""
    return db.session.scalar(
        select(ThemeRun)
        .where(
            ThemeRun.goal_id.is_(None) if run.goal_id is None else ThemeRun.goal_id == run.goal_id,
            ThemeRun.plan_id.is_(None) if run.plan_id is None else ThemeRun.plan_id == run.plan_id,
            ThemeRun.status == RunStatus.DONE.value,
            ThemeRun.id < run.id,
        )
        .order_by(ThemeRun.id.desc())
        .limit(1)
    )


def root_of(themes: dict[int, Theme], theme_id: int) -> int:
    seen = set()
    while themes[theme_id].merged_into_id is not None and theme_id not in seen:
        seen.add(theme_id)
        theme_id = themes[theme_id].merged_into_id  # type: ignore[assignment]
    return theme_id


def feedback_for(run: ThemeRun, ids: list[int], previous: ThemeRun | None) -> "Feedback":
    """Officials' tags on the comments, and the themes they renamed or merged last time, with
    the names they gave them (their words are evidence of what belongs to the theme)."""
    position = {comment_id: p for p, comment_id in enumerate(ids)}
    tags: dict[int, list[str]] = defaultdict(list)
    for comment_id, name in db.session.execute(
        select(CommentTag.comment_id, Tag.name)
        .join(Tag, Tag.id == CommentTag.tag_id)
        .join(Comment, Comment.id == CommentTag.comment_id)
        .where(in_scope(run.goal_id, run.plan_id))
    ):
        if comment_id in position:
            tags[position[comment_id]].append(name)
    groups: dict[int, str] = {}
    names: dict[str, str] = {}
    if previous is not None:
        themes = {t.id: t for t in previous.themes}
        merged = {t.merged_into_id for t in themes.values() if t.merged_into_id}
        touched = {i for i, t in themes.items() if t.custom_label or i in merged}
        names = {str(i): themes[i].custom_label or "" for i in touched if themes[i].custom_label}
        for comment_id, theme_id in db.session.execute(
            select(ThemeMember.comment_id, ThemeMember.theme_id).where(
                ThemeMember.run_id == previous.id
            )
        ):
            root = root_of(themes, theme_id)
            if root in touched and comment_id in position:
                groups[position[comment_id]] = str(root)
    from dialog.themes.method import Feedback

    return Feedback(tags=dict(tags), groups=groups, names=names)


def representative(members: list[int], texts: list[str]) -> list[int]:
    """The first `QUOTES` members (nearest the centre first) whose texts differ: a theme's quotes
    should not be one comment written three times (the same words, case and spacing aside)."""
    chosen: list[int] = []
    seen: set[str] = set()
    for p in members:
        text = " ".join(texts[p].casefold().split())
        if text not in seen:
            seen.add(text)
            chosen.append(p)
            if len(chosen) == QUOTES:
                break
    return chosen


def edge(members: list[int], shown: set[int]) -> list[int]:
    """Up to `QUOTES` members farthest from the theme's centre (`members` is nearest first),
    farthest first, leaving out the quotes and what officials tagged (`shown`): the comments
    whose place is least sure, which show officials where the theme ends; each tag is one more
    example for the next computation (`python -m bench.themes --review`, bench/results.md)."""
    rest = [p for p in members if p not in shown]
    return rest[::-1][:QUOTES]


@job("dialog.themes.compute")
def compute_job(run_id: int) -> None:
    """Compute a queued run (a worker's or this process's job)."""
    compute(run_id)


def compute(run_id: int) -> ThemeRun | None:
    """Find the run's themes and store them; a run already done is left alone."""
    run = db.session.get(ThemeRun, run_id)
    if run is None or run.status == RunStatus.DONE:
        return run
    run.status = RunStatus.RUNNING
    db.session.commit()
    try:
        _compute(run)
    except Exception as error:
        db.session.rollback()
        log.exception("themes of run %s failed", run_id)
        run = db.session.get(ThemeRun, run_id)
        assert run is not None  # noqa: S101 (it was committed above)
        if run.status != RunStatus.DONE:  # a second delivery of the job lost to the first
            run.status, run.error = RunStatus.FAILED, type(error).__name__
    db.session.commit()
    return run


def _compute(run: ThemeRun) -> None:
    from dialog.themes import labels
    from dialog.themes.method import find_themes

    rows = db.session.execute(comments_of(run)).all()
    ids = [row.id for row in rows]
    previous = previous_run(run)
    feedback = feedback_for(run, ids, previous)
    texts = [row.body for row in rows]
    found = find_themes(texts, feedback)
    own = labels.own_words(db.session.get_one(Municipality, run.municipality_id).name)
    members = []
    words: dict[int, list[str]] = {}
    for theme in found.themes:
        nearest = [rows[p].body for p in theme.members[: labels.READ]]
        shown = [rows[p].body for p in theme.members[: labels.READ] if rows[p].shown]
        quotes = representative(theme.members, texts)
        found_words = labels.label_words(theme.phrases, nearest, own, shown)
        stored = Theme(
            run=run,
            label=", ".join(found_words[: labels.SIZE])[:200] or "…",
            size=len(theme.members),
            quote_ids=[ids[p] for p in quotes],
            edge_ids=[ids[p] for p in edge(theme.members, set(feedback.tags) | set(quotes))],
        )
        db.session.add(stored)
        db.session.flush()
        words[stored.id] = found_words
        members += [
            {"run_id": run.id, "comment_id": ids[p], "theme_id": stored.id} for p in theme.members
        ]
    if members:
        db.session.execute(insert(ThemeMember), members)
    if previous is not None:
        carry_over(previous, run)
    tell_apart(run, words)
    run.status, run.computed_at, run.comment_count = RunStatus.DONE, utcnow(), len(ids)


def tell_apart(run: ThemeRun, words: dict[int, list[str]]) -> None:
    """Computed labels that two themes of the run share get a word that tells them apart
    (labels.distinct); an official's own name (carried over) is left as it is."""
    shown = [t for t in run.themes if t.merged_into_id is None]
    taken = [t.custom_label for t in shown if t.custom_label]
    plain = [t for t in shown if not t.custom_label and t.id in words]
    from dialog.themes import labels

    names = labels.distinct([words[t.id] for t in plain], taken)
    for theme, name in zip(plain, names, strict=True):
        theme.label = name[:200] or "…"


def carry_over(previous: ThemeRun, run: ThemeRun) -> None:
    """Officials' labels and merges pass to the new themes that continue the old ones."""
    old = {t.id: t for t in previous.themes}
    new = {t.id: t for t in run.themes}
    mine, theirs = aliased(ThemeMember), aliased(ThemeMember)
    shared: dict[int, Counter[int]] = defaultdict(Counter)
    for new_id, old_id, count in db.session.execute(
        select(mine.theme_id, theirs.theme_id, func.count())
        .join(theirs, (theirs.comment_id == mine.comment_id) & (theirs.run_id == previous.id))
        .where(mine.run_id == run.id)
        .group_by(mine.theme_id, theirs.theme_id)
    ):
        shared[new_id][old_id] = count
    merged = {t.merged_into_id for t in old.values() if t.merged_into_id}
    by_root: dict[int, list[Theme]] = defaultdict(list)
    for new_id, counts in shared.items():
        old_id, count = counts.most_common(1)[0]
        if count >= CONTINUES * max(new[new_id].size, 1):
            new[new_id].previous_id = old_id
            by_root[root_of(old, old_id)].append(new[new_id])
    for root_id, themes in by_root.items():
        themes.sort(key=lambda t: -t.size)
        head = themes[0]
        head.custom_label = old[root_id].custom_label
        if root_id in merged:
            for other in themes[1:]:
                other.merged_into_id = head.id


def rename(theme: Theme, label: str, actor: Any) -> None:
    """An official's own name for a theme ("" goes back to the computed label)."""
    before = {"custom_label": theme.custom_label}
    theme.custom_label = label.strip()[:200] or None
    audit.record(
        "themes.rename",
        actor=actor,
        municipality_id=theme.run.municipality_id,
        target=theme,
        before=before,
        after={"custom_label": theme.custom_label},
    )


def merge(theme: Theme, into: Theme, actor: Any) -> None:
    """Put one theme's comments under another of the same run."""
    if theme.run_id != into.run_id or theme.id == into.id:
        raise ThemeError(
            _("A theme can only be merged into another theme of the same computation.")
        )
    if into.merged_into_id is not None or theme.merged_into_id is not None:
        raise ThemeError(_("That theme has already been merged into another."))
    theme.merged_into_id = into.id
    for other in db.session.scalars(select(Theme).where(Theme.merged_into_id == theme.id)):
        other.merged_into_id = into.id
    audit.record(
        "themes.merge",
        actor=actor,
        municipality_id=theme.run.municipality_id,
        target=theme,
        before={"merged_into_id": None},
        after={"merged_into_id": into.id},
    )


def tag(comment: Comment, name: str, municipality_id: int, actor: Any) -> bool:
    """Give a comment a tag of the municipality (made when new); False if it had it."""
    name = " ".join(name.split())[:80]
    if not name:
        raise ThemeError(_("Write the name of the tag."))
    found = db.session.scalar(
        select(Tag).where(Tag.municipality_id == municipality_id, Tag.name == name)
    )
    if found is None:
        found = Tag(municipality_id=municipality_id, name=name, created_at=utcnow())
        db.session.add(found)
        db.session.flush()
    elif db.session.get(CommentTag, (comment.id, found.id)) is not None:
        return False
    db.session.add(CommentTag(comment_id=comment.id, tag_id=found.id, tagged_by_id=actor.id))
    audit.record(
        "themes.tag",
        actor=actor,
        municipality_id=municipality_id,
        target=comment,
        after={"tag": name},
    )
    return True


def untag(comment: Comment, tag_id: int, municipality_id: int, actor: Any) -> bool:
    """Take a tag off a comment; False if it did not have it."""
    link = db.session.get(CommentTag, (comment.id, tag_id))
    if link is None or link.tag.municipality_id != municipality_id:
        return False
    audit.record(
        "themes.untag",
        actor=actor,
        municipality_id=municipality_id,
        target=comment,
        before={"tag": link.tag.name},
    )
    db.session.delete(link)
    return True
