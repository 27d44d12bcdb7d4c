"""Read a file of comments from other channels (CSV, XLSX or JSON) into rows of text values.

Only the shape of the file is checked here (its type, encoding, columns); what each value
means is checked in `validation.py`. Every problem is collected, one per line, with the line
(CSV, XLSX) or item (JSON) and the column it concerns, as the catalogue importer does.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from flask_babel import gettext as _
from markupsafe import Markup
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from dialog.channels.quoting import Quoted, Said, html, said

#: The columns a file may have; only "text" is required.
COLUMNS = ("text", "channel", "received_on", "ref", "district", "age_band")
#: The same columns named in Swedish, as a municipality's own spreadsheet may name them.
SWEDISH_COLUMNS = {
    "kommentar": "text",
    "synpunkt": "text",
    "kanal": "channel",
    "inkommen": "received_on",
    "mottagen": "received_on",
    "referens": "ref",
    "kommundel": "district",
    "åldersgrupp": "age_band",
}


def column_name(name: str) -> str:
    """A header's column, in any case and in English or Swedish ("Kanal" is "channel")."""
    found = name.strip().lower()
    return SWEDISH_COLUMNS.get(found, found)


SUFFIXES = (".csv", ".xlsx", ".json")


def column_quoted(name: str) -> Quoted:
    """A column's name: English when it is one of ours, unknown when the file made it up."""
    return Quoted(name, "en" if name in COLUMNS else None)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: at a line (or JSON item) and column, or in the whole file.

    Plain text as `str()` (the command line), HTML with the quoted values' languages marked as
    `__html__()` (the page)."""

    message: str | Said
    line: int | None = None
    column: str | None = None
    #: "line" for CSV and XLSX rows, "item" for the objects of a JSON list.
    unit: str = "line"

    def __str__(self) -> str:
        where = self._where()
        return f"{where}: {self.message}" if where else str(self.message)

    def __html__(self) -> Markup:
        where = self._where()
        return Markup("{}: {}").format(where, html(self.message)) if where else html(self.message)

    def _where(self) -> Said | None:
        if self.line is None:
            return None
        if self.unit == "item":
            if self.column:
                return said(
                    _("item %(n)s, column %(column)s"),
                    n=self.line,
                    column=column_quoted(self.column),
                )
            return said(_("item %(n)s"), n=self.line)
        if self.column:
            return said(
                _("line %(n)s, column %(column)s"), n=self.line, column=column_quoted(self.column)
            )
        return said(_("line %(n)s"), n=self.line)


@dataclass(frozen=True)
class Row:
    line: int
    #: Column → the cell's text, stripped; only known columns, "" for an empty cell.
    values: dict[str, str]


@dataclass
class Sheet:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unit: str = "line"


def read_file(filename: str, raw: bytes, max_bytes: int) -> Sheet:
    """The rows of an uploaded or named file, or the problems that stop it being read."""
    if len(raw) > max_bytes:
        return Sheet(
            problems=[
                Problem(
                    _(
                        "The file is too large (%(size)s bytes; at most %(limit)s).",
                        size=len(raw),
                        limit=max_bytes,
                    )
                )
            ]
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(raw)
    if suffix == ".xlsx":
        return _read_xlsx(raw)
    if suffix == ".json":
        return _read_json(raw)
    return Sheet(
        problems=[
            Problem(
                _(
                    "The file type '%(suffix)s' cannot be read: use .csv, .xlsx or .json.",
                    suffix=suffix or filename,
                )
            )
        ]
    )


def _header(names: list[str], sheet: Sheet) -> list[str] | None:
    """The header's column names in lower case; problems for unknown, repeated or missing
    columns (and None, since no row can be read then)."""
    found = [column_name(name) for name in names]
    for position, name in enumerate(found, start=1):
        if name and name not in COLUMNS:
            sheet.problems.append(
                Problem(
                    said(
                        _("unknown column '%(name)s' (the columns are: %(known)s)"),
                        name=name,
                        known=tuple(column_quoted(known) for known in COLUMNS),
                    ),
                    line=1,
                    column=str(position),
                )
            )
        elif name and found.index(name) != position - 1:
            sheet.problems.append(
                Problem(
                    said(_("the column '%(name)s' appears twice"), name=column_quoted(name)),
                    line=1,
                    column=name,
                )
            )
    if "text" not in found:
        sheet.problems.append(
            Problem(_("the file has no column 'text' (the comment itself)"), line=1)
        )
    return None if sheet.problems else found


def _row(line: int, header: list[str], cells: list[str]) -> Row | None:
    values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
    values.pop("", None)
    if not any(values.values()):
        return None  # an empty line between the rows
    return Row(line, values)


def _read_csv(raw: bytes) -> Sheet:
    sheet = Sheet()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        sheet.problems.append(
            Problem(
                _(
                    "The file is not UTF-8 text (an unreadable byte at position %(n)s). "
                    "Save it as CSV UTF-8.",
                    n=error.start,
                )
            )
        )
        return sheet
    first = text.split("\n", 1)[0]
    # The header names hold neither separator, so the one the header line uses is the one.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_cells = next(reader, None)
        if header_cells is None:
            sheet.problems.append(Problem(_("The file is empty.")))
            return sheet
        header = _header(header_cells, sheet)
        if header is None:
            return sheet
        start = reader.line_num + 1
        for cells in reader:
            row = _row(start, header, cells)
            if row is not None:
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                    sheet.problems.append(
                        Problem(_("more values than the header has columns"), line=start)
                    )
                sheet.rows.append(row)
            start = reader.line_num + 1
    except csv.Error as error:
        sheet.problems.append(
            Problem(_("not valid CSV: %(error)s", error=str(error)), line=reader.line_num)
        )
    return sheet


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(raw: bytes) -> Sheet:
    sheet = Sheet()
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        sheet.problems.append(Problem(_("The file is not an Excel workbook (.xlsx).")))
        return sheet
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            sheet.problems.append(Problem(_("The file is empty.")))
            return sheet
        header = _header([_cell_text(cell) for cell in header_cells], sheet)
        if header is None:
            return sheet
        for line, cells in enumerate(rows, start=2):
            row = _row(line, header, [_cell_text(cell) for cell in cells])
            if row is not None:
                sheet.rows.append(row)
    finally:
        workbook.close()
    return sheet


def _read_json(raw: bytes) -> Sheet:
    sheet = Sheet(unit="item")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        sheet.problems.append(Problem(_("The file is not UTF-8 text.")))
        return sheet
    except RecursionError:  # thousands of [ or { inside each other
        sheet.problems.append(Problem(_("The file's lists and objects are nested too deeply.")))
        return sheet
    except json.JSONDecodeError as error:
        sheet.problems.append(
            Problem(
                _(
                    "not valid JSON at line %(line)s, column %(column)s: %(error)s",
                    line=error.lineno,
                    column=error.colno,
                    error=error.msg,
                )
            )
        )
        return sheet
    if not isinstance(data, list):
        sheet.problems.append(Problem(_("The file must hold a list of comments ([{…}, {…}]).")))
        return sheet
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            sheet.problems.append(
                Problem(_("not an object with the columns as keys"), line=number, unit="item")
            )
            continue
        values = {}
        for key, value in item.items():
            name = column_name(str(key))
            if name not in COLUMNS:
                sheet.problems.append(
                    Problem(
                        said(
                            _("unknown column (the columns are: %(known)s)"),
                            known=tuple(column_quoted(known) for known in COLUMNS),
                        ),
                        line=number,
                        column=str(key),
                        unit="item",
                    )
                )
            elif not isinstance(value, str | int | float | type(None)) or isinstance(value, bool):
                sheet.problems.append(
                    Problem(_("must be text"), line=number, column=name, unit="item")
                )
            else:
                values[name] = _cell_text(value).strip()
        sheet.rows.append(Row(number, values))
    return sheet
