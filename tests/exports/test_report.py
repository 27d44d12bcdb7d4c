"""The dialogue summary report, read back: PDF text (pypdf) and DOCX (python-docx)."""

import io
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from pypdf import PdfReader
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.exports import report
from dialog.extensions import db
from tests.exports.test_exports import client  # noqa: F401 (downloads read whole)
from tests.insights.fixture import build_dialogue
from tests.officials import make_official, sign_in_official

URL = "/hantera/testkommun/rapport/plan/planen"


@pytest.fixture
def dialogue(app_context):
    return build_dialogue()


@pytest.fixture
def communicator(client, dialogue):  # noqa: F811
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]
    return text, cells


def test_pdf_in_english(communicator, dialogue):
    response = communicator.get(f"{URL}?format=pdf&lang=en")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Planen" in text
    assert "Participation" in text and "Participants" in text
    assert "Prioritise here" in text and "Mål A" in text
    assert "3.10" in text  # mean importance
    assert "Fler bänkar i parken" in text  # quoted
    assert "How these figures were computed" in text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.report"))
    assert entry.after == {"format": "pdf", "language": "en"}


def test_docx_in_swedish(communicator, dialogue):
    response = communicator.get(f"{URL}?format=docx&lang=sv&since=2026-11-01&until=2026-11-30")
    assert response.status_code == 200
    text, cells = docx_text(response.data)
    assert "Planen" in text
    assert "Fler bänkar i parken" in text
    assert any(row[1] == "9" for row in cells)  # participants
    assert any(row[1] == "Mål A" for row in cells if len(row) == 5)  # the matrix table
    assert "3,10" in text  # mean importance, with the Swedish decimal comma


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_pdf_is_tagged_for_screen_readers(communicator, dialogue, language):
    """A report is often passed on or published: as a tagged PDF (PDF/UA) with its language
    and title, a screen reader finds its headings, tables and reading order."""
    reader = PdfReader(io.BytesIO(communicator.get(f"{URL}?format=pdf&lang={language}").data))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == language
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "Planen" in reader.metadata.title


@pytest.mark.parametrize(("language", "marked"), [("sv", "sv-SE"), ("en", "en-GB")])
def test_the_docx_speaks_its_language_and_marks_table_headers(
    communicator, dialogue, language, marked
):
    """Word reads text in the language its styles say (the blank template says en-US), and a
    screen reader announces a cell with its column only when the first row is a header row."""
    document = Document(io.BytesIO(communicator.get(f"{URL}?format=docx&lang={language}").data))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == marked
    assert document.tables
    for grid in document.tables:
        header = grid.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
        assert header is not None and header.get(qn("w:val")) == "true"
        assert all(
            row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in grid.rows[1:]
        )


def test_docx_table_headers_are_bold_and_figures_are_set_right(communicator, dialogue):
    """Sighted readers tell the header from the rows, and digits line up in a column."""
    document = Document(io.BytesIO(communicator.get(f"{URL}?format=docx&lang=en").data))
    for grid in document.tables:
        assert all(run.bold for cell in grid.rows[0].cells for run in cell.paragraphs[0].runs)
    rows = [row for grid in document.tables for row in grid.rows[1:]]
    cells = [cell for row in rows for cell in row.cells[1:]]
    figures = [c for c in cells if c.text[:1].isdigit() and not any(x.isalpha() for x in c.text)]
    words = [cell for cell in cells if any(x.isalpha() for x in cell.text)]
    names = [row.cells[0] for row in rows]  # the row's name, "18–29" too, stays at the left
    assert figures and words and any(name.text[:1].isdigit() for name in names)
    assert all(name.paragraphs[0].alignment is None for name in names)
    assert all(cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for cell in figures)
    assert all(cell.paragraphs[0].alignment is None for cell in words)


def test_a_period_without_dialogue_says_so(communicator, dialogue):
    text = pdf_text(communicator.get(f"{URL}?format=pdf&lang=en&since=2030-01-01").data)
    assert "There was no dialogue in this period" in text
    assert "Prioritise here" not in text
    docx, _cells = docx_text(communicator.get(f"{URL}?format=docx&lang=en&since=2030-01-01").data)
    assert "There was no dialogue in this period" in docx


def test_the_first_lines_say_whose_dialogue_over_what_days_and_the_local_day(
    communicator, dialogue, monkeypatch
):
    """Read months later by politicians, "Dialogue summary, the whole dialogue" said neither
    whose dialogue it was nor up to when; and the day it was made was the server's (UTC) day,
    "6 December" beside themes computed "7 December 00.25" in Stockholm time."""
    from datetime import date

    monkeypatch.setattr(report, "today", lambda: date(2030, 1, 2))
    text, _cells = docx_text(communicator.get(f"{URL}?format=docx&lang=sv").data)
    assert (
        "Sammanfattning av dialogen med invånarna i Testkommun, hela dialogen, från 2 november "
        "2026 till och med 2 januari 2030 (första dagen är den då den första kommentaren eller "
        "det första betyget kom in). Gjord 2 januari 2030." in text.splitlines()
    )
    text = pdf_text(communicator.get(f"{URL}?format=pdf&lang=en&since=2026-11-01").data)
    # (pypdf reads the kerned "Testkommun" as "T estkommun")
    assert "1 November 2026 to 2 January 2030. Made 2 January 2030." in " ".join(text.split())


