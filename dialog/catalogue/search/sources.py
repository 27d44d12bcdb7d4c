"""Search results as one shape, and the hook through which other areas add theirs.

The catalogue never imports participation: participation registers a function that searches
published comments, and the search page calls every registered source.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass
class Hit:
    """One search result, ready to show."""

    #: plan, focus_area, goal or comment.
    kind: str
    #: What it is ("Mål", "Avsnitt", "Kommentar"): a lazy string, translated when shown.
    label: object
    title: str
    #: Where it is; empty for catalogue items, whose pages templates link by kind and id.
    url: str
    snippet: Markup
    municipality: str
    context: str = ""
    target_id: int = 0
    municipality_slug: str = ""
    plan_slug: str = ""
    #: The snippet's language where it is not the catalogue's (a comment's, as detected).
    lang: str | None = None
    #: The municipality's English title and context (plan title), where it wrote them: an
    #: English page shows them, as the item's own page does (`tr` in dialog/core/templating.py).
    title_en: str | None = None
    context_en: str | None = None


@dataclass
class HitPage:
    """One page of hits from one source."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Query:
    """What was asked: the words, their stems, and which municipality counts."""

    text: str
    words: list[str]
    stems: list[str]
    #: Shown first; with `only`, the only one searched.
    municipality_id: int | None = None
    only: bool = False


Source = Callable[[Query, int, int], HitPage]
_SOURCES: dict[str, tuple[str, Source]] = {}


def register_source(name: str, heading: str, search: Source) -> None:
    """Add a kind of result to the search page, e.g. ("comments", "Comments", fn)."""
    _SOURCES[name] = (heading, search)


def sources() -> dict[str, tuple[str, Source]]:
    return dict(_SOURCES)
