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
    assert html.startswith('<p lang="sv">Läs &#34;<a href')


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
        '<p lang="sv">Ett<br>\n'
        '<a href="https://www.lund.se" rel="nofollow ugc noopener">www.lund.se</a>.</p>\n'
        '<p lang="sv">Två (<a href="https://lomma.se" rel="nofollow ugc noopener">https://lomma.se</a>)!</p>'
    )
    assert count_links('"https://a.se" och https://b.se/"') == 2


def test_each_paragraph_says_the_language_the_words_are_in_when_they_say_it_clearly():
    """The page's lang may differ from the resident's (WCAG 3.1.2); unclear texts get none."""
    english = "The bus should run more often in the evenings. See https://lund.se/buss"
    assert str(render_comment(english)).startswith('<p lang="en">The bus')
    assert str(render_comment("Vi behöver fler cykelbanor i Dalby.")).startswith('<p lang="sv">')
    mixed = "Skolan måste satsa mer på elevhälsan. The English teachers are great though."
    for unclear in ("Bra!", "OK", "https://lund.se", mixed):
        assert "lang=" not in str(render_comment(unclear)), unclear
    assert str(render_comment("Vi behöver fler cykelbanor.", "en")).startswith('<p lang="en">')
