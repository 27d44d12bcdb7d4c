"""Pages for signed-out visitors: no cookie, no CSRF token, shared, and current at once."""

import os
import re

import pytest
from flask import request_started
from sqlalchemy import insert, select, update
from werkzeug.test import Client

from dialog.accounts.models import User, UserSession
from dialog.catalogue.models import Goal
from dialog.core import cache, versions
from dialog.core.release import release_of
from dialog.db import upsert_statement
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, CommentStatus, ReactionKind
from tests.factories import counted_queries, form_fields, make_goal, make_user, sign_in

#: Not shared pages (the rules and privacy notice are read from files, no version).
PRIVATE_OR_STATIC = (
    "/static",
    "/konto",
    "/mina-sidor",
    "/hantera",
    "/api",
    "/regler",
    "/integritet",
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _public_urls(client, start: list[str]) -> list[str]:
    """The given pages and the internal pages they link to, breadth first, up to a bound."""
    seen, queue = [], list(start)
    while queue and len(seen) < 60:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        page = client.get(url).get_data(as_text=True)
        for link in re.findall(r'href="(/[^"#]*)', page):
            link = link.replace("&amp;", "&")
            if link.startswith(PRIVATE_OR_STATIC):
                continue
            if link not in seen and link not in queue:
                queue.append(link)
    return seen


@pytest.fixture
def goal_with_comment(app, app_context):
    goal = make_goal()
    author, reader = make_user(), make_user("b@example.se", "Berit")
    comment = services.post_comment(goal, author, "Fler bänkar.", None, "t-1").comment
    services.post_comment(goal, reader, "Håller med.", None, "t-2", parent=comment)
    services.react(comment, reader, ReactionKind.AGREE)
    db.session.commit()
    return goal, comment


def test_signed_out_pages_set_no_cookie_and_carry_no_csrf_token(client, seeded, goal_with_comment):
    goal, comment = goal_with_comment
    start = [f"/mal/{goal.id}", f"/kommentar/{comment.id}", "/sok?q=park", "/", "/kommun/lund"]
    urls = _public_urls(client, start + [f"{url}?lang=en" for url in start[:2]])
    assert len(urls) > 20 and any("lang=en" in url for url in urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        page = response.get_data(as_text=True)
        assert "csrf_token" not in page and 'method="post"' not in page, url
        assert "public" in response.headers.get("Cache-Control", ""), url
    assert client._cookies == {}


def test_signed_out_forms_are_links_to_sign_in_that_come_back(client, goal_with_comment):
    goal, _comment = goal_with_comment
    page = client.get(f"/mal/{goal.id}?lang=en").get_data(as_text=True)
    assert (
        f'href="/konto/logga-in?next=/mal/{goal.id}?lang%3Den%23comment-form&amp;lang=en"' in (page)
        or f"next=/mal/{goal.id}" in page
    )
    assert "Sign in to comment" in page and "Sign in to answer" in page


def test_conditional_get_answers_304(client, goal_with_comment):
    goal, _comment = goal_with_comment
    url = f"/mal/{goal.id}"
    first = client.get(url)
    control = first.headers["Cache-Control"]
    assert "public" in control and "max-age=15" in control
    assert "stale-while-revalidate=60" in control
    assert "Cookie" in first.headers["Vary"]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_personal_and_error_pages_are_not_shared(app, client, goal_with_comment):
    goal, _comment = goal_with_comment
    sign_in_page = client.get("/konto/logga-in")
    assert sign_in_page.headers["Cache-Control"] == "private, no-store"
    missing = client.get("/mal/999999")
    assert missing.status_code == 404 and "public" not in missing.headers.get("Cache-Control", "")
    sign_in(client)
    for url in (f"/mal/{goal.id}", "/mina-sidor", "/"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "private, no-store", url
        assert "ETag" not in response.headers, url


def test_a_visitor_with_a_waiting_message_gets_their_own_page(client, app_context):
    make_user()
    sign_in(client)
    fields = form_fields(client.get("/").get_data(as_text=True))
    client.post("/konto/logga-ut", data=fields)
    page = client.get("/")
    # The sign-out message is shown once, on a page for this visitor only.
    assert "flash" in page.get_data(as_text=True)
    assert "public" not in page.headers.get("Cache-Control", "")


def _version(app) -> str:
    with app.app_context():
        return versions.version().token


def test_writes_that_change_pages_replace_the_version_and_others_do_not(app, app_context):
    goal = make_goal()
    user = make_user()
    before = _version(app)
    assert before != "none"
    services.post_comment(goal, user, "En synpunkt.", None, "v-1")
    db.session.commit()
    after_comment = _version(app)
    assert after_comment != before

    user.my_page_seen_at = user.created_at  # a visit to My page: not on any public page
    db.session.add(UserSession(user_id=user.id, token_hash="x" * 64, label="test"))
    db.session.commit()
    assert _version(app) == after_comment

    goal.title = "Nytt namn"
    db.session.rollback()
    assert _version(app) == after_comment

    db.session.execute(db.update(Goal).where(Goal.id == goal.id).values(title="Bulk"))
    db.session.commit()
    after_bulk = _version(app)
    assert after_bulk != after_comment

    user.display_name = "Annat namn"  # shown with every comment
    db.session.commit()
    assert _version(app) != after_bulk


def test_an_insert_read_back_as_entities_is_noted_by_its_table(app, app_context):
    """`select(Model).from_statement(insert(...))` (how a comment is stored) is judged by the
    table it writes, as any ORM statement is: a quiet table leaves the pages' version alone."""
    user = make_user()
    db.session.commit()
    before = _version(app)
    table = UserSession.__table__
    row = {"user_id": user.id, "token_hash": "y" * 64, "label": "test"}
    inserted = db.session.scalars(
        select(UserSession).from_statement(insert(table).values(row).returning(*table.c))
    ).one()
    db.session.commit()
    assert inserted.label == "test"
    assert _version(app) == before


def test_each_commit_replaces_one_slot_and_gives_a_new_version(app, app_context, monkeypatch):
    """A writer replaces the token of one slot; whichever it is, the version changes, and it
    never comes back (the same slot twice included). A row from before slots still counts."""
    goal = make_goal()
    user = make_user()
    db.session.execute(
        db.insert(versions.CacheVersion).values(
            scope=cache.PAGES, token="0" * 32, changed_at=user.created_at
        )
    )
    db.session.commit()
    chosen = iter(["pages/03", "pages/05", "pages/03"])
    monkeypatch.setattr(versions, "slot_of", lambda _scope: next(chosen))
    seen = {_version(app)}
    for n in range(3):
        services.post_comment(goal, user, f"Synpunkt {n}.", None, f"slot-{n}")
        db.session.commit()
        current = _version(app)
        assert current not in seen
        seen.add(current)
    scopes = set(db.session.scalars(select(versions.CacheVersion.scope)))
    assert {"pages", "pages/03", "pages/05"} <= scopes
    assert all(s == "pages" or re.fullmatch(r"pages/\d\d", s) for s in scopes)


def test_slots_are_spread_over_the_scope():
    assert {versions.slot_of("pages") for _ in range(2000)} == {
        f"pages/{n:02d}" for n in range(versions.SLOTS)
    }


def test_two_writers_at_once_do_not_wait_for_one_row(app, app_context, monkeypatch):
    """One writer has replaced its slot's token and not yet committed (its row stays locked
    until the commit). Another writer committing meanwhile does not wait for it, unless it
    chose the very same slot. PostgreSQL only: SQLite lets one writer in at a time anyway."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    goal = make_goal()
    goal_id = goal.id
    first, second = db.session.session_factory(), db.session.session_factory()
    try:
        first.execute(
            upsert_statement(versions.CacheVersion)
            .values(scope="pages/01", token="1" * 32, changed_at=goal.created_at)
            .on_conflict_do_update(index_elements=["scope"], set_={"token": "1" * 32})
        )
        for slot, waits in (("pages/02", False), ("pages/01", True)):
            monkeypatch.setattr(versions, "slot_of", lambda _scope, slot=slot: slot)
            # A wait ends in an error instead of hanging the test.
            second.execute(text("SET LOCAL lock_timeout = '300ms'"))
            second.get(Goal, goal_id).title = f"Nytt namn ({slot})"
            if waits:
                with pytest.raises(OperationalError, match="lock timeout"):
                    second.commit()
                second.rollback()
            else:
                second.commit()
    finally:
        first.rollback()
        first.close()
        second.close()
    db.session.expire_all()
    assert db.session.get(Goal, goal_id).title == "Nytt namn (pages/02)"


def test_a_new_comment_shows_at_once_on_every_server(make_app, app_context):
    """Two servers with caches of their own (in process) on one database: a write through one
    empties the other's cache, since both key their pages by the version in the database."""
    goal = make_goal()
    make_user()
    one, two = make_app(CACHE_TYPE="SimpleCache"), make_app(CACHE_TYPE="SimpleCache")
    reader, writer = one.test_client(), two.test_client()
    url = f"/mal/{goal.id}"
    first = reader.get(url)
    assert "Bänkar vid dammen" not in first.get_data(as_text=True)
    with counted_queries(one) as cached:
        again = reader.get(url)
    assert again.get_data() == first.get_data()
    assert len(cached) == 1, cached  # the version only: the page came from the cache

    sign_in(writer)
    page = writer.get(url).get_data(as_text=True)
    fields = form_fields(page) | {"body": "Bänkar vid dammen, tack."}
    assert writer.post(f"{url}/kommentera", data=fields).status_code == 302

    fresh = reader.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200
    assert "Bänkar vid dammen, tack." in fresh.get_data(as_text=True)
    with two.app_context():
        assert db.session.scalar(select(User.display_name)) == "Anna"


@pytest.mark.redis
def test_redis_is_the_shared_cache_when_configured(make_app, app_context, redis_settings):
    goal = make_goal()
    one, two = make_app(**redis_settings), make_app(**redis_settings)
    url = f"/mal/{goal.id}"
    first = one.test_client().get(url)
    with counted_queries(two) as queries:
        shared = two.test_client().get(url)
    assert shared.get_data() == first.get_data() and len(queries) == 0  # version in Redis too


@pytest.mark.redis
def test_a_new_release_does_not_serve_the_old_releases_pages(make_app, app_context, redis_settings):
    """Redis outlives a deploy: pages the previous code made must not be served by the new code
    (the content version changes only with a write), while servers of one release share."""
    goal = make_goal()
    url = f"/mal/{goal.id}"
    old = make_app(CODE_RELEASE="old", **redis_settings)
    old.test_client().get(url)
    same, new = (
        make_app(CODE_RELEASE="old", **redis_settings),
        make_app(CODE_RELEASE="new", **redis_settings),
    )
    with counted_queries(same) as shared:
        same.test_client().get(url)
    with counted_queries(new) as rendered:
        new.test_client().get(url)
    assert shared == [] and rendered != [], (shared, rendered)  # rendered anew: it read the goal


def test_the_release_is_made_from_the_files_pages_are_made_from(app, tmp_path):
    """A changed template, script or translation is a new release; files of other kinds and
    the files' times are not."""
    for folder in ("code", "templates", "static"):
        (tmp_path / folder).mkdir()
    (tmp_path / "code" / "views.py").write_text("x = 1\n")
    (tmp_path / "templates" / "page.html").write_text("<p>Hej</p>")
    (tmp_path / "static" / "dialog.js").write_text("// nothing\n")
    fake = type(
        "App",
        (),
        {
            "root_path": str(tmp_path / "code"),
            "template_folder": str(tmp_path / "templates"),
            "static_folder": str(tmp_path / "static"),
        },
    )()
    first = release_of(fake)
    (tmp_path / "code" / "notes.log").write_text("not a page's source")
    os.utime(tmp_path / "templates" / "page.html", (0, 0))
    assert release_of(fake) == first
    (tmp_path / "templates" / "page.html").write_text("<p>Hej då</p>")
    assert release_of(fake) != first
    assert app.config["CODE_RELEASE"] == release_of(app)


# The fast path (cache.SharedPages): cached pages answered before Flask's request handling.


@pytest.fixture(params=["in process", "redis"])
def cache_settings(request):
    """Both kinds of shared cache: in process (version read from the database) and Redis."""
    if request.param == "redis":
        return request.getfixturevalue("redis_settings")
    return {"CACHE_TYPE": "SimpleCache"}


class FlaskRequests:
    """Counts the requests that reached Flask's request handling (not the fast path)."""

    def __init__(self, app):
        self.count = 0
        request_started.connect(self._count, app)

    def _count(self, _sender, **_extra):
        self.count += 1


def _flask_path(app):
    """A client for the same app without the fast path in front (Flask's own answer)."""
    assert isinstance(app.wsgi_app, cache.SharedPages)
    return Client(app.wsgi_app.wsgi_app, app.response_class)


def _headers(response) -> list[tuple[str, str]]:
    """All headers but Date (the time of the answer), in a stable order."""
    assert response.headers.get("Date")
    return sorted((k, v) for k, v in response.headers.items() if k != "Date")


def test_the_fast_path_answers_as_flask_does(make_app, app_context, cache_settings):
    goal = make_goal()
    author = make_user()
    comment = services.post_comment(goal, author, "Fler bänkar.", None, "f-1").comment
    db.session.commit()
    app = make_app(**cache_settings)
    app.config.update(DIALOG_ENV="production", DIALOG_INSTANCE="a")  # HSTS and the name too
    fast, slow, flask = app.test_client(), _flask_path(app), FlaskRequests(app)
    plan = f"/kommun/testkommun/plan/{goal.plan.slug}"
    urls = [
        f"/mal/{goal.id}",
        f"/mal/{goal.id}?lang=en",
        "/",
        f"/kommentar/{comment.id}",
        "/kommun/testkommun",
        plan,
        "/sok?q=parker",
    ]
    for url in urls:
        first = fast.get(url)  # rendered by Flask, then kept
        assert first.status_code == 200, url
        before = flask.count
        answers = {
            "GET": (fast.get(url), slow.get(url)),
            "HEAD": (fast.head(url), slow.head(url)),
            "If-None-Match": (
                fast.get(url, headers={"If-None-Match": first.headers["ETag"]}),
                slow.get(url, headers={"If-None-Match": first.headers["ETag"]}),
            ),
            "If-Modified-Since": (
                fast.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}),
                slow.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}),
            ),
        }
        assert flask.count == before + 4, url  # only the slow client's requests reached Flask
        for what, (quick, full) in answers.items():
            assert quick.status_code == full.status_code, (url, what)
            assert _headers(quick) == _headers(full), (url, what)
            assert quick.get_data() == full.get_data(), (url, what)
        assert answers["GET"][0].get_data() == first.get_data()
        assert answers["If-None-Match"][0].status_code == 304
        headers = dict(answers["GET"][0].headers)
        assert headers["Strict-Transport-Security"] and headers["X-Dialog-Instance"] == "a"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Cache-Control"] == "public, max-age=15, stale-while-revalidate=60"
        assert headers["Vary"] == "Cookie"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'lang="en"' in fast.get(urls[1]).get_data()


