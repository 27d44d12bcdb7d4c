"""Checks on a municipality's own site settings that a JSON Schema cannot make."""

from pathlib import Path

from dialog.catalogue.importer.problems import Path as Where
from dialog.catalogue.importer.problems import Problem, field_path, problem
from dialog.catalogue.kinds import (
    KIND_FOR_STATUS,
    DialogueLevel,
    GroupKind,
    PlanKind,
    PlanStatus,
)

#: The colours a brand colour meets in the stylesheet: white text on it in the header, and it
#: as link colour on the white page and the light tint of the footer and fact boxes.
TEXT_COLOURS = {"#ffffff": "white", "#f2f5f7": "the light tint"}
MINIMUM_CONTRAST = 4.5


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_problems(colour: str, where: Where) -> list[Problem]:
    """The brand colour must reach 4.5:1 (WCAG AA for text) against every colour it meets."""
    problems = []
    for other, name in TEXT_COLOURS.items():
        ratio = contrast(colour.lower(), other)
        if ratio < MINIMUM_CONTRAST:
            message = (
                f"too little contrast: {ratio:.2f}:1 against {name} ({other}); "
                f"at least {MINIMUM_CONTRAST}:1 is needed (choose a darker colour)"
            )
            details = {"ratio": round(ratio, 2), "against": other, "minimum": MINIMUM_CONTRAST}
            problems.append(problem(where, "contrast", message, **details))
    return problems[:1]


def logo_problems(file: str, static_root: Path, where: Where) -> list[Problem]:
    """The logo is a file the site serves itself (static/…), never a link elsewhere."""
    path = (static_root / file).resolve()
    if not path.is_relative_to(static_root.resolve()) or not path.is_file():
        return [
            problem(where, "no_such_file", f"no such file under static/ ('{file}')", value=file)
        ]
    return []


def plan_kind_problems(status_name: str, kind_name: str, where: Where) -> list[Problem]:
    """A status must fit the kind ('' if the plan names none): a proposal is not adopted, an
    analysis is not decided."""
    status = PlanStatus(status_name)
    kind = PlanKind(kind_name or KIND_FOR_STATUS[status])
    if status in kind.statuses:
        return []
    allowed = [s.value for s in kind.statuses]
    message = f"'{status}' does not fit kind '{kind}' (allowed: {', '.join(allowed)})"
    details = {"value": status.value, "kind": kind.value, "allowed": allowed}
    return [problem((*where, "status"), "status_kind", message, **details)]


def dialogue_level_problems(
    level_name: str, group_kinds: list[str | None], where: Where
) -> list[Problem]:
    """Focus areas can only be open for dialogue in a plan that has some (sections never are);
    `group_kinds` are the kinds of the plan's groups, None where a kind cannot be read."""
    level = DialogueLevel(level_name)
    if not level.focus_areas_open or GroupKind.FOCUS_AREA in group_kinds or None in group_kinds:
        return []
    message = (
        f"'{level}' needs at least one group of kind focus_area "
        "(sections and drivers of change are not open for dialogue)"
    )
    return [problem((*where, "dialogue_level"), "level_needs_areas", message, value=level.value)]


def committee_problems(committees: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    """Names and full names identify committees, so none may be given twice. `committees`
    are each committee's index and the names it gives that can be read."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, names in committees:
        for key in ("name", "full_name"):
            if key not in names:
                continue
            folded = " ".join(names[key].split()).casefold()
            if folded in seen and seen[folded] != index:
                where = ("municipality", "committees", index, key)
                other = ("municipality", "committees", seen[folded])
                message = f"duplicate committee '{names[key]}' (as {field_path(other)})"
                details = {"value": names[key], "other": other}
                problems.append(problem(where, "duplicate", message, **details))
            seen.setdefault(folded, index)
    return problems
