"""A short, escaped piece of text around the first match, with every match in <mark>."""

from markupsafe import Markup, escape

from dialog.catalogue.search.text import WORD, stem

BEFORE = 60
LENGTH = 220


def _matches(token: str, stems: list[str]) -> bool:
    folded = token.casefold()
    own = stem(folded)
    return any(own.startswith(s) or folded.startswith(s) for s in stems)


def snippet(text: str, stems: list[str], length: int = LENGTH) -> Markup:
    """The text (shortened around the first match) with matching words marked."""
    text = " ".join((text or "").split())
    tokens = [m for m in WORD.finditer(text) if _matches(m.group(), stems)]
    start = 0
    if tokens and tokens[0].start() > BEFORE and len(text) > length:
        start = text.rfind(" ", 0, tokens[0].start() - BEFORE) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    parts, position = [], start
    for match in tokens:
        if match.start() < start or match.end() > end:
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(Markup("<mark>%s</mark>") % match.group())
        position = match.end()
    parts.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return escape(prefix) + Markup("").join(parts) + escape(suffix)
