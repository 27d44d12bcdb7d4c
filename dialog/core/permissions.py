"""One shape for every area's rules: `may(actor, action, subject)` answers None or a Refusal.

Each area keeps its rules in its own `permissions.py` and registers them here under
dotted action names ("comment.post", "moderation.decide", ...). Views, templates (through
the one `may` global), services and the API all ask the same function; services enforce
the answer with `enforce`, which raises `NotAllowed` carrying every problem found.
Core never imports an area: areas call `rule()` when their module is imported.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True)
class Refusal:
    """Why something may not be done: a stable code for programs, a reason for people."""

    code: str
    reason: str

    def __str__(self) -> str:
        return self.reason


class NotAllowed(Exception):
    """Raised by services that were asked to do what the rules refuse."""

    def __init__(self, *refusals: Refusal) -> None:
        self.refusals: tuple[Refusal, ...] = refusals
        super().__init__("; ".join(r.reason for r in refusals))

    @property
    def first(self) -> Refusal:
        return self.refusals[0]


# Who acts: a User, Flask-Login's anonymous user (or its `current_user` proxy), or None.
# Flask-Login has no types, so the proxy is Any to mypy; rules read the attributes they need.
Actor = Any
Rule = Callable[[Any, Any], "Refusal | None"]
_RULES: dict[str, Rule] = {}
_R = TypeVar("_R", bound=Rule)


def rule(action: str) -> Callable[[_R], _R]:
    """Register the function that decides `action`; one function per action, defined once."""

    def register(decide: _R) -> _R:
        if action in _RULES and _RULES[action] is not decide:
            raise RuntimeError(f"The rule for {action!r} is defined twice")
        _RULES[action] = decide
        return decide

    return register


def may(actor: Any, action: str, subject: Any = None) -> Refusal | None:
    """None when `actor` may do `action` on `subject`, otherwise the refusal."""
    try:
        decide = _RULES[action]
    except KeyError:
        raise LookupError(f"No rule decides {action!r}") from None
    return decide(actor, subject)


def allowed(actor: Any, action: str, subject: Any = None) -> bool:
    return may(actor, action, subject) is None


def enforce(*refusals: Refusal | None) -> None:
    """Raise NotAllowed with every refusal given, if any."""
    found = [r for r in refusals if r is not None]
    if found:
        raise NotAllowed(*found)


def first_refusal(checks: Iterable[Callable[[], Refusal | None]]) -> Refusal | None:
    """The first check that refuses, evaluated lazily in order."""
    for check in checks:
        found = check()
        if found is not None:
            return found
    return None


def registered_actions() -> list[str]:
    return sorted(_RULES)
