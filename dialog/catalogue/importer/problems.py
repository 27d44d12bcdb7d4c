"""One problem in a goal document, as the checks find it: where, what, and the details.

`wording.py` puts a problem into words for people (in the language of the request or of the
command). The content forms (`admin/checks.py`) match on the structured parts, the `code`,
the `path` (and so the `field`) and the details, never on the technical line (`str(problem)`,
`plans[0].title: missing`, for logs and tests), so that rewording a line changes no form.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: Keys and list indexes from the document's root: ("plans", 0, "goals", 1, "code").
Path = tuple[str | int, ...]


def field_path(parts: Iterable[str | int]) -> str:
    """('plans', 0, 'title') → 'plans[0].title'."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


@dataclass(frozen=True)
class Problem:
    path: Path
    #: What is wrong, e.g. "missing", "wrong_type", "duplicate" (see wording._sentence).
    code: str
    #: The technical description, after the path in `str(problem)`.
    message: str
    #: What the sentence names: the value found, what is allowed, the other item, …
    details: tuple[tuple[str, Any], ...] = ()

    @property
    def field(self) -> str:
        """The key the problem is about ('title' in plans[0].title, 'committees' in
        …committees[2]); '' for the document itself."""
        return next((part for part in reversed(self.path) if isinstance(part, str)), "")

    def __str__(self) -> str:
        return f"{field_path(self.path)}: {self.message}"

    def detail(self, name: str, default: Any = None) -> Any:
        return dict(self.details).get(name, default)


def problem(path: Iterable[str | int], code: str, message: str, **details: Any) -> Problem:
    """A Problem; list details become tuples, so that problems can be compared and counted."""
    frozen = {k: tuple(v) if isinstance(v, list) else v for k, v in details.items()}
    return Problem(tuple(path), code, message, tuple(sorted(frozen.items())))
