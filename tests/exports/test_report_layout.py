"""The report's layout as a communicator sends it on: the Word tables' column widths, and in the
PDF what belongs together on one page."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from jinja2 import ChoiceLoader, DictLoader
from pypdf import PdfReader

from dialog.exports import report
from dialog.exports.report import Section
from tests.exports.test_exports import client  # noqa: F401 (downloads read whole)
from tests.exports.test_report import URL, communicator, dialogue  # noqa: F401


def _matrix_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Nr")


def test_the_word_matrix_gives_the_goal_room(communicator):  # noqa: F811
    """The goal column was a fifth of the page, and a title broke mid-word ("kommunikati va")."""
    document = Document(io.BytesIO(communicator.get(f"{URL}?format=docx&lang=sv").data))
    grid = _matrix_table(document)
    columns = [int(col.get(qn("w:w"))) for col in grid._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert columns.index(max(columns)) == 1  # the goal's title is the widest
    assert grid.columns[1].width >= Cm(4) and grid.columns[0].width <= Cm(1.5)
    for row in grid.rows:
        assert [cell.width for cell in row.cells] == [col.width for col in grid.columns]
    section = document.sections[-1]
    text = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(col.width for col in grid.columns) - text) < Cm(0.1)  # the text's width
    assert grid._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def _pages(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _on(pages, text):
    return [number for number, page in enumerate(pages) if text in page]


def test_the_pdf_keeps_the_matrix_heading_its_box_and_its_chart_together(communicator):  # noqa: F811
    """The heading and "Prioritera här" sat at the foot of page 5, the chart on page 6."""
    pages = _pages(communicator.get(f"{URL}?format=pdf&lang=sv").data)
    heading = _on(pages, "Hur viktigt och hur bra det går\n")
    assert len(heading) == 1
    assert _on(pages, "Prioritera här: Mål A") == heading
    # the chart's quadrant names and axis, drawn as text in the PDF
    assert heading[0] in _on(pages, "Fortsätt så") and heading[0] in _on(pages, "Låg prioritet")
    assert heading[0] in _on(pages, "Hur bra det går (medelvärde, 1–5)")


def test_the_pdf_matrix_table_gives_the_goal_room(communicator):  # noqa: F811
    """In equal columns "Mål A" broke over two lines (and longer titles mid-word)."""
    text = "\n".join(_pages(communicator.get(f"{URL}?format=pdf&lang=sv").data))
    assert "1 Mål A " in text and "2 Mål B " in text


@pytest.fixture
def fillers(app):
    """Sections of n paragraphs ("filler{n}.html") that push what follows down the pages."""
    original = app.jinja_env.loader
    made = {f"filler{n}.html": "<p>Rad</p>" * n for n in range(40)}
    app.jinja_env.loader = ChoiceLoader([DictLoader(made), original])
    yield
    app.jinja_env.loader = original


def test_the_pdf_keeps_a_quote_and_its_line_together(communicator, fillers):  # noqa: F811
    """Pushed down a line at a time, a quote sat at a page's foot and its "Om … · n håller med"
    line on the next (with 21 and 24 lines before them, before the fix)."""
    pairs = [("Fler bänkar i parken", "Om Mål A · 3 håller med"), ("mer belysning", "Om Mål A · 1")]
    for n in range(19, 27):
        extra = Section("filler", "Fyllnad", f"filler{n}.html", lambda document, context: None)
        report.register(extra, before="quotes")
        try:
            pages = _pages(communicator.get(f"{URL}?format=pdf&lang=sv").data)
        finally:
            report.SECTIONS.remove(extra)
        for quote, line in pairs:
            assert _on(pages, quote) == _on(pages, line), (n, quote)
