"""Residents' comment text: normalised on the way in, escaped and linked on the way out."""

import re

from markupsafe import Markup, escape

from dialog.participation.language import language_of

#: http(s) links and bare www. addresses, found in the raw text. Quotes and angle brackets end an
#: address; trailing punctuation and closing quotes are left outside the link.
LINK = re.compile(r"""(?i)\b((?:https?://|www\.)[^\s<>"']+?)(?=[.,;:!?)\]}"'>»”’]*(?:\s|$))""")


def normalise_body(text: str) -> str:
    """One newline style, no trailing spaces, at most one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def _linked(text: str) -> str:
    """Escape the raw text piece by piece: plain text as text, each address as a link."""
    pieces, position = [], 0
    for match in LINK.finditer(text):
        url = match.group(1)
        href = url if url.lower().startswith("http") else f"https://{url}"
        pieces.append(escape(text[position : match.start(1)]))
        pieces.append(Markup('<a href="{}" rel="nofollow ugc noopener">{}</a>').format(href, url))
        position = match.end(1)
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def render_comment(text: str, lang: str | None = None) -> Markup:
    """Paragraphs and line breaks kept, links clickable, everything else shown as typed; each
    paragraph marked with the comment's language when it is known (`language_of`)."""
    lang = lang or language_of(LINK.sub(" ", text))
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    paragraphs = [
        f"<p{lang_attr}>" + _linked(block).replace("\n", "<br>\n") + "</p>"
        for block in text.split("\n\n")
    ]
    return Markup("\n".join(paragraphs))  # noqa: S704 (every piece above is escaped)
