"""Sections that higher areas add to the goal page, without participation naming them.

An area registers a function of the goal that returns a `Section` (a template and what it
needs), or None when it has nothing to show; the goal page includes each one, in order of
registration, right after the goal's own text.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dialog.catalogue.models import Goal


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


_PROVIDERS: list[Callable[[Goal], Section | None]] = []


def goal_section(provider: Callable[[Goal], Section | None]) -> Callable[[Goal], Section | None]:
    """Register `provider` once (importing a module twice does not add it twice)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def sections_for(goal: Goal) -> list[Section]:
    return [found for provider in _PROVIDERS if (found := provider(goal)) is not None]
