"""My page, download my data, delete my account."""

import json

from sqlalchemy import select

from dialog.accounts.models import User
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, RatingQuestion
from tests.factories import PASSWORD, form_fields, make_goal, make_user, sign_in


def _activity(goal, user):
    published = services.post_comment(goal, user, "Publicerad text", "suggestion", "a" * 32)
    rejected = services.post_comment(goal, user, "Avvisad text", None, "b" * 32)
    rejected.comment.status = "rejected"
    rejected.comment.moderation_reason = "Personangrepp"
    withdrawn = services.post_comment(goal, user, "Tillbakadragen text", None, "c" * 32)
    services.withdraw_comment(withdrawn.comment, user)
    services.rate(goal, user, {RatingQuestion.IMPORTANCE: 4, RatingQuestion.PERFORMANCE: 0})
    db.session.commit()
    return published.comment


def test_my_page_lists_comments_with_status_and_ratings(client, app_context):
    goal = make_goal()
    user = make_user()
    _activity(goal, user)
    sign_in(client)
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Publicerad" in page and "Avvisad" in page and "Tillbakadragen" in page
    assert "skäl: Personangrepp" in page
    assert "4 – Mycket viktigt" in page and "Vet inte" in page


def test_my_page_needs_sign_in(client, app_context):
    response = client.get("/mina-sidor")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/konto/logga-in?next=/mina-sidor")


def test_download_my_data_has_everything_about_me_and_nothing_about_others(client, app_context):
    goal = make_goal()
    user = make_user()
    other = make_user("bo@example.se", "Bo")
    services.post_comment(goal, other, "Bos text", None, "d" * 32)
    mine = _activity(goal, user)
    services.edit_comment(mine, mine.author, "Ändrad text", "suggestion")
    db.session.commit()
    sign_in(client)
    response = client.get("/mina-sidor/mina-data")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "anna@example.se"
    assert data["account"]["dialogue_rules"]["version"] == "2026-11"
    texts = [c["text"] for c in data["comments"]]
    assert "Ändrad text" in texts and "Bos text" not in json.dumps(data, ensure_ascii=False)
    edited = next(c for c in data["comments"] if c["text"] == "Ändrad text")
    assert edited["earlier_versions"][0]["text"] == "Publicerad text"
    assert {r["question"] for r in data["ratings"]} == {"importance", "performance"}
    assert "password" not in json.dumps(data)


def _delete(client, choice, password=PASSWORD):
    token = form_fields(client.get("/mina-sidor/radera-konto").get_data(as_text=True))
    return client.post(
        "/mina-sidor/radera-konto",
        data={"comments": choice, "current_password": password, **token},
    )


def test_delete_account_keeping_comments_as_former_participant(client, app_context):
    goal = make_goal()
    user = make_user(name="Anna Andersson")
    _activity(goal, user)
    sign_in(client)
    assert _delete(client, "keep", "wrong").status_code == 400
    assert _delete(client, "keep").status_code == 302
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.email is None and stored.password_hash is None and stored.display_name == ""
    assert stored.deleted_at is not None
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Publicerad text" in page and "Tidigare deltagare" in page
    assert "Anna Andersson" not in page
    assert client.get("/mina-sidor").status_code == 302  # signed out


def test_delete_account_withdrawing_comments_keeps_the_record(client, app_context):
    goal = make_goal()
    user = make_user()
    _activity(goal, user)
    sign_in(client)
    assert _delete(client, "withdraw").status_code == 302
    statuses = {c.body: c.status for c in db.session.scalars(select(Comment))}
    assert statuses["Publicerad text"] == "withdrawn"
    assert statuses["Avvisad text"] == "rejected"  # a moderator's decision stays
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert "Publicerad text" not in page
    # The address is free again, and the old password no longer signs in.
    response = client.post(
        "/konto/logga-in",
        data={
            "email": "anna@example.se",
            "password": PASSWORD,
            "csrf_token": form_fields(client.get("/konto/logga-in").get_data(as_text=True))[
                "csrf_token"
            ],
        },
    )
    assert response.status_code == 200
