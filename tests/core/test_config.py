"""Configuration: secrets, database URLs and SQLite pragmas."""

import pytest
from sqlalchemy import text

from dialog import create_app
from dialog.config import ConfigError, _development_secret, _engine_options, normalise_database_url
from dialog.extensions import db


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"DIALOG_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_uses_secure_session_cookies():
    app = create_app(
        {"DIALOG_ENV": "production", "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_development_secret_is_generated_once_and_kept(tmp_path):
    first = _development_secret(tmp_path)
    assert len(first) == 64
    assert _development_secret(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_database_url_is_used(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/dialog")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/dialog"
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://a@b/c", "postgresql+psycopg://a@b/c"),
        ("postgresql://a@b/c", "postgresql+psycopg://a@b/c"),
        ("postgresql+psycopg://a@b/c", "postgresql+psycopg://a@b/c"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_psycopg_3(given, expected):
    assert normalise_database_url(given) == expected


def test_sqlite_gets_a_busy_timeout():
    assert _engine_options("sqlite:///x.db") == {"connect_args": {"timeout": 15}}


def test_sqlite_connections_have_wal_foreign_keys_and_busy_timeout(app_context):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only apply to SQLite")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        assert connection.execute(text("SELECT casefold('ÅÄÖ')")).scalar() == "åäö"