def test_the_fast_path_leaves_everyone_else_to_flask(make_app, app_context, cache_settings):
    goal = make_goal()
    make_user()
    app = make_app(**cache_settings)
    client, flask = app.test_client(), FlaskRequests(app)
    url = f"/mal/{goal.id}"
    client.get(url)
    client.get(url)
    assert flask.count == 1
    # Malformed addresses, missing pages and pages not shared are Flask's to answer.
    assert client.get(f"{url}?q=%ff").status_code == 400
    assert client.get(f"{url}?q=%01").status_code == 400
    assert client.get("/mal/999999").status_code == 404
    assert client.get("/regler").status_code == 200
    assert flask.count == 5
    # Anyone with a session is served by Flask, their page their own.
    sign_in(client)
    before = flask.count
    page = client.get(url)
    assert flask.count == before + 1
    assert page.headers["Cache-Control"] == "private, no-store" and "ETag" not in page.headers
    assert "Logga ut" in page.get_data(as_text=True) or "logga-ut" in page.get_data(as_text=True)


def _reader_sees(reader, url, text, flask) -> bool:
    before = flask.count
    page = reader.get(url).get_data(as_text=True)
    again = reader.get(url).get_data(as_text=True)  # the fast path, once kept
    assert flask.count <= before + 1 and again == page
    return text in page


