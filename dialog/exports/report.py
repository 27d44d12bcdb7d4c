"""The dialogue summary report, as PDF (WeasyPrint) and as DOCX (python-docx), in sv or en.

A report is a list of sections from the registry `SECTIONS`; another package (the insights
issue's themes, say) adds its own with `register(Section(...), before="method")`. Each
section renders itself twice: a template for the PDF (HTML, with the SVG charts) and a
function that writes the same content into a Word document (tables in place of charts:
Word cannot show SVG, and the tables hold the same numbers). Before the sections come a title
page and a table of contents, and every page after the title page says "Page N of M"
(`report_front`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from dialog.catalogue.models import FocusArea, Goal
from dialog.catalogue.phases import today
from dialog.core import audit
from dialog.core.dates import day, number
from dialog.exports import report_front
from dialog.insights.period import Start, dialogue_start, period_text
from dialog.insights.presentation import (
    Charts,
    charts_for,
    decimal,
    method_text,
    percent,
    status_row,
)
from dialog.insights.queries import Filter, Scope
from dialog.insights.summary import Summary, summarise

LANGUAGES = ("sv", "en")
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class ReportContext:
    """What every section may use."""

    municipality: Any
    title: str
    summary: Summary
    charts: Charts
    selection: Filter
    lang: str
    #: The day in the municipality's time zone, as every other date and time in the report (the
    #: server's own date said "6 December" beside themes computed "7 December 00.25").
    created: date = field(default_factory=lambda: today())
    #: The plan, focus area or goal the report is about.
    target: Any = None
    #: What each section's `prepare` gathered, by section key.
    parts: dict[str, Any] = field(default_factory=dict)
    #: The dialogue's first day, for a period without one (`period.dialogue_start`).
    start: Start | None = None

    @property
    def empty(self) -> bool:
        return self.summary.is_empty or self.summary.suppressed


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # a lazy string, shown in the report's language
    template: str
    write_docx: Callable
    #: Shown when true; by default only when there was dialogue in the period.
    applies: Callable[[ReportContext], bool] = lambda context: not context.empty
    #: Gathers what the section shows (into `context.parts[key]`) before it is rendered.
    prepare: Callable[[ReportContext], Any] | None = None


SECTIONS: list[Section] = []


def register(section: Section, before: str | None = None) -> Section:
    """Add a section, at the end or before the one with key `before`. An unknown `before` is
    refused: appended silently, the section would land wherever import order put it."""
    keys = [s.key for s in SECTIONS]
    if section.key in keys:
        SECTIONS[keys.index(section.key)] = section
    elif before is None:
        SECTIONS.append(section)
    elif before in keys:
        SECTIONS.insert(keys.index(before), section)
    else:
        raise ValueError(f"no report section {before!r} to place {section.key!r} before")
    return section


def heading_text(context: "ReportContext") -> str:
    """What the report is, about whom and when: the line under its title, in the PDF and Word."""
    about = ""
    if isinstance(context.target, Goal):
        about = _("A goal of the plan %(plan)s.", plan=context.target.plan.title) + " "
    elif isinstance(context.target, FocusArea):
        about = _(
            "A focus area of the plan %(plan)s, with its goals.", plan=context.target.plan.title
        )
        about += " "
    return about + _(
        "Summary of the residents' dialogue in %(municipality)s, %(period)s. Made %(date)s.",
        municipality=context.municipality.name,
        period=period_text(context.selection, context.created, context.start),
        date=day(context.created),
    )


def build(
    fmt: str,
    municipality: Any,
    title: str,
    scope: Scope,
    selection: Filter,
    lang: str,
    *,
    with_matrix: bool,
    actor: Any = None,
    target: Any = None,
) -> bytes:
    """The report as bytes; recorded in the audit log as "export.report"."""
    if fmt not in FORMATS or lang not in LANGUAGES:
        raise ValueError("format pdf or docx, language sv or en")
    with force_locale(lang):
        summary = summarise(title, scope, selection, with_matrix)
        context = ReportContext(
            municipality,
            title,
            summary,
            charts_for(summary),
            selection,
            lang,
            target=target,
            start=dialogue_start(scope, target),
        )
        sections = [s for s in SECTIONS if s.applies(context)]
        for section in sections:
            if section.prepare is not None:
                context.parts[section.key] = section.prepare(context)
        data = _pdf(context, sections) if fmt == "pdf" else _docx(context, sections)
    audit.record(
        "export.report",
        actor=actor,
        municipality_id=municipality.id,
        target=target,
        after={"format": fmt, "language": lang, **selection.as_dict()},
    )
    return data


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict:
    raise ValueError(f"the report loads nothing from outside: {url}")


def _pdf(context: ReportContext, sections: list[Section]) -> bytes:
    from markupsafe import Markup
    from weasyprint import HTML

    names = {
        "context": context,
        "summary": context.summary,
        "charts": context.charts,
        "sections": sections,
        "period": period_text(context.selection, context.created, context.start),
        "heading_text": heading_text,
        "decimal": decimal,
        "percent": percent,
        "status_row": status_row,
        "method_text": method_text,
    }
    body, contents = report_front.contents(render_template("exports/report/_body.html", **names))
    html = render_template(
        "exports/report.html",
        body=Markup(body),  # noqa: S704 (the report's own template output)
        contents=contents,
        contents_text=report_front.contents_text(),
        page_of=report_front.page_of_css(),
        subtitle=REPORT_NAME(),
        **names,
    )
    return HTML(string=html, url_fetcher=_refuse).write_pdf(pdf_variant="pdf/ua-1")


def _docx(context: ReportContext, sections: list[Section]) -> bytes:
    import io

    from docx import Document

    document = Document()
    document.core_properties.title = context.title
    document.core_properties.language = context.lang
    _speak(document, context.lang)
    lines = [heading_text(context)]
    if context.summary.suppressed:
        lines.append(NO_SMALL_GROUPS())
    elif context.summary.is_empty:
        lines.append(NO_DIALOGUE())
    report_front.word_title_page(
        document, context.municipality.name, context.title, REPORT_NAME(), lines
    )
    first = len(document.paragraphs)
    for section in sections:
        document.add_heading(str(section.title), level=1)
        section.write_docx(document, context)
    report_front.word_contents(document, document.paragraphs[first])
    report_front.word_page_numbers(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: The language Word's text is marked with (the blank template says en-US for every report).
WORD_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}


def _speak(document: Any, lang: str) -> None:
    """Mark the text with the report's language, which screen readers and spelling follow."""
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    marked = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    marked.set(qn("w:val"), WORD_LANGUAGES.get(lang, lang))


