"""Residents' comment text: normalised on the way in, escaped and linked on the way out."""

import re

from markupsafe import Markup, escape

#: http(s) links and bare www. addresses; trailing punctuation is left outside the link.
LINK = re.compile(r"""(?i)\b((?:https?://|www\.)[^\s<>"']+?)(?=[.,;:!?)\]]*(?:\s|$))""")


def normalise_body(text: str) -> str:
    """One newline style, no trailing spaces, at most one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def _link(match: re.Match) -> str:
    url = match.group(1)
    href = url if url.lower().startswith("http") else f"https://{url}"
    return f'<a href="{href}" rel="nofollow ugc noopener">{url}</a>'


def render_comment(text: str, lang: str | None = None) -> Markup:
    """Paragraphs and line breaks kept, links clickable, everything else shown as typed."""
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    paragraphs = []
    for block in text.split("\n\n"):
        escaped = str(escape(block))
        linked = LINK.sub(_link, escaped)
        paragraphs.append(f"<p{lang_attr}>" + linked.replace("\n", "<br>\n") + "</p>")
    return Markup("\n".join(paragraphs))  # noqa: S704 (every part above is escaped first)
