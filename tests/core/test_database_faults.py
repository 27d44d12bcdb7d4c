"""A lost database connection or a busy database, through the test client: a page view is run
once more, a form answers 503 (never 500) and may be sent again, stored once and not refused
by a rate limit. tests/faults/ shows the same against gunicorn with real faults."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from dialog.extensions import db
from dialog.participation import queries
from dialog.participation.models import Comment
from tests.factories import form_fields, make_goal, make_user, sign_in


def lost_connection() -> OperationalError:
    return OperationalError(
        "SELECT 1", {}, Exception("server closed the connection unexpectedly"), True
    )


class Failing:
    """Stands in for a function: raises `error` the first `times` calls, then calls it."""

    def __init__(self, function, times: int, error=None):
        self.function, self.times, self.calls = function, times, 0
        self.error = error or lost_connection()

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls <= self.times:
            raise self.error
        return self.function(*args, **kwargs)


@pytest.fixture
def goal(app_context):
    return make_goal()


def test_page_view_that_lost_its_connection_is_run_once_more(client, goal, monkeypatch):
    failing = Failing(queries.comment_window, times=1)
    monkeypatch.setattr(queries, "comment_window", failing)
    response = client.get(f"/mal/{goal.id}")
    assert response.status_code == 200
    assert "Trygga parker" in response.get_data(as_text=True)
    assert failing.calls == 2


@pytest.mark.parametrize(
    ("language", "title", "advice"),
    [
        ("sv", "Sidan kunde inte visas", "Ladda om sidan om en stund"),
        ("en", "The page could not be shown", "Please reload the page in a moment"),
    ],
)
def test_page_view_failing_twice_answers_503(client, goal, monkeypatch, language, title, advice):
    failing = Failing(queries.comment_window, times=2)
    monkeypatch.setattr(queries, "comment_window", failing)
    response = client.get(f"/mal/{goal.id}?lang={language}")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert title in page and advice in page
    assert failing.calls == 2  # once more, not forever


def test_other_database_errors_stay_500(app, client, goal, monkeypatch):
    broken = IntegrityError("INSERT", {}, Exception("a bug"))
    monkeypatch.setattr(queries, "comment_window", Failing(queries.comment_window, 1, broken))
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    assert client.get(f"/mal/{goal.id}").status_code == 500


def _comment_form(client, goal_id: int, body: str) -> dict:
    fields = form_fields(client.get(f"/mal/{goal_id}").get_data(as_text=True))
    return {**fields, "body": body, "category": "", "website": ""}


def _count_comments() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Comment))


@pytest.mark.parametrize(
    ("language", "title", "button"),
    [
        ("sv", "Det du skickade sparades inte", "Skicka igen"),
        ("en", "What you sent was not saved", "Send again"),
    ],
)
def test_form_whose_commit_failed_answers_503_and_is_stored_once_when_sent_again(
    app, client, goal, monkeypatch, language, title, button
):
    monkeypatch.setitem(app.config, "LIMIT_POST_ACCOUNT", "1 per minute")
    make_user()
    sign_in(client)
    data = _comment_form(client, goal.id, 'Fler lampor vid "dammen", <tack>.')
    failing = Failing(db.session.commit, times=1)
    monkeypatch.setattr(db.session, "commit", failing)

    failed = client.post(f"/mal/{goal.id}/kommentera?lang={language}", data=data)
    page = failed.get_data(as_text=True)
    assert failed.status_code == 503
    assert title in page and button in page
    assert _count_comments() == 0  # nothing was saved, as the page says
    # The page holds the form to send again, with what was written, escaped.
    again = form_fields(page)
    assert again["submission_token"] == data["submission_token"]
    assert 'value="Fler lampor vid &#34;dammen&#34;, &lt;tack&gt;."' in page

    # Sent again: stored, and the failed sending was not charged to the 1-per-minute limit.
    resent = client.post(f"/mal/{goal.id}/kommentera", data=data)
    assert resent.status_code == 302
    assert _count_comments() == 1
    # Sent once more (the answer was lost): the same comment, neither refused nor stored twice.
    repeated = client.post(f"/mal/{goal.id}/kommentera", data=data)
    assert repeated.status_code == 302
    assert repeated.headers["Location"] == resent.headers["Location"]
    assert _count_comments() == 1
    # A new comment is what the limit counts.
    refused = client.post(f"/mal/{goal.id}/kommentera", data=_comment_form(client, goal.id, "Ny"))
    assert refused.status_code == 429
    assert _count_comments() == 1


def test_sign_in_form_that_failed_is_not_written_into_the_page(client, app_context, monkeypatch):
    make_user()
    failing = Failing(db.session.commit, times=10)
    monkeypatch.setattr(db.session, "commit", failing)
    fields = form_fields(client.get("/konto/logga-in").get_data(as_text=True))
    response = client.post(
        "/konto/logga-in",
        data={"email": "anna@example.se", "password": "correct horse battery", **fields},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "correct horse battery" not in page and "Skicka igen" not in page
    assert "skicka det igen" in page


def test_json_api_answers_503_in_json(client, app_context, monkeypatch):
    from dialog.api import views

    failing = Failing(views.queries.list_municipalities, times=2)
    monkeypatch.setattr(views.queries, "list_municipalities", failing)
    response = client.get("/api/v1/municipalities")
    assert response.status_code == 503
    assert response.get_json() == {
        "error": {"status": 503, "message": "Service temporarily unavailable"}
    }


@pytest.mark.parametrize("action", ["betyg", "kommentera"])
def test_nothing_after_the_commit_needs_the_database(app, client, goal, monkeypatch, action):
    """A connection lost right after a view committed cannot turn the stored form into an
    error: no hook after the view (Cache-Control for the signed-in, the limits' charges, the
    session cookie) sends a statement, so none meets the lost connection. The form is stored,
    and the resident is told so."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from dialog.participation.models import Rating

    make_user()
    sign_in(client)
    fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    committed, after_commit = [], []
    commit = Session.commit

    def commit_then_lose_connection(self, *args, **kwargs):
        commit(self, *args, **kwargs)
        committed.append(True)

    def note(_conn, _cursor, statement, *_args):
        if committed:
            after_commit.append(statement)

    data = {"csrf_token": fields["csrf_token"]}
    if action == "betyg":
        data.update(importance="4", performance="2")
    else:
        data.update(body="Fler lampor, tack.", submission_token=fields["submission_token"])
    monkeypatch.setattr(Session, "commit", commit_then_lose_connection)
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.post(f"/mal/{goal.id}/{action}", data=data)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
        monkeypatch.undo()
    assert committed
    assert after_commit == []
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "private, no-store"
    db.session.expire_all()
    stored = Rating if action == "betyg" else Comment
    assert db.session.scalar(select(func.count()).select_from(stored)) == (
        2 if action == "betyg" else 1
    )


