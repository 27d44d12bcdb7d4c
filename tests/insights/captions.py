"""A table caption that only repeats the heading just above it: heard twice, it tells nothing."""

import re

# A heading, then only tags (no text) up to a table's caption.
_HEADING_THEN_CAPTION = re.compile(
    r"<h([1-6])[^>]*>(.*?)</h\1>((?:\s*<(?!/?caption)[^>]*>)*)\s*<caption[^>]*>(.*?)</caption>",
    re.S,
)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def repeated_captions(html: str) -> list[str]:
    """The captions that say the same as the heading right before their table."""
    return [
        _text(caption)
        for _level, heading, _between, caption in _HEADING_THEN_CAPTION.findall(html)
        if _text(heading).casefold() == _text(caption).casefold()
    ]
