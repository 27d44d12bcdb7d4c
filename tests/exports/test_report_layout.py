"""The report's layout as a communicator sends it on: the Word tables' column widths, and in the
PDF what belongs together on one page."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

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
    assert grid.columns[1].width >= Cm(5) and grid.columns[0].width <= Cm(1.5)
    for row in grid.rows:
        assert [cell.width for cell in row.cells] == [col.width for col in grid.columns]
    section = document.sections[-1]
    text = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(col.width for col in grid.columns) - text) < Cm(0.1)  # the text's width
    assert grid._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
