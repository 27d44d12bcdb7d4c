"""Configuration: secrets, database URLs and SQLite pragmas."""

import pytest
from flask import Flask
from sqlalchemy import text

from dialog import create_app
from dialog.config import (
    ConfigError,
    _development_secret,
    _engine_options,
    load_config,
    normalise_database_url,
)
from dialog.extensions import db


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"DIALOG_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_uses_secure_session_cookies():
    app = create_app(
        {
            "DIALOG_ENV": "production",
            "SECRET_KEY": "x" * 32,
            "DIALOG_BASE_URL": "https://dialog.example.se",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
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


def test_instance_config_file_is_read_and_engine_options_merge_with_the_defaults(tmp_path):
    (tmp_path / "config.py").write_text(
        'COMMENT_MAX_LENGTH = 500\nSQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": 300}\n'
    )
    app = Flask("instance_test", instance_path=str(tmp_path))
    load_config(app, {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"})
    assert app.config["COMMENT_MAX_LENGTH"] == 500
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "connect_args": {"timeout": 15},
        "pool_recycle": 300,
    }
    assert "DEFAULTS" not in app.config


@pytest.mark.parametrize(
    ("url", "given", "expected"),
    [
        (
            "postgresql://u@db.example/dialog",
            {"pool_size": 20},
            {"pool_pre_ping": True, "pool_size": 20},
        ),
        ("postgresql://u@db.example/dialog", {"pool_pre_ping": False}, {"pool_pre_ping": False}),
        (
            "postgresql://u@db.example/dialog",
            {"connect_args": {"sslmode": "require"}},
            {"pool_pre_ping": True, "connect_args": {"sslmode": "require"}},
        ),
        (
            "sqlite:///x.db",
            {"connect_args": {"check_same_thread": False}},
            {"connect_args": {"timeout": 15, "check_same_thread": False}},
        ),
        ("sqlite:///x.db", {"connect_args": {"timeout": 30}}, {"connect_args": {"timeout": 30}}),
    ],
)
def test_operator_engine_options_are_merged_with_the_defaults(make_app, url, given, expected):
    app = make_app(SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=given)
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == expected


def test_merged_engine_options_reach_the_engine(make_app):
    app = make_app(
        SQLALCHEMY_DATABASE_URI="postgresql://u@db.example/dialog",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 7},
    )
    with app.app_context():
        assert db.engine.pool.size() == 7
        # The pre-ping, on: done by a checkout listener (dialog/core/reading.py) instead.
        assert db.engine.pool._pre_ping is False
        assert len(db.engine.pool.dispatch.checkout) == 1


def test_instance_config_is_read_and_the_environment_and_overrides_win(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'LIMIT_REGISTER_IP = "7 per hour"\n'
        "COMMENT_MAX_LENGTH = 1234\n"
        'MAIL_SENDER = "Instance <a@example.se>"\n'
        'MAIL_SERVER = "smtp.instance.example"\n'
    )
    monkeypatch.setenv("DIALOG_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("MAIL_SENDER", "Environment <b@example.se>")
    app = create_app({"SECRET_KEY": "x", "COMMENT_MAX_LENGTH": 999})
    assert app.instance_path == str(tmp_path)
    assert app.config["LIMIT_REGISTER_IP"] == "7 per hour"  # instance over defaults
    assert app.config["MAIL_SERVER"] == "smtp.instance.example"
    assert app.config["MAIL_SENDER"] == "Environment <b@example.se>"  # environment over it
    assert app.config["COMMENT_MAX_LENGTH"] == 999  # explicit overrides over everything


def test_the_instance_folder_is_next_to_the_package_by_default(monkeypatch):
    from dialog import ROOT

    monkeypatch.delenv("DIALOG_INSTANCE_PATH")
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.instance_path == str(ROOT / "instance")
