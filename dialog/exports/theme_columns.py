"""The comment exports' theme and tags columns: each comment's theme, and the tags officials gave
it, looked up one batch of rows at a time.

The theme is the one the export's own summary page and report show: a plan's export takes the
plan's newest computed themes when it has some (its themes page says every theme's comments are in
the export, and the plan's report lists those themes); a goal's or focus area's export, or a plan's
without themes of its own, takes each comment's goal's newest themes.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from dialog.exports.rows import BATCH
from dialog.extensions import db
from dialog.themes.models import RunStatus, Theme, ThemeMember, ThemeRun
from dialog.themes.queries import latest_run, tags_of

THEME_COLUMNS = ("theme", "tags")


def _newest_goal_runs() -> list[int]:
    return list(
        db.session.scalars(
            select(func.max(ThemeRun.id))
            .where(ThemeRun.goal_id.is_not(None), ThemeRun.status == RunStatus.DONE.value)
            .group_by(ThemeRun.goal_id)
        )
    )


def themes_of(comment_ids: list[int], runs: list[int]) -> dict[int, str]:
    """Comment id → its theme's name (a merged theme's comments under the theme merged into)."""
    if not runs or not comment_ids:
        return {}
    own, into = aliased(Theme), aliased(Theme)
    query = (
        select(
            ThemeMember.comment_id,
            func.coalesce(into.custom_label, into.label, own.custom_label, own.label),
        )
        .join(own, own.id == ThemeMember.theme_id)
        .outerjoin(into, into.id == own.merged_into_id)
        .where(ThemeMember.run_id.in_(runs), ThemeMember.comment_id.in_(comment_ids))
    )
    return {comment_id: name for comment_id, name in db.session.execute(query)}


def with_themes(rows: Iterable[tuple], plan_id: int | None = None) -> Iterator[tuple]:
    """Each comment row (comment id first) with its theme and its tags ("; " between); the
    themes of the plan `plan_id` when it has some (the export is the whole plan's)."""
    plan_run = latest_run(plan_id=plan_id) if plan_id is not None else None
    runs = [plan_run.id] if plan_run is not None else _newest_goal_runs()
    found = iter(rows)
    while batch := list(islice(found, BATCH)):
        ids = [row[0] for row in batch]
        names, tags = themes_of(ids, runs), tags_of(ids)
        for row in batch:
            yield (*row, names.get(row[0], ""), "; ".join(tags.get(row[0], [])))
