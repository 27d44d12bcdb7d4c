"""Jinja filters and globals: residents' and officials' text is escaped, then shaped."""

from flask import Flask, current_app, request
from flask_babel import get_locale
from markupsafe import Markup, escape

from dialog.core.i18n import other_language
from dialog.core.permissions import may


def _content_lang_attribute() -> str:
    """Municipal text is Swedish; in an English page it must say so (WCAG 3.1.2)."""
    language = current_app.config["CONTENT_LANGUAGE"]
    return "" if str(get_locale()) == language else f' lang="{language}"'


def content(text: str | None) -> Markup:
    """Escaped municipal text, marked with its language when the page is in another."""
    attribute = _content_lang_attribute()
    if not attribute or not text:
        return escape(text or "")
    return Markup(f"<span{attribute}>{escape(text)}</span>")  # noqa: S704 (escaped)


def paragraphs(text: str | None) -> Markup:
    """Plain text → escaped <p> blocks; lines that start with '- ' or '• ' become a list."""
    if not text:
        return Markup("")
    lang = _content_lang_attribute()
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


def init_app(app: Flask) -> None:
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["content"] = content
    # The one way templates ask the rules: `may(current_user, action, subject) is none`.
    app.add_template_global(may, "may")

    @app.context_processor
    def _language():
        return {
            "current_language": str(get_locale()),
            "other_language": other_language(),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
