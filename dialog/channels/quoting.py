"""Problem messages that quote values, each with its language where that is known.

A problem is printed as plain text on the command line and shown as HTML on a Swedish or an
English page. There a quoted value in another language than the page's is marked (WCAG 3.1.2):
the municipality's district names and references are its own Swedish content, as the pages show
them elsewhere; the columns' names are English. A value from the file that the importer could
not read (an unknown channel or district) is of unknown language and is left unmarked.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Quoted:
    text: str
    #: The value's language ("sv", "en"), or None when it is not known.
    lang: str | None = None


#: What a message may quote: plain text in the page's language, a quoted value, or a list.
Value = str | int | Quoted | tuple[Quoted, ...]


@dataclass(frozen=True)
class Said:
    """A translated message with %(name)s placeholders and the values that fill them."""

    template: str
    values: Mapping[str, Value]

    def __str__(self) -> str:
        return self.template % {name: _plain(value) for name, value in self.values.items()}

    def __html__(self) -> Markup:
        return Markup(escape(self.template)) % {  # noqa: S704 (escaped; the values are too)
            name: _marked(value) for name, value in self.values.items()
        }


def said(template: str, **values: Value) -> Said:
    return Said(template, values)


def municipal(text: str) -> Quoted:
    """The municipality's own text (a district's name, a reference): its content language."""
    return Quoted(text, current_app.config["CONTENT_LANGUAGE"])


def html(message: "str | Said") -> Markup:
    return message.__html__() if isinstance(message, Said) else escape(message)


def _plain(value: Value) -> str | int:
    if isinstance(value, Quoted):
        return value.text
    if isinstance(value, tuple):
        return ", ".join(part.text for part in value)
    return value


def _marked(value: Value) -> Markup | int:
    if isinstance(value, tuple):
        return Markup(", ").join(_quoted(part) for part in value)
    if isinstance(value, Quoted):
        return _quoted(value)
    return escape(value) if isinstance(value, str) else value


def _quoted(value: Quoted) -> Markup:
    """The value, in a span with its language when that is known and not the page's."""
    if value.lang is None or value.lang == str(get_locale() or ""):
        return escape(value.text)
    return Markup('<span lang="{}">{}</span>').format(value.lang, value.text)
