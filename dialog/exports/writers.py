"""One writer per format; each takes column names and an iterator of rows and streams.

CSV is UTF-8 with a byte-order mark (so that Excel reads å, ä and ö), comma or semicolon
separated; XLSX is written by openpyxl in write-only mode to a temporary file and streamed
from there; JSON is an array of objects written one row at a time. In CSV and XLSX, text that
begins with =, +, -, @ (or a tab or carriage return) is neutralised with a leading apostrophe,
so that no spreadsheet runs it as a formula; JSON carries the text unchanged (it is not opened
by spreadsheets, and consumers must get the text as written).
"""

import csv
import io
import itertools
import json
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from dialog.core.audit import FORMULA_PREFIXES, neutralise

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
#: Lines per chunk written to the response: fewer, larger writes.
CHUNK_ROWS = 500


FIRST = frozenset(FORMULA_PREFIXES)


def _cell(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else value


def _cells(row: Iterable[Any]) -> list:
    """`_cell` over a row, inlined: this runs for every cell of every export."""
    return [
        "'" + value if value.__class__ is str and value[:1] in FIRST else value for value in row
    ]


def _checker(columns: Sequence[str], text: Collection[str] | None) -> Callable[[Any], Any]:
    """`_cells`, or, when the caller names the columns that can hold text (`text`; the others
    hold numbers, times and fixed words), a check of those cells alone that hands the row on
    unchanged when none of them needs neutralising (and to `_cells` when one does)."""
    if text is None:
        return _cells
    positions = [i for i, name in enumerate(columns) if name in text]

    def checked(row: Any) -> Any:
        for i in positions:
            value = row[i]
            if value.__class__ is str and value[:1] in FIRST:
                return _cells(row)
        return row

    return checked


def csv_chunks(
    columns: Iterable[str],
    rows: Iterable[tuple],
    delimiter: str = ",",
    text: Collection[str] | None = None,
) -> Iterator[str]:
    """CHUNK_ROWS lines at a time: `writerows` over each chunk keeps the per-row work in C
    except the formula check (of every cell, or of the columns named in `text`)."""
    columns = list(columns)
    check = _checker(columns, text)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    yield "\ufeff" + buffer.getvalue()
    iterator = iter(rows)
    while True:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(check, itertools.islice(iterator, CHUNK_ROWS)))
        chunk = buffer.getvalue()
        if not chunk:
            return
        yield chunk


def json_chunks(columns: Iterable[str], rows: Iterable[tuple]) -> Iterator[str]:
    names = list(columns)
    yield "["
    parts, first = [], True
    for row in rows:
        item = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
        parts.append(item if first else "," + item)
        first = False
        if len(parts) == CHUNK_ROWS:
            yield "\n".join(parts)
            parts = []
    if parts:
        yield "\n".join(parts)
    yield "]\n"


def xlsx_chunks(
    columns: Iterable[str], rows: Iterable[tuple], sheet: str = "Dialog", layout: Any = None
) -> Iterator[bytes]:
    """The workbook, streamed from a temporary file once openpyxl has written it; with a
    `layout` (sheet.py: a communicator's file) its words, widths, wrapped text, a bold frozen
    header row and a filter, without one the column names as they are."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    if layout is None:
        worksheet.append(list(columns))
        for row in rows:
            worksheet.append(_cells(row))
    else:
        _laid_out(worksheet, layout, rows)
    with tempfile.TemporaryFile() as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(256 * 1024):
            yield chunk


def _laid_out(worksheet: Any, layout: Any, rows: Iterable[tuple]) -> None:
    """The header and `rows` written with `layout` onto a write-only `worksheet`."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for position, width in enumerate(layout.widths, start=1):
        worksheet.column_dimensions[get_column_letter(position)].width = width
    worksheet.row_dimensions[1].height = layout.header_height
    worksheet.freeze_panes = "A2"
    worksheet.print_title_rows = "1:1"
    bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    header = []
    for name in layout.headers:
        cell = WriteOnlyCell(worksheet, name)
        cell.font, cell.alignment = bold, top
        header.append(cell)
    worksheet.append(header)
    wrapped = [i for i, wrap in enumerate(layout.wrapped) if wrap]
    count = 1
    for row in rows:
        cells = _cells(layout.row(row))
        for i in wrapped:
            cell = WriteOnlyCell(worksheet, cells[i])
            cell.alignment = top
            cells[i] = cell
        worksheet.append(cells)
        count += 1
    last = get_column_letter(max(len(layout.headers), 1))
    worksheet.auto_filter.ref = f"A1:{last}{count}"


def chunks(
    fmt: str,
    columns: Iterable[str],
    rows: Iterable[tuple],
    delimiter: str = ",",
    text: Collection[str] | None = None,
    layout: Any = None,
) -> Iterator[Any]:
    """`text`: the columns that can hold text (see `csv_chunks`); None for every column.
    `layout`: the XLSX's words and shape (sheet.py); None for the column names as they are."""
    if fmt == "csv":
        return csv_chunks(columns, rows, delimiter, text)
    if fmt == "json":
        return json_chunks(columns, rows)
    if fmt == "xlsx":
        return xlsx_chunks(columns, rows, layout=layout)
    raise ValueError(fmt)


def write(
    fmt: str, columns: Iterable[str], rows: Iterable[tuple], target: Any, delimiter: str = ","
) -> None:
    """To an open binary file (the command line)."""
    for chunk in chunks(fmt, columns, rows, delimiter):
        target.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
