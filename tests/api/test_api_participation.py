"""Comments, ratings and the dialogue window through the read-only JSON API."""

import json
from itertools import count

import pytest
from jsonschema import Draft202012Validator

from dialog.accounts.services import erase_account
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import CommentStatus, RatingQuestion, ReactionKind
from tests.factories import counted_queries, make_focus_area, make_goal, make_user

_tokens = count()


def comment(goal, user, body="Fler lampor i parken.", category="suggestion", parent=None):
    posted = services.post_comment(goal, user, body, category, f"token-{next(_tokens)}", parent)
    db.session.commit()
    return posted.comment


def residents(n: int, start: int = 0):
    return [make_user(f"person{i}@example.se", f"Person {i}") for i in range(start, start + n)]


def comments_of(client, goal_id, query="", status=200):
    response = client.get(f"/api/v1/goals/{goal_id}/comments{query}")
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    return response.get_json()


def matches_schema(client, name: str, data) -> None:
    """The response has the shape the OpenAPI document promises."""
    components = client.get("/api/v1/openapi.json").get_json()["components"]
    schema = {"$ref": f"#/components/schemas/{name}", "components": components}
    Draft202012Validator(schema).validate(data)


def _path(url: str) -> str:
    return url.removeprefix("http://localhost")


def test_comments_are_paginated_by_cursor_newest_first_with_links(
    client, app_context, app, monkeypatch
):
    monkeypatch.setitem(app.config, "COMMENTS_PER_PAGE", 2)
    goal = make_goal()
    [anna] = residents(1)
    ids = [comment(goal, anna, f"Synpunkt {n}").id for n in range(5)]
    base = f"/api/v1/goals/{goal.id}/comments"

    first = comments_of(client, goal.id)
    assert [c["id"] for c in first["items"]] == ids[::-1][:2]
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 2, 5, 3)
    assert first["sort"] == "newest" and first["prev"] is None
    assert first["next"] == f"http://localhost{base}?sort=newest&after={ids[3]}"
    matches_schema(client, "CommentPage", first)

    second = client.get(_path(first["next"])).get_json()
    assert [c["id"] for c in second["items"]] == [ids[2], ids[1]]
    assert second["page"] is None and second["total"] == 5
    assert second["prev"] == f"http://localhost{base}?sort=newest&before={ids[2]}"
    last = client.get(_path(second["next"])).get_json()
    assert [c["id"] for c in last["items"]] == [ids[0]]
    assert last["next"] is None
    matches_schema(client, "CommentPage", last)
    # Back by the prev links, to the first page, which links no further back.
    back = client.get(_path(last["prev"])).get_json()
    assert [c["id"] for c in back["items"]] == [ids[2], ids[1]]
    start = client.get(_path(back["prev"])).get_json()
    assert [c["id"] for c in start["items"]] == ids[::-1][:2] and start["prev"] is None


def test_numbered_pages_are_still_answered(client, app_context, app, monkeypatch):
    """Older clients built `?page=N`: still served (by offset), with cursor links onwards."""
    monkeypatch.setitem(app.config, "COMMENTS_PER_PAGE", 2)
    goal = make_goal()
    [anna] = residents(1)
    ids = [comment(goal, anna, f"Synpunkt {n}").id for n in range(5)]
    middle = comments_of(client, goal.id, "?page=2")
    assert [c["id"] for c in middle["items"]] == [ids[2], ids[1]] and middle["page"] == 2
    assert middle["next"].endswith(f"after={ids[1]}")
    assert middle["prev"].endswith(f"before={ids[2]}")
    last = comments_of(client, goal.id, "?page=3")
    assert [c["id"] for c in last["items"]] == [ids[0]] and last["next"] is None
    assert comments_of(client, goal.id, "?page=4")["items"] == []


