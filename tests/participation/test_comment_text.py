"""Links in residents' text are found in the raw text, and every piece is escaped once."""

import re

from dialog.participation.text import count_links, render_comment

ANCHOR = re.compile(r'<a href="([^"]*)" rel="nofollow ugc noopener">([^<]*)</a>')


def links(text: str) -> list[tuple[str, str]]:
    return ANCHOR.findall(str(render_comment(text)))


def test_a_link_before_a_quote_keeps_the_quote_outside_and_unmangled():
    html = str(render_comment('Läs "https://lund.se/park" och www.lomma.se/"x".'))
    assert links('Läs "https://lund.se/park" och www.lomma.se/"x".') == [
        ("https://lund.se/park", "https://lund.se/park")
    ]
    assert "&#34;" not in "".join(href + text for href, text in ANCHOR.findall(html))
    assert html.startswith("<p>Läs &#34;<a href")


def test_a_link_ending_in_a_quote_does_not_carry_an_escaped_quote():
    assert links('Se https://lund.se/park"') == [("https://lund.se/park", "https://lund.se/park")]
    assert links("Se https://lund.se/park”.") == [("https://lund.se/park", "https://lund.se/park")]


def test_ampersands_are_escaped_once_in_the_address_and_the_text():
    assert links("https://lund.se/?a=1&b=2") == [
        ("https://lund.se/?a=1&amp;b=2", "https://lund.se/?a=1&amp;b=2")
    ]


def test_markup_around_and_inside_links_stays_text():
    html = str(render_comment('<b>x</b> https://x.se/"><script>alert(1)</script>'))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_paragraphs_line_breaks_bare_www_and_trailing_punctuation():
    html = str(render_comment("Ett\nwww.lund.se.\n\nTvå (https://lomma.se)!"))
    assert html == (
        '<p>Ett<br>\n<a href="https://www.lund.se" rel="nofollow ugc noopener">www.lund.se</a>.</p>'
        '\n<p>Två (<a href="https://lomma.se" rel="nofollow ugc noopener">https://lomma.se</a>)!</p>'
    )
    assert count_links('"https://a.se" och https://b.se/"') == 2
