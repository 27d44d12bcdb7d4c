"""The report's document structure, read back from the files: a title page, a table of contents
with page numbers, "Page N of M" in the footer, one heading outline without skipped levels, and
a themes table with a caption and row headers, in PDF and Word."""

import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from dialog.accounts.roles import Role
from dialog.exports import report
from dialog.extensions import db
from dialog.themes import queries, services
from tests.exports.test_exports import client  # noqa: F401 (downloads read whole)
from tests.factories import make_goal, make_user
from tests.insights.fixture import build_dialogue
from tests.officials import make_official, sign_in_official
from tests.themes.fixture import add_comments, read

PLAN = "/hantera/testkommun/rapport/plan/planen"
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'


@pytest.fixture
def made(monkeypatch):
    monkeypatch.setattr(report, "today", lambda: date(2030, 1, 2))


def signed_in(client):  # noqa: F811
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


@pytest.fixture
def communicator(client, app_context, made):  # noqa: F811
    """A communicator of the municipality of tests/insights' dialogue on the plan "Planen"."""
    build_dialogue()
    return signed_in(client)


@pytest.fixture
def themed(client, app_context, made):  # noqa: F811
    """A communicator and a goal whose comments have themes and a tag (as tests/themes make
    them)."""
    from dialog.participation.models import Comment

    goal = make_goal(slug="testkommun")
    add_comments(goal, make_user("boende@example.se", "Boende"), read("fixture")[1][:60])
    db.session.commit()
    official = make_official("tema@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    services.request_run(goal, official)
    db.session.commit()
    found = queries.result(queries.latest_run(goal_id=goal.id))
    assert len(found.themes) >= 2
    services.tag(
        db.session.get(Comment, found.themes[0].quote_ids[0]),
        "Cykel",
        goal.plan.municipality_id,
        official,
    )
    db.session.commit()
    return signed_in(client), goal, found.themes


@pytest.fixture
def printed(monkeypatch):
    """The HTML each PDF is made from, as WeasyPrint is given it."""
    import weasyprint

    seen: list[str] = []
    real = weasyprint.HTML

    def capture(*args, **kwargs):
        seen.append(kwargs["string"])
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", capture)
    return seen


def flat(text: str) -> str:
    """Text without spaces: pypdf reads kerned words apart ("T estkommun")."""
    return "".join(text.split())


class _Headings(HTMLParser):
    """The h1–h6 of an HTML document in order, as (level, text, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str, dict]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.found.append((int(tag[1]), "", dict(attrs)))
            self._open = []

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._open is not None:
            level, _text, attrs = self.found[-1]
            self.found[-1] = (level, " ".join("".join(self._open).split()), attrs)
            self._open = None


def html_headings(html: str) -> list[tuple[int, str]]:
    parser = _Headings()
    parser.feed(html)
    return [(level, text) for level, text, _attrs in parser.found]


def word_headings(document) -> list[tuple[int, str]]:
    """The Title (level 0) and Heading N paragraphs of a Word document, in order."""
    levels = {"Title": 0} | {f"Heading {n}": n for n in range(1, 10)}
    return [(levels[p.style.name], p.text) for p in document.paragraphs if p.style.name in levels]


def assert_no_skipped_levels(levels: list[int], top: int) -> None:
    """One top heading, first; each heading at most one level below the one before."""
    assert levels[0] == top and levels.count(top) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert top < after <= before + 1, levels


# 1. Title page and table of contents -----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Testkommun",
                "Planen",
                "Dialogue summary report",
                "the whole dialogue, from",
                "up to and including 2 January 2030",
                "Made 2 January 2030.",
            ],
        ),
        (
            "sv",
            [
                "Testkommun",
                "Planen",
                "Rapport: sammanfattning av dialogen",
                "hela dialogen, från",
                "till och med 2 januari 2030",
                "Gjord 2 januari 2030.",
            ],
        ),
    ],
)
def test_the_pdf_has_a_title_page_and_contents_whose_page_numbers_are_right(
    communicator, language, expected
):
    """The report went straight from its title line into the figures: a politician had no page
    saying whose report it was and up to when, and no table of contents to find the themes."""
    reader = PdfReader(io.BytesIO(communicator.get(f"{PLAN}?format=pdf&lang={language}").data))
    title_page = flat(reader.pages[0].extract_text())
    for line in expected:
        assert flat(line) in title_page
    contents = reader.pages[1].extract_text()
    assert flat({"en": "Table of contents", "sv": "Innehåll"}[language]) in flat(contents)
    # Each line of the contents ends with the page its heading is on, as the bookmarks say.
    listed = {}
    for line in contents.splitlines():
        if found := re.fullmatch(r"(.*?)(?: ?\.){3,}\s*(\d+)", line.strip()):
            listed[flat(found[1])] = int(found[2])
    bookmarks = {}

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            elif depth in (1, 2):  # the sections and their parts, under the title
                bookmarks[flat(item.title)] = reader.get_destination_page_number(item) + 1

    walk(reader.outline, 0)
    bookmarks.pop(flat({"en": "Table of contents", "sv": "Innehåll"}[language]))
    section = {"en": "Participation", "sv": "Deltagande"}[language]
    assert bookmarks[flat(section)] == 3  # after the title page and the contents
    assert len(bookmarks) > 10
    assert listed == bookmarks


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_word_file_has_a_title_page_and_a_table_of_contents_field(communicator, language):
    """Word's file had neither: a TOC field (Word fills in the page numbers when it opens the
    file, as w:updateFields asks) listing the Heading 1 and 2 paragraphs that follow."""
    document = Document(io.BytesIO(communicator.get(f"{PLAN}?format=docx&lang={language}").data))
    paragraphs = document.paragraphs
    contents = next(n for n, p in enumerate(paragraphs) if p.style.name == "TOC Heading")
    title_page = [p.text for p in paragraphs[:contents]]
    assert title_page[:3] == [
        "Testkommun",
        "Planen",
        {"sv": "Rapport: sammanfattning av dialogen", "en": "Dialogue summary report"}[language],
    ]
    assert paragraphs[1].style.name == "Title"
    made = {"sv": "Gjord 2 januari 2030.", "en": "Made 2 January 2030."}[language]
    assert title_page[3].endswith(made)
    assert paragraphs[contents].text == {"sv": "Innehåll", "en": "Table of contents"}[language]
    assert paragraphs[contents].paragraph_format.page_break_before
    instructions = [
        element.text.strip() for element in document.element.body.iter(qn("w:instrText"))
    ]
    assert instructions == [TOC_FIELD]
    kinds = [c.get(qn("w:fldCharType")) for c in document.element.body.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    # The field's result, until Word updates it: the headings that follow, by level.
    listed = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("toc ")]
    headings = [
        (p.style.name.replace("Heading", "toc"), p.text)
        for p in paragraphs
        if p.style.name in ("Heading 1", "Heading 2")
    ]
    assert listed == headings and len(listed) > 10
    first = next(p for p in paragraphs if p.style.name == "Heading 1")
    assert first.paragraph_format.page_break_before


# 2. Page numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [("sv", ("Sida", "av")), ("en", ("Page", "of"))])
def test_every_page_after_the_title_page_says_page_n_of_m(communicator, language, words):
    reader = PdfReader(io.BytesIO(communicator.get(f"{PLAN}?format=pdf&lang={language}").data))
    total = len(reader.pages)
    page, of = words
    assert f"{page} 1 {of}" not in reader.pages[0].extract_text()
    for number, sheet in enumerate(reader.pages[1:], start=2):
        assert f"{page} {number} {of} {total}" in " ".join(sheet.extract_text().split())
    document = Document(io.BytesIO(communicator.get(f"{PLAN}?format=docx&lang={language}").data))
    section = document.sections[0]
    assert section.different_first_page_header_footer  # the title page has none
    footer = section.footer.paragraphs[0]
    fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert [run.text for run in footer.runs] == [f"{page} ", f" {of} "]


# 3. Heading levels -----------------------------------------------------------------------------


def test_the_plan_reports_headings_skip_no_level(communicator, printed):
    communicator.get(f"{PLAN}?format=pdf&lang=en")
    headings = html_headings(printed[-1])
    assert headings[:2] == [(1, "Planen"), (2, "Table of contents")]
    assert_no_skipped_levels([level for level, _text in headings], top=1)
    document = Document(io.BytesIO(communicator.get(f"{PLAN}?format=docx&lang=en").data))
    assert_no_skipped_levels([level for level, _text in word_headings(document)], top=0)


def test_how_the_themes_were_found_comes_first_in_the_themes_section_above_the_themes(
    themed, printed
):
    communicator, goal, themes = themed
    """ "How the themes were found" stood after the themes at the level of each theme, as if it
    were one more theme; it is a part of the themes section, before the themes it explains."""
    url = f"/hantera/testkommun/rapport/mal/{goal.id}?lang=en&format="
    communicator.get(url + "pdf")
    document = Document(io.BytesIO(communicator.get(url + "docx").data))
    for headings, section in ((html_headings(printed[-1]), 2), (word_headings(document), 1)):
        assert_no_skipped_levels([level for level, _text in headings], top=section - 1)
        start = headings.index((section, "Themes in the comments"))
        end = next(n for n, (level, _t) in enumerate(headings) if n > start and level <= section)
        part = headings[start + 1 : end]
        assert part[:2] == [(section + 1, "How the themes were found"), (section + 1, "The themes")]
        assert part[2 : 2 + len(themes)] == [(section + 2, theme.name) for theme in themes]
        assert part[2 + len(themes) :] == [(section + 1, "Tags")]


# 4. The themes table ---------------------------------------------------------------------------


def test_the_themes_table_has_a_caption_row_headers_and_a_repeating_header_row(themed, printed):
    communicator, goal, themes = themed
    url = f"/hantera/testkommun/rapport/mal/{goal.id}?lang=en&format="
    communicator.get(url + "pdf")
    html = printed[-1]
    table = html[html.index("<caption>Themes, largest first</caption>") :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == len(themes) and "<td>" in table
    for theme in themes:
        assert f'<th scope="row">{theme.name}</th><td>{theme.size}</td>' in table
    tags = html[html.index("<caption>Tags officials gave comments</caption>") :]
    assert '<th scope="row">Cykel</th>' in tags[: tags.index("</table>")]

    document = Document(io.BytesIO(communicator.get(url + "docx").data))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Themes, largest first" in captions
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "Theme")
    title = grid._tbl.tblPr.find(qn("w:tblCaption"))
    assert title is not None and title.get(qn("w:val")) == "Themes, largest first"
    header = grid.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert header is not None and header.get(qn("w:val")) == "true"
    assert [row.cells[0].text for row in grid.rows[1:]] == [theme.name for theme in themes]
