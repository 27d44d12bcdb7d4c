"""Pages kept rendered for a kind of reader, with each reader's own values filled in.

A signed-in page differs between readers in few places: the CSRF token, their name, a form's
submission token, a list filled for them. Rendering the whole template on every view was most
of the cost of a signed-in page, so a template is rendered once with a random mark where each
such value goes (`Marks`), split at the marks (`Frame`), and kept under a key that holds
everything else the output depends on: the content version (dialog/core/versions.py), the
language, the address and the reader's *kind* (which links and forms the rules give them,
decided afresh on every request). Each view then joins the pieces with this reader's values,
escaped here: a value can never be read as a mark, nor a mark be forged by what residents
write (it holds 96 random bits, new for each rendering).

Frames (and, through `kept`, other things a page reads under the content version: the shared
comment list, the goal row) are kept in the process, not in the shared cache: they are looked up
on every signed-in view (a Redis round trip and unpickling would cost more than they save), and
their keys hold the content version, so that no process serves one made before a write.
Nothing is kept when the app's cache is off (NullCache).
"""

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar, cast

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_caching.backends import NullCache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from dialog.core.cache import ProcessStore, current_version, today_in
from dialog.core.i18n import carried_language
from dialog.core.permissions import may
from dialog.extensions import cache

#: The mark where the page's CSRF token goes (every form of the page carries the same token).
CSRF = "csrf"
_EXTENSION = "dialog.frames"
T = TypeVar("T")
#: Frames kept per process: a handful of pages × languages × kinds of reader (the store drops
#: its older half when full: frames of an old version are never asked for again).
FRAMES_MAX = 256


class Encoded(Markup):
    """Markup that carries its UTF-8 encoding, joined from pieces encoded when they were kept:
    a signed-in page (some 80 KB of mostly Swedish text) is then not encoded whole on every
    view, which cost more than anything else in filling it. Only `encoded_markup` gives one
    its bytes, from the text and bytes of the same pieces; what Markup's operations make of it
    is of this class too but has none, and is encoded when used (`_bytes_of`)."""

    encoded: bytes


def encoded_markup(text: str, data: bytes) -> Encoded:
    made = Encoded(text)
    made.encoded = data
    return made


def _bytes_of(value: object) -> bytes | None:
    """The bytes `encoded_markup` gave this very object, if any."""
    data = getattr(value, "encoded", None)
    return data if isinstance(data, bytes) else None


def encoding(value: str) -> bytes:
    """The UTF-8 of a text, taken from an `Encoded` one."""
    data = _bytes_of(value)
    return value.encode() if data is None else data


def join(separator: Markup, parts: Iterable[Markup]) -> Encoded:
    """`separator.join(parts)`, with its encoding joined from theirs."""
    listed = list(parts)
    data = encoding(separator).join(encoding(part) for part in listed)
    return encoded_markup(separator.join(listed), data)


@dataclass(frozen=True)
class Frame:
    """Rendered HTML split at its marks: text, mark name, text, …, text."""

    pieces: tuple[str, ...]

    @cached_property
    def encoded(self) -> tuple[bytes, ...]:
        """The pieces' UTF-8, made once (the marks' names are replaced when filled)."""
        return tuple(piece.encode() for piece in self.pieces)

    def fill(self, values: Mapping[str, "str | Markup"]) -> Encoded:
        """The HTML with each mark replaced by its value: text is escaped, Markup kept. The
        CSRF token is this request's (asked only when the frame has a form: asking gives a
        visitor without one a session)."""
        out, data = list(self.pieces), list(self.encoded)
        for n in range(1, len(out), 2):
            name = out[n]
            value = csrf_token() if name == CSRF and name not in values else values[name]
            known = _bytes_of(value)
            if known is not None:  # Markup, as `escape` would keep it
                out[n], data[n] = value, known
            else:
                out[n] = str(escape(value))
                data[n] = out[n].encode()
        # A rendered template and escaped values.
        return encoded_markup("".join(out), b"".join(data))


def csrf_token() -> str:
    """This request's CSRF token: Flask-WTF's `generate_csrf`, which makes it once per request
    and keeps it in `g`; later asks (a signed-in page fills several frames) read it from there
    without its configuration look-ups."""
    found = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return found if isinstance(found, str) else generate_csrf()


class Marks:
    """The marks of one rendering: `marks("name")` stands where the reader's value goes. A mark
    is letters and digits only, so that escaping leaves it as it is wherever it lands."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(12)

    def __call__(self, name: str) -> Markup:
        return Markup(f"{self.token}{name}{self.token}")  # noqa: S704 (no input)

    def split(self, html: str) -> Frame:
        return Frame(tuple(re.split(f"{self.token}([a-z_]+){self.token}", html)))


@contextmanager
def _csrf_marked(marks: Marks) -> Iterator[None]:
    """While rendering a frame, `csrf_token()` and every form's token give the mark (Flask-WTF
    hands out the token it keeps in `g`, and then does not touch the session)."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    missing = object()
    before = g.get(name, missing)
    setattr(g, name, marks(CSRF))
    try:
        yield
    finally:
        if before is missing:
            g.pop(name, None)
        else:
            setattr(g, name, before)


def keeping() -> bool:
    """Whether anything is kept: not when the app's cache is off (as in most tests)."""
    return not isinstance(current_app.extensions["cache"][cache], NullCache)


def kept(parts: Iterable[object], make: Callable[[Marks], T]) -> T:
    """What is kept under `parts` (everything it depends on besides the marks), or
    `make(marks)`, made with the CSRF token marked, and kept."""
    key = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
    store: ProcessStore[Any] = current_app.extensions.setdefault(
        _EXTENSION, ProcessStore(FRAMES_MAX)
    )
    found = store.get(key)
    if found is not None:
        return cast(T, found)
    marks = Marks()
    with _csrf_marked(marks):
        made = make(marks)
    if not keeping():
        return made
    store.put(key, made)
    return made


def frame(parts: Iterable[object], render: Callable[[Marks], str]) -> Frame:
    """The frame kept under `parts`, or `render(marks)` split at its marks, and kept."""
    return kept(parts, lambda marks: marks.split(render(marks)))


def keepable() -> bool:
    """Whether this request's page may come from a frame: a GET with no message waiting (a
    flash is shown once, by the full rendering that takes it from the session)."""
    return request.method == "GET" and "_flashes" not in session


def page_parts() -> tuple[object, ...]:
    """What any page's frame depends on besides the reader and the view's own data: the
    content version, the day, the language and whether links carry it, and the address."""
    return (
        current_version().token,
        today_in(current_app.config),
        str(get_locale()),
        carried_language() or "",
        request.scheme,
        request.host,
        request.script_root,
        request.full_path,
    )


def header_kind() -> tuple[object, ...]:
    """What the header of base.html shows a reader: signed in or not, and the link to the
    officials' pages (roles are read afresh on every request, so a removed role shows at once)."""
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return ("signed out",)
    return ("signed in", may(user, "manage.enter") is None)
