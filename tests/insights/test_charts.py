"""Charts stay readable on a phone: none is wider than a 390 px phone's page, so none is scaled
down, and no text in them is smaller than 12 px (it was 7 px in the opinion groups' chart)."""

import re
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest

from dialog.insights import charts
from dialog.insights.groups.charts import dots

pytestmark = pytest.mark.no_database

#: A 390 px phone's page width: the viewport less the page's 1rem padding on either side.
PHONE = 390 - 2 * 16
SVG = "{http://www.w3.org/2000/svg}"
LONG = "Lund ska vara en attraktiv och hållbar kommun att bo, verka och leva i för alla"


def smallest_text(svg: str, page_width: float = PHONE) -> float:
    """The smallest text in px as drawn on a page `page_width` px wide."""
    root = ElementTree.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    assert float(root.get("width")) == width
    scale = min(1.0, page_width / width)
    default = float(root.get("font-size"))
    sizes = [float(t.get("font-size", default)) for t in root.iter(f"{SVG}text")]
    assert sizes
    return min(sizes) * scale


CHARTS = {
    "opinion groups": lambda: dots(
        "Där grupperna skiljer sig mest",
        "Beskrivning",
        [(LONG, [4.5, 1.5, 3.0, 2.2, 5.0]), ("Rent vatten", [1.0, 5.0, None, 3.3, 2.0])],
        [f"Grupp {n}" for n in range(1, 6)],
    ),
    "bars, short labels": lambda: charts.bars(
        "Boende per åsiktsgrupp", "B", [("Grupp 1", 40, "40 (42 %)"), ("Grupp 2", 55, "55 (58 %)")]
    ),
    "bars, long labels": lambda: charts.bars(
        "Hur viktigt", "B", [("5 – Mycket viktigt för mig och min familj", 120, "120")]
    ),
    "columns": lambda: charts.columns("Kommentarer per vecka", "C", [("07/09", 3)] * 30),
    "matrix": lambda: charts.matrix(
        "Viktighet och utförande",
        "M",
        [SimpleNamespace(importance=4.2, performance=2.1)] * 12,
        3.5,
        3.0,
        ["Prioritera här", "Fortsätt så", "Låg prioritet", "Möjligen för mycket", "x", "y"],
    ),
}


@pytest.mark.parametrize("name", CHARTS)
def test_no_chart_text_is_under_12_px_on_a_390_px_phone(name):
    svg = str(CHARTS[name]())
    assert smallest_text(svg) >= 12


def test_a_goal_too_long_for_the_width_is_cut_and_kept_whole_in_the_description():
    svg = str(CHARTS["opinion groups"]())
    shown = [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text")]
    assert LONG not in shown
    assert any(t and t.endswith("…") and LONG.startswith(t[:-1]) for t in shown)
    assert re.search(r'aria-labelledby="chart-\d+-title chart-\d+-desc"', svg)


def test_groups_with_nearly_the_same_mean_do_not_cover_each_other():
    svg = dots("T", "D", [("Bredare vägar", [3.24, 1.34, 1.30, 4.1])], ["1", "2", "3", "4"])
    circles = [
        (float(c.get("cx")), float(c.get("cy")))
        for c in ElementTree.fromstring(str(svg)).iter(f"{SVG}circle")
        if c.get("r") == "11"
    ]
    assert len(circles) == 4
    for i, (x1, y1) in enumerate(circles):
        for x2, y2 in circles[i + 1 :]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= 14**2  # the numbers inside stay apart
