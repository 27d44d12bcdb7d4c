"""Reads for themes: the newest run of a goal or plan, its themes with merges folded in, the
comments left unsorted, and each comment's theme and tags (for exports)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select

from dialog.extensions import db
from dialog.participation.models import Comment, CommentStatus
from dialog.themes.labels import number_apart
from dialog.themes.limits import MIN_COMMENTS, QUOTES
from dialog.themes.models import CommentTag, RunStatus, Tag, ThemeMember, ThemeRun
from dialog.themes.scope import comment_refs, in_scope
from dialog.themes.services import root_of


@dataclass
class ThemeView:
    """A theme as officials see it: its own comments and those of the themes merged into it."""

    id: int
    name: str
    label: str
    custom_label: str | None
    quote_ids: list[int]
    #: Untagged comments least like the rest, farthest first (services.edge).
    edge_ids: list[int] = field(default_factory=list)
    comment_ids: list[int] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.comment_ids)


@dataclass
class Result:
    run: ThemeRun
    themes: list[ThemeView]
    #: Comments in scope in no theme, oldest first (also those written after the run).
    unsorted: list[int]

    @property
    def too_few(self) -> bool:
        return not self.themes and self.run.comment_count < MIN_COMMENTS


def _scope_column(goal_id: int | None, plan_id: int | None) -> ColumnElement[bool]:
    if goal_id is not None:
        return ThemeRun.goal_id == goal_id
    return ThemeRun.plan_id == plan_id


def latest_run(goal_id: int | None = None, plan_id: int | None = None) -> ThemeRun | None:
    """The newest finished run of a goal (or plan)."""
    return db.session.scalar(
        select(ThemeRun)
        .where(_scope_column(goal_id, plan_id), ThemeRun.status == RunStatus.DONE.value)
        .order_by(ThemeRun.id.desc())
        .limit(1)
    )


def newest_request(goal_id: int | None = None, plan_id: int | None = None) -> ThemeRun | None:
    """The newest run of any status, to say "being computed" or "failed" on the page."""
    return db.session.scalar(
        select(ThemeRun)
        .where(_scope_column(goal_id, plan_id))
        .order_by(ThemeRun.id.desc())
        .limit(1)
    )


def result(run: ThemeRun) -> Result:
    """The run's themes, merged ones folded into the theme they were merged into, largest first."""
    themes = {t.id: t for t in run.themes}
    views = {
        i: ThemeView(
            i, t.name, t.label, t.custom_label, list(t.quote_ids or []), list(t.edge_ids or [])
        )
        for i, t in themes.items()
        if t.merged_into_id is None
    }
    for i, t in themes.items():
        if t.merged_into_id is not None:
            views[root_of(themes, i)].merged.append(t.name)
    placed: set[int] = set()
    for comment_id, theme_id in db.session.execute(
        select(ThemeMember.comment_id, ThemeMember.theme_id)
        .where(ThemeMember.run_id == run.id)
        .order_by(ThemeMember.comment_id)
    ):
        views[root_of(themes, theme_id)].comment_ids.append(comment_id)
        placed.add(comment_id)
    for i, t in themes.items():  # quotes and edges of merged themes top up the theme's three
        if t.merged_into_id is not None:
            root = views[root_of(themes, i)]
            root.quote_ids += [q for q in t.quote_ids or [] if q not in root.quote_ids]
            root.edge_ids += [e for e in t.edge_ids or [] if e not in root.edge_ids]
    for view in views.values():
        view.quote_ids = view.quote_ids[:QUOTES]
        view.edge_ids = [e for e in view.edge_ids if e not in view.quote_ids][:QUOTES]
    everything = db.session.scalars(
        select(Comment.id).where(in_scope(run.goal_id, run.plan_id)).order_by(Comment.id)
    )
    unsorted = [i for i in everything if i not in placed]
    ordered = sorted(views.values(), key=lambda v: (-v.size, v.id))
    # Runs labelled before labels.distinct, or a computed label an official's rename now repeats:
    # told apart by a number (the words that would tell them apart are not stored).
    plain = [v for v in ordered if not v.custom_label]
    taken = [v.custom_label for v in ordered if v.custom_label]
    for view, name in zip(plain, number_apart([v.name for v in plain], taken), strict=True):
        view.name = name
    return Result(run, ordered, unsorted)


