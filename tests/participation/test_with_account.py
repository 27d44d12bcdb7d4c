"""The reader's rows on a goal page come with their account, in one statement
(dialog/participation/with_account.py), and the page reads without a transaction
(dialog/core/reading.py). The page must be the one the separate statement gives, for each
reader, and never show another reader's rows; what a reader does shows on the next view."""

import re

import pytest
from flask import g
from flask_login import current_user
from sqlalchemy import event, select

from dialog.accounts import sessions
from dialog.accounts.models import User
from dialog.core import reading, versions
from dialog.core.cache import use_version
from dialog.extensions import db
from dialog.participation import queries, services, with_account
from dialog.participation.models import Comment, RatingQuestion, ReactionKind
from tests.factories import make_goal, make_user, sign_in

_TOKENS = (
    r'(name="csrf_token" type="hidden" value=")[^"]*(")',
    r'(name="csrf_token" value=")[^"]*(")',
    r'(name="submission_token" type="hidden" value=")[^"]*(")',
)


def _same_for_any_request(html: str) -> str:
    for pattern in _TOKENS:
        html = re.sub(pattern, r"\1…\2", html)
    return html


@pytest.fixture
def page(make_app, app_context):
    """A server with a cache; Anna and Bo each comment, react to the other's comment (Bo
    agrees, Anna disagrees) and rate the goal; Cia has done nothing."""
    server = make_app(CACHE_TYPE="SimpleCache")
    goal = make_goal()
    anna, bo = make_user(), make_user("bo@example.se", "Bo")
    make_user("cia@example.se", "Cia")
    annas = services.post_comment(goal, anna, "Fler bänkar.", None, "rider-1").comment
    bos = services.post_comment(goal, bo, "Bättre ljus.", None, "rider-2").comment
    db.session.flush()
    services.react(annas, bo, ReactionKind.AGREE)
    services.react(bos, anna, ReactionKind.DISAGREE)
    services.rate(goal, anna, {RatingQuestion.IMPORTANCE: 4})
    services.rate(goal, bo, {RatingQuestion.PERFORMANCE: 2})
    db.session.commit()
    clients = {name: server.test_client() for name in ("anna", "bo", "cia")}
    for name, client in clients.items():
        sign_in(client, f"{name}@example.se")
    return server, goal, clients


class Statements:
    """Statements the server sends, each with whether it ran without a transaction."""

    def __init__(self, server):
        self.seen: list[tuple[str, object]] = []
        with server.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._note)

    def _note(self, connection, _cursor, statement, *_args):
        self.seen.append((statement, connection.get_execution_options().get("isolation_level")))

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._note)


def _checked(html: str) -> list[tuple[str, str]]:
    """The rating answers shown chosen: (question, value)."""
    return re.findall(r'<input checked id="[^"]*" name="(\w+)" type="radio" value="(\d)">', html)


@pytest.mark.parametrize("reader", ["anna", "bo", "cia"])
@pytest.mark.parametrize("language", ["", "?lang=en"])
def test_the_page_is_the_one_the_separate_statement_gives(page, monkeypatch, reader, language):
    server, goal, clients = page
    url = f"/mal/{goal.id}{language}"
    clients[reader].get(url)  # keeps the frames
    statements = Statements(server)
    try:
        ridden = clients[reader].get(url)
        with_rider = len(statements.seen)  # the version (no Redis here) and the account
        statements.seen.clear()
        with monkeypatch.context() as patch:
            patch.setattr(with_account, "rows_for", lambda _user_id, _goal_id: None)
            separate = clients[reader].get(url)
        # The reader's rows in a statement of their own.
        assert len(statements.seen) == with_rider + 1
    finally:
        statements.close()
    assert ridden.status_code == separate.status_code == 200
    expected = _same_for_any_request(separate.get_data(as_text=True))
    assert _same_for_any_request(ridden.get_data(as_text=True)) == expected