def test_a_process_serves_its_own_copy_of_a_shared_page(make_app, app_context, cache_settings):
    """Once a process has a page for the current version it does not fetch it from the shared
    cache again; a write elsewhere gives a new version, and the page is fetched or made anew."""
    goal = make_goal()
    make_user()
    db.session.commit()
    app = make_app(**cache_settings)
    pages, client = app.extensions["dialog_pages"], app.test_client()
    fetched = []
    shared_get = pages.backend.get
    pages.backend.get = lambda key: fetched.append(key) or shared_get(key)
    url = f"/mal/{goal.id}"
    first = client.get(url).data
    fetched.clear()
    assert client.get(url).data == client.get(url).data == first
    assert fetched == []  # both answered from the process's copy
    other = make_app(**cache_settings)
    with other.app_context():
        db.session.get(Goal, goal.id).title = "Ljusare parker"
        db.session.commit()
    assert "Ljusare parker" in client.get(url).get_data(as_text=True)


def test_every_kind_of_write_shows_at_once_through_the_fast_path(
    make_app, app_context, cache_settings
):
    """A reader on one server, writes through another: the next page after each write is new,
    although the reader's pages come from the fast path in between."""
    goal = make_goal()
    make_user()
    berit = make_user("b@example.se", "Berit")
    db.session.commit()
    one, two = make_app(**cache_settings), make_app(**cache_settings)
    reader, writer, flask = one.test_client(), two.test_client(), FlaskRequests(one)
    url = f"/mal/{goal.id}"
    assert not _reader_sees(reader, url, "Bänkar vid dammen", flask)
    before = flask.count
    reader.get(url)
    assert flask.count == before  # served before Flask

    # A new comment, through HTTP.
    sign_in(writer)
    fields = form_fields(writer.get(url).get_data(as_text=True)) | {"body": "Bänkar vid dammen."}
    assert writer.post(f"{url}/kommentera", data=fields).status_code == 302
    assert _reader_sees(reader, url, "Bänkar vid dammen.", flask)

    with two.app_context():
        comment = db.session.scalar(select(Comment))
        comment_id = comment.id
        # A reaction.
        services.react(comment, db.session.get(User, berit.id), ReactionKind.AGREE)
        db.session.commit()
    assert _reader_sees(reader, f"{url}?lang=en", "Agree: 1", flask)

    with two.app_context():
        # A content edit.
        db.session.get(Goal, goal.id).title = "Ljusare parker"
        db.session.commit()
    assert _reader_sees(reader, url, "Ljusare parker", flask)

    with two.app_context():
        # A moderation decision (an ORM UPDATE statement, as moderation.services.decide).
        db.session.execute(
            update(Comment).where(Comment.id == comment_id).values(status=CommentStatus.HIDDEN)
        )
        db.session.commit()
    assert not _reader_sees(reader, url, "Bänkar vid dammen.", flask)


