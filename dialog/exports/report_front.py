"""The report's front matter and page furniture, in PDF and Word: a title page, a table of
contents and "Page N of M" at the foot of every page after the title page.

The PDF's table of contents is made from the headings of the rendered sections (levels 2 and 3:
the sections and their parts), and WeasyPrint fills in the page numbers (`target-counter`) and
makes the bookmarks from the same headings. Word's is a real TOC field over Heading 1 and 2,
filled in here with the same entries (for readers that do not update fields) and updated by
Word, with page numbers, when the file is opened (`w:updateFields`).
"""

import html
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

#: The headings the table of contents lists: HTML h2 and h3 (the report's title is the h1), and
#: Word's Heading 1 and 2 (its title is in the Title style).
CONTENTS_LEVELS = 2
TOC_FIELD = f'TOC \\o "1-{CONTENTS_LEVELS}" \\h \\z \\u'
_HEADING = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1\s*>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Entry:
    """A line of the table of contents: a heading, where it is, and the parts under it."""

    level: int
    anchor: str
    text: str
    parts: list["Entry"] = field(default_factory=list)


def contents_text() -> str:
    return _("Table of contents")


def page_of() -> list[tuple[str, str]]:
    """ "Page N of M" in the report's language, as pieces: ("text", ...) and ("field", PAGE or
    NUMPAGES), so that one translation serves the PDF's margin box and Word's footer."""
    marked = _("Page %(page)s of %(pages)s", page="\0PAGE\0", pages="\0NUMPAGES\0")
    return [
        ("field" if odd else "text", piece)
        for odd, piece in ((n % 2 == 1, piece) for n, piece in enumerate(marked.split("\0")))
        if piece
    ]


def page_of_css() -> str:
    """ "Page N of M" as the value of a CSS `content` property."""
    counters = {"PAGE": "counter(page)", "NUMPAGES": "counter(pages)"}
    return " ".join(
        counters[piece] if kind == "field" else '"' + re.sub(r'(["\\])', r"\\\1", piece) + '"'
        for kind, piece in page_of()
    )


def contents(body: str) -> tuple[str, list[Entry]]:
    """The rendered sections with an id on every h2 and h3 that lacks one, and the table of
    contents they make: each h2 with the h3s under it. `body` is the report's own template
    output (residents' text in it is escaped), so a heading is one `<hN ...>...</hN>`."""
    entries: list[Entry] = []

    def mark(match: re.Match) -> str:
        level, attributes, inner = match.groups()
        found = _ID.search(attributes)
        anchor = found.group(1) if found else f"part-{len(entries) + 1}"
        if not found:
            attributes += f' id="{anchor}"'
        text = " ".join(html.unescape(_TAG.sub("", inner)).split())
        entries.append(Entry(int(level), anchor, text))
        return f"<h{level}{attributes}>{inner}</h{level}>"

    marked = _HEADING.sub(mark, body)
    tree: list[Entry] = []
    for entry in entries:
        if entry.level == 3 and tree:
            tree[-1].parts.append(entry)
        else:
            tree.append(entry)
    return marked, tree


# Word ------------------------------------------------------------------------------------------


def word_title_page(
    document: Any, kicker: str, title: str, subtitle: str, lines: list[str]
) -> None:
    """The municipality, the title (Title style), what kind of report and the lines saying
    what it covers, up to which day and when it was made; the contents start a new page."""
    document.add_paragraph(kicker, style="Subtitle")
    document.add_heading(title, level=0)
    document.add_paragraph(subtitle, style="Subtitle")
    for line in lines:
        document.add_paragraph(line)


def word_contents(document: Any, body_start: Any) -> None:
    """A table of contents on its own page before `body_start` (the first paragraph after the
    title page): a TOC field whose result already lists the headings that follow, which Word
    replaces with the same list and page numbers when it opens the file."""
    heading = body_start.insert_paragraph_before(contents_text(), style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    levels = {f"Heading {n}": n for n in range(1, CONTENTS_LEVELS + 1)}
    entries = [
        (levels[p.style.name], p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name in levels
    ]
    _toc_styles(document)
    lines = [
        body_start.insert_paragraph_before(text, style=f"toc {level}") for level, text in entries
    ] or [body_start.insert_paragraph_before("", style="toc 1")]
    begin = _field_char("begin")
    instruction = _run_with(_instruction(TOC_FIELD))
    separate = _field_char("separate")
    first = lines[0]._p
    for position, element in enumerate((begin, instruction, separate)):
        first.insert(position + (1 if first.pPr is not None else 0), element)
    lines[-1]._p.append(_field_char("end"))
    body_start.paragraph_format.page_break_before = True
    _update_fields_on_open(document)


def word_page_numbers(document: Any) -> None:
    """ "Page N of M" (PAGE and NUMPAGES fields) in the footer of every page but the title page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for kind, piece in page_of():
        if kind == "text":
            paragraph.add_run(piece)
        else:
            paragraph._p.append(_simple_field(piece, "1"))


def _toc_styles(document: Any) -> None:
    """Word's own "toc 1" and "toc 2" styles (the blank template has none), indented by level."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt

    names = {style.name for style in document.styles}
    for level in range(1, CONTENTS_LEVELS + 1):
        if f"toc {level}" in names:
            continue
        style = document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(3)


def _update_fields_on_open(document: Any) -> None:
    """`w:updateFields` in the settings: Word asks to update the fields (the table of contents
    and its page numbers) when it opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.insert_element_before(update, *_AFTER_UPDATE_FIELDS)


#: What follows w:updateFields in w:settings (ECMA-376 CT_Settings), which Word holds to.
_AFTER_UPDATE_FIELDS = tuple(
    f"w:{name}"
    for name in (
        "hdrShapeDefaults footnotePr endnotePr compat docVars rsids attachedSchema themeFontLang "
        "clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade "
        "captions readModeInkLockDown smartTagType schemaLibrary shapeDefaults "
        "doNotEmbedSmartTags decimalSymbol listSeparator"
    ).split()
) + ("m:mathPr",)


def _field_char(kind: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    return _run_with(mark)


def _instruction(text: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {text} "
    return instruction


def _run_with(child: Any) -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    run.append(child)
    return run


def _simple_field(instruction: str, shown: str) -> Any:
    """A field Word computes where it shows it (PAGE, NUMPAGES), with `shown` until then."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    text = OxmlElement("w:t")
    text.text = shown
    simple.append(_run_with(text))
    return simple