def test_cursor_pages_hold_what_the_goal_page_shows(client, app_context, app, monkeypatch):
    """The API takes the goal page's cursors: each page of every sort holds the comments the
    goal page shows for the same cursor, and walking `next` meets every comment once."""
    from dialog.participation.models import Comment

    monkeypatch.setitem(app.config, "COMMENTS_PER_PAGE", 2)
    goal = make_goal()
    people = residents(3)
    ids = [comment(goal, people[n % 3], f"Synpunkt {n}").id for n in range(6)]
    services.react(db.session.get(Comment, ids[1]), people[0], ReactionKind.AGREE)
    services.react(db.session.get(Comment, ids[4]), people[2], ReactionKind.AGREE)
    comment(goal, people[2], "Svar", None, parent=db.session.get(Comment, ids[2]))
    for sort in ("newest", "oldest", "agreed", "replies"):
        data = comments_of(client, goal.id, f"?sort={sort}")
        seen = [c["id"] for c in data["items"]]
        while data["next"]:
            query = data["next"].split("?", 1)[1]
            page = client.get(f"/mal/{goal.id}?{query}").get_data(as_text=True)
            data = client.get(_path(data["next"])).get_json()
            assert data["items"], sort
            for item in data["items"]:
                assert f'id="c{item["id"]}"' in page, (sort, query)
            seen += [c["id"] for c in data["items"]]
        assert sorted(seen) == sorted(ids), sort


def test_comments_sort_by_oldest_agreement_and_replies(client, app_context):
    goal = make_goal()
    people = residents(4)
    a, b, c = (comment(goal, people[0], f"Synpunkt {n}") for n in range(3))
    for person in people[1:]:
        services.react(b, person, ReactionKind.AGREE)
    services.react(c, people[1], ReactionKind.AGREE)
    services.react(c, people[2], ReactionKind.DISAGREE)
    db.session.commit()
    comment(goal, people[1], "Svar", None, parent=a)

    def order(sort):
        return [x["id"] for x in comments_of(client, goal.id, f"?sort={sort}")["items"]]

    assert order("newest") == [c.id, b.id, a.id]
    assert order("oldest") == [a.id, b.id, c.id]
    assert order("agreed") == [b.id, c.id, a.id]
    assert order("replies") == [a.id, c.id, b.id]
    items = {x["id"]: x for x in comments_of(client, goal.id)["items"]}
    assert (items[b.id]["agree_count"], items[b.id]["disagree_count"]) == (3, 0)
    assert (items[c.id]["agree_count"], items[c.id]["disagree_count"]) == (1, 1)


def test_replies_are_nested_oldest_first_in_the_same_shape(client, app_context):
    goal = make_goal()
    anna, bo = residents(2)
    top = comment(goal, anna, "Fler lampor.", "suggestion")
    first = comment(goal, bo, "Håller med.", None, parent=top)
    second = comment(goal, anna, "Tack!", None, parent=top)

    [item] = comments_of(client, goal.id)["items"]
    assert item["id"] == top.id
    assert item["reply_count"] == 2
    assert item["author"] == "Person 0" and item["former_participant"] is False
    assert item["text"] == "Fler lampor." and item["category"] == "suggestion"
    assert item["html_url"] == f"http://localhost/kommentar/{top.id}"
    assert item["created_at"].endswith("+00:00") and item["edited_at"] is None
    assert [r["id"] for r in item["replies"]] == [first.id, second.id]
    reply = item["replies"][0]
    assert reply["text"] == "Håller med." and reply["author"] == "Person 1"
    assert set(reply) == set(item) - {"replies"}


def test_unpublished_comments_keep_their_slot_without_text(client, app_context):
    goal = make_goal()
    anna, bo = residents(2)
    withdrawn = comment(goal, anna, "Ångrar mig.", "concern")
    rejected = comment(goal, anna, "Otrevlig text.")
    top = comment(goal, anna, "Synlig.")
    hidden_reply = comment(goal, bo, "Tar tillbaka svaret.", None, parent=top)
    services.withdraw_comment(withdrawn, withdrawn.author)
    services.withdraw_comment(hidden_reply, hidden_reply.author)
    rejected.status = CommentStatus.REJECTED.value
    rejected.moderation_reason = "Bryter mot reglerna om personangrepp."
    db.session.commit()

    data = comments_of(client, goal.id, "?sort=oldest")
    assert data["total"] == 3
    old, removed, shown = data["items"]
    assert (old["id"], old["status"], old["text"], old["category"]) == (
        withdrawn.id,
        "withdrawn",
        None,
        None,
    )
    assert (removed["status"], removed["text"]) == ("rejected", None)
    assert shown["status"] == "published" and shown["text"] == "Synlig."
    [reply] = shown["replies"]
    assert (reply["status"], reply["text"]) == ("withdrawn", None)
    raw = json.dumps(data, ensure_ascii=False)
    for secret in ("Ångrar mig", "Otrevlig", "Tar tillbaka", "personangrepp"):
        assert secret not in raw