@pytest.mark.parametrize("order", [("anna", "bo", "cia"), ("cia", "bo", "anna")])
def test_each_reader_sees_their_own_reactions_answers_and_links(page, order):
    """Twice each: made, then from what was kept (the parts of a reader's own comments and
    reactions are kept for every reader with the same rights, dialog/participation/personal.py)."""
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    ids = {
        name: db.session.scalar(
            select(Comment.id).join(User, User.id == Comment.author_id).filter_by(display_name=name)
        )
        for name in ("Anna", "Bo")
    }
    for _ in range(2):
        pages = {name: clients[name].get(url).get_data(as_text=True) for name in order}
        pressed = {
            name: re.findall(r'value="(\w+)" aria-pressed="true"', html)
            for name, html in pages.items()
        }
        # A pressed button offers to take the reaction back (value "none").
        assert pressed == {"anna": ["none"], "bo": ["none"], "cia": []}
        assert re.search(r'aria-pressed="true">Håller inte med', pages["anna"])
        assert re.search(r'aria-pressed="true">Håller med', pages["bo"])
        assert _checked(pages["anna"]) == [("importance", "4")]
        assert _checked(pages["bo"]) == [("performance", "2")]
        assert _checked(pages["cia"]) == []
        edits = {name: re.findall(r'/(\d+)/redigera"', html) for name, html in pages.items()}
        assert edits == {"anna": [str(ids["Anna"])], "bo": [str(ids["Bo"])], "cia": []}


def test_rows_read_for_another_reader_are_never_used(page, app):
    """What the rider read belongs to the account it was read with: asked for anyone else (or
    another goal), the page reads the reader's own rows."""
    _server, goal, _clients = page
    anna = db.session.scalar(select(User).filter_by(email="anna@example.se"))
    bo = db.session.scalar(select(User).filter_by(email="bo@example.se"))
    comment_ids = list(db.session.scalars(select(Comment.id).filter_by(goal_id=goal.id)))
    annas_comment = db.session.scalar(select(Comment.id).filter_by(author_id=anna.id))
    with app.test_request_context(f"/mal/{goal.id}"):
        bos_rows = f"reaction|{annas_comment}|agree,rating|performance|2"
        g._dialog_ridden = sessions.Ridden(
            with_account.NAME, bo.id, {"rider_goal_id": goal.id}, bos_rows
        )
        assert with_account.rows_for(anna.id, goal.id) is None
        assert with_account.rows_for(bo.id, goal.id + 1) is None
        annas = queries.personal_state(goal, anna.id, comment_ids, True, True)
        assert annas.ratings == {"importance": 4}
        assert annas.reactions.get(annas_comment) is None
        assert set(annas.reactions.values()) == {"disagree"}
        bos = queries.personal_state(goal, bo.id, comment_ids, True, True)
        assert bos.reactions == {annas_comment: "agree"} and bos.ratings == {"performance": 2}


def test_a_new_reaction_and_answer_show_on_the_next_view(page):
    _server, goal, clients = page
    url = f"/mal/{goal.id}"
    for _ in range(2):  # made, then kept
        assert _checked(clients["cia"].get(url).get_data(as_text=True)) == []
    cia = db.session.scalar(select(User).filter_by(email="cia@example.se"))
    bos = db.session.scalar(select(Comment).filter_by(body="Bättre ljus."))
    services.react(bos, cia, ReactionKind.AGREE)
    services.rate(goal, cia, {RatingQuestion.IMPORTANCE: 5})
    db.session.commit()
    after = clients["cia"].get(url).get_data(as_text=True)
    assert re.search(r'aria-pressed="true">Håller med', after)
    assert _checked(after) == [("importance", "5")]
    services.react(bos, cia, None)
    db.session.commit()
    assert 'aria-pressed="true"' not in clients["cia"].get(url).get_data(as_text=True)


def test_a_signed_in_goal_page_reads_without_a_transaction_and_a_post_with_one(page):
    """(A first view also loads what it keeps in sessions of its own, in transactions.)"""
    server, goal, clients = page
    assert clients["anna"].get(f"/mal/{goal.id}").status_code == 200
    statements = Statements(server)
    try:
        assert clients["anna"].get(f"/mal/{goal.id}").status_code == 200
        assert statements.seen and {level for _s, level in statements.seen} == {"AUTOCOMMIT"}
        statements.seen.clear()
        clients["anna"].post(f"/mal/{goal.id}/betyg", data={"importance": "3"})
        assert statements.seen
        assert "AUTOCOMMIT" not in {level for _s, level in statements.seen}
    finally:
        statements.close()


