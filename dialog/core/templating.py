"""Jinja filters and globals: residents' and officials' text is escaped, then shaped."""

from flask import Flask, request
from flask_babel import get_locale
from markupsafe import Markup, escape

from dialog.core.i18n import other_language


def paragraphs(text: str | None) -> Markup:
    """Plain text → escaped <p> blocks; lines that start with '- ' or '• ' become a list."""
    if not text:
        return Markup("")
    html = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line[:2] in ("- ", "• ") for line in lines):
            items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{Markup('<br>').join(escape(line) for line in lines)}</p>")
    return Markup("\n".join(html))  # noqa: S704 (every piece above is escaped)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["paragraphs"] = paragraphs

    @app.context_processor
    def _language():
        return {
            "current_language": str(get_locale()),
            "other_language": other_language(),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
