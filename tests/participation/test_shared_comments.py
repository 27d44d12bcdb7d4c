"""The page of comments is rendered once and shared by every reader (dialog/participation/
shared.py); each reader's part is filled in for them (personal.py). These tests run with a
real cache, so a part filled for one reader and kept for the next would show."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from dialog.accounts.models import User
from dialog.core.permissions import may
from dialog.db import utcnow
from dialog.extensions import db
from dialog.moderation.models import Block
from dialog.participation import permissions, services
from dialog.participation.models import Comment, CommentStatus, ReactionKind
from dialog.participation.permissions import page_rights
from dialog.participation.personal import ShownComment
from tests.factories import counted_queries, form_fields, make_goal, make_user, sign_in

_tokens = iter(range(10**6))


def _post(goal, author, body, parent=None):
    token = f"shared-{next(_tokens)}"
    return services.post_comment(goal, author, body, None, token, parent=parent).comment


def _links(page: str, comment_id: int) -> set[str]:
    """What the page offers this reader on one comment: its own links and a reaction form."""
    found = set()
    for kind, path in (
        ("edit", "redigera"),
        ("withdraw", "dra-tillbaka"),
        ("report", "anmal"),
        ("react", "reaktion"),
    ):
        if re.search(rf'"/kommentar/{comment_id}/{path}(\?[^"]*)?"', page):
            found.add(kind)
    return found


@pytest.fixture
def cached(make_app, app_context):
    """A server with a cache of its own (in process), its clients, and a goal with comments by
    Anna and Bo (a reply by Bo to Anna)."""
    server = make_app(CACHE_TYPE="SimpleCache")
    goal = make_goal()
    anna, bo = make_user(), make_user("bo@example.se", "Bo")
    make_user("cy@example.se", "Cy")
    annas = _post(goal, anna, "Fler bänkar i parken.")
    bos = _post(goal, bo, "Bättre belysning.")
    reply = _post(goal, bo, "Håller med om bänkarna.", parent=annas)
    db.session.commit()
    clients = {name: server.test_client() for name in ("anna", "bo", "cy", "anonymous")}
    for name in ("anna", "bo", "cy"):
        sign_in(clients[name], f"{name}@example.se")
    return server, goal, clients, {"annas": annas.id, "bos": bos.id, "reply": reply.id}


def test_a_shared_page_shows_each_reader_only_their_own_links(cached):
    server, goal, clients, ids = cached
    url = f"/mal/{goal.id}"
    anna = clients["anna"].get(url).get_data(as_text=True)  # renders and keeps the list
    with counted_queries(server) as statements:
        bo = clients["bo"].get(url).get_data(as_text=True)
    assert not [s for s in statements if "FROM comments" in s], "the list came from the cache"
    anonymous = clients["anonymous"].get(url).get_data(as_text=True)

    assert _links(anna, ids["annas"]) == {"edit", "withdraw"}
    assert _links(anna, ids["bos"]) == {"report", "react"}
    assert _links(anna, ids["reply"]) == {"report", "react"}
    assert _links(bo, ids["annas"]) == {"report", "react"}
    assert _links(bo, ids["bos"]) == {"edit", "withdraw"}
    assert _links(bo, ids["reply"]) == {"edit", "withdraw"}
    for comment_id in ids.values():
        assert _links(anonymous, comment_id) == set()
    assert "csrf_token" not in anonymous
    # Each reader's forms carry their own session's token.
    assert form_fields(anna)["csrf_token"] != form_fields(bo)["csrf_token"]
    for page in (anna, bo):
        token = form_fields(page)["csrf_token"]
        assert page.count(f'name="csrf_token" value="{token}"') >= 2  # reaction forms


def test_a_list_joined_whole_for_readers_with_nothing_of_their_own_is_only_theirs(cached):
    """Cy wrote nothing and reacted to nothing: her list is joined whole, once, and carries her
    token; Anna and Bo, reading after her, still get their own links from the same list."""
    _server, goal, clients, ids = cached
    url = f"/mal/{goal.id}"
    clients["cy"].get(url)  # renders and keeps the list, and joins it whole
    cy = clients["cy"].get(url).get_data(as_text=True)
    anna = clients["anna"].get(url).get_data(as_text=True)
    bo = clients["bo"].get(url).get_data(as_text=True)
    for comment_id in ids.values():
        assert _links(cy, comment_id) == {"report", "react"}
    assert _links(anna, ids["annas"]) == {"edit", "withdraw"}
    assert _links(bo, ids["bos"]) == {"edit", "withdraw"}
    assert _links(bo, ids["reply"]) == {"edit", "withdraw"}
    token = form_fields(cy)["csrf_token"]
    assert token != form_fields(anna)["csrf_token"]
    assert cy.count(f'name="csrf_token" value="{token}"') >= 3  # every reaction form hers
    assert 'name="csrf_token" value=""' not in cy


def test_reactions_are_pressed_only_for_whoever_reacted(cached):
    server, goal, clients, ids = cached
    url = f"/mal/{goal.id}"
    for name in ("anna", "cy"):
        clients[name].get(url)
    page = clients["cy"].get(url).get_data(as_text=True)
    response = clients["cy"].post(
        f"/kommentar/{ids['annas']}/reaktion",
        data={"reaction": "agree", "next": url, "csrf_token": form_fields(page)["csrf_token"]},
    )
    assert response.status_code == 302

    cy = clients["cy"].get(url).get_data(as_text=True)
    bo = clients["bo"].get(url).get_data(as_text=True)
    anna = clients["anna"].get(url).get_data(as_text=True)
    pressed = re.compile(
        rf'action="/kommentar/{ids["annas"]}/reaktion".*?value="none" aria-pressed="true">',
        re.S,
    )
    assert pressed.search(cy)
    assert not pressed.search(bo) and 'aria-pressed="true"' not in bo
    assert 'aria-pressed="true"' not in anna
    assert f"kommentar/{ids['annas']}/reaktion" not in anna  # no reacting to one's own
    # The new count is everyone's at once.
    for page in (cy, bo):
        assert re.search(
            rf'/kommentar/{ids["annas"]}/reaktion".*?<span class="count">\(1\)</span>', page, re.S
        )
    anonymous = clients["anonymous"].get(url).get_data(as_text=True)
    assert "Håller med: 1" in anonymous


def test_a_new_comment_by_anyone_shows_at_once_to_every_reader(cached):
    _server, goal, clients, _ids = cached
    url = f"/mal/{goal.id}"
    for client in clients.values():
        assert "Gungor till de små" not in client.get(url).get_data(as_text=True)
    page = clients["cy"].get(url).get_data(as_text=True)
    fields = form_fields(page) | {"body": "Gungor till de små, tack."}
    assert clients["cy"].post(f"{url}/kommentera", data=fields).status_code == 302
    new_id = int(re.findall(r'id="c(\d+)"', clients["cy"].get(url).get_data(as_text=True))[0])
    for name, client in clients.items():
        page = client.get(url).get_data(as_text=True)
        assert "Gungor till de små, tack." in page, name
        assert '<span class="count">(4 kommentarer och svar)</span>' in page, name
        expected = {
            "cy": {"edit", "withdraw"},
            "anonymous": set(),
        }.get(name, {"report", "react"})
        assert _links(page, new_id) == expected, name


def test_the_edit_link_goes_when_the_minutes_are_up_though_the_list_is_cached(cached, monkeypatch):
    server, goal, clients, ids = cached
    url = f"/mal/{goal.id}"
    assert "edit" in _links(clients["anna"].get(url).get_data(as_text=True), ids["annas"])
    later = utcnow() + timedelta(minutes=server.config["COMMENT_EDIT_MINUTES"] + 1)
    monkeypatch.setattr(permissions, "utcnow", lambda: later)
    with counted_queries(server) as statements:
        page = clients["anna"].get(url).get_data(as_text=True)
    assert not [s for s in statements if "FROM comments" in s]
    assert _links(page, ids["annas"]) == {"withdraw"}


def test_the_edit_link_says_until_when_in_the_readers_language(cached):
    """The link said only "Ändra"; the time was on the edit page alone. Filled from the kept
    list (no comments read again), on the goal and on the thread page, for the writer only."""
    server, goal, clients, ids = cached
    annas = db.session.get(Comment, ids["annas"])
    # Written 1 January 2099 at 10:45 UTC: editable until 11:00 UTC, 12:00 in Stockholm.
    annas.created_at = datetime(2099, 1, 1, 10, 45, tzinfo=UTC)
    db.session.commit()
    server.config["COMMENT_EDIT_MINUTES"] = 15
    url = f"/mal/{goal.id}"
    edit = rf'href="/kommentar/{ids["annas"]}/redigera(\?lang=en)?">([^<]*)<span[^>]*>[^<]*</span>'
    until = r' <span class="edit-until">([^<]*)</span></a>'
    clients["anna"].get(url)
    with counted_queries(server) as statements:
        swedish = clients["anna"].get(url).get_data(as_text=True)
    assert not [s for s in statements if "FROM comments" in s], "the list came from the cache"
    found = re.search(edit + until, swedish)
    assert found and found.groups()[1:] == ("Redigera", "(till 1 januari 2099 kl. 12.00)")
    english = clients["anna"].get(f"{url}?lang=en").get_data(as_text=True)
    found = re.search(edit + until, english)
    assert found and found.groups()[1:] == ("Edit", "(until 1 January 2099, 12:00)")
    thread = clients["anna"].get(f"/kommentar/{ids['annas']}").get_data(as_text=True)
    assert "(till 1 januari 2099 kl. 12.00)" in thread
    assert (
        "edit-until"
        not in clients["bo"].get(url).get_data(as_text=True).split(f'id="c{ids["bos"]}"')[0]
    )


def test_a_blocked_reader_gets_counts_not_forms_from_the_same_list(cached):
    _server, goal, clients, ids = cached
    url = f"/mal/{goal.id}"
    clients["anna"].get(url)
    bo = db.session.scalar(select(User).filter_by(email="bo@example.se"))
    bo.is_blocked = True
    db.session.commit()
    page = clients["bo"].get(url).get_data(as_text=True)
    assert _links(page, ids["annas"]) == set()
    assert _links(page, ids["bos"]) == {"withdraw"}  # withdrawing stays possible
    assert "Håller med: 0" in page
    anna = clients["anna"].get(url).get_data(as_text=True)
    assert _links(anna, ids["bos"]) == {"report", "react"}


def test_a_moderators_block_is_read_with_the_readers_rows_and_only_for_them(cached):
    """The block is asked in the same statement as the reader's reactions and ratings
    (participation/queries.py: personal_state); a block on Bo does not reach Anna, and a
    lifted one is gone at once."""
    server, goal, clients, ids = cached
    url = f"/mal/{goal.id}"
    bo = db.session.scalar(select(User).filter_by(email="bo@example.se"))
    with counted_queries(server) as statements:
        free = clients["bo"].get(url).get_data(as_text=True)
    assert len([s for s in statements if "moderation_blocks" in s]) == 1
    assert not [s for s in statements if "FROM moderation_blocks WHERE" in s]
    assert _links(free, ids["annas"]) == {"report", "react"}
    found = Block(
        user_id=bo.id,
        municipality_id=goal.plan.municipality_id,
        justification="Hot mot en granne.",
        until=utcnow() + timedelta(days=7),
    )
    db.session.add(found)
    db.session.commit()
    blocked = clients["bo"].get(url).get_data(as_text=True)
    assert "spärrat dig från att delta här till och med" in blocked
    assert _links(blocked, ids["annas"]) == {"report"}  # reporting stays possible
    assert 'name="body"' not in blocked  # no comment form
    anna = clients["anna"].get(url).get_data(as_text=True)
    assert "spärrat" not in anna and _links(anna, ids["bos"]) == {"report", "react"}
    found.lifted_at = utcnow()
    db.session.commit()
    again = clients["bo"].get(url).get_data(as_text=True)
    assert "spärrat" not in again and _links(again, ids["annas"]) == {"report", "react"}


def test_the_shared_list_is_kept_per_language(cached):
    _server, goal, clients, ids = cached
    url = f"/mal/{goal.id}"
    swedish = clients["bo"].get(url).get_data(as_text=True)
    english = clients["bo"].get(f"{url}?lang=en").get_data(as_text=True)
    assert "Dela länk till kommentaren" in swedish and "Share a link to the comment" in english
    assert "Share a link" not in swedish and "Dela länk" not in english
    assert f'href="/kommentar/{ids["annas"]}/anmal?lang=en"' in english
    assert f'href="/kommentar/{ids["annas"]}/anmal"' in swedish


def test_the_thread_page_fills_the_same_parts(cached):
    _server, _goal, clients, ids = cached
    url = f"/kommentar/{ids['annas']}"
    anna = clients["anna"].get(url).get_data(as_text=True)
    bo = clients["bo"].get(url).get_data(as_text=True)
    anonymous = clients["anonymous"].get(url).get_data(as_text=True)
    assert _links(anna, ids["annas"]) == {"edit", "withdraw"}
    assert _links(anna, ids["reply"]) == {"report", "react"}
    assert _links(bo, ids["annas"]) == {"report", "react"}
    assert _links(bo, ids["reply"]) == {"edit", "withdraw"}
    assert _links(anonymous, ids["annas"]) == _links(anonymous, ids["reply"]) == set()


def test_page_rights_answer_as_the_rules_do(app, app_context):
    """The rights decided once per page give the same answers as `may` asked per comment."""
    goal = make_goal()
    author = make_user()
    reader = make_user("bo@example.se", "Bo")
    blocked = make_user("cy@example.se", "Cy", is_blocked=True, blocked_reason="Hot")
    unverified = make_user("dan@example.se", "Dan", verified=False)
    comments = [_post(goal, author, "Ny.")]
    old = _post(goal, author, "Gammal.")
    old.created_at = utcnow() - timedelta(minutes=app.config["COMMENT_EDIT_MINUTES"] + 1)
    pending = _post(goal, author, "Väntar.")
    pending.status = CommentStatus.PENDING
    withdrawn = _post(goal, author, "Borta.")
    withdrawn.status = CommentStatus.WITHDRAWN
    by_reader = _post(goal, reader, "Annan.")
    comments += [old, pending, withdrawn, by_reader]
    services.react(by_reader, author, ReactionKind.AGREE)
    db.session.commit()
    actors = [AnonymousUserMixin(), author, reader, blocked, unverified]
    actions = {
        "comment.edit": "may_edit",
        "comment.withdraw": "may_withdraw",
        "comment.react": "may_react",
        "comment.report": "may_report",
    }
    checked = 0
    for actor in actors:
        rights = page_rights(actor, goal)
        for comment in comments:
            shown = ShownComment.of(comment)
            for action, method in actions.items():
                expected = may(actor, action, comment) is None
                assert getattr(rights, method)(shown) == expected, (actor, comment.body, action)
                checked += 1
    assert checked == 5 * 5 * 4


def test_rating_buttons_rendered_once_still_show_each_readers_own_answer(cached):
    _server, goal, clients, _ids = cached
    url = f"/mal/{goal.id}"
    checked = re.compile(r'<input checked id="importance-\d" name="importance" type="radio" [^>]*>')
    pages = {name: clients[name].get(url).get_data(as_text=True) for name in ("anna", "bo")}
    assert not checked.search(pages["anna"]) and not checked.search(pages["bo"])
    fields = form_fields(pages["anna"])
    data = {"importance": "4", "performance": "2", "csrf_token": fields["csrf_token"]}
    assert clients["anna"].post(f"{url}/betyg", data=data).status_code == 302
    anna = clients["anna"].get(url).get_data(as_text=True)
    bo = clients["bo"].get(url).get_data(as_text=True)
    answers = re.compile(
        r'<input checked id="(?:importance|performance)-\d" name="(\w+)" [^>]*value="(\d)"'
    )
    assert answers.findall(anna) == [("importance", "4"), ("performance", "2")]
    assert answers.findall(bo) == []
    english = clients["anna"].get(f"{url}?lang=en").get_data(as_text=True)
    assert "How important is this goal to you?" in english
    assert answers.findall(english) == [("importance", "4"), ("performance", "2")]


@pytest.mark.redis
def test_the_shared_list_travels_through_redis(make_app, app_context, redis_settings):
    """In production the cache is Redis: the kept list (pickled) fills in as in process."""
    import redis

    one, two = make_app(**redis_settings), make_app(**redis_settings)
    goal = make_goal()
    anna = make_user()
    make_user("bo@example.se", "Bo")
    annas = _post(goal, anna, "Fler bänkar i parken.").id
    db.session.commit()
    reader, other = one.test_client(), two.test_client()
    sign_in(reader, "bo@example.se")
    sign_in(other)
    assert _links(reader.get(f"/mal/{goal.id}").get_data(as_text=True), annas) == {
        "report",
        "react",
    }
    connection = redis.Redis.from_url(redis_settings["CACHE_REDIS_URL"])
    assert list(connection.scan_iter(f"{redis_settings['CACHE_KEY_PREFIX']}*:dialogue:*"))
    connection.close()
    with counted_queries(two) as statements:
        page = other.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert not [s for s in statements if "FROM comments" in s]
    assert _links(page, annas) == {"edit", "withdraw"}


def test_a_reader_who_reported_a_comment_sees_so_instead_of_the_report_link(cached):
    """The walk-through found the report link still there after reporting: the reader could
    not tell that their report had arrived. Now the list and the thread say "Reported by
    you" to them alone, and the form, opened again, says so instead of asking again."""
    _server, goal, clients, ids = cached
    url, thread = f"/mal/{goal.id}", f"/kommentar/{ids['annas']}"
    for name in ("cy", "bo"):
        clients[name].get(url)  # the list is kept, and joined whole for Cy
    report_url = f"{thread}/anmal"
    token = form_fields(clients["cy"].get(report_url).get_data(as_text=True))["csrf_token"]
    sent = clients["cy"].post(report_url, data={"reason": "spam", "csrf_token": token})
    assert sent.status_code == 302

    for page in (clients["cy"].get(url), clients["cy"].get(thread)):
        html = page.get_data(as_text=True)
        assert _links(html, ids["annas"]) == {"react"}
        assert _links(html, ids["reply"]) == {"report", "react"}
        assert html.count('<span class="reported">Anmäld av dig</span>') == 1
    english = clients["cy"].get(f"{url}?lang=en").get_data(as_text=True)
    assert english.count('<span class="reported">Reported by you</span>') == 1
    bo = clients["bo"].get(url).get_data(as_text=True)
    assert _links(bo, ids["annas"]) == {"report", "react"}
    assert "Anmäld av dig" not in bo

    again = clients["cy"].get(f"{report_url}?lang=en")
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "<h1>You have reported this comment</h1>" in html
    assert 'name="reason"' not in html
    resent = clients["cy"].post(report_url, data={"reason": "spam", "csrf_token": token})
    assert resent.status_code == 302 and resent.location.endswith(thread)
    after = clients["cy"].get(thread).get_data(as_text=True)
    assert "Du har redan anmält den här kommentaren." in after
    comment = db.session.get(Comment, ids["annas"])
    db.session.refresh(comment)
    assert comment.report_count == 1
