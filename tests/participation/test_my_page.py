"""My page, download my data, delete my account."""

import json
from html.parser import HTMLParser

from sqlalchemy import select

from dialog.accounts.models import User
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, RatingQuestion, ReactionKind
from tests.factories import (
    PASSWORD,
    form_fields,
    make_focus_area,
    make_goal,
    make_user,
    sign_in,
)


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


class _Links(HTMLParser):
    """Each link's href and its text as a screen reader hears it (hidden text included)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href", ""), ""])

    def handle_data(self, data):
        if self._open:
            self._open[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.found.append((href, " ".join(text.split())))


def test_every_link_on_my_page_names_where_it_leads_out_of_context(client, app_context):
    """Two comments on one goal and one on a focus area, each replied to and reacted to: no
    two links that lead to different places have the same text (WCAG 2.4.4, 2.4.9)."""
    goal = make_goal()
    area = make_focus_area()
    user = make_user()
    bo = make_user("bo@example.se", "Bo")
    tokens = iter(f"{n:032x}" for n in range(100))
    for subject in (goal, goal, area):
        mine = services.post_comment(subject, user, "Fler bänkar.", None, next(tokens)).comment
        services.post_comment(subject, bo, "Håller med.", None, next(tokens), parent=mine)
        services.react(mine, bo, ReactionKind.AGREE)
    db.session.commit()
    sign_in(client)
    for address in ("/mina-sidor", "/mina-sidor?lang=en"):
        parser = _Links()
        parser.feed(client.get(address).get_data(as_text=True))
        places: dict[str, set[str]] = {}
        for href, text in parser.found:
            places.setdefault(text, set()).add(href)
        repeated = {text: hrefs for text, hrefs in places.items() if len(hrefs) > 1}
        assert repeated == {}, address
    swedish = _Links()
    swedish.feed(client.get("/mina-sidor").get_data(as_text=True))
    texts = [text for _href, text in swedish.found]
    assert any(t.startswith("Läs svaret från Bo om Ekologisk hållbarhet, ") for t in texts)
    assert any(t.startswith("Din kommentar om Trygga parker, skriven ") for t in texts)
    assert sum(t.startswith("Kommentar om Trygga parker, ") for t in texts) == 2


def test_my_data_says_in_plain_words_what_the_file_is(client, app_context):
    """The words "as a JSON file" told a resident who does not know them nothing of what they
    would get, or whether they could open it."""
    make_user()
    sign_in(client)
    english = client.get("/mina-sidor?lang=en").get_data(as_text=True)
    assert "you can also open it in any text editor" in english
    swedish = client.get("/mina-sidor?lang=sv").get_data(as_text=True)
    assert "du kan också öppna den i vilken textredigerare som helst" in swedish