@pytest.mark.redis
def test_redis_version_is_started_again_and_a_lost_publish_is_not_an_error(
    make_app, app_context, redis_settings, monkeypatch
):
    """Redis holds the version beside the pages. Without one (first start, expiry) a reader
    puts in a new token; a writer that cannot reach Redis after its commit still succeeds,
    and pages catch up when the version expires (PAGE_VERSION_TTL)."""
    import redis

    goal = make_goal()
    make_user()
    app = make_app(**redis_settings)
    pages = app.extensions["dialog_pages"]
    client = app.test_client()
    direct = redis.Redis.from_url(REDIS_URL)
    release = app.config["CODE_RELEASE"]
    version_key = f"{redis_settings['CACHE_KEY_PREFIX']}{release}:{cache.Pages.VERSION_KEY}"
    url = f"/mal/{goal.id}"
    client.get(url)
    assert 0 < direct.ttl(version_key) <= app.config["PAGE_VERSION_TTL"]
    started = pages.lookup("none", cache.version)[0]

    direct.delete(version_key)  # expired
    assert client.get(url).status_code == 200
    assert pages.lookup("none", cache.version)[0].token != started.token
    assert direct.ttl(version_key) > 0

    def unreachable(*_args, **_kwargs):
        raise redis.exceptions.ConnectionError("Redis is away")

    monkeypatch.setattr(pages.redis, "set", unreachable)
    with app.app_context():
        db.session.get(Goal, goal.id).title = "Ljusare parker"
        db.session.commit()  # stored, though Redis did not hear of it
    monkeypatch.undo()
    direct.delete(version_key)  # PAGE_VERSION_TTL later
    assert "Ljusare parker" in client.get(url).get_data(as_text=True)
    direct.close()
