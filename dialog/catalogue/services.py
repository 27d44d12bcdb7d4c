"""Writes to the catalogue; callers commit."""

from pathlib import Path

from flask import current_app

from dialog.catalogue.importer import ImportReport, apply_document, load_documents
from dialog.catalogue.search import refresh_index

SEED_DIRECTORY = Path(__file__).resolve().parent / "data"


def seed_files() -> list[str]:
    """The goal documents that ship with Dialog (Lund and Lomma)."""
    return sorted(str(p) for p in SEED_DIRECTORY.glob("*.yaml"))


def import_documents(paths: list[str]) -> tuple[ImportReport | None, list[str]]:
    """Validate every file, then apply all of them; on any problem apply none."""
    documents, problems = load_documents(paths, current_app.config["IMPORT_MAX_BYTES"])
    if problems:
        return None, problems
    report = ImportReport()
    for document in documents:
        apply_document(document.data, report)
    refresh_index()
    return report, []
