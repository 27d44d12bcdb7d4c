"""A dot plot for opinion groups, drawn like the other summary charts (dialog/insights/charts.py):
one row per goal, each group's mean on a 1–5 axis as a numbered dot."""

from collections.abc import Callable, Sequence

from markupsafe import Markup

from dialog.insights.charts import GRID, INK, SMALL, WIDTH, _frame, _text, fit

#: Dark marks that stay distinguishable and keep 4.5:1 against white; the number inside tells
#: the groups apart for anyone who cannot tell the colours apart.
COLOURS = ("#1d3f72", "#a3002a", "#1f5c2e", "#5b2a86", "#6b4700")
#: Width of a legend entry ("Grupp 5", "Group 5") in px.
LEGEND = 86


def dots(
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    legend: Sequence[str],
    languages: Sequence[str | None] = (),
) -> Markup:
    """Rows of (label, one mean per group or None); the legend names the groups; `languages`
    gives each label's language where it is not the page's (a Swedish goal title on an English
    page).

    Each goal's name stands above its row of dots, so that the chart keeps to WIDTH and its text
    to full size on a phone; a name too long for the width is cut, and the table beside the
    chart has it whole.
    """
    left, right, top, row_height = 14, WIDTH - 14, 34, 70
    plot_width = right - left

    def x(value: float) -> float:
        return left + (value - 1) / 4 * plot_width

    body = []
    for tick in range(1, 6):
        body.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 8}" x2="{x(tick):.1f}" '
            f'y2="{top + row_height * len(rows)}" stroke="{GRID}" stroke-dasharray="2 3"/>'
        )
        anchor = "start" if tick == 1 else "end" if tick == 5 else "middle"
        body.append(
            _text(x(tick) + (-4 if tick == 1 else 4 if tick == 5 else 0), top - 14, tick, anchor)
        )
    for i, (label, means) in enumerate(rows):
        y = top + i * row_height
        body.append(
            f'<rect x="0" y="{y + 2}" width="{WIDTH}" height="20" fill="#ffffff" opacity="0.9"/>'
        )
        lang = languages[i] if i < len(languages) else None
        body.append(_text(0, y + 17, fit(label, WIDTH), lang=lang))
        for number, mean, rise in _spread(means, x):
            colour = COLOURS[(number - 1) % len(COLOURS)]
            cx, cy = x(mean), y + 46 + rise
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="{colour}"/>')
            body.append(
                f'<text x="{cx:.1f}" y="{cy + 4.5:.1f}" text-anchor="middle" '
                f'fill="#ffffff" font-size="{SMALL}">{number}</text>'
            )
    legend_y = top + row_height * len(rows) + 24
    per_line = max(1, int(WIDTH // LEGEND))
    for number, name in enumerate(legend, start=1):
        lx = ((number - 1) % per_line) * LEGEND
        ly = legend_y + ((number - 1) // per_line) * 26
        colour = COLOURS[(number - 1) % len(COLOURS)]
        body.append(f'<circle cx="{lx + 8}" cy="{ly - 5}" r="8" fill="{colour}"/>')
        body.append(_text(lx + 21, ly, fit(name, LEGEND - 24), colour=INK))
    lines = (len(legend) + per_line - 1) // per_line
    return _frame(WIDTH, legend_y + 26 * max(lines - 1, 0) + 12, title, desc, "".join(body))


def _spread(
    means: Sequence[float | None], x: Callable[[float], float]
) -> list[tuple[int, float, float]]:
    """(group number, mean, vertical shift) per dot: dots that would cover each other (groups
    with nearly the same mean) go up and down in turn so that every number stays readable."""
    placed = sorted((x(m), n, m) for n, m in enumerate(means, start=1) if m is not None)
    clusters: list[list[tuple[float, int, float]]] = []
    for dot in placed:
        if clusters and dot[0] - clusters[-1][-1][0] < 22:
            clusters[-1].append(dot)
        else:
            clusters.append([dot])
    return [
        (number, mean, 0.0 if len(cluster) == 1 else (-10.0, 10.0)[i % 2])
        for cluster in clusters
        for i, (_at, number, mean) in enumerate(cluster)
    ]
