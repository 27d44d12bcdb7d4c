"""Configuration: defaults → instance/config.py → environment → explicit overrides."""

import os
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from flask import Flask


class ConfigError(RuntimeError):
    """Raised when the app cannot start safely with the configuration it was given."""


#: Room for the other fields and the multipart framing around an uploaded document.
FORM_OVERHEAD = 64 * 1024

DEFAULTS = {
    "DIALOG_ENV": "development",
    #: Where links in mail point: scheme, host and any path prefix. Required in production.
    "DIALOG_BASE_URL": "http://127.0.0.1:5000",
    #: Host names besides the base URL's that may appear in the Host header (comma list).
    "DIALOG_HOSTS": "",
    #: Sent in production only, where the site is served over HTTPS.
    "HSTS": "max-age=31536000; includeSubDomains",
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
    "LANGUAGES": ("sv", "en"),
    #: The language municipalities write their plans in; marked up on English pages.
    "CONTENT_LANGUAGE": "sv",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_QUERY_STRING_LENGTH": 2048,
    "SEARCH_MAX_LENGTH": 200,
    #: Slug of the municipality whose page is the start page (a one-municipality installation).
    "DIALOG_HOME_MUNICIPALITY": None,
    #: When the accessibility statement's self-assessment was last made.
    "ACCESSIBILITY_REVIEWED_ON": date(2026, 11, 28),
    #: When the statement's text last changed (plainer words), which may be after the review.
    "ACCESSIBILITY_STATEMENT_UPDATED_ON": date(2026, 12, 7),
    "IMPORT_MAX_BYTES": 2 * 1024 * 1024,
    #: Larger request bodies than MAX_CONTENT_LENGTH for the routes that take a document, by
    #: endpoint; derived from IMPORT_MAX_BYTES (plus room for the form) unless set.
    "BODY_LIMITS": None,
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    #: "Keep me signed in" lasts this long; a device unused for as long is signed out.
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    # Accounts and mail. Without MAIL_SERVER, mail is written to MAIL_OUTBOX as .eml files.
    "MAIL_SERVER": None,
    "MAIL_PORT": 587,
    "MAIL_USE_TLS": True,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_SENDER": "Dialog <noreply@localhost>",
    "MAIL_OUTBOX": None,
    #: werkzeug's scrypt (N=32768, r=8, p=1: 32 MiB per hash).
    "PASSWORD_HASH_METHOD": "scrypt",
    #: Versions of the dialogue rules and privacy notice that registration records. Nothing
    #: compares them: a resident who accepted an earlier version is not asked again (a new
    #: version clarifies; it must not lock anyone out), and the page's "What changed in
    #: version …" line tells what is new. A change in what is stored or why needs more.
    "RULES_VERSION": "2026-12",
    "PRIVACY_VERSION": "2026-12",
    # One-time links in mail, in seconds.
    "VERIFY_LINK_MAX_AGE": 24 * 3600,
    "EMAIL_LINK_MAX_AGE": 24 * 3600,
    "RESET_LINK_MAX_AGE": 3600,
    # Officials.
    #: The name authenticator apps show next to the code.
    "SECOND_FACTOR_ISSUER": "Dialog",
    #: Seconds between a right password and the code before the password must be given again.
    "PENDING_SIGN_IN_MAX_AGE": 600,
    "INVITATION_MAX_AGE_DAYS": 7,
    "AUDIT_PER_PAGE": 50,
    #: Goals per page in the officials' list of goals waiting for a response.
    "RESPONSES_PER_PAGE": 50,
    #: Administrators are reminded once this many days after a dialogue window with comments
    #: closed without a published response; the job looks this often (beat, seconds).
    "RESPONSE_REMINDER_DAYS": 30,
    "RESPONSE_REMINDER_SECONDS": 3600,
    #: The old address may undo an e-mail change for a week: its owner may be away.
    "UNDO_LINK_MAX_AGE": 7 * 24 * 3600,
    #: Words no display name may contain or start or end with (compared without case or
    #: accents), besides every municipality's name.
    "RESERVED_NAME_WORDS": (
        "kommun",
        "moderator",
        "administratör",
        "admin",
        "handläggare",
        "official",
        "officiell",
        "tjänsteman",
        "tjänsteperson",
    ),
    #: Where `next=` falls back to and where a visitor lands after leaving (an endpoint).
    "HOME_ENDPOINT": "catalogue.index",
    # Participation.
    "COMMENT_MAX_LENGTH": 2000,
    "COMMENT_EDIT_MINUTES": 15,
    "COMMENT_MAX_LINKS": 3,
    "COMMENTS_PER_PAGE": 50,
    "REPORT_THRESHOLD": 3,
    "RATING_MIN_RESPONDENTS": 5,
    #: Reverse proxies in front of the app whose X-Forwarded-* headers are trusted; per-IP
    #: rate limits need the client's address, not the proxy's.
    "DIALOG_PROXY_COUNT": 0,
    #: When set (DIALOG_INSTANCE=a), every response names the server that made it in the
    #: X-Dialog-Instance header: which of several servers behind a load balancer answered.
    "DIALOG_INSTANCE": None,
    # Rate limits (Flask-Limiter syntax); storage is in memory unless REDIS_URL is set.
    "RATELIMIT_STORAGE_URI": "memory://",
    #: Off: X-RateLimit-* on every limited form costs two round trips to Redis; a refusal
    #: still says Retry-After (accounts/limits.py `retry_after`).
    "RATELIMIT_HEADERS_ENABLED": False,
    #: Failed sign-ins from one address, whatever the account.
    "LIMIT_SIGN_IN_IP": "20 per minute;100 per hour",
    #: Failed sign-ins to one account from one address; the steps make a backoff.
    "LIMIT_SIGN_IN_ACCOUNT": "5 per minute;10 per 10 minutes;20 per hour;50 per day",
    #: Accounts created from one address (a school class or a library shares one).
    "LIMIT_REGISTER_IP": "30 per hour;100 per day",
    "LIMIT_MAIL_IP": "5 per hour",
    "LIMIT_MAIL_ACCOUNT": "3 per hour",
    "LIMIT_POST_ACCOUNT": "5 per minute;60 per day",
    "LIMIT_POST_IP": "20 per minute;300 per day",
    "LIMIT_ACT_ACCOUNT": "60 per minute",
    # Background jobs (dialog/jobs.py). Without a broker they run in-process after each commit.
    "REDIS_URL": None,
    #: Overrides REDIS_URL as the Celery broker (e.g. amqp://… for RabbitMQ).
    "CELERY_BROKER_URL": None,
    "CELERY_RESULT_BACKEND": None,
    #: Further Celery settings by their lower-case names, e.g. {"task_default_queue": "dialog"}.
    "CELERY": {},
    # The mail outbox (dialog/core/outbox.py).
    #: How long a worker may hold a message it is sending before another may take it over.
    "OUTBOX_LEASE_SECONDS": 300,
    "OUTBOX_MAX_ATTEMPTS": 8,
    #: Retries wait 1, 2, 4 … times this, up to OUTBOX_MAX_BACKOFF_SECONDS (kept under Redis'
    #: one-hour visibility timeout, after which a waiting retry would be handed out again).
    "OUTBOX_BACKOFF_SECONDS": 60,
    "OUTBOX_MAX_BACKOFF_SECONDS": 1800,
    #: How often the sweep looks for messages a lost job left behind.
    "OUTBOX_SWEEP_SECONDS": 60,
    #: A new message is left to its own job this long before the sweep takes it.
    "OUTBOX_SWEEP_GRACE_SECONDS": 60,
    "OUTBOX_SWEEP_BATCH": 500,
    # The moderation desk's mail to moderators (dialog/moderation/alerts.py).
    #: How often "at once" subscribers are told about new items (the beat period).
    "MODERATION_ALERT_SECONDS": 300,
    #: How often the digest goes to "once a day" subscribers.
    "MODERATION_DIGEST_SECONDS": 86_400,
    #: How often plans' opinion groups are computed again when their ratings have changed.
    "OPINION_GROUPS_REFRESH_SECONDS": 900,
    #: How often every goal's and focus area's readable-comment count rows are folded into one
    #: (dialog/participation/shown.py).
    "SHOWN_COUNT_FOLD_SECONDS": 600,
    #: Sent messages (which hold links and addresses) are deleted after this many days.
    "OUTBOX_KEEP_DAYS": 7,
    #: Attempts at a second-factor code, per account.
    "LIMIT_SECOND_FACTOR": "5 per minute;20 per hour",
}


