"""Dates and numbers through Babel in both languages; English texts where they exist."""

import json
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.core import dates
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import RatingQuestion
from tests.factories import make_goal, make_user, sign_in

WINTER = datetime(2026, 11, 28, 6, 26, tzinfo=UTC)
SUMMER = datetime(2026, 6, 30, 22, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("sv", WINTER, "28 november 2026 kl. 07.26"),
        ("en", WINTER, "28 November 2026, 07:26"),
        ("sv", SUMMER, "1 juli 2026 kl. 00.05"),  # Stockholm is two hours ahead in summer
        ("sv", WINTER.replace(tzinfo=None), "28 november 2026 kl. 07.26"),  # SQLite: naive UTC
    ],
)
def test_times_are_local_and_in_the_page_language(app, language, moment, expected):
    with app.test_request_context(), force_locale(language):
        assert dates.moment(moment) == expected


def test_a_remembered_time_is_remembered_per_language_and_time_zone(app):
    """moment() keeps what it formatted: the same time asked again in the other language, or
    in another time zone, is formatted anew."""
    with app.test_request_context():
        with force_locale("sv"):
            assert dates.moment(WINTER) == "28 november 2026 kl. 07.26"
        with force_locale("en"):
            assert dates.moment(WINTER) == "28 November 2026, 07:26"
        with force_locale("sv"):
            assert dates.moment(WINTER) == "28 november 2026 kl. 07.26"
    assert dates._moment(WINTER, "sv", "Europe/London") == "28 november 2026 kl. 06.26"
    assert dates._moment(WINTER, "sv", "Europe/Stockholm") == "28 november 2026 kl. 07.26"


def test_days_and_numbers(app):
    with app.test_request_context():
        with force_locale("sv"):
            assert dates.day(date(2027, 6, 30)) == "30 juni 2027"
            assert dates.number(100000) == "100\xa0000"
        with force_locale("en"):
            assert dates.day(date(2027, 6, 30)) == "30 June 2027"
            assert dates.number(100000) == "100,000"


def test_iso_times_carry_the_swedish_offset(app):
    with app.app_context():
        assert dates.iso_local(WINTER) == "2026-11-28T07:26:00+01:00"
        assert dates.iso_local(SUMMER) == "2026-07-01T00:05:00+02:00"
        assert dates.iso_local(None) is None


def test_comment_times_and_the_data_download_use_them(client, app_context):
    goal = make_goal()
    user = make_user()
    services.post_comment(goal, user, "Bra mål", None, "e" * 32)
    db.session.commit()
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert " kl. " in page and not any(f"/{n}/" in page for n in range(1, 13))
    sign_in(client)
    data = json.loads(client.get("/mina-sidor/mina-data").get_data(as_text=True))
    stamps = [data["account"]["created_at"], data["comments"][0]["created_at"]]
    assert all(stamp[-6:] in ("+01:00", "+02:00") for stamp in stamps), stamps


def test_english_pages_show_english_texts_where_they_exist(client, app_context):
    goal = make_goal(title="Trygga parker")
    goal.title_en = "Safe parks"
    db.session.commit()
    page = client.get(f"/mal/{goal.id}?lang=en").get_data(as_text=True)
    assert '<h1 id="goal-title">Safe parks</h1>' in page
    # The description has no English version: it is marked as Swedish, with a notice.
    assert (
        '<p class="lang-notice"><span lang="sv">Den här texten finns bara på svenska</span> / '
        "This text is only available in Swedish</p>"
    ) in page
    assert '<p lang="sv">Parkerna ska vara trygga.</p>' in page
    swedish = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert '<h1 id="goal-title">Trygga parker</h1>' in swedish and "lang-notice" not in swedish


def test_a_comments_page_names_its_goal_in_the_page_language(client, app_context):
    """The comment's own page and My page's ratings named the goal by its Swedish title, and
    the heading did not say it was Swedish (WCAG 3.1.2), where the goal page says "Safe parks"."""
    goal = make_goal(title="Trygga parker")
    user = make_user()
    comment = services.post_comment(goal, user, "Mer ljus.", None, "a" * 32).comment
    services.rate(goal, user, {RatingQuestion.IMPORTANCE: 4})
    db.session.commit()
    page = client.get(f"/kommentar/{comment.id}?lang=en").get_data(as_text=True)
    assert '<h1>Comment on \u201c<span lang="sv">Trygga parker</span>\u201d</h1>' in page
    goal.title_en = "Safe parks"
    db.session.commit()
    page = client.get(f"/kommentar/{comment.id}?lang=en").get_data(as_text=True)
    assert "<h1>Comment on \u201cSafe parks\u201d</h1>" in page
    assert "<title>Comment by Anna \u2013 Safe parks \u2013 " in page
    sign_in(client)
    page = client.get("/mina-sidor?lang=en").get_data(as_text=True)
    assert '#ratings">Safe parks</a></td>' in page and "Trygga parker</a>" not in page


@pytest.mark.parametrize(
    ("kind", "importance", "performance"),
    [
        ("goal", "Hur viktigt är det här målet för dig?", "Hur bra lyckas kommunen med det?"),
        ("assignment", "Hur viktigt är det här uppdraget för dig?", "Hur bra lyckas kommunen"),
        ("aspect", "Hur viktig är den här aspekten för dig?", "Hur bra hanterar kommunen den?"),
    ],
)
def test_rating_questions_name_what_is_rated(client, app_context, kind, importance, performance):
    goal = make_goal()
    goal.kind = kind
    db.session.commit()
    make_user()
    sign_in(client)
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert f"<h3>{importance}</h3>" in page and f"<legend>{importance}</legend>" in page
    assert performance in page
    if kind != "goal":
        assert "det här målet" not in page


def test_a_focus_area_has_its_own_wording(app):
    from dialog.participation.models import RatingQuestion

    with app.test_request_context():
        assert RatingQuestion.IMPORTANCE.label_for("focus_area") == (
            "Hur viktigt är det här fokusområdet för dig?"
        )


def test_seeded_aspects_are_asked_about_as_aspects(seeded, client, app):
    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id).filter_by(kind="aspect").limit(1))
    page = client.get(f"/mal/{goal_id}").get_data(as_text=True)
    assert "Hur viktig är den här aspekten för dig?" in page
    assert "<dt>Förändringstryck</dt>" in page and "(underlag, används i planeringen)" in page