def test_a_deleted_account_shows_as_former_participant(client, app_context):
    goal = make_goal()
    [anna] = residents(1)
    top = comment(goal, anna, "Kvar i diariet.")
    comment(goal, anna, "Mitt eget svar.", None, parent=top)
    erase_account(anna)
    db.session.commit()

    [item] = comments_of(client, goal.id)["items"]
    for shown in (item, item["replies"][0]):
        assert shown["author"] is None
        assert shown["former_participant"] is True
    assert item["text"] == "Kvar i diariet."


def test_no_personal_or_moderation_data_in_the_json(client, app_context):
    goal = make_goal()
    anna, bo, cy = residents(3)
    top = comment(goal, anna)
    comment(goal, bo, "Svar", None, parent=top)
    services.report_comment(top, cy, "spam", "Reklam för min granne")
    services.rate(goal, anna, {RatingQuestion.IMPORTANCE: 4})
    db.session.commit()

    for url in (f"/api/v1/goals/{goal.id}/comments", f"/api/v1/goals/{goal.id}"):
        raw = client.get(url).get_data(as_text=True)
        assert "@" not in raw
        assert "example.se" not in raw
        assert "token-" not in raw
        assert "Reklam" not in raw
        for key in ("email", "author_id", "user_id", "submission_token", "report", "moderation"):
            assert f'"{key}' not in raw


@pytest.mark.parametrize(
    "query",
    [
        "?page=0",
        "?page=-1",
        "?page=abc",
        "?page=1.5",
        "?page=",
        "?page=²",
        "?page=100001",
        "?sort=best",
        "?sort=",
        "?sort=newest&page=x",
        "?after=abc",
        "?after=1.2",
        "?sort=agreed&after=5",
        "?after=1&before=2",
        "?after=9999999999",
        "?sort=replies&after=1.2147483648",
        "?before=",
    ],
)
def test_bad_page_or_sort_gives_a_json_400(client, app_context, query):
    goal = make_goal()
    data = comments_of(client, goal.id, query, status=400)
    assert data == {"error": {"status": 400, "message": "Bad Request"}}


@pytest.mark.parametrize(
    "url", ["/api/v1/goals/999999/comments", "/api/v1/goals/999999/comments?page=abc"]
)
def test_unknown_goal_gives_a_json_404(client, app_context, url):
    make_goal()
    response = client.get(url)
    assert response.status_code == 404
    assert response.get_json() == {"error": {"status": 404, "message": "Not Found"}}


def test_ratings_are_suppressed_under_five_respondents(client, app_context, app):
    assert app.config["RATING_MIN_RESPONDENTS"] == 5
    goal = make_goal()
    people = residents(5)
    for person, value in zip(people[:4], [4, 4, 5, 0], strict=True):
        services.rate(goal, person, {RatingQuestion.IMPORTANCE: value})
    services.rate(goal, people[0], {RatingQuestion.PERFORMANCE: 2})
    db.session.commit()

    ratings = client.get(f"/api/v1/goals/{goal.id}").get_json()["ratings"]
    assert ratings["importance"] == {"respondents": 4, "distribution": None}
    assert ratings["performance"] == {"respondents": 1, "distribution": None}

    services.rate(goal, people[4], {RatingQuestion.IMPORTANCE: 1})
    db.session.commit()
    data = client.get(f"/api/v1/goals/{goal.id}").get_json()
    assert data["ratings"]["importance"] == {
        "respondents": 5,
        "distribution": {"1": 1, "2": 0, "3": 0, "4": 2, "5": 1, "dont_know": 1},
    }
    assert data["ratings"]["performance"]["distribution"] is None
    matches_schema(client, "GoalDetail", data)


