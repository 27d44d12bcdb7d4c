"""The report's comments per week and its tables by district and age band hold what the summary
page shows, cell for cell, suppression included, in both languages and under the page's filter."""

import io
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn

from dialog.accounts.roles import Role
from tests.exports.test_exports import client  # noqa: F401 (downloads read whole)
from tests.exports.test_report import pdf_text
from tests.insights.fixture import build_dialogue
from tests.officials import make_official, sign_in_official

REPORT = "/hantera/testkommun/rapport/plan/planen"
PAGE = "/hantera/testkommun/sammanfattning/plan/planen"
CAPTIONS = {
    "en": {
        "weeks": "Comments and replies per week (weeks start on Monday)",
        "district": "Participants, comments and mean ratings by district",
        "age": "Participants, comments and mean ratings by age band",
    },
    "sv": {
        "weeks": "Kommentarer och svar per vecka (veckan börjar på måndag)",
        "district": "Deltagare, kommentarer och medelbetyg för varje kommundel",
        "age": "Deltagare, kommentarer och medelbetyg för varje åldersgrupp",
    },
}
HEADINGS = {"en": ["Over time", "Who took part"], "sv": ["Över tid", "Vilka som deltog"]}
SUPPRESSED = {
    "en": "Fewer than 5 participants: not shown, to protect them.",
    "sv": "Färre än 5 deltagare: visas inte, för att skydda dem.",
}


@pytest.fixture
def dialogue(app_context):
    return build_dialogue()


@pytest.fixture
def communicator(client, dialogue):  # noqa: F811
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


class _Tables(HTMLParser):
    """Each table's caption and its rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None and self._rows is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[" ".join((self._caption or "").split())] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption = (self._caption or "") + data
        elif self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def docx_tables(data: bytes) -> dict[str, list[list[str]]]:
    """Tables by their title (w:tblCaption), merged cells read once."""
    found = {}
    for grid in Document(io.BytesIO(data)).tables:
        title = grid._tbl.tblPr.find(qn("w:tblCaption"))
        if title is None:
            continue
        rows = []
        for row in grid.rows:
            texts: list[str] = []
            for cell in row.cells:
                if not texts or cell.text != texts[-1]:
                    texts.append(cell.text)
            rows.append(texts)
        found[title.get(qn("w:val"))] = rows
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("query", ["", "&since=2026-11-10", "&age_band=30-44"])
def test_weeks_and_breakdowns_in_the_report_are_the_pages(communicator, dialogue, language, query):
    page = page_tables(communicator.get(f"{PAGE}?lang={language}{query}").get_data(as_text=True))
    wanted = {c: page[c] for c in CAPTIONS[language].values()}
    assert all(len(rows) > 1 for rows in wanted.values())
    docx = docx_tables(communicator.get(f"{REPORT}?format=docx&lang={language}{query}").data)
    pdf = flat(pdf_text(communicator.get(f"{REPORT}?format=pdf&lang={language}{query}").data))
    for caption, rows in wanted.items():
        assert docx[caption] == rows
        assert caption in pdf
        for row in rows:
            assert flat(" ".join(row)) in pdf


def test_the_known_figures(communicator, dialogue):
    """Worked out by hand in tests/insights/test_summary.py: Norr and 30–44 have six
    participants and two comments; Söder, 18–29 and "not stated" are under five."""
    docx = docx_tables(communicator.get(f"{REPORT}?format=docx&lang=en").data)
    weeks = docx[CAPTIONS["en"]["weeks"]]
    assert weeks == [
        ["Week starting", "Comments"],
        ["2 November 2026", "2"],
        ["9 November 2026", "0"],
        ["16 November 2026", "2"],
    ]
    districts = docx[CAPTIONS["en"]["district"]]
    assert districts[1] == ["Norr", "6", "2", "3.33", "3.38"]
    assert districts[2] == ["Söder", SUPPRESSED["en"]]
    assert districts[3] == ["Not stated", SUPPRESSED["en"]]
    ages = docx[CAPTIONS["en"]["age"]]
    assert ages[1:] == [
        ["18–29", SUPPRESSED["en"]],
        ["30–44", "6", "2", "3.33", "3.38"],
        ["Not stated", SUPPRESSED["en"]],
    ]
    swedish = docx_tables(communicator.get(f"{REPORT}?format=docx&lang=sv").data)
    assert swedish[CAPTIONS["sv"]["district"]][1] == ["Norr", "6", "2", "3,33", "3,38"]


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_sections_are_there_in_both_languages(communicator, dialogue, language):
    document = Document(io.BytesIO(communicator.get(f"{REPORT}?format=docx&lang={language}").data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    over_time, who = HEADINGS[language]
    assert headings.index(over_time) + 1 == headings.index(who)
    cells = [cell.text for grid in document.tables for row in grid.rows for cell in row.cells]
    assert SUPPRESSED[language] in cells
    pdf = flat(pdf_text(communicator.get(f"{REPORT}?format=pdf&lang={language}").data))
    assert over_time in pdf and who in pdf and SUPPRESSED[language] in pdf


def test_a_selection_of_fewer_than_five_shows_no_breakdown(communicator, dialogue):
    """The page's rule for a narrow filter holds in the report: no table at all."""
    query = f"&district={dialogue.soder.id}"
    docx = docx_tables(communicator.get(f"{REPORT}?format=docx&lang=en{query}").data)
    assert docx == {}
    pdf = flat(pdf_text(communicator.get(f"{REPORT}?format=pdf&lang=en{query}").data))
    assert "Who took part" not in pdf and "Over time" not in pdf