def REPORT_NAME() -> str:  # noqa: N802 (a text, looked up in the report's language)
    return _("Dialogue summary report")


def NO_DIALOGUE() -> str:  # noqa: N802 (a text, looked up in the report's language)
    return _("There was no dialogue in this period: no comments, reactions or ratings.")


def NO_SMALL_GROUPS() -> str:  # noqa: N802
    return _(
        "Fewer than 5 residents in this selection took part, so no figures are shown, "
        "to protect them."
    )


def table(
    document: Any,
    header: list[str],
    rows: list[list],
    caption: str | None = None,
    shares: list[float] | None = None,
) -> Any:
    """A real Word table whose first row is its header, in bold; `caption` is written above it
    (the Caption style) and kept as the table's title, which screen readers announce with it.
    Counts are written as the page and the PDF write them ("1 389", not "1389"), set right.
    `shares`: each column's part of the text's width (else Word's equal columns)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if caption:
        document.add_paragraph(caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    if caption:
        _title(grid, caption)
    _header_row(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = grid.add_row().cells
        for position, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = "" if value is None else _cell(value)
            if position and _figure(cell.text):  # the first column names the row ("18–29")
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if shares:
        _widths(document, grid, shares)
    return grid


def _widths(document: Any, grid: Any, shares: list[float]) -> None:
    """Fixed column widths, in the grid (LibreOffice reads these) and on every cell (Word
    does): a long title gets room instead of words broken in the middle in a narrow column."""
    section = document.sections[-1]
    text = section.page_width - section.left_margin - section.right_margin
    total = sum(shares)
    widths = [int(text * share / total) for share in shares]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _figure(text: str) -> bool:
    """A count, share or mean ("1 389", "8 %", "3,30 (31)"): set right so that digits line up."""
    first = text[:1]
    return first.isascii() and first.isdigit() and not any(c.isalpha() for c in text)


def _cell(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    return str(value)


def _title(grid: Any, caption: str) -> None:
    """The table's title (w:tblCaption, Word's "Alt Text" title), placed where the schema
    wants it in the table's properties: after the style, width and look it may hold."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), caption)
    properties = grid._tbl.tblPr
    later = {qn(f"w:{tag}") for tag in ("tblDescription", "tblPrChange")}
    for position, child in enumerate(properties):
        if child.tag in later:
            properties.insert(position, title)
            return
    properties.append(title)


def _header_row(row: Any) -> None:
    """Mark the row as the table's header: read out with each cell, repeated on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)