def test_a_reads_only_view_that_writes_is_refused(make_app, app_context):
    """Autocommit would store each write at once, outside any transaction: refused instead."""
    server = make_app()

    @server.get("/skriver")
    @reading.reads_only
    def writes():
        current_user.display_name = "Skrivet"
        db.session.commit()
        return "stored"

    make_user()
    client = server.test_client()
    sign_in(client)
    with pytest.raises(reading.WriteWhileReading):
        client.get("/skriver")
    db.session.expire_all()
    assert db.session.scalar(select(User.display_name)) == "Anna"


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"email_verified_at": None},
        {"is_blocked": True},
        {"is_platform_admin": True},
        {"role": "moderator"},
        {"language": "en"},
    ],
)
def test_the_account_is_read_once_whatever_the_reader(page, change):
    """A goal view reads only the account's, device's and roles' columns the page needs
    (sessions.READING_COLUMNS): for no kind of reader does it ask for another one afterwards."""
    from dialog.accounts.roles import Membership

    server, goal, clients = page
    cia = db.session.scalar(select(User).filter_by(display_name="Cia"))
    role = change.pop("role", None)
    for name, value in change.items():
        setattr(cia, name, value)
    if role:
        db.session.add(
            Membership(user_id=cia.id, municipality_id=goal.plan.municipality_id, role=role)
        )
    db.session.commit()
    clients["cia"].get(f"/mal/{goal.id}")  # keeps the frames
    statements = Statements(server)
    try:
        response = clients["cia"].get(f"/mal/{goal.id}")
    finally:
        statements.close()
    assert response.status_code == 200
    # One statement in all: no column of the account, device or roles is read afterwards.
    assert len(statements.seen) == 1, statements.seen


def test_the_version_comes_with_the_account(page, monkeypatch):
    """The content version rides along with the account too (dialog/core/versions.py,
    `version_columns`): the signed-in goal page asks neither Redis nor the database for it
    separately, and it is the version `database_version` reads."""
    server, goal, clients = page
    url = f"/mal/{goal.id}"
    clients["cia"].get(url)  # keeps the frames
    asked = []
    pages = server.extensions[versions.PAGES_EXTENSION]
    monkeypatch.setattr(pages, "current", lambda database: asked.append(database))
    seen = []
    monkeypatch.setattr(
        sessions, "use_version", lambda found: seen.append(found) or use_version(found)
    )
    statements = Statements(server)
    try:
        assert clients["cia"].get(url).status_code == 200
        assert len(statements.seen) == 1  # account, device, roles, the reader's rows, version
    finally:
        statements.close()
    assert asked == []
    with server.app_context():
        assert seen == [versions.database_version(db.session())]


def test_a_write_elsewhere_shows_at_once_on_the_signed_in_page(page, make_app, redis_settings):
    """With Redis, another server's write is on the signed-in page's next view, though Redis
    was not told (its copy of the version is left as it was: the page reads the database's)."""
    _server, goal, _clients = page
    server = make_app(**redis_settings)
    client = server.test_client()
    sign_in(client, "cia@example.se")
    url = f"/mal/{goal.id}"
    for _ in range(2):  # made, then kept
        assert "Ett tredje förslag." not in client.get(url).get_data(as_text=True)
    pages = server.extensions[versions.PAGES_EXTENSION]
    held = pages.redis.get(pages._redis_key(pages.VERSION_KEY))
    bo = db.session.scalar(select(User).filter_by(email="bo@example.se"))
    services.post_comment(goal, bo, "Ett tredje förslag.", None, "rider-3")
    db.session.commit()  # this session's app has no Redis: nothing is published there
    assert pages.redis.get(pages._redis_key(pages.VERSION_KEY)) == held
    assert "Ett tredje förslag." in client.get(url).get_data(as_text=True)