def as_json(goal_id: int, found: Result) -> dict:
    """What `flask dialog themes GOAL_ID --json` prints."""

    refs = comment_refs([i for view in found.themes for i in view.comment_ids] + found.unsorted)

    def comment(i: int) -> dict:
        return {"id": i, "ref": refs[i]}

    return {
        "goal": goal_id,
        "computed_at": found.run.computed_at.isoformat() if found.run.computed_at else None,
        "themes": [
            {
                "label": view.name,
                "size": view.size,
                "comments": [comment(i) for i in view.comment_ids],
                "quotes": view.quote_ids,
            }
            for view in found.themes
        ],
        "unsorted": [comment(i) for i in found.unsorted],
    }


def themes_of_comments(goal_ids: Iterable[int]) -> dict[int, str]:
    """Comment id → the name of its theme in its goal's newest run (for exports)."""
    names: dict[int, str] = {}
    for goal_id in set(goal_ids):
        run = latest_run(goal_id=goal_id)
        if run is None:
            continue
        for view in result(run).themes:
            names.update(dict.fromkeys(view.comment_ids, view.name))
    return names


def tags_of(comment_ids: Iterable[int]) -> dict[int, list[str]]:
    """Comment id → its tags' names, alphabetically."""
    return {
        comment_id: [name for _tag_id, name in tags]
        for comment_id, tags in tag_pairs_of(comment_ids).items()
    }


def tag_pairs_of(comment_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """Comment id → its tags as (id, name), alphabetically: the id takes a tag off again."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    wanted = list(comment_ids)
    for start in range(0, len(wanted), 1000):
        for comment_id, tag_id, name in db.session.execute(
            select(CommentTag.comment_id, Tag.id, Tag.name)
            .join(Tag, Tag.id == CommentTag.tag_id)
            .where(CommentTag.comment_id.in_(wanted[start : start + 1000]))
            .order_by(Tag.name)
        ):
            found[comment_id].append((tag_id, name))
    return dict(found)


def tag_counts(comment_ids_where: ColumnElement[bool]) -> list[tuple[str, int]]:
    """(tag, comments) for the comments in a scope, most used first."""
    rows = db.session.execute(
        select(Tag.name, func.count(CommentTag.comment_id))
        .join(CommentTag, CommentTag.tag_id == Tag.id)
        .join(Comment, Comment.id == CommentTag.comment_id)
        .where(comment_ids_where)
        .group_by(Tag.name)
        .order_by(func.count(CommentTag.comment_id).desc(), Tag.name)
    )
    return [(name, count) for name, count in rows]


@dataclass
class Overview:
    """Themes for a summary or a report: each theme's name, size and quotes, and the tags."""

    run: ThemeRun
    found: Result
    quotes: dict[int, Comment]
    tags: list[tuple[str, int]]


def overview(goal_id: int | None = None, plan_id: int | None = None) -> Overview | None:
    """The newest computed themes of a goal or plan, or None when they were never computed."""
    run = latest_run(goal_id=goal_id, plan_id=plan_id)
    if run is None:
        return None
    found = result(run)
    wanted = [i for view in found.themes for i in view.quote_ids]
    quotes = {c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(wanted)))}
    return Overview(run, found, quotes, tag_counts(in_scope(goal_id, plan_id)))


def public_themes(plan_id: int) -> Overview | None:
    """A plan's themes for the public "what we heard" page: quotes only of comments the goal
    page shows (published, and imported ones only once an official published them); tags
    (officials' working notes) left out."""
    found = overview(plan_id=plan_id)
    if found is None:
        return None
    published = {
        i
        for i, comment in found.quotes.items()
        if comment.status == CommentStatus.PUBLISHED and comment.is_public
    }
    for view in found.found.themes:
        view.quote_ids = [i for i in view.quote_ids if i in published]
    return Overview(found.run, found.found, found.quotes, [])
