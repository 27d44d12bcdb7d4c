"""Charts as SVG drawn on the server: no script, nothing loaded from elsewhere.

Each chart has a <title> and a <desc> (named by aria-labelledby, role="img"), black text and
dark marks on white (contrast well above 4.5:1), and is shown next to a table with the same
numbers, which is the accessible form; the SVG is the quick look. The same markup goes into
the PDF report.

Every chart is at most `WIDTH` units wide, so that on a 390 px phone (358 px of page width) it is
drawn at full size and its `FONT` px text stays that size rather than shrinking with the chart.
"""

import itertools
import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

INK = "#000000"
MARK = "#1d3f72"  # dark blue on white: 10.6:1
ACCENT = "#a3002a"  # dark red for "prioritise here": 7.9:1
GRID = "#595959"
#: Widest chart, in px at full size: the page width of a 390 px phone less a margin.
WIDTH = 350
#: Text size in px; numbers inside dots are `SMALL`.
FONT = 14
SMALL = 13
#: Width of a character at FONT px, generously (sans-serif averages about 0.55 em).
CHAR = 8.2

_ids = itertools.count(1)


def _frame(width: int, height: int, title: str, desc: str, body: str) -> Markup:
    n = next(_ids)
    # Every text placed in the SVG went through escape() (title, desc, and _text).
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="chart-{n}-title chart-{n}-desc" font-family="sans-serif" '
        f'font-size="{FONT}">'
        f'<title id="chart-{n}-title">{escape(title)}</title>'
        f'<desc id="chart-{n}-desc">{escape(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{body}</svg>'
    )


def _text(
    x: float, y: float, text: Any, anchor: str = "start", colour: str = INK, lang: str | None = None
) -> str:
    marked = f' lang="{escape(lang)}"' if lang else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{colour}"{marked}>'
        f"{escape(str(text))}</text>"
    )


def fit(text: str, width: float) -> str:
    """The text, cut with an ellipsis where it would run past `width` px (the table beside the
    chart has it whole)."""
    most = max(1, int(width // CHAR))
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def bars(title: str, desc: str, rows: Sequence[tuple[str, float, str]]) -> Markup:
    """Horizontal bars; rows are (label, value, value as shown). Short labels stand beside their
    bar, longer ones above it, so that the chart keeps to WIDTH."""
    value_width = CHAR * max((len(shown) for _l, _v, shown in rows), default=1) + 10
    longest = CHAR * max((len(label) for label, _v, _s in rows), default=1) + 10
    beside = longest <= WIDTH * 0.4
    label_width = longest if beside else 0
    bar_width = WIDTH - label_width - value_width
    row_height = 30 if beside else 50
    top = max((value for _l, value, _s in rows), default=0) or 1
    body = []
    for i, (label, value, shown) in enumerate(rows):
        y = 8 + i * row_height + (0 if beside else 20)
        length = bar_width * value / top
        if beside:
            body.append(_text(label_width - 8, y + 18, label, "end"))
        else:
            body.append(_text(0, y - 6, fit(label, WIDTH)))
        body.append(
            f'<rect x="{label_width:.1f}" y="{y + 4}" width="{length:.1f}" height="22" '
            f'fill="{MARK}"/>'
        )
        body.append(_text(label_width + length + 6, y + 20, shown))
    return _frame(WIDTH, row_height * len(rows) + 16, title, desc, "".join(body))


def columns(title: str, desc: str, rows: Sequence[tuple[str, int]]) -> Markup:
    """Vertical columns, e.g. comments per week; labels under every column they fit under."""
    plot_height, left, bottom = 180, 40, 50
    width_each = min(48.0, (WIDTH - left - 10) / max(len(rows), 1))
    top = max((value for _l, value in rows), default=0) or 1
    body = [
        f'<line x1="{left}" y1="{plot_height + 10}" x2="{WIDTH - 8}" y2="{plot_height + 10}" '
        f'stroke="{GRID}"/>',
        _text(left - 6, 20, top, "end"),
        _text(left - 6, plot_height + 14, 0, "end"),
    ]
    widest = CHAR * max((len(label) for label, _v in rows), default=1) + 8
    every = max(1, math.ceil(widest / width_each))
    for i, (label, value) in enumerate(rows):
        x = left + i * width_each
        h = plot_height * value / top
        body.append(
            f'<rect x="{x + min(2, width_each / 6):.1f}" y="{plot_height + 10 - h:.1f}" '
            f'width="{width_each - 2 * min(2, width_each / 6):.1f}" height="{h:.1f}" '
            f'fill="{MARK}"/>'
        )
        if i % every == 0:
            body.append(_text(x + width_each / 2, plot_height + 30, label, "middle"))
    return _frame(WIDTH, plot_height + bottom, title, desc, "".join(body))


def matrix(
    title: str,
    desc: str,
    points: Sequence[Any],
    importance_line: float,
    performance_line: float,
    labels: Sequence[str],
) -> Markup:
    """Importance (x) against performance (y) on the 1–5 scales; goals and focus areas
    numbered 1, 2, …

    `labels` are the four quadrant names: prioritise, keep up, low priority, possible overkill.
    """
    pad = 50
    size = WIDTH - pad - 20

    def x(value: float) -> float:
        return pad + (value - 1) / 4 * size

    def y(value: float) -> float:
        return pad + size - (value - 1) / 4 * size

    body = [
        f'<rect x="{x(importance_line):.1f}" y="{y(performance_line):.1f}" '
        f'width="{x(5) - x(importance_line):.1f}" height="{y(1) - y(performance_line):.1f}" '
        f'fill="#fbe3e8" stroke="{ACCENT}" stroke-width="2"/>',
        f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="{GRID}"/>',
        f'<line x1="{x(importance_line):.1f}" y1="{pad}" x2="{x(importance_line):.1f}" '
        f'y2="{pad + size}" stroke="{GRID}" stroke-dasharray="4 3"/>',
        f'<line x1="{pad}" y1="{y(performance_line):.1f}" x2="{pad + size}" '
        f'y2="{y(performance_line):.1f}" stroke="{GRID}" stroke-dasharray="4 3"/>',
        _text(x(5) - 4, y(1) - 6, labels[0], "end", ACCENT),
        _text(x(5) - 4, pad + 16, labels[1], "end"),
        _text(pad + 4, y(1) - 6, labels[2]),
        _text(pad + 4, pad + 16, labels[3]),
    ]
    for tick in range(1, 6):
        body.append(_text(x(tick), pad + size + 18, tick, "middle"))
        body.append(_text(pad - 8, y(tick) + 4, tick, "end"))
    body.append(_text(pad + size / 2, pad + size + 40, labels[4], "middle"))
    body.append(
        f'<text x="16" y="{pad + size / 2}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 16 {pad + size / 2})">{escape(labels[5])}</text>'
    )
    for number, point in enumerate(points, start=1):
        cx, cy = x(point.importance), y(point.performance)
        body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="{MARK}"/>')
        body.append(
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" fill="#ffffff" '
            f'font-size="{SMALL}">{number}</text>'
        )
    return _frame(WIDTH, size + pad + 50, title, desc, "".join(body))
