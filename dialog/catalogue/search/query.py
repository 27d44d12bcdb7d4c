"""Search the index (and every registered source), current municipality first."""

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel.speaklater import LazyString
from sqlalchemy import ColumnElement, Select, and_, case, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from dialog.catalogue.kinds import GOAL_KIND_LABELS, GROUP_KIND_LABELS, PLAN_KIND_LABELS
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.catalogue.search.models import SearchEntry, SearchKind, SearchWord
from dialog.catalogue.search.snippets import snippet
from dialog.catalogue.search.sources import Hit, HitPage, Query, sources
from dialog.catalogue.search.text import WORD, stem, words
from dialog.extensions import db

KIND_ORDER = case(
    (SearchEntry.kind == SearchKind.PLAN, 0),
    (SearchEntry.kind == SearchKind.FOCUS_AREA, 1),
    else_=2,
)


@dataclass
class SearchResults:
    query: Query
    catalogue: HitPage
    #: (name, heading, page) for each registered source, e.g. comments.
    others: list[tuple[str, str, HitPage]] = field(default_factory=list)
    #: A corrected query when some word occurs nowhere ("Menade du …?").
    suggestion: str | None = None

    @property
    def total(self) -> int:
        return self.catalogue.total + sum(page.total for _name, _heading, page in self.others)


def make_query(text: str, municipality_id: int | None = None, only: bool = False) -> Query:
    found = [w.replace("_", "") for w in words(text)]
    found = [w for w in found if w]
    return Query(text, found, [stem(w) for w in found], municipality_id, only)


def _label(kind: str, subkind: str) -> LazyString | str:
    """What the item is, as a lazy string: translated when the page shows it."""
    by_kind: dict[str, Mapping[Any, LazyString]] = {
        SearchKind.PLAN: PLAN_KIND_LABELS,
        SearchKind.FOCUS_AREA: GROUP_KIND_LABELS,
    }
    labels = by_kind.get(kind, GOAL_KIND_LABELS)
    return labels.get(subkind, subkind)


_Found = Select[SearchEntry, str, str]


def _match(stmt: _Found, query: Query) -> tuple[_Found, list[ColumnElement[Any]]]:
    if db.engine.dialect.name == "postgresql":
        swedish: ColumnElement[Any] = literal_column("'swedish'::regconfig")
        tsquery = func.to_tsquery(swedish, " & ".join(f"{w}:*" for w in query.words))
        rank = func.ts_rank(SearchEntry.document, tsquery)
        return stmt.where(SearchEntry.document.op("@@")(tsquery)), [rank.desc()]
    for part in query.stems:
        stmt = stmt.where(SearchEntry.document.like(f"% {part}%"))
    return stmt, [KIND_ORDER]


def _with_english(stmt: _Found) -> Select[SearchEntry, str, str, str | None, str | None]:
    """The page of hits with each item's English title and its plan's (the index holds the
    Swedish text it searches), looked up by primary key for the rows shown only."""
    item_plan, context_plan = aliased(Plan), aliased(Plan)

    def of_kind(kind: SearchKind, column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        return and_(SearchEntry.kind == kind, column == SearchEntry.target_id)

    return (
        stmt.add_columns(
            func.coalesce(Goal.title_en, FocusArea.title_en, item_plan.title_en),
            context_plan.title_en,
        )
        .outerjoin(Goal, of_kind(SearchKind.GOAL, Goal.id))
        .outerjoin(FocusArea, of_kind(SearchKind.FOCUS_AREA, FocusArea.id))
        .outerjoin(item_plan, of_kind(SearchKind.PLAN, item_plan.id))
        .outerjoin(context_plan, context_plan.id == func.coalesce(Goal.plan_id, FocusArea.plan_id))
    )


def search_catalogue(query: Query, page: int, per_page: int) -> HitPage:
    """Plans, focus areas and goals whose words match every word asked for."""
    if not query.words:
        return HitPage(page=page, per_page=per_page)
    stmt = select(SearchEntry, Municipality.name, Municipality.slug).join(
        Municipality, Municipality.id == SearchEntry.municipality_id
    )
    if query.only and query.municipality_id:
        stmt = stmt.where(SearchEntry.municipality_id == query.municipality_id)
    stmt, order = _match(stmt, query)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    first = case((SearchEntry.municipality_id == (query.municipality_id or 0), 0), else_=1)
    rows = db.session.execute(
        _with_english(stmt)
        .order_by(first, *order, SearchEntry.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    hits = [
        Hit(
            kind=entry.kind,
            label=_label(entry.kind, entry.subkind),
            title=entry.title,
            url="",
            snippet=snippet(entry.body or entry.title, query.stems),
            municipality=name,
            context=entry.context,
            target_id=entry.target_id,
            municipality_slug=slug,
            plan_slug=entry.plan_slug,
            title_en=title_en,
            context_en=context_en,
        )
        for entry, name, slug, title_en, context_en in rows
    ]
    return HitPage(hits, total or 0, page, per_page)


def search(query: Query, pages: dict[str, int] | None = None, per_page: int = 20) -> SearchResults:
    """Every kind of result for the query, and a suggestion when a word is unknown.

    `pages` holds the page number of the catalogue's results (key "") and of each source's.
    """
    pages = pages or {}
    results = SearchResults(query, search_catalogue(query, pages.get("", 1), per_page))
    for name, (heading, source) in sorted(sources().items()):
        found = source(query, pages.get(name, 1), per_page)
        results.others.append((name, heading, found))
    results.suggestion = suggest(query.text)
    return results


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (optimal string alignment)."""
    before: list[int] = []
    previous, current = before, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]


def suggest(text: str) -> str | None:
    """The query with each unknown word replaced by the closest known one, if any.

    A word is unknown when the catalogue never uses it. When its stem still finds something
    ("skolor" finds "skola") only a word one typing slip away is suggested ("klimatt").
    """
    asked = WORD.findall(text.casefold())
    candidates = [w for w in dict.fromkeys(words(text)) if len(w) >= 3 and w.isalpha()]
    if not candidates:
        return None
    vocabulary = dict(db.session.execute(select(SearchWord.word, SearchWord.frequency)).all())
    replacements = {}
    for word in candidates:
        if word in vocabulary:
            continue
        close = difflib.get_close_matches(word, vocabulary, n=8, cutoff=0.75)
        if _stem_is_known(word):
            close = [c for c in close if _distance(word, c) <= 1]
        if close:
            replacements[word] = min(
                close, key=lambda c: (_distance(word, c), -vocabulary[c], len(c), c)
            )
    if not replacements:
        return None
    return " ".join(replacements.get(w, w) for w in asked)


def _stem_is_known(word: str) -> bool:
    found = select(SearchWord.word).where(SearchWord.stem.like(f"{stem(word)}%")).limit(1)
    return db.session.scalar(found) is not None
