"""Counts of a thousand or more are written as the tables beside them write them: "5048 svar"
stood above a table of "de 5 048 svaren", and a theme was "beräknat … från 1413 kommentarer"."""

import io
from types import SimpleNamespace

import docx
from flask import render_template
from flask_babel import force_locale

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.insights.presentation import decimal, percent
from dialog.insights.stats import distribution
from dialog.participation.models import RatingQuestion
from dialog.themes import queries, services
from tests.factories import make_goal, make_user
from tests.officials import make_official, sign_in_official
from tests.themes.fixture import add_comments, read

NBSP = "\u00a0"


def test_a_rating_sentence_writes_thousands_as_its_table_does(app):
    figures = distribution({0: 1200, 1: 3000, 4: 2048})
    question = RatingQuestion.IMPORTANCE
    with app.test_request_context(), force_locale("sv"):
        html = render_template(
            "insights/_ratings.html",
            summary=SimpleNamespace(ratings={question: figures}),
            charts=SimpleNamespace(ratings={question: ""}),
            decimal=decimal,
            percent=percent,
        )
    assert f"5{NBSP}048 svar. Medelvärde" in html
    assert f"1{NBSP}200 svarade ”vet inte”" in html


def test_themes_computed_from_a_thousand_comments_or_more_say_so_as_a_table_would(
    client, app_context
):
    goal = make_goal(slug="testkommun")
    add_comments(goal, make_user("boende@example.se", "Boende"), read("fixture")[1][:30])
    official = make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    services.request_run(goal, official)
    db.session.commit()
    queries.latest_run(goal_id=goal.id).comment_count = 1413  # as if 1413 had been read
    db.session.commit()
    sign_in_official(client, "kom@testkommun.se")
    expected = f"från 1{NBSP}413 kommentarer"
    for url in (
        f"/hantera/testkommun/teman/mal/{goal.id}",
        f"/hantera/testkommun/sammanfattning/mal/{goal.id}",
    ):
        assert expected in client.get(url + "?lang=sv").get_data(as_text=True), url
    word = client.get(
        f"/hantera/testkommun/rapport/mal/{goal.id}?format=docx&lang=sv", buffered=True
    )
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.get_data())).paragraphs]
    assert any(expected in text for text in paragraphs)
