"""Officials' routes find a municipality's goal or focus area in one place (catalogue.lookup),
so that the 404, the 403 and its audit entry are the same on every page."""

import re
from pathlib import Path

import dialog

OWN_LOOKUP = re.compile(r'refuse_elsewhere\(\s*\w+,\s*"(goals|focus_areas)"')


def test_no_area_repeats_the_goal_and_focus_area_lookup():
    """channels, responses and insights each had a copy of `find_goal` (and insights of
    `find_area`); a copy is where one route would come to answer differently."""
    root = Path(dialog.__file__).parent
    copies = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "lookup.py" and OWN_LOOKUP.search(path.read_text(encoding="utf-8"))
    ]
    assert copies == []
