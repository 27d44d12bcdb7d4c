"""Jinja filters and globals: residents' and officials' text is escaped, then shaped."""

from collections.abc import Iterable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from dialog.core import dates
from dialog.core.collation import sorted_by_name
from dialog.core.i18n import other_language
from dialog.core.mail import one_line
from dialog.core.permissions import Refusal, may
from dialog.core.urls import external_url

#: Said on English pages where the municipality wrote no English version of a text.
SWEDISH_ONLY = "Den här texten finns bara på svenska"

Item = TypeVar("Item")


def _content_language() -> str:
    return current_app.config["CONTENT_LANGUAGE"]


def _content_lang_attribute() -> str:
    """Municipal text is Swedish; in an English page it must say so (WCAG 3.1.2)."""
    language = _content_language()
    return "" if str(get_locale()) == language else f' lang="{language}"'


def content(text: str | None) -> Markup:
    """Escaped municipal text, marked with its language when the page is in another."""
    attribute = _content_lang_attribute()
    if not attribute or not text:
        return escape(text or "")
    return Markup(f"<span{attribute}>{escape(text)}</span>")  # noqa: S704 (escaped)


def hidden_content(text: str | None) -> Markup:
    """Municipal text for screen readers only (a link's municipality, shown beside the link),
    marked with its language on a page in another: one span, so that no inner one reaches past
    the edge of a narrow screen."""
    attribute = _content_lang_attribute()
    return Markup(f'<span class="visually-hidden"{attribute}>{escape(text or "")}</span>')  # noqa: S704 (escaped)


@pass_context  # the term is a constant: without this, Jinja would fold it at compile time
def swedish(_context: Context, text: str) -> Markup:
    """A Swedish term kept in an English sentence ("allmän handling", an agency's name),
    marked as Swedish so that a screen reader says it in Swedish (WCAG 3.1.2)."""
    if str(get_locale()) == "sv":
        return escape(text)
    return Markup('<span lang="sv">{}</span>').format(text)


def _paragraphs(text: str | None, lang: str) -> Markup:
    if not text:
        return Markup("")
    html = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line[:2] in ("- ", "• ") for line in lines):
            items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
            html.append(f"<ul{lang}>{items}</ul>")
        else:
            html.append(f"<p{lang}>{Markup('<br>').join(escape(line) for line in lines)}</p>")
    return Markup("\n".join(html))  # noqa: S704 (every piece above is escaped)


def lines(text: str | None) -> Markup:
    """Escaped lines joined by <br>, e.g. a postal address."""
    return Markup("<br>").join(escape(line.strip()) for line in (text or "").strip().splitlines())


def paragraphs(text: str | None) -> Markup:
    """Plain text → escaped <p> blocks; lines that start with '- ' or '• ' become a list."""
    return _paragraphs(text, _content_lang_attribute())


def _in_page_language(item: object, field: str) -> tuple[str | None, bool]:
    """The English version on English pages where there is one; else the Swedish text."""
    if str(get_locale()) != _content_language():
        english = getattr(item, f"{field}_en", None)
        if english:
            return english, True
    return getattr(item, field), str(get_locale()) == _content_language()


def sorted_as_shown(items: Iterable[Item], field: str) -> list[Item]:
    """Plans, goals, focus areas in the order of the text the page shows for `field`: their
    English titles on an English page where they have them, in the page's language's order
    (the database sorts by the Swedish title, and in its own collation)."""
    return sorted_by_name(items, lambda item: _in_page_language(item, field)[0], str(get_locale()))


def text_and_language(item: object, field: str) -> tuple[str, str | None]:
    """The item's text in the page's language where it has one, with the language to mark it
    with where it is not the page's (None): for places a span cannot go, an SVG's text."""
    text, same = _in_page_language(item, field)
    return text or "", None if same else _content_language()


def translated(item: object, field: str) -> Markup:
    """`goal|tr('title')`: the item's text in the page's language, or marked as Swedish."""
    text, same = _in_page_language(item, field)
    return escape(text or "") if same else content(text)


def translated_choice(value: str, item: object, field: str) -> SelectChoice:
    """A select's option naming municipal content (a plan, a goal) in the page's language; a
    Swedish name on an English page carries lang="sv" on the <option>, where a span cannot go."""
    text, same = _in_page_language(item, field)
    marked = {} if same else {"lang": _content_language()}
    return SelectChoice(value, text or "", render_kw=marked)


def content_choice(value: str, text: str) -> SelectChoice:
    """A select's option naming municipal content as it is written (in Swedish), marked as
    such on an English page: the officials' forms show the text they edit, not a translation."""
    attribute = _content_lang_attribute()
    return SelectChoice(value, text, render_kw={"lang": _content_language()} if attribute else {})


def translated_paragraphs(item: object, field: str) -> Markup:
    """`plan|tr_paragraphs('intro')`, with a notice when only a Swedish text exists."""
    text, same = _in_page_language(item, field)
    if same or not text:
        return _paragraphs(text, "")
    notice = Markup('<p class="lang-notice"><span lang="{}">{}</span> / {}</p>').format(
        _content_language(), SWEDISH_ONLY, _("This text is only available in Swedish")
    )
    return notice + _paragraphs(text, _content_lang_attribute())


def may_here(*arguments: Any) -> Refusal | None:
    """The `may` global: `may(action, subject)` asks for the signed-in visitor,
    `may(actor, action, subject)` for anyone; None means allowed, else the refusal."""
    if arguments and isinstance(arguments[0], str):
        # The user itself, not the proxy: a rule reads several attributes, and a page asks for
        # every comment, each read through the proxy looking the user up again.
        return may(current_user._get_current_object(), *arguments)
    return may(*arguments)


def csrf_field(form: Any) -> Markup:
    """The form's token input without an id: a page with several forms has several tokens, and
    ids must be unique. Nothing when CSRF protection is off (the form then has no token)."""
    token = getattr(form, "csrf_token", None)
    return token(id=False) if token is not None else Markup("")  # WTForms escapes


def init_app(app: Flask) -> None:
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["content"] = content
    app.jinja_env.filters["hidden_content"] = hidden_content
    app.jinja_env.filters["swedish"] = swedish
    app.jinja_env.filters["lines"] = lines
    # A mail's subject is its template's first line: a name with a line break in it (stored
    # before names were checked) would cut the subject short and start the body early.
    app.jinja_env.filters["one_line"] = one_line
    app.jinja_env.filters["tr"] = translated
    app.jinja_env.filters["tr_paragraphs"] = translated_paragraphs
    app.jinja_env.filters["datetime"] = dates.moment
    app.jinja_env.filters["date"] = dates.day
    app.jinja_env.filters["ago"] = dates.ago
    app.jinja_env.filters["number"] = dates.number
    # The one way templates ask the rules: `may('comment.edit', comment) is none`.
    app.add_template_global(may_here, "may")
    app.add_template_global(csrf_field)
    # Links in documents rendered without a request (the report from the command line).
    app.add_template_global(external_url)

    @app.context_processor
    def _language() -> dict[str, str]:
        return {
            "current_language": str(get_locale()),
            "other_language": other_language(),
            "content_lang": _content_lang_attribute().strip(),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
