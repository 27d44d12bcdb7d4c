"""A dot plot for opinion groups, drawn like the other summary charts (dialog/insights/charts.py):
one row per goal, each group's mean on a 1–5 axis as a numbered dot."""

from collections.abc import Sequence

from markupsafe import Markup

from dialog.insights.charts import GRID, INK, _frame, _text

#: Dark marks that stay distinguishable and keep 4.5:1 against white; the number inside tells
#: the groups apart for anyone who cannot tell the colours apart.
COLOURS = ("#1d3f72", "#a3002a", "#1f5c2e", "#5b2a86", "#6b4700")


def dots(
    title: str, desc: str, rows: Sequence[tuple[str, Sequence[float | None]]], legend: Sequence[str]
) -> Markup:
    """Rows of (label, one mean per group or None); the legend names the groups."""
    label_width, plot_width, row_height, top = 230, 300, 34, 40

    def x(value: float) -> float:
        return label_width + (value - 1) / 4 * plot_width

    body = []
    for tick in range(1, 6):
        body.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 8}" x2="{x(tick):.1f}" '
            f'y2="{top + row_height * len(rows)}" stroke="{GRID}" stroke-dasharray="2 3"/>'
        )
        body.append(_text(x(tick), top - 14, tick, "middle"))
    for i, (label, means) in enumerate(rows):
        y = top + i * row_height + row_height / 2
        shown = label if len(label) <= 32 else label[:31] + "…"
        body.append(_text(label_width - 10, y + 4, shown, "end"))
        for number, mean in enumerate(means, start=1):
            if mean is None:
                continue
            colour = COLOURS[(number - 1) % len(COLOURS)]
            body.append(f'<circle cx="{x(mean):.1f}" cy="{y:.1f}" r="10" fill="{colour}"/>')
            body.append(
                f'<text x="{x(mean):.1f}" y="{y + 4:.1f}" text-anchor="middle" fill="#ffffff" '
                f'font-size="11">{number}</text>'
            )
    legend_y = top + row_height * len(rows) + 22
    for number, name in enumerate(legend, start=1):
        lx = 10 + (number - 1) * 110
        colour = COLOURS[(number - 1) % len(COLOURS)]
        body.append(f'<circle cx="{lx + 8}" cy="{legend_y - 4}" r="7" fill="{colour}"/>')
        body.append(_text(lx + 20, legend_y, name, colour=INK))
    width = max(label_width + plot_width + 30, 10 + 110 * len(legend))
    return _frame(width, legend_y + 14, title, desc, "".join(body))
