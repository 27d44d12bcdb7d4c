"""Extension objects, created unbound and initialised in the factory."""

from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from dialog.core.limiter import Limiter
from dialog.core.login import LoginManager
from dialog.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
#: Rendered public pages (dialog/core/cache.py): Redis when REDIS_URL is set, else in process.
cache = Cache()
#: Limits are declared on the routes; storage is memory:// or REDIS_URL (shared by servers).
limiter = Limiter(key_func=get_remote_address)


def init_extensions(app: Flask) -> None:
    """Bind every extension to the app; SQLite gets its pragmas on each connection."""
    from dialog.core.i18n import select_locale

    db.init_app(app)
    # The migrations sit beside the package (app.root_path is dialog/).
    migrations = Path(app.root_path).parent / "migrations"
    migrate.init_app(app, db, directory=str(migrations), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)
    cache.init_app(app, config=_cache_config(app))
    with app.app_context():
        from dialog.db import configure_engine

        configure_engine(db.engine)


def _cache_config(app: Flask) -> dict:
    """CACHE_TYPE from the config wins; else Redis when REDIS_URL is set, else in process.
    The keys carry the release (dialog/core/release.py): a deploy starts with an empty cache."""
    from dialog.core.release import release_of

    release = app.config.setdefault("CODE_RELEASE", release_of(app))
    kind = app.config.get("CACHE_TYPE") or ("RedisCache" if app.config.get("REDIS_URL") else "")
    config = {
        "CACHE_TYPE": kind or "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_DEFAULT_TIMEOUT", 300),
        "CACHE_KEY_PREFIX": f"{app.config.get('CACHE_KEY_PREFIX', 'dialog:')}{release}:",
        # Tests turn the cache off on purpose (tests/conftest.py).
        "CACHE_NO_NULL_WARNING": True,
        "CACHE_THRESHOLD": 500,
    }
    if kind == "RedisCache":
        config["CACHE_REDIS_URL"] = app.config.get("CACHE_REDIS_URL") or app.config["REDIS_URL"]
    return config
