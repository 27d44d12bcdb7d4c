"""Template helpers for participation pages: comment text, times, rating labels."""

from flask import Flask

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


def init_app(app: Flask) -> None:
    app.add_template_filter(render_comment, "comment_text")
    app.add_template_filter(lambda moment: as_utc(moment).isoformat(timespec="seconds"), "isotime")
    app.add_template_global(rating_question)
    app.add_template_global(rating_answer)
    app.add_template_global(subjects.page_url, "subject_url")
    app.add_template_global(subjects.action_url, "subject_action_url")
    app.add_template_global(subjects.kind_of, "subject_kind")
    app.add_template_global(subjects.rating_kind, "rating_kind")
