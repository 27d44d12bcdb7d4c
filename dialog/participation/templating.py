"""Template helpers for participation pages: comment text, times, rating labels."""

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from dialog.db import as_utc
from dialog.participation import (
    permissions,  # noqa: F401 (the rules templates ask `may`)
    subjects,
)
from dialog.participation.models import DONT_KNOW, Rating, RatingQuestion
from dialog.participation.text import render_comment


def rating_question(rating: Rating) -> RatingQuestion:
    return RatingQuestion(rating.question)


def rating_answer(rating: Rating) -> str:
    labels = dict(RatingQuestion(rating.question).scale)
    return labels.get(rating.value, labels[DONT_KNOW])


#: Rendered choice fields by everything their HTML depends on; bounded (see `steady_field`).
_STEADY: dict[tuple[Any, ...], Markup] = {}
_STEADY_MAX = 256


def steady_field(field: Any, render: Callable[[Any], Markup]) -> Markup:
    """`render(field)` (the `field` macro of _forms.html) for a group of radio buttons without
    errors, kept per language, field, label and choice: the same rating and category buttons
    are on every goal page a resident opens, so they are rendered once, not on every view."""
    if field.type != "RadioField" or field.errors:
        return render(field)
    key = (
        str(get_locale()),
        field.id,
        field.name,
        str(field.label.text),
        str(field.description),
        tuple((value, str(label), selected) for value, label, selected, *_ in field.iter_choices()),
    )
    found = _STEADY.get(key)
    if found is None:
        if len(_STEADY) >= _STEADY_MAX:
            _STEADY.clear()
        found = _STEADY[key] = Markup(render(field))  # noqa: S704 (the macro's own output)
    return found


def init_app(app: Flask) -> None:
    app.add_template_filter(render_comment, "comment_text")
    app.add_template_filter(lambda moment: as_utc(moment).isoformat(timespec="seconds"), "isotime")
    app.add_template_global(rating_question)
    app.add_template_global(rating_answer)
    app.add_template_global(subjects.page_url, "subject_url")
    app.add_template_global(subjects.action_url, "subject_action_url")
    app.add_template_global(subjects.kind_of, "subject_kind")
    app.add_template_global(subjects.rating_kind, "rating_kind")
    app.add_template_global(steady_field)