def test_the_report_is_made_on_the_municipalitys_day(app, monkeypatch):
    """At 23.30 UTC on New Year's Eve it is already New Year's Day in Stockholm (a day far
    from the real one: the server's own date must not pass by chance)."""
    from datetime import UTC, date, datetime

    from dialog.catalogue import phases
    from dialog.insights.queries import Filter

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2040, 12, 31, 23, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(phases, "datetime", Clock)
    with app.app_context():
        made = report.ReportContext(None, "", None, None, Filter(), "sv").created
    assert made == date(2041, 1, 1)


def test_a_rating_table_says_what_its_shares_are_of_and_counts_dont_know(communicator, dialogue):
    """ "Andel" alone did not say of what: of everyone who answered, or of the residents? The
    shares are of the answers from 1 to 5; and Word's table left out "don't know", which the
    PDF's has."""
    import re

    data = communicator.get(f"{URL}?format=docx&lang=sv").data
    document = Document(io.BytesIO(data))
    text, cells = docx_text(data)
    answers = re.search(r"^(\d+) svar\. Medelvärde", text, re.MULTILINE)
    assert answers is not None
    caption = (
        "Svar på: Hur viktigt är det här målet för dig? "
        f"(andelar av de {answers[1]} svaren från 1 till 5)"
    )
    assert caption in [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any(row[0] == "Vet inte (räknas inte in i siffrorna)" for row in cells)
    printed = " ".join(pdf_text(communicator.get(f"{URL}?format=pdf&lang=sv").data).split())
    assert f"(andelar av de {answers[1]} svaren från 1 till 5)" in printed


@pytest.mark.parametrize("query", ["format=odt", "format=pdf&lang=de", "format=pdf&since=x"])
def test_bad_requests(communicator, dialogue, query):
    assert communicator.get(f"{URL}?{query}").status_code == 400


def test_goal_and_area_reports(communicator, dialogue):
    response = communicator.get(f"/hantera/testkommun/rapport/mal/{dialogue.b.id}?format=docx")
    assert response.status_code == 200
    assert "Mål B" in docx_text(response.data)[0]


def test_the_file_is_named_in_its_language_by_the_plan_and_goal(communicator, dialogue):
    """Found on the communicator's walk: every report was "report-<municipality>-<id>-…", in
    English for a Swedish report, and an id said nothing of whose report it was."""
    today = date.today().isoformat()
    expected = {
        f"{URL}?format=pdf&lang=sv": f"rapport-testkommun-planen-{today}.pdf",
        f"{URL}?format=docx&lang=en": f"report-testkommun-planen-{today}.docx",
        f"/hantera/testkommun/rapport/mal/{dialogue.b.id}?format=pdf&lang=sv": (
            f"rapport-testkommun-planen-mal-b-{today}.pdf"
        ),
    }
    for url, name in expected.items():
        disposition = communicator.get(url).headers["Content-Disposition"]
        assert disposition == f'attachment; filename="{name}"', url


def test_a_goals_report_names_its_plan(communicator, dialogue):
    """A goal's report began with the goal's title alone: which plan was it in?"""
    url = f"/hantera/testkommun/rapport/mal/{dialogue.b.id}?format=docx&lang=sv"
    lines = docx_text(communicator.get(url).data)[0].splitlines()
    # the title page: municipality, title, what kind of report, then what it covers
    assert lines[:3] == ["Testkommun", "Mål B", "Rapport: sammanfattning av dialogen"]
    assert lines[3].startswith(
        "Ett mål i planen Planen. Sammanfattning av dialogen med invånarna i Testkommun, "
    )


def test_sections_can_be_added(app, dialogue):
    from dialog.exports.report import Section

    def write(document, context):
        document.add_paragraph("Ett extra avsnitt")

    extra = Section("extra", "Extra", "insights/_method.html", write)
    report.register(extra, before="method")
    try:
        assert [s.key for s in report.SECTIONS][-2:] == ["extra", "method"]
    finally:
        report.SECTIONS.remove(extra)


def test_the_sections_come_in_the_reports_order(communicator, dialogue):
    """The summary page's order, in both formats: the opinion groups follow the ratings and the
    matrix they build on (they once came first, before Participation, because of the order
    modules were imported), then comments per week and who took part."""
    document = Document(io.BytesIO(communicator.get(f"{URL}?format=docx&lang=en").data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Participation",
        "Ratings",
        "Importance and performance",
        "Opinion groups",
        "Over time",
        "Who took part",
        "What residents said",
        "Official responses",
        "How these figures were computed",
    ]
    pages = PdfReader(io.BytesIO(communicator.get(f"{URL}?format=pdf&lang=en").data)).pages
    text = "\n".join(page.extract_text() for page in pages[2:])  # after title page and contents
    assert text.index("Participants") < text.index("Opinion groups") < text.index("Over time")
    assert text.index("Over time") < text.index("Who took part") < text.index("Fler bänkar")


def test_a_section_placed_before_an_unknown_one_is_refused(app):
    from dialog.exports.report import Section

    extra = Section("extra", "Extra", "insights/_method.html", lambda document, context: None)
    with pytest.raises(ValueError, match="no report section 'nothing'"):
        report.register(extra, before="nothing")
    assert "extra" not in [s.key for s in report.SECTIONS]


def test_the_command_line_report(app, dialogue, runner, tmp_path):
    target = tmp_path / "r.pdf"
    result = runner.invoke(
        args=[
            "dialog",
            "report",
            "--plan",
            "planen",
            "--format",
            "pdf",
            "--lang",
            "en",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Mål A" in pdf_text(target.read_bytes())


def test_most_divisive_leaves_out_the_quotes_most_agreed_with_shows(communicator, dialogue):
    for fmt in ("docx", "pdf"):
        data = communicator.get(f"{URL}?format={fmt}&lang=sv").data
        text = docx_text(data)[0] if fmt == "docx" else " ".join(pdf_text(data).split())
        assert text.count("Fler bänkar i parken") == 1, fmt
        assert "Alla sådana kommentarer i urvalet visas redan ovan." in text, fmt
        assert "Inga kommentarer med sådana reaktioner" not in text, fmt


def test_the_report_quotes_what_residents_disagreed_with(communicator, dialogue):
    """The report had "most agreed with" and "most divisive" only: n2's comment, which more
    residents disagree (2) than agree with (1), is quoted under "most disagreed with", as on
    the summary page, and shown once."""
    for fmt in ("docx", "pdf"):
        data = communicator.get(f"{URL}?format={fmt}&lang=sv").data
        text = docx_text(data)[0] if fmt == "docx" else " ".join(pdf_text(data).split())
        agreed, disagreed, divisive = (
            text.rindex(heading)  # the last: the contents list the headings first
            for heading in ("Flest håller med", "Flest håller inte med", "Mest omdiskuterade")
        )
        quoted = text.index("SUMMA(A1:A9) mer belysning")
        assert agreed < disagreed < quoted < divisive, fmt
        assert text.count("SUMMA(A1:A9) mer belysning") == 1, fmt


def test_the_whole_dialogue_says_when_it_began(communicator, dialogue, monkeypatch):
    """ "Up to and including 7 December" left a reader to guess when the dialogue began: the
    first day is the day the plan's dialogue opened, else the first comment's or rating's."""
    from datetime import date

    from dialog.catalogue.models import DialogueWindow

    monkeypatch.setattr(report, "today", lambda: date(2026, 12, 7))
    text = " ".join(pdf_text(communicator.get(f"{URL}?format=pdf&lang=sv").data).split())
    assert "från 2 november 2026 till och med 7 december 2026 (första dagen är den då den " in text
    db.session.add(
        DialogueWindow(
            plan_id=dialogue.plan.id, opens_on=date(2026, 3, 3), influence="Allt", readers="KS"
        )
    )
    db.session.commit()
    text, _cells = docx_text(communicator.get(f"{URL}?format=docx&lang=sv").data)
    assert (
        "hela dialogen, från 3 mars 2026 till och med 7 december 2026 (första dagen är den då "
        "dialogen öppnade)." in text
    )
    text, _cells = docx_text(communicator.get(f"{URL}?format=docx&lang=en&until=2026-11-30").data)
    assert (
        "from 3 March 2026 up to and including 30 November 2026 (the first day is the day the "
        "dialogue opened)." in text
    )


def test_word_tables_write_counts_as_the_page_and_the_pdf_do(app):
    """The Word report's tables read "1389" and "1351" where the page and the PDF read
    "1 389" and "1 351"."""
    from flask_babel import force_locale

    document = Document()
    with app.test_request_context(), force_locale("sv"):
        grid = report.table(
            document, ["Uppgift", "Antal"], [["Publicerade", 1389], ["Andel", "4 %"]]
        )
    assert [cell.text for cell in grid.rows[1].cells] == ["Publicerade", "1\u00a0389"]
    assert grid.rows[2].cells[1].text == "4 %"
