"""Fixtures: one migrated database per xdist worker, rows deleted after each test."""

import contextvars
import itertools
import os
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import delete, event, exists, literal, select, text, union_all
from sqlalchemy.pool import Pool

from dialog import create_app
from dialog.extensions import db, limiter
from tests.databases import backend, create_database

#: The Redis database that tests outside the production-like server use.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production, even inside a test's app context.

    Without this, a test's `app_context` would share `g` (the signed-in user, the CSRF token)
    and the database session with every request it makes.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _instance_folder(tmp_path_factory):
    """Apps made in tests never read the developer's instance/config.py."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIALOG_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
        yield


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url, remove = create_database(worker)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME": None,
            "MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox")),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            # Jobs run in-process even when the environment names a broker.
            "REDIS_URL": None,
            "CELERY_BROKER_URL": None,
            # Rendered pages are not kept between requests: a test that changes the clock or the
            # config sees its change; tests/core/test_cache.py turns the cache on for itself.
            "CACHE_TYPE": "NullCache",
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    remove()


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Each test starts from an empty schema; browser modules clean up themselves."""
    yield
    if "app" not in request.fixturenames or request.node.get_closest_marker("browser"):
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        delete_all_rows()
        limiter.reset()
    for message in Path(app.config["MAIL_OUTBOX"]).glob("*.eml"):
        message.unlink()


def delete_all_rows() -> None:
    """Empty the tables that hold rows: one query finds them, where a DELETE for each of the
    fifty-odd tables made a round trip each after every test."""
    db.session.rollback()
    tables = list(reversed(db.metadata.sorted_tables))
    probe = union_all(
        *(select(literal(number)).where(exists().select_from(t)) for number, t in enumerate(tables))
    )
    filled = [tables[number] for number in sorted(db.session.scalars(probe))]
    if not filled:
        return
    audited = any(table.name == "audit_entries" for table in filled)
    with audit_triggers_suspended() if audited else nullcontext():
        for table in filled:
            db.session.execute(delete(table))
    db.session.commit()


@contextmanager
def audit_triggers_suspended():
    """The audit log refuses DELETE (see the officials migration); tests still start empty.

    Inside the caller's transaction: PostgreSQL disables the table's triggers (only its owner
    may), SQLite drops them and creates them again from their own stored definitions.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
        yield
        db.session.execute(text("ALTER TABLE audit_entries ENABLE TRIGGER USER"))
        return
    triggers = db.session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": "audit_entries"},
    ).all()
    for name, _sql in triggers:
        db.session.execute(text(f'DROP TRIGGER "{name}"'))
    try:
        yield
    finally:
        for _name, sql in triggers:
            db.session.execute(text(sql))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def seeded(app):
    """The shipped Lund and Lomma content."""
    from dialog.catalogue.services import import_documents, seed_files

    with app.app_context():
        report, problems = import_documents(seed_files())
        assert problems == []
        db.session.commit()
        db.session.remove()
    return report


@pytest.fixture
def outbox(app):
    """The mails written so far, oldest first."""
    from tests.factories import Outbox

    return Outbox(Path(app.config["MAIL_OUTBOX"]))


@pytest.fixture
def make_app(app):
    """More app instances on the test database (think: more servers); engines closed after."""
    made = []

    def build(**overrides):
        settings = {
            key: app.config[key]
            for key in (
                "SQLALCHEMY_DATABASE_URI",
                "SECRET_KEY",
                "MAIL_OUTBOX",
                "PASSWORD_HASH_METHOD",
                "REDIS_URL",
                "CELERY_BROKER_URL",
                "CACHE_TYPE",
            )
        }
        settings["TESTING"] = True
        settings.update(overrides)
        made.append(create_app(settings))
        return made[-1]

    yield build
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def production_server(tmp_path):
    """Start gunicorn as in production (tests/server.py): `production_server(**options)` gives a
    running `Server`, each on its own free port and fresh database; all are stopped and their
    databases and Redis keys removed after the test. Options: database, workers, threads,
    config (settings for the server), redis, celery, seed, share_with (another Server whose
    database and Redis prefix to use). Tests using it are marked `server`."""
    from tests.server import REDIS_URL, redis_available, start_server

    numbers = itertools.count()
    started = []
    with ExitStack() as stack:

        def start(**options):
            wants_redis = options.get("redis")
            if wants_redis is None:
                wants_redis = (options.get("database") or backend()) == "postgresql"
            if (wants_redis or options.get("celery")) and not redis_available():
                if os.environ.get("REQUIRE_REDIS") or os.environ.get("CI"):
                    pytest.fail(f"Redis at {REDIS_URL} is required here")
                pytest.skip(f"Redis is not reachable at {REDIS_URL}")
            directory = tmp_path / f"server{next(numbers)}"
            started.append(stack.enter_context(start_server(directory, **options)))
            return started[-1]

        yield start
        for server in started:  # pytest shows it when the test failed
            print(f"--- {server.url} ({server.log_path}) ---\n{server.log()[-30_000:]}")


def pytest_collection_modifyitems(config, items):
    """Server tests are marked `server`; tests marked `no_database` give the same result on
    either database, so the PostgreSQL run leaves them to the SQLite run."""
    for item in items:
        if "production_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)
    if backend() != "postgresql":
        return
    once = [item for item in items if item.get_closest_marker("no_database")]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if not item.get_closest_marker("no_database")]


@pytest.fixture(autouse=True)
def _no_database_means_none(request):
    """A test marked `no_database` that opens a database connection fails, so that no test that
    touches the database is left out of the PostgreSQL run by mistake."""
    if not request.node.get_closest_marker("no_database"):
        yield
        return

    def refuse(*_args):
        raise AssertionError(f"{request.node.nodeid} is marked no_database but connected to one")

    event.listen(Pool, "connect", refuse)
    try:
        yield
    finally:
        event.remove(Pool, "connect", refuse)


@pytest.fixture
def redis_prefix():
    """A fresh key prefix on the test Redis, its keys deleted afterwards; skipped without Redis,
    except in CI."""
    import uuid

    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        client.close()
        if os.environ.get("REQUIRE_REDIS") or os.environ.get("CI"):
            pytest.fail(f"Redis at {TEST_REDIS_URL} is required here: {error}")
        pytest.skip(f"Redis is not reachable at {TEST_REDIS_URL}")
    prefix = f"dialog-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def redis_settings(redis_prefix):
    """Settings for a Flask-Caching Redis cache under a fresh key prefix."""
    return {
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": TEST_REDIS_URL,
        "CACHE_KEY_PREFIX": f"{redis_prefix}:",
    }
