"""Goal documents uploaded in the browser: validated and previewed first, applied once.

The preview runs the importer on the document and rolls the transaction back, so the official
sees the changes the command line prints, in the page's language, before anything is written.
The document is kept as a row; confirming applies it once (a conditional update claims the
row), and the row stays as the record of what was imported, by whom.
"""

import hashlib
import re
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import DateTime, ForeignKey, String, Text, update
from sqlalchemy.orm import Mapped, mapped_column

from dialog.catalogue.admin.services import _allowed
from dialog.catalogue.importer import ImportReport, apply_document
from dialog.catalogue.importer.reading import parse_text
from dialog.catalogue.importer.validation import find_problems, municipality_slug
from dialog.catalogue.importer.wording import NAME_END, NAME_START, in_words
from dialog.catalogue.models import Municipality
from dialog.catalogue.search import refresh_index
from dialog.core import audit
from dialog.core.permissions import Actor
from dialog.core.templating import content
from dialog.db import Base, rows_changed, utcnow
from dialog.extensions import db

#: A name from the file in a problem or change line (`in_words` with marked=True).
_NAMES = re.compile(f"{NAME_START}([^{NAME_START}{NAME_END}]*){NAME_END}")


class CatalogueUpload(Base):
    __tablename__ = "catalogue_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    #: The official who uploaded it; only they may confirm it.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Set once, by the confirmation that applied the document.
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


def read_upload(
    municipality: Municipality, filename: str, raw: bytes
) -> tuple[dict | None, list[str]]:
    """The parsed document, or the problems the command line would print for this file."""
    data, problems = parse_text(filename, raw, current_app.config["IMPORT_MAX_BYTES"])
    if problems:
        return None, problems
    problems = [f"{filename}: {in_words(p, data, marked=True)}" for p in find_problems(data)]
    if problems or not isinstance(data, dict):  # the schema asks for a mapping
        return None, problems
    if municipality_slug(data["municipality"]) != municipality.slug:
        problems.append(
            _(
                "%(file)s: the document is about the municipality '%(other)s', not %(name)s.",
                file=filename,
                other=municipality_slug(data["municipality"]),
                name=municipality.name,
            )
        )
    return (None, problems) if problems else (data, [])


def for_page(problems: list[str]) -> list[Markup]:
    """Problem or change lines for the page: the names from the file marked as Swedish on an
    English page (`content`), everything escaped."""
    lines = []
    for line in problems:
        parts = _NAMES.split(line)
        pieces = [content(part) if odd % 2 else escape(part) for odd, part in enumerate(parts)]
        lines.append(Markup("").join(pieces))
    return lines


def dry_run(data: dict) -> ImportReport:
    """What applying the document would change; nothing is kept (the caller's work is lost,
    so call this before changing anything else in the request)."""
    try:
        return apply_document(data)
    finally:
        db.session.rollback()


def keep_upload(
    municipality: Municipality, actor: Actor, filename: str, raw: bytes
) -> CatalogueUpload:
    """Store the previewed document, so that the confirmation applies exactly this text."""
    upload = CatalogueUpload(
        municipality_id=municipality.id,
        user_id=actor.id,
        filename=filename[:200],
        content=raw.decode("utf-8"),
        sha256=hashlib.sha256(raw).hexdigest(),
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def apply_upload(
    municipality: Municipality, upload: CatalogueUpload, actor: Actor
) -> tuple[ImportReport | None, list[str]]:
    """Apply a previewed document once; (None, []) when it was applied already."""
    _allowed(actor, municipality)
    claimed = rows_changed(
        db.session.execute(
            update(CatalogueUpload)
            .where(CatalogueUpload.id == upload.id, CatalogueUpload.applied_at.is_(None))
            .values(applied_at=utcnow())
        )
    )
    if claimed != 1:
        return None, []
    data, problems = read_upload(municipality, upload.filename, upload.content.encode("utf-8"))
    if data is None:
        return None, problems
    report = apply_document(data)
    refresh_index([municipality.id])
    audit.record(
        "catalogue.import",
        actor=actor,
        municipality_id=municipality.id,
        target=upload,
        after={
            "file": upload.filename,
            "sha256": upload.sha256,
            "changes": "\n".join(report.lines()),
        },
    )
    return report, []
