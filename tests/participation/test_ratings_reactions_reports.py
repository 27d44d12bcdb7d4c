"""Ratings, reactions and reports: one per resident, changeable, counted, and hidden when due."""

import re

from sqlalchemy import func, select

from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, Rating, RatingQuestion, Reaction, Report
from tests.factories import form_fields, make_goal, make_user, sign_in


def test_rating_is_stored_once_and_changeable(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
    data = {"importance": "5", "performance": "0", "csrf_token": token}
    assert client.post(f"/mal/{goal.id}/betyg", data=data).status_code == 302
    assert client.post(f"/mal/{goal.id}/betyg", data=data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 2
    data["importance"] = "2"
    client.post(f"/mal/{goal.id}/betyg", data=data)
    values = dict(db.session.execute(select(Rating.question, Rating.value)).all())
    assert values == {"importance": 2, "performance": 0}
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert re.search(
        r'<input checked id="importance-1" name="importance" type="radio" value="2"', page
    )


def test_the_thanks_for_ratings_is_shown_where_the_redirect_leads(client, app_context):
    """Saving led to #ratings, but the thanks stood at the top of the page, out of sight: on a
    phone the resident saw the same tables as before and no word that anything was saved."""
    goal = make_goal()
    make_user()
    sign_in(client)
    token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
    data = {"importance": "5", "performance": "0", "csrf_token": token}
    response = client.post(f"/mal/{goal.id}/betyg", data=data)
    assert response.location.endswith("#ratings")
    page = client.get(response.location).get_data(as_text=True)
    section = page.index('id="ratings"')
    thanks = page.index("Tack! Dina svar är sparade.")
    assert section < thanks < page.index('class="rating-form"'), (section, thanks)
    assert page.count("Dina svar är sparade") == 1
    assert "Dina svar är sparade" not in client.get(f"/mal/{goal.id}").get_data(as_text=True)


def test_rating_bad_values_and_closed_goal(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
    for data in ({"importance": "9"}, {"importance": "x"}, {}):
        response = client.post(f"/mal/{goal.id}/betyg", data={**data, "csrf_token": token})
        assert response.status_code == 400, data
    closed = make_goal(open_window=False, slug="stangd")
    response = client.post(f"/mal/{closed.id}/betyg", data={"importance": "3", "csrf_token": token})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 0


def test_distribution_shown_from_five_respondents(client, app_context):
    goal = make_goal()
    users = [make_user(f"u{n}@example.se", f"U{n}") for n in range(5)]
    for user in users[:4]:
        services.rate(goal, user, {RatingQuestion.IMPORTANCE: 4})
    db.session.commit()
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Svar hittills: 4." in page and "distribution-table" not in page
    services.rate(goal, users[4], {RatingQuestion.IMPORTANCE: 5})
    db.session.commit()
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "5 invånare har svarat." in page
    assert "80&nbsp;%" in page and "20&nbsp;%" in page


def _comment_by_other(goal):
    author = make_user("bo@example.se", "Bo")
    posted = services.post_comment(goal, author, "Bos åsikt", None, "e" * 32)
    db.session.commit()
    return posted.comment


def test_reactions_one_per_resident_changeable_and_counted(client, app_context):
    goal = make_goal()
    comment = _comment_by_other(goal)
    make_user()
    sign_in(client)
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    token = form_fields(page)["csrf_token"]
    react = {"reaction": "agree", "next": f"/mal/{goal.id}", "csrf_token": token}
    assert client.post(f"/kommentar/{comment.id}/reaktion", data=react).status_code == 302
    client.post(f"/kommentar/{comment.id}/reaktion", data=react)
    db.session.refresh(comment)
    assert (comment.agree_count, comment.disagree_count) == (1, 0)
    client.post(f"/kommentar/{comment.id}/reaktion", data={**react, "reaction": "disagree"})
    db.session.refresh(comment)
    assert (comment.agree_count, comment.disagree_count) == (0, 1)
    client.post(f"/kommentar/{comment.id}/reaktion", data={**react, "reaction": "none"})
    db.session.refresh(comment)
    assert (comment.agree_count, comment.disagree_count) == (0, 0)
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 0
    bad = client.post(f"/kommentar/{comment.id}/reaktion", data={**react, "reaction": "love"})
    assert bad.status_code == 400


def test_cannot_react_to_own_comment(client, app_context):
    goal = make_goal()
    user = make_user()
    own = services.post_comment(goal, user, "Min", None, "f" * 32).comment
    db.session.commit()
    sign_in(client)
    token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
    client.post(f"/kommentar/{own.id}/reaktion", data={"reaction": "agree", "csrf_token": token})
    db.session.refresh(own)
    assert own.agree_count == 0


def test_report_once_and_hide_at_threshold(app, app_context):
    goal = make_goal()
    comment = _comment_by_other(goal)
    reporters = [make_user(f"r{n}@example.se", f"R{n}") for n in range(3)]
    for n, reporter in enumerate(reporters):
        client = app.test_client()
        sign_in(client, reporter.email)
        url = f"/kommentar/{comment.id}/anmal"
        token = form_fields(client.get(url).get_data(as_text=True))["csrf_token"]
        data = {"reason": "personal_attack", "csrf_token": token}
        assert client.post(url, data=data).status_code == 302
        if n == 0:
            again = client.post(url, data=data, follow_redirects=True)
            assert "redan anmält" in again.get_data(as_text=True)
            db.session.refresh(comment)
            assert comment.report_count == 1 and comment.status == "published"
    db.session.refresh(comment)
    assert comment.report_count == 3 and comment.status == "pending"
    assert db.session.scalar(select(func.count()).select_from(Report)) == 3
    page = app.test_client().get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Bos åsikt" not in page
    assert "dold medan en moderator" in page


def test_report_needs_reason_and_text_for_other(client, app_context):
    goal = make_goal()
    comment = _comment_by_other(goal)
    make_user()
    sign_in(client)
    url = f"/kommentar/{comment.id}/anmal"
    token = form_fields(client.get(url).get_data(as_text=True))["csrf_token"]
    for data, message in (
        ({}, "Välj ett skäl."),
        ({"reason": "other"}, "Beskriv problemet"),
        ({"reason": "nonsense"}, "Inte ett giltigt val"),
        ({"reason": "spam", "details": "x" * 1001}, "Högst 1000 tecken."),
    ):
        response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 400
        text = response.get_data(as_text=True)
        assert message in text, (data, message)
    # WTForms' own message in the page's language, Swedish and English from the same process.
    english = client.post(f"{url}?lang=en", data={"reason": "nonsense", "csrf_token": token})
    assert "Not a valid choice" in english.get_data(as_text=True)
    again = client.post(url, data={"reason": "nonsense", "csrf_token": token})
    assert "Inte ett giltigt val" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


def test_the_error_summary_adds_no_colon_after_a_question(client, app_context):
    """The reason's label is a question: the summary said "…this comment?: Choose a reason."."""
    comment = _comment_by_other(make_goal())
    make_user()
    sign_in(client)
    url = f"/kommentar/{comment.id}/anmal?lang=en"
    token = form_fields(client.get(url).get_data(as_text=True))["csrf_token"]
    html = client.post(url, data={"csrf_token": token}).get_data(as_text=True)
    assert "look at this comment? Choose a reason.</a></li>" in html
    assert "?:" not in html
    html = client.post(url, data={"reason": "other", "csrf_token": token}).get_data(as_text=True)
    assert "Tell us more (needed for \u201cother\u201d): " in html  # other labels keep theirs


def test_hidden_comment_cannot_be_replied_to_or_reported(client, app_context):
    goal = make_goal()
    comment = _comment_by_other(goal)
    comment.status = "pending"
    db.session.commit()
    make_user()
    sign_in(client)
    page = client.get(f"/kommentar/{comment.id}").get_data(as_text=True)
    assert "Bos åsikt" not in page and 'id="reply"' not in page
    token = form_fields(page)["csrf_token"]
    response = client.post(
        f"/kommentar/{comment.id}/svara",
        data={"body": "Svar", "csrf_token": token, "submission_token": "1" * 32},
    )
    assert response.status_code == 403
    assert client.get(f"/kommentar/{comment.id}/anmal").status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1


def test_unverified_blocked_and_authors_cannot_report(app, app_context):
    goal = make_goal()
    comment = _comment_by_other(goal)
    make_user("new@example.se", "Ny", verified=False)
    make_user("troll@example.se", "Troll", is_blocked=True, blocked_reason="Spam")
    url = f"/kommentar/{comment.id}/anmal"
    for address, message in (
        ("new@example.se", "Bekräfta din e-postadress"),
        ("troll@example.se", "Skäl: Spam"),
        ("bo@example.se", "inte anmäla din egen kommentar"),
    ):
        client = app.test_client()
        sign_in(client, address)
        response = client.get(url)
        assert response.status_code == 403 and message in response.get_data(as_text=True)
        token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
        response = client.post(url, data={"reason": "spam", "csrf_token": token})
        assert response.status_code == 403
    db.session.refresh(comment)
    assert comment.report_count == 0 and comment.status == "published"


def test_a_reaction_says_it_was_saved_or_removed_at_the_comment(client, app_context):
    """Pressing Agree reloaded the page with no word and focus on the body: the answer leads
    back to the comment's anchor with a message, which dialog.js then puts above the comment."""
    goal = make_goal()
    comment = _comment_by_other(goal)
    make_user()
    sign_in(client)
    token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
    react = {"reaction": "agree", "next": f"/mal/{goal.id}#comments", "csrf_token": token}
    saved = client.post(f"/kommentar/{comment.id}/reaktion", data=react)
    assert saved.location == f"/mal/{goal.id}#c{comment.id}"
    page = client.get(saved.location).get_data(as_text=True)
    assert "Din reaktion är sparad." in page
    removed = client.post(f"/kommentar/{comment.id}/reaktion", data={**react, "reaction": "none"})
    assert removed.location == f"/mal/{goal.id}#c{comment.id}"
    assert "Din reaktion är borttagen." in client.get(removed.location).get_data(as_text=True)


def test_a_refused_resident_is_told_why_the_ratings_have_no_questions(app, app_context):
    """Signed in but unconfirmed or blocked, the ratings section showed only the others'
    answers: no questions and no word why."""
    goal = make_goal()
    make_user("new@example.se", "Ny", verified=False)
    make_user("troll@example.se", "Troll", is_blocked=True, blocked_reason="Spam")
    for address, message in (
        (
            "new@example.se",
            'Bekräfta din e-postadress innan du deltar. <a href="#comment-form">'
            "Så bekräftar du den</a>",
        ),
        ("troll@example.se", "Skäl: Spam"),
    ):
        client = app.test_client()
        sign_in(client, address)
        page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
        ratings = page[page.index('id="ratings"') : page.index('id="comments-heading"')]
        assert message in ratings and "rating-form" not in ratings
