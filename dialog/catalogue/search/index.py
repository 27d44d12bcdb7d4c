"""Keep the search index in step with the catalogue; called by the importer, never commits."""

from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select

from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.catalogue.search.models import SearchEntry, SearchKind, SearchWord
from dialog.catalogue.search.text import stem, stem_document, words
from dialog.extensions import db

FIELDS = ("municipality_id", "subkind", "title", "body", "context", "plan_slug")


def _wanted(municipality: Municipality) -> dict[tuple[SearchKind, int], dict]:
    """Every plan, and every focus area and goal that is not archived, as index rows (none for
    an archived municipality)."""
    rows: dict[tuple[SearchKind, int], dict] = {}
    if municipality.is_archived:
        return rows
    plans = db.session.scalars(select(Plan).filter_by(municipality_id=municipality.id)).all()
    for plan in plans:
        base = {"municipality_id": municipality.id, "plan_slug": plan.slug}
        rows[(SearchKind.PLAN, plan.id)] = base | {
            "subkind": plan.kind,
            "title": plan.title,
            "body": plan.intro or "",
            "context": "",
        }
        items: list[tuple[SearchKind, FocusArea | Goal]] = [
            (SearchKind.FOCUS_AREA, a) for a in plan.focus_areas
        ]
        items += [(SearchKind.GOAL, g) for g in plan.goals]
        for kind, item in items:
            if not item.is_archived:
                rows[(kind, item.id)] = base | {
                    "subkind": item.kind,
                    "title": item.title,
                    "body": item.description or "",
                    "context": plan.title,
                }
    return rows


def _document(values: dict[str, Any]) -> ColumnElement[Any] | str:
    """The stored search document: a weighted Swedish tsvector, or Snowball stems."""
    if db.engine.dialect.name == "postgresql":
        swedish: ColumnElement[Any] = literal_column("'swedish'::regconfig")
        title = func.setweight(func.to_tsvector(swedish, values["title"]), literal_column("'A'"))
        body = func.setweight(func.to_tsvector(swedish, values["body"]), literal_column("'B'"))
        return title.op("||")(body)
    return stem_document(values["title"] + " " + values["body"])


def refresh_index(municipality_ids: list[int] | None = None) -> None:
    """Add, update and remove index rows so that they match the catalogue; then the words."""
    stmt = select(Municipality)
    if municipality_ids is not None:
        stmt = stmt.where(Municipality.id.in_(municipality_ids))
    for municipality in db.session.scalars(stmt).all():
        wanted = _wanted(municipality)
        stored = {
            (e.kind, e.target_id): e
            for e in db.session.scalars(
                select(SearchEntry).filter_by(municipality_id=municipality.id)
            )
        }
        for key, entry in stored.items():
            if key not in wanted:
                db.session.delete(entry)
        for (kind, target_id), values in wanted.items():
            found = stored.get((kind, target_id))
            if found is None:
                entry = SearchEntry(kind=kind, target_id=target_id)
                db.session.add(entry)
            elif all(getattr(found, name) == values[name] for name in FIELDS):
                continue
            else:
                entry = found
            for name in FIELDS:
                setattr(entry, name, values[name])
            entry.document = _document(values)
    db.session.flush()
    _refresh_words()


def _refresh_words() -> None:
    counts: Counter[str] = Counter()
    for title, body in db.session.execute(select(SearchEntry.title, SearchEntry.body)):
        counts.update({w for w in words(f"{title} {body}") if len(w) >= 3 and w.isalpha()})
    stored = {w.word: w for w in db.session.scalars(select(SearchWord))}
    for word, row in stored.items():
        if word not in counts:
            db.session.delete(row)
    for word, frequency in counts.items():
        kept = stored.get(word)
        if kept is None:
            db.session.add(SearchWord(word=word, stem=stem(word), frequency=frequency))
        elif kept.frequency != frequency:
            kept.frequency = frequency
    db.session.flush()
