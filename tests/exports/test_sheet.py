"""The XLSX exports are a communicator's file: words in the request's language, not codes."""

import io
from datetime import datetime

from openpyxl import load_workbook

from tests.exports.test_exports import BASE, client, communicator, dialogue  # noqa: F401


def _sheet(communicator, query):  # noqa: F811
    return load_workbook(io.BytesIO(communicator.get(f"{BASE}/{query}").data)).active


def test_comments_in_swedish_words_with_a_frozen_filtered_header(communicator):  # noqa: F811
    sheet = _sheet(communicator, "kommentarer?format=xlsx")
    rows = list(sheet.values)
    header = rows[0]
    assert header[:5] == (
        "Kommentar nr",
        "Typ",
        "Mål eller fokusområde nr",
        "Kod",
        "Mål eller fokusområde",
    )
    assert "comment_id" not in header and "Text" in header and "Kanal" in header
    first = dict(zip(header, rows[1], strict=True))
    assert (first["Typ"], first["Kanal"], first["Status"]) == ("Mål", "Webbplatsen", "Publicerad")
    assert isinstance(first["Skriven"], datetime)  # a time a spreadsheet sorts
    assert first["Håller med"] == 3  # numbers stay numbers
    assert rows[2][header.index("Text")] == "'=SUMMA(A1:A9) mer belysning"  # still neutralised
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    text = sheet.cell(1, header.index("Text") + 1).column_letter
    assert sheet.column_dimensions[text].width >= 60
    assert sheet[f"{text}2"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width >= 10
    assert sheet["A1"].font.b


def test_english_words_when_the_request_asks(communicator):  # noqa: F811
    rows = list(_sheet(communicator, "kommentarer?format=xlsx&lang=en").values)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["Type"], first["Channel"], first["Status"]) == (
        "Goal",
        "The website",
        "Published",
    )
    ratings = list(_sheet(communicator, "betyg?format=xlsx&lang=en").values)
    assert ratings[0][4:7] == ("Question", "Answers (1–5)", "Don't know")
    assert ratings[0][-1] == "Answered 5"
    assert {row[4] for row in ratings[1:]} == {"Importance", "Performance"}


def test_ratings_in_swedish_words(communicator):  # noqa: F811
    rows = list(_sheet(communicator, "betyg?format=xlsx").values)
    assert rows[0][4] == "Fråga" and rows[0][-1] == "Svarade 5"
    assert {row[4] for row in rows[1:]} == {"Hur viktigt", "Hur bra det går"}


def test_every_header_shows_its_words_whole(communicator):  # noqa: F811
    """LibreOffice keeps a row's stored height, so the header row must be given the height its
    longest header needs, and each column the width of its header's longest word."""
    for query, lines in (("kommentarer?format=xlsx", 2), ("betyg?format=xlsx", 3)):
        sheet = _sheet(communicator, query)
        for cell in next(sheet.iter_rows(max_row=1)):
            longest = max(len(word) for word in cell.value.split())
            assert sheet.column_dimensions[cell.column_letter].width >= longest + 2, cell.value
        assert sheet.row_dimensions[1].height >= 15 * lines
