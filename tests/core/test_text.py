import re
from pathlib import Path

from dialog.core.templating import content, paragraphs
from dialog.core.text import has_control_characters, parse_page, slugify, whole_number


def test_slugify_handles_swedish_letters():
    assert slugify("Lunds kommun") == "lunds-kommun"
    assert slugify("Övergripande mål 2019–2022") == "overgripande-mal-2019-2022"
    assert slugify("Ärende: Ökad tillgänglighet") == "arende-okad-tillganglighet"
    assert slugify("Barn- och skolnämnden") == "barn-och-skolnamnden"


def test_control_characters_are_detected_but_newlines_are_fine():
    assert has_control_characters("a\x00b")
    assert has_control_characters("a\x1bb")
    assert not has_control_characters("rad ett\nrad två\tflik")


def test_control_characters_are_exactly_c0_but_tab_and_newlines_del_and_c1():
    for code in range(0x300):
        c = chr(code)
        control = (code < 32 and c not in "\t\n\r") or 0x7F <= code < 0xA0
        assert has_control_characters(f"ok{c}ok") is control, hex(code)
    assert not has_control_characters("Ändå: \u00a0\u2028\ufeff")


def test_paragraphs_escape_and_keep_structure(app):
    with app.test_request_context("/"):
        html = str(paragraphs("Första <b>stycket</b>\nrad två\n\n- punkt ett\n- punkt två"))
        empty = str(paragraphs(None))
    assert "&lt;b&gt;stycket&lt;/b&gt;" in html
    assert "<p>Första &lt;b&gt;stycket&lt;/b&gt;<br>rad två</p>" in html
    assert "<ul><li>punkt ett</li><li>punkt två</li></ul>" in html
    assert empty == ""


def test_content_is_marked_swedish_only_on_english_pages(app):
    with app.test_request_context("/?lang=en"):
        assert str(content("Mål <1>")) == '<span lang="sv">Mål &lt;1&gt;</span>'
        assert str(paragraphs("Ett stycke")) == '<p lang="sv">Ett stycke</p>'
    with app.test_request_context("/"):
        assert str(content("Mål <1>")) == "Mål &lt;1&gt;"


def test_a_whole_number_is_ascii_digits_short_enough_for_an_integer_column():
    assert whole_number("42") == 42 and whole_number("0") == 0
    assert whole_number("999999999") == 999_999_999
    # "²" is a digit to str.isdigit but int() refuses it; int() reads "١٢" and " 7" and "+7".
    for text in (None, "", "²", "1²", "\u0661\u0662", "１２", " 7", "7 ", "+7", "-7", "7\n"):
        assert whole_number(text) is None, repr(text)
    assert whole_number("1" * 10) is None


def test_a_page_number_is_a_whole_number_within_its_range():
    assert parse_page("3", 10) == 3
    for text in ("0", "11", "²", "\u0663", "1" * 10, ""):
        assert parse_page(text, 10) is None, repr(text)


def test_request_data_is_read_as_a_number_only_by_whole_number():
    """`x.isdigit()` then `int(x)` answers 500 to "²": every isdigit in dialog/ is next to an
    isascii, and whole_number (dialog/core/text.py) is the one place that does both."""
    root = Path(__file__).resolve().parents[2] / "dialog"
    bare = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.is(digit|decimal|numeric)\(\)", line) and ".isascii()" not in line
    ]
    assert bare == []