def load_config(app: Flask, overrides: dict | None) -> None:
    """Fill app.config in order of precedence and derive what depends on it."""
    app.config.update(DEFAULTS)
    app.config.from_pyfile(Path(app.instance_path) / "config.py", silent=True)
    _from_environment(app)
    if overrides:
        app.config.update(overrides)
    production = app.config["DIALOG_ENV"] == "production"
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _default_database_uri(app))
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = merge_settings(
        _engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {},
    )
    if production:
        refuse_unsafe_production(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
    if app.config["BODY_LIMITS"] is None:
        upload = app.config["IMPORT_MAX_BYTES"] + FORM_OVERHEAD
        app.config["BODY_LIMITS"] = {"catalogue_admin.upload": upload, "channels.upload": upload}
    base = parse_base_url(app.config["DIALOG_BASE_URL"])
    app.config["DIALOG_BASE_URL"] = base.geturl()
    hosts = _host_list(app.config["DIALOG_HOSTS"])
    if app.config.get("TRUSTED_HOSTS") is None and (production or hosts):
        app.config["TRUSTED_HOSTS"] = [base.hostname, *hosts]
    if not app.config["MAIL_OUTBOX"]:
        app.config["MAIL_OUTBOX"] = str(Path(app.instance_path) / "outbox")
    if production:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def refuse_unsafe_production(config: Mapping[str, Any]) -> None:
    """Every missing or unsafe production setting, named in one ConfigError."""
    problems = []
    if not config.get("SECRET_KEY"):
        problems.append("SECRET_KEY must be set (a long random value, the same on every server)")
    if not str(config.get("DIALOG_BASE_URL") or "").startswith("https://"):
        problems.append(
            "DIALOG_BASE_URL must be set to the site's public https:// address "
            "(links in mail are built from it)"
        )
    workers = os.environ.get("WEB_CONCURRENCY", "1")
    if workers.isascii() and workers.isdigit():  # "²" is a digit to isdigit, not to int
        problems.extend(rate_limit_problems(config, int(workers)))
    if problems:
        raise ConfigError(
            "Dialog cannot start with DIALOG_ENV=production:\n- " + "\n- ".join(problems)
        )


def rate_limit_problems(config: Mapping[str, Any], workers: int) -> list[str]:
    """Several processes with limits in memory would each count on their own."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if config.get("DIALOG_ENV") == "production" and workers > 1 and storage.startswith("memory"):
        return [
            f"REDIS_URL must be set when more than one worker serves ({workers} configured): "
            "rate limits kept in memory are counted by each worker on its own"
        ]
    return []


def check_workers(config: Mapping[str, Any], workers: int) -> None:
    """Called by gunicorn.conf.py with the real worker count before any worker starts."""
    problems = rate_limit_problems(config, workers)
    if problems:
        raise ConfigError("Dialog cannot start with DIALOG_ENV=production:\n- " + problems[0])


def parse_base_url(url: str) -> SplitResult:
    """http(s)://host[:port][/prefix], nothing else: mail links are built from it."""
    parts = urlsplit(str(url).strip().rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"DIALOG_BASE_URL must look like https://dialog.example.se, not {url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError("DIALOG_BASE_URL must have no user, query or fragment")
    return parts


def _host_list(value: str | Iterable[str] | None) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or ())
    return [item.strip().lower() for item in items if item.strip()]


def _from_environment(app: Flask) -> None:
    env = os.environ
    if "DATABASE_URL" in env:
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if "SECRET_KEY" in env:
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    if "REDIS_URL" in env:
        app.config["REDIS_URL"] = env["REDIS_URL"]
        app.config["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
    for key in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        if key in env:
            app.config[key] = env[key]
    for key in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_SENDER"):
        if key in env:
            app.config[key] = env[key]
    if "MAIL_PORT" in env:
        app.config["MAIL_PORT"] = int(env["MAIL_PORT"])
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


def merge_settings(defaults: dict, given: dict) -> dict:
    """The defaults with what the operator set on top, nested dicts (connect_args) merged too.

    An operator who adds `pool_size` keeps the defaults' `pool_pre_ping`; one who sets
    `connect_args={"check_same_thread": False}` keeps SQLite's busy timeout.
    """
    merged = dict(defaults)
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_settings(merged[key], value)
        else:
            merged[key] = value
    return merged


def _engine_options(url: str) -> dict:
    """Defaults per database; `SQLALCHEMY_ENGINE_OPTIONS` from the operator is merged on top."""
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
