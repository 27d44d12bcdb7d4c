"""Where summaries learn about official responses, without depending on how they are stored.

The package that stores official responses registers a source with `response_source`: a
function (scope, filter) → SELECT of one goal id per response in scope and period (a scope
is a `queries.Scope`; official responses are given on its goals). Until one
is registered, summaries say that responses are not recorded here, and every goal with
comments counts as one without a response.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from dialog.extensions import db

_sources: list[Callable] = []


def response_source(source: Callable) -> Callable:
    """Register `source(scope, selection) -> Select` (one goal id per official response)."""
    if source not in _sources:
        _sources.append(source)
    return source


def count_responses(scope: Any, selection: Any) -> int | None:
    """Official responses in scope and period; None when nothing records responses."""
    if not _sources:
        return None
    return sum(
        db.session.scalar(select(func.count()).select_from(source(scope, selection).subquery()))
        for source in _sources
    )


def responded_goal_ids(scope: Any, selection: Any) -> set[int]:
    found: set[int] = set()
    for source in _sources:
        found.update(db.session.scalars(source(scope, selection)))
    return found
