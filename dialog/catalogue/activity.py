"""How much is happening on plans and goals: comments and participants so far.

The catalogue never imports participation: participation registers the functions that count
(`register`), and the catalogue's pages ask through `for_goals` and `for_plans`. Each call is
one query, however many goals or plans there are, and none while the content has not
changed (the shared cache).
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask, current_app

from dialog.core.cache import current_version
from dialog.extensions import cache


@dataclass(frozen=True)
class Activity:
    #: Comments and replies residents can read (published; imported ones once published).
    comments: int = 0
    participants: int = 0


NONE = Activity()
Counter = Callable[[list[int]], dict[int, Activity]]
_KEY = "dialog.activity_counters"


def register(app: Flask, goals: Counter, plans: Counter) -> None:
    """Set the counting functions for this app (participation does, once)."""
    app.extensions[_KEY] = {"goals": goals, "plans": plans}


def _ask(name: str, ids: Iterable[int]) -> dict[int, Activity]:
    """Counted once per content version (dialog/core/versions.py: every comment replaces it) and
    kept in the shared cache: the same for every reader."""
    wanted = sorted(set(ids))
    counters = current_app.extensions.get(_KEY, {})
    if not wanted or name not in counters:
        return {}
    parts = (current_version().token, name, ",".join(map(str, wanted)))
    key = "activity:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    found = cache.get(key)
    if isinstance(found, dict):
        return found
    counted: dict[int, Activity] = counters[name](wanted)
    cache.set(key, counted)
    return counted


def for_goals(goal_ids: Iterable[int]) -> dict[int, Activity]:
    """Comments and replies residents can read, and participants, per goal; goals without
    any are left out."""
    return _ask("goals", goal_ids)


def for_plans(plan_ids: Iterable[int]) -> dict[int, Activity]:
    """Comments and replies residents can read on the plan's goals and focus areas, and the
    distinct accounts that took part in any of them."""
    return _ask("plans", plan_ids)