def _drop_every_connection(app) -> int:
    """What a database restart does to the pool: the server ends each of the app's connections
    (pg_terminate_backend, from a connection of its own)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as own:
        return len(
            own.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        )


@pytest.fixture
def pings(app, monkeypatch):
    """The pings the pool sends before handing out a connection (PostgreSQL's pre-ping)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pool_pre_ping is PostgreSQL's default only")
    sent: list[object] = []
    dialect = db.engine.dialect
    ping = dialect.do_ping

    def counted(dbapi_connection):
        sent.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return sent


def test_a_signed_in_goal_view_takes_its_connection_without_a_ping(app, client, goal, pings):
    """The reads-only page's one statement is its only round trip; anything else is pinged."""
    make_user()
    db.session.commit()
    sign_in(client)
    client.get(f"/mal/{goal.id}")  # the pool holds a used connection from here on
    pings.clear()
    assert client.get(f"/mal/{goal.id}").status_code == 200
    assert pings == []
    assert client.get("/mina-sidor/mina-data").status_code == 200
    assert pings != []


def test_a_signed_in_goal_view_on_a_dropped_connection_is_served(app, client, goal, pings):
    """Without the ping the view meets the dropped connection, and is run once more on a
    pinged (or new) one."""
    make_user()
    db.session.commit()
    sign_in(client)
    client.get(f"/mal/{goal.id}")
    db.session.remove()  # the test's own connection goes back to the pool too
    assert _drop_every_connection(app) >= 1
    response = client.get(f"/mal/{goal.id}")
    assert response.status_code == 200
    assert "Trygga parker" in response.get_data(as_text=True)


def test_a_form_sent_after_the_connections_were_dropped_is_stored(app, client, goal, pings):
    """A form's connection is pinged, found dropped and replaced: stored, no 503."""
    make_user()
    db.session.commit()
    sign_in(client)
    fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
    db.session.remove()
    assert _drop_every_connection(app) >= 1
    pings.clear()
    sent = client.post(
        f"/mal/{goal.id}/kommentera",
        data={
            "csrf_token": fields["csrf_token"],
            "submission_token": fields["submission_token"],
            "body": "Fler lampor, tack.",
        },
    )
    assert sent.status_code == 302
    assert pings != []
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