def test_goal_has_its_dialogue_window_and_comment_count(client, app_context):
    goal = make_goal(influence="Vilka parker som prioriteras.", readers="Tekniska nämnden.")
    anna, bo = residents(2)
    top = comment(goal, anna)
    comment(goal, bo, "Svar", None, parent=top)
    services.withdraw_comment(comment(goal, bo), bo)
    db.session.commit()

    data = client.get(f"/api/v1/goals/{goal.id}").get_json()
    window = goal.plan.window
    assert data["dialogue"] == {
        "phase": "open",
        "opens_on": window.opens_on.isoformat(),
        "closes_on": window.closes_on.isoformat(),
        "ladder_step": "consultation",
        "influence": "Vilka parker som prioriteras.",
        "readers": "Tekniska nämnden.",
    }
    assert data["comment_count"] == 2  # the comment and its reply; not the withdrawn one
    assert data["comments_url"] == f"http://localhost/api/v1/goals/{goal.id}/comments"
    assert data["ratings"]["importance"] == {"respondents": 0, "distribution": None}
    matches_schema(client, "GoalDetail", data)


def test_closed_dialogue_and_a_goal_never_opened(client, app_context):
    closed = make_goal(open_window=False)
    assert client.get(f"/api/v1/goals/{closed.id}").get_json()["dialogue"]["phase"] == "closed"
    never = make_goal()
    db.session.delete(never.plan.window)
    db.session.commit()
    data = client.get(f"/api/v1/goals/{never.id}").get_json()
    assert data["dialogue"] == {
        "phase": "none",
        "opens_on": None,
        "closes_on": None,
        "ladder_step": None,
        "influence": None,
        "readers": None,
    }
    assert data["comment_count"] == 0
    matches_schema(client, "GoalDetail", data)


def test_query_count_does_not_grow_with_the_comments_on_the_page(client, app_context, app):
    goal = make_goal()
    people = residents(2)

    def add_threads(n: int, start: int) -> None:
        for i in range(n):
            author, replier = people[i % len(people)], people[(i + 1) % len(people)]
            top = comment(goal, author, f"Synpunkt {start + i}")
            comment(goal, replier, "Svar", None, parent=top)
            comment(goal, author, "Svar igen", None, parent=top)

    add_threads(2, 0)
    goal_id = goal.id
    with counted_queries(app) as before:
        assert len(comments_of(client, goal_id)["items"]) == 2
    people.extend(residents(10, start=2))
    add_threads(20, 2)
    goal_id = goal.id
    with counted_queries(app) as after:
        assert len(comments_of(client, goal_id)["items"]) == 22
    # The goal, the counter, the page of comments, their authors, their replies with authors.
    assert len(after) == len(before) == 5, after


def test_a_focus_area_has_its_dialogue_ratings_and_comments(client, app_context):
    area = make_focus_area()
    anna, bo = residents(2)
    top = comment(area, anna, "Om fokusområdet")
    comment(area, bo, "Svar", None, parent=top)
    services.rate(area, bo, {RatingQuestion.IMPORTANCE: 4})
    db.session.commit()

    data = client.get(f"/api/v1/focus-areas/{area.id}").get_json()
    assert data["dialogue"]["phase"] == "open"
    assert data["plan"]["dialogue_level"] == "focus_areas"
    assert data["comment_count"] == 2  # the comment and its reply, as the site counts them
    assert data["ratings"]["importance"] == {"respondents": 1, "distribution": None}
    assert data["comments_url"] == f"http://localhost/api/v1/focus-areas/{area.id}/comments"
    matches_schema(client, "FocusAreaDetail", data)

    page = client.get(f"/api/v1/focus-areas/{area.id}/comments").get_json()
    assert [c["text"] for c in page["items"]] == ["Om fokusområdet"]
    assert [r["text"] for r in page["items"][0]["replies"]] == ["Svar"]
    matches_schema(client, "CommentPage", page)
    # The goal's list does not show what was said on the focus area.
    goal_page = client.get(f"/api/v1/goals/{area.plan.goals[0].id}/comments").get_json()
    assert goal_page["items"] == []
    assert client.get("/api/v1/focus-areas/999999").status_code == 404
    assert client.get("/api/v1/focus-areas/999999/comments").status_code == 404
    assert client.get(f"/api/v1/focus-areas/{area.id}/comments?sort=x").status_code == 400
