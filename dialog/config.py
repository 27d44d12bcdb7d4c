"""Configuration: defaults → instance/config.py → environment → explicit overrides."""

import os
import secrets
from pathlib import Path

from flask import Flask


class ConfigError(RuntimeError):
    """Raised when the app cannot start safely with the configuration it was given."""


DEFAULTS = {
    "DIALOG_ENV": "development",
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
    "LANGUAGES": ("sv", "en"),
    #: The language municipalities write their plans in; marked up on English pages.
    "CONTENT_LANGUAGE": "sv",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_QUERY_STRING_LENGTH": 2048,
    "SEARCH_MAX_LENGTH": 200,
    "IMPORT_MAX_BYTES": 2 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
}


def load_config(app: Flask, overrides: dict | None) -> None:
    """Fill app.config in order of precedence and derive what depends on it."""
    app.config.update(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    _from_environment(app)
    if overrides:
        app.config.update(overrides)
    production = app.config["DIALOG_ENV"] == "production"
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _default_database_uri(app))
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        if production:
            raise ConfigError("SECRET_KEY must be set when DIALOG_ENV=production")
        app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
    if production:
        app.config["SESSION_COOKIE_SECURE"] = True


def _from_environment(app: Flask) -> None:
    env = os.environ
    if "DATABASE_URL" in env:
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if "SECRET_KEY" in env:
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    for key, value in env.items():
        if key.startswith("DIALOG_"):
            app.config[key] = value


def _default_database_uri(app: Flask) -> str:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'dialog.sqlite'}"


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for every PostgreSQL URL, whatever spelling the operator chose."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _engine_options(url: str) -> dict:
    if url.startswith("postgresql"):
        return {"pool_pre_ping": True}
    return {"connect_args": {"timeout": 15}}


def _development_secret(instance: Path) -> str:
    """Generate a key once and keep it, so that sessions survive a restart in development."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
