"""Goal documents in, goal documents out: validate everything first, then write.

`load_documents` reads and validates files and returns every problem; `apply_document`
writes one validated document; `export_municipality` writes a municipality back in the
same format, so that export → import changes nothing.
"""

from dialog.catalogue.importer.apply import apply_document
from dialog.catalogue.importer.export import export_municipality
from dialog.catalogue.importer.reading import Document, load_documents
from dialog.catalogue.importer.report import ImportReport

__all__ = ["Document", "ImportReport", "apply_document", "export_municipality", "load_documents"]
