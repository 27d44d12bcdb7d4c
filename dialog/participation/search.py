"""Published comments as search results, added to the catalogue's search page by a hook.

Comments are searched as they are stored (no index to keep in step with edits and
moderation): PostgreSQL's Swedish text search, or Snowball stems as word starts on SQLite.
"""

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, Text, case, func, literal_column, select

from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.catalogue.search import register_source
from dialog.catalogue.search.snippets import snippet
from dialog.catalogue.search.sources import Hit, HitPage, Query
from dialog.extensions import db
from dialog.participation.language import language_of
from dialog.participation.models import Comment, shown_comments

_Found = Select[int, str, str, str, str]


def _match(stmt: _Found, query: Query) -> _Found:
    if db.engine.dialect.name == "postgresql":
        swedish: ColumnElement[Any] = literal_column("'swedish'::regconfig")
        tsquery = func.to_tsquery(swedish, " & ".join(f"{w}:*" for w in query.words))
        return stmt.where(func.to_tsvector(swedish, Comment.body).op("@@")(tsquery))
    folded = func.casefold(Comment.body, type_=Text)
    for part in query.stems:
        stmt = stmt.where(folded.like(f"%{part}%"))
    return stmt


def search_comments(query: Query, page: int, per_page: int) -> HitPage:
    """Published comments and replies on goals and focus areas that are not archived, newest
    first."""
    if not query.words:
        return HitPage(page=page, per_page=per_page)
    stmt = (
        select(
            Comment.id,
            Comment.body,
            func.coalesce(Goal.title, FocusArea.title),
            Municipality.name,
            func.coalesce(Goal.title_en, FocusArea.title_en),
        )
        .outerjoin(Goal, Goal.id == Comment.goal_id)
        .outerjoin(FocusArea, FocusArea.id == Comment.focus_area_id)
        .join(Plan, Plan.id == func.coalesce(Goal.plan_id, FocusArea.plan_id))
        .join(Municipality, Municipality.id == Plan.municipality_id)
        .where(
            shown_comments(),
            func.coalesce(Goal.is_archived, FocusArea.is_archived).is_(False),
        )
    )
    if query.only and query.municipality_id:
        stmt = stmt.where(Plan.municipality_id == query.municipality_id)
    stmt = _match(stmt, query)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    first = case((Plan.municipality_id == (query.municipality_id or 0), 0), else_=1)
    rows = db.session.execute(
        stmt.order_by(first, Comment.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    label = _l("Comment")
    hits = [
        Hit(
            kind="comment",
            label=label,
            title=goal_title,
            url=url_for("comments.show", comment_id=comment_id),
            snippet=snippet(body, query.stems),
            municipality=municipality,
            target_id=comment_id,
            lang=language_of(body),
            title_en=goal_title_en,
        )
        for comment_id, body, goal_title, municipality, goal_title_en in rows
    ]
    return HitPage(hits, total, page, per_page)


def init_app() -> None:
    register_source("comments", _l("Comments"), search_comments)
