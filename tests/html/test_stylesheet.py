"""The stylesheet's grey text: large enough to read and dark enough on every light background.

A first-time visitor's walk at 390 px found grey text of 0.95rem (15 px under 17 px body text):
how many people take part and the ladder's step; the badges were 13.6 px and not bold.
"""

import re
from pathlib import Path

from dialog.catalogue.importer.site import _luminance, contrast

CSS = (Path(__file__).parents[2] / "static" / "css" / "dialog.css").read_text()
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
#: Small on purpose: a kind or a state in a frame, bold, next to what it describes.
BADGES = {".badge"}


def rules() -> dict[str, dict[str, str]]:
    """Each selector's declarations, later ones over earlier ones, media queries included."""
    text = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    merged: dict[str, dict[str, str]] = {}
    for selectors, body in RULE.findall(text):
        declarations = {}
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if value.strip():
                declarations[name.strip()] = value.strip()
        for selector in selectors.split(","):
            merged.setdefault(" ".join(selector.split()), {}).update(declarations)
    return merged


def properties() -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def colour(value: str) -> str | None:
    value = value.replace("!important", "").strip()
    if value.startswith("var("):
        return properties().get(value[4:-1].strip())
    return value.lower() if HEX.fullmatch(value) else None


def rem(value: str) -> float:
    if value.endswith("rem"):
        return float(value[:-3])
    assert value.endswith("px"), value
    return float(value[:-2]) / 16


def test_grey_text_is_at_least_1rem_and_badges_at_least_14_px_bold():
    muted = properties()["--muted"]
    too_small = []
    for selector, declarations in rules().items():
        if colour(declarations.get("color", "")) != muted or "font-size" not in declarations:
            continue
        size = rem(declarations["font-size"])
        if selector in BADGES:
            if size < 0.875 or int(declarations.get("font-weight", "400")) < 600:
                too_small.append(f"{selector}: {declarations['font-size']}")
        elif size < 1:
            too_small.append(f"{selector}: {declarations['font-size']}")
    assert too_small == []


def test_dark_text_colours_reach_4_5_to_1_on_every_light_background():
    """Every text colour (grey, the badges', the links') against white, the tint and each box's."""
    texts, backgrounds = set(), set()
    for declarations in rules().values():
        for name, value in declarations.items():
            if name == "color" and (found := colour(value)):
                texts.add(found)
            elif name in ("background", "background-color"):
                found = colour(value) or (HEX.search(value) and HEX.search(value).group().lower())
                if found:
                    backgrounds.add(found)
    dark = {text for text in texts if _luminance(text) < 0.2}
    light = {paper for paper in backgrounds | {"#ffffff"} if _luminance(paper) > 0.5}
    assert properties()["--muted"] in dark and properties()["--tint"] in light
    assert len(dark) >= 5 and len(light) >= 5, (dark, light)
    weak = sorted(
        (round(contrast(text, paper), 2), text, paper)
        for text in dark
        for paper in light
        if contrast(text, paper) < 4.5
    )
    assert weak == []
