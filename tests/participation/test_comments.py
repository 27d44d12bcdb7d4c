"""Comments and replies on a goal through the test client: posting, limits, editing, withdrawing."""

from datetime import date, timedelta

from sqlalchemy import func, select

from dialog.extensions import db
from dialog.participation.models import Comment, CommentVersion, GoalTally
from tests.factories import form_fields, make_goal, make_user, sign_in


def post_comment(client, goal_id, body="Fler lampor i parken, tack.", **extra):
    fields = form_fields(client.get(f"/mal/{goal_id}").get_data(as_text=True))
    data = {
        "body": body,
        "csrf_token": fields["csrf_token"],
        "submission_token": fields["submission_token"],
    }
    data.update(extra)
    return client.post(f"/mal/{goal_id}/kommentera", data=data), data


def count_comments() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_visitor_reads_and_is_invited_to_sign_in(client, app_context):
    goal = make_goal()
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert f"/konto/logga-in?next=/mal/{goal.id}%23comment-form" in page
    assert "submission_token" not in page
    assert client.post(f"/mal/{goal.id}/kommentera").status_code in (302, 400)


def test_post_comment_shows_it_with_name_and_keeps_paragraphs(client, app_context):
    goal = make_goal()
    make_user(name="Anna")
    sign_in(client)
    response, _ = post_comment(
        client, goal.id, body="Första stycket.\r\n\r\nAndra https://lund.se/x."
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/mal/{goal.id}#c")
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert '<p lang="sv">Första stycket.</p>' in page  # the words say Swedish
    assert '<a href="https://lund.se/x" rel="nofollow ugc noopener">https://lund.se/x</a>.' in page
    assert "Anna" in page
    assert "anna@example.se" not in page.split("<main")[1]


def test_double_submission_stores_one_comment(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    first, data = post_comment(client, goal.id)
    second = client.post(f"/mal/{goal.id}/kommentera", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count_comments() == 1
    assert db.session.scalar(select(func.sum(GoalTally.comment_count))) == 1


def test_bad_input_re_renders_with_errors_and_keeps_text(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    cases = {
        "": "Skriv din kommentar.",
        "x" * 2001: "2001",
        "bad\x00text": "kontrolltecknen",
        "http://a.se http://b.se http://c.se http://d.se": "3",
    }
    for body, message in cases.items():
        response, _ = post_comment(client, goal.id, body=body)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, body
        assert message in page, (body, message)
        if body and "\x00" not in body:
            assert body in page  # what was typed is kept
    assert count_comments() == 0


def test_municipality_can_allow_longer_comments(client, app_context):
    goal = make_goal()
    goal.plan.municipality.comment_max_length = 4000
    db.session.commit()
    make_user()
    sign_in(client)
    response, _ = post_comment(client, goal.id, body="y" * 3000)
    assert response.status_code == 302


def test_xss_in_comment_is_shown_as_text(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body='<img src=x onerror=alert(1)> "javascript:alert(1)"')
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_closed_goal_shows_everything_and_accepts_nothing(client, app_context):
    goal = make_goal(open_window=False)
    make_user()
    sign_in(client)
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Stängd" in page
    assert 'id="comment-form"' not in page
    fields = form_fields(page)
    response = client.post(
        f"/mal/{goal.id}/kommentera",
        data={"body": "Hej", "csrf_token": fields["csrf_token"], "submission_token": "a" * 32},
    )
    assert response.status_code == 403
    assert count_comments() == 0


def test_archived_goal_is_closed(client, app_context):
    goal = make_goal()
    goal.is_archived = True
    db.session.commit()
    make_user()
    sign_in(client)
    fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    assert "submission_token" not in fields
    response = client.post(
        f"/mal/{goal.id}/kommentera",
        data={"body": "Hej", "csrf_token": fields["csrf_token"], "submission_token": "d" * 32},
    )
    assert response.status_code == 403
    assert count_comments() == 0


def test_unverified_and_blocked_accounts_cannot_post(client, app_context):
    goal = make_goal()
    make_user(verified=False)
    sign_in(client)
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert 'id="comment-form"' in page and "submission_token" not in page
    make_user(
        "troll@example.se", "Troll", is_blocked=True, blocked_reason="Upprepade personangrepp"
    )
    client.post("/konto/logga-ut", data={"csrf_token": form_fields(page)["csrf_token"]})
    sign_in(client, "troll@example.se")
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Upprepade personangrepp" in page
    response = client.post(
        f"/mal/{goal.id}/kommentera",
        data={
            "body": "Hej",
            "csrf_token": form_fields(page)["csrf_token"],
            "submission_token": "b" * 32,
        },
    )
    assert response.status_code == 403
    assert "Upprepade personangrepp" in response.get_data(as_text=True)
    assert count_comments() == 0


def test_missing_or_wrong_csrf_changes_nothing(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    for token in (None, "wrong"):
        data = {"body": "Hej", "submission_token": "c" * 32}
        if token:
            data["csrf_token"] = token
        response = client.post(f"/mal/{goal.id}/kommentera", data=data)
        assert response.status_code == 400
    assert count_comments() == 0


def test_body_over_the_size_limit_is_413(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    response, _ = post_comment(client, goal.id, body="x" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert count_comments() == 0


def test_reply_one_level_only(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id)
    top = db.session.scalar(select(Comment))
    fields = form_fields(client.get(f"/kommentar/{top.id}").get_data(as_text=True))
    response = client.post(f"/kommentar/{top.id}/svara", data={"body": "Håller med!", **fields})
    assert response.status_code == 302
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == top.id))
    db.session.refresh(top)
    assert top.reply_count == 1
    page = client.get(f"/kommentar/{reply.id}").get_data(as_text=True)
    fields = form_fields(page)
    response = client.post(f"/kommentar/{reply.id}/svara", data={"body": "Svar på svar", **fields})
    assert response.status_code == 403
    assert "Du kan bara svara på en kommentar, inte på ett svar." in response.get_data(as_text=True)
    assert count_comments() == 2


def test_edit_within_window_keeps_version_and_marks_edited(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body="Första versionen")
    comment = db.session.scalar(select(Comment))
    fields = form_fields(client.get(f"/kommentar/{comment.id}/redigera").get_data(as_text=True))
    response = client.post(
        f"/kommentar/{comment.id}/redigera", data={"body": "Andra versionen", **fields}
    )
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.body == "Andra versionen" and comment.edited_at is not None
    version = db.session.scalar(select(CommentVersion))
    assert version.body == "Första versionen"
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Andra versionen" in page and "Första versionen" not in page
    assert "redigerad" in page


def test_edit_after_fifteen_minutes_is_refused(client, app_context):
    from dialog.db import utcnow

    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body="Gammal")
    comment = db.session.scalar(select(Comment))
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    assert client.get(f"/kommentar/{comment.id}/redigera").status_code == 403


def test_an_edit_sent_too_late_shows_the_new_text_back(client, app_context):
    """Found by a resident's walk: the edit form opened in time and saved a minute too late
    said "can no longer be edited", and the correction typed was gone. It is shown back, ready
    to copy into a new comment (escaped), with the way to the goal's comment form."""
    from dialog.db import utcnow

    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body="Gammal")
    comment = db.session.scalar(select(Comment))
    url = f"/kommentar/{comment.id}/redigera"
    fields = form_fields(client.get(url).get_data(as_text=True))
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    response = client.post(url, data={"body": "Ny <b>text</b> om parken.", **fields})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Din ändring sparades inte" in page
    assert (
        '<textarea id="sent-text" rows="6" readonly aria-describedby="sent-text-hint">'
        "Ny &lt;b&gt;text&lt;/b&gt; om parken.</textarea>" in page
    )
    assert f'<a href="/mal/{goal.id}#comment-form">Skriv en ny kommentar</a>' in page
    db.session.refresh(comment)
    assert comment.body == "Gammal"
    # Opened after the time ran out, there is nothing to show back.
    assert "sent-text" not in client.get(url).get_data(as_text=True)


def test_the_refusal_says_when_the_edit_time_ran_out(client, app, app_context, monkeypatch):
    """It said "for 15 minutes after it is written" and left the resident to work out when."""
    from datetime import UTC, datetime

    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body="Gammal")
    comment = db.session.scalar(select(Comment))
    # Written 06:20 UTC on 1 January 2026: the 15 minutes ran out at 07:35 in Stockholm.
    comment.created_at = datetime(2026, 1, 1, 6, 20, tzinfo=UTC)
    db.session.commit()
    monkeypatch.setitem(app.config, "COMMENT_EDIT_MINUTES", 15)
    url = f"/kommentar/{comment.id}/redigera"
    swedish = client.get(url)
    assert swedish.status_code == 403
    assert (
        "En kommentar kan ändras i 15 minuter efter att den skrevs. Tiden för att ändra den här "
        "gick ut 1 januari 2026 kl. 07.35." in swedish.get_data(as_text=True)
    )
    english = client.get(f"{url}?lang=en").get_data(as_text=True)
    assert (
        "A comment can be changed for 15 minutes after it is written. The time to change this "
        "one ran out on 1 January 2026, 07:35." in english
    )


def test_publish_pressed_twice_leads_to_the_comment_with_its_thanks(client, app_context):
    """Without JavaScript a second press sends the form again before the first answer is
    shown: the browser shows the second answer, with the session cookie it had before the
    first one (whose thanks it never saw). One comment, and the same comment and thanks."""
    goal = make_goal()
    make_user()
    sign_in(client)
    fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    data = {**fields, "body": "Tryckte två gånger"}
    before = client.get_cookie("session").value
    first = client.post(f"/mal/{goal.id}/kommentera", data=data)
    client.set_cookie("session", before)  # the first answer never reached the page
    second = client.post(f"/mal/{goal.id}/kommentera", data=data)
    assert count_comments() == 1
    comment = db.session.scalar(select(Comment))
    assert first.status_code == second.status_code == 302
    assert (
        second.headers["Location"] == first.headers["Location"] == f"/mal/{goal.id}#c{comment.id}"
    )
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert page.count("Tack! Din kommentar är publicerad.") == 1
    assert f'id="c{comment.id}"' in page and "Tryckte två gånger" in page
    assert "Vill du veta när någon svarar?" in page  # the reply-mail offer, as after the first
    # Where the first answer's cookie did arrive, the thanks is shown once, not twice.
    third = client.post(f"/mal/{goal.id}/kommentera", data=data)
    fourth = client.post(f"/mal/{goal.id}/kommentera", data=data)
    assert third.headers["Location"] == fourth.headers["Location"] == first.headers["Location"]
    page = client.get(fourth.headers["Location"]).get_data(as_text=True)
    assert page.count("Tack! Din kommentar är publicerad.") == 1
    assert count_comments() == 1


def test_a_reply_sent_twice_is_thanked_as_the_first(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body="Överst")
    top = db.session.scalar(select(Comment))
    client.get(f"/mal/{goal.id}")  # the first thanks is shown
    fields = form_fields(client.get(f"/kommentar/{top.id}").get_data(as_text=True))
    data = {**fields, "body": "Mitt svar"}
    before = client.get_cookie("session").value
    first = client.post(f"/kommentar/{top.id}/svara", data=data)
    client.set_cookie("session", before)
    second = client.post(f"/kommentar/{top.id}/svara", data=data)
    assert count_comments() == 2
    assert second.headers["Location"] == first.headers["Location"]
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert page.count("Tack! Ditt svar är publicerat.") == 1


def test_only_the_author_edits_or_withdraws(client, app, app_context):
    goal = make_goal()
    make_user()
    make_user("bo@example.se", "Bo")
    sign_in(client)
    post_comment(client, goal.id)
    comment = db.session.scalar(select(Comment))
    other = app.test_client()
    sign_in(other, "bo@example.se")
    assert other.get(f"/kommentar/{comment.id}/redigera").status_code == 403
    assert other.get(f"/kommentar/{comment.id}/dra-tillbaka").status_code == 403


def test_withdraw_replaces_text_with_marker_and_keeps_record(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body="Det här tar jag tillbaka")
    comment = db.session.scalar(select(Comment))
    fields = form_fields(client.get(f"/kommentar/{comment.id}/dra-tillbaka").get_data(as_text=True))
    assert client.post(f"/kommentar/{comment.id}/dra-tillbaka", data=fields).status_code == 302
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Det här tar jag tillbaka" not in page
    db.session.refresh(comment)
    assert comment.status == "withdrawn" and comment.body == "Det här tar jag tillbaka"


def test_sorting_and_pagination(client, app, app_context):
    goal = make_goal()
    user = make_user()
    from dialog.participation.services import post_comment as store

    for n in range(55):
        store(goal, user, f"Kommentar nummer {n}", None, f"{n:032x}")
    db.session.commit()
    newest = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Kommentar nummer 54" in newest and "Kommentar nummer 4<" not in newest
    assert 'rel="next"' in newest and 'rel="prev"' not in newest
    # Old addresses by page number are still served.
    oldest = client.get(f"/mal/{goal.id}?sort=oldest&page=2").get_data(as_text=True)
    assert "Kommentar nummer 54" in oldest and "Kommentar nummer 0<" not in oldest
    assert 'rel="prev"' in oldest and 'rel="next"' not in oldest
    bad_cursors = ("?after=x", "?after=1.2", "?sort=agreed&after=3", "?after=1&before=2")
    bad_cursors += ("?after=2147483648", "?sort=agreed&before=9999999999.1")
    for bad in ("?sort=evil", "?page=0", "?page=x", "?page=99999999", "?page=%C2%B2", *bad_cursors):
        assert client.get(f"/mal/{goal.id}{bad}").status_code == 400


def test_unknown_comment_and_goal_are_404(client, app_context):
    assert client.get("/kommentar/999999").status_code == 404
    assert client.get("/mal/999999").status_code == 404


def test_window_upcoming_and_no_closing_date(client, app_context):
    later = make_goal(opens_on=date.today() + timedelta(days=3), closes_on=None)
    page = client.get(f"/mal/{later.id}").get_data(as_text=True)
    assert "Inte öppen ännu" in page
    ongoing = make_goal(slug="annan", closes_on=None)
    page = client.get(f"/mal/{ongoing.id}").get_data(as_text=True)
    assert "Konsultation" in page
    assert "Hur målet prioriteras." in page and "Kommunstyrelsen, i mars." in page


def test_invalid_utf8_in_a_comment_is_refused(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    body = "body=%FF%FE&" + "&".join(f"{name}={value}" for name, value in fields.items())
    response = client.post(
        f"/mal/{goal.id}/kommentera", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert count_comments() == 0


def test_a_reply_cannot_be_given_a_category_by_a_crafted_post(client, app_context):
    """The reply and edit forms of a reply show no category; one sent anyway is dropped."""
    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id, body="Topp", category="question")
    top = db.session.scalar(select(Comment))
    fields = form_fields(client.get(f"/kommentar/{top.id}").get_data(as_text=True))
    response = client.post(
        f"/kommentar/{top.id}/svara", data={"body": "Svar", "category": "concern", **fields}
    )
    assert response.status_code == 302
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == top.id))
    fields = form_fields(client.get(f"/kommentar/{reply.id}/redigera").get_data(as_text=True))
    response = client.post(
        f"/kommentar/{reply.id}/redigera",
        data={"body": "Svar, rättat", "category": "suggestion", **fields},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert reply.body == "Svar, rättat" and reply.category is None
    assert top.category == "question"
    assert db.session.scalar(select(CommentVersion.category)) is None


def test_each_comment_is_marked_with_the_language_it_is_written_in(client, app_context):
    """Swedish and English comments side by side: on the Swedish and the English page alike
    each says its own language; a text too short to tell takes the page's (WCAG 3.1.2)."""
    goal = make_goal()
    make_user(name="Anna")
    sign_in(client)
    post_comment(client, goal.id, body="The bus should run more often in the evenings.")
    post_comment(client, goal.id, body="Fler lampor i parken, tack.")
    post_comment(client, goal.id, body="OK")
    for address in (f"/mal/{goal.id}", f"/mal/{goal.id}?lang=en"):
        page = client.get(address).get_data(as_text=True)
        assert '<p lang="en">The bus should run more often in the evenings.</p>' in page
        assert '<p lang="sv">Fler lampor i parken, tack.</p>' in page
        assert "<p>OK</p>" in page


def test_pages_about_a_comment_are_on_its_municipalitys_site(client, app, app_context):
    """Withdraw, report and edit showed "Dialog" in the header and title, where the goal page
    they come from shows the municipality."""
    goal = make_goal()
    make_user()
    make_user("bo@example.se", "Bo")
    sign_in(client)
    post_comment(client, goal.id)
    comment = db.session.scalar(select(Comment))
    other = app.test_client()
    sign_in(other, "bo@example.se")
    pages = {
        "edit": client.get(f"/kommentar/{comment.id}/redigera"),
        "withdraw": client.get(f"/kommentar/{comment.id}/dra-tillbaka"),
        "report": other.get(f"/kommentar/{comment.id}/anmal"),
        "cannot report own": client.get(f"/kommentar/{comment.id}/anmal"),
    }
    fields = form_fields(pages["report"].get_data(as_text=True))
    other.post(f"/kommentar/{comment.id}/anmal", data={**fields, "reason": "spam"})
    pages["reported"] = other.get(f"/kommentar/{comment.id}/anmal")
    assert "Du har anmält den här kommentaren" in pages["reported"].get_data(as_text=True)
    for name, response in pages.items():
        page = response.get_data(as_text=True)
        assert '<span class="site-owner">Testkommun</span>' in page, name
        assert "– Testkommun</title>" in page, name


def test_the_edit_page_says_until_when_the_comment_can_be_edited(
    client, app, app_context, monkeypatch
):
    """The page said "15 minutes after you wrote it" and left the resident to work out when."""
    from datetime import UTC, datetime

    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id)
    comment = db.session.scalar(select(Comment))
    written = datetime(2026, 1, 1, 6, 20, tzinfo=UTC)
    comment.created_at = written
    db.session.commit()
    # A window that ends at a known time: 1 January 2099 at 11:00 UTC, 12:00 in Stockholm.
    until = datetime(2099, 1, 1, 11, 0, tzinfo=UTC)
    minutes = int((until - written).total_seconds() // 60)
    monkeypatch.setitem(app.config, "COMMENT_EDIT_MINUTES", minutes)
    swedish = client.get(f"/kommentar/{comment.id}/redigera").get_data(as_text=True)
    assert "Du kan redigera kommentaren till 1 januari 2099 kl. 12.00," in swedish
    english = client.get(f"/kommentar/{comment.id}/redigera?lang=en").get_data(as_text=True)
    assert "You can edit the comment until 1 January 2099, 12:00," in english
