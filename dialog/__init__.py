"""Dialog: citizen dialogue on a municipality's goals."""

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI, errors."""
    app = Flask(
        __name__,
        # instance/config.py is read from here; DIALOG_INSTANCE_PATH moves it (e.g. /etc/dialog).
        instance_path=os.environ.get("DIALOG_INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )

    # Configuration: defaults, instance file, environment, then the caller's overrides.
    from dialog.config import load_config

    load_config(app, config)

    # Extensions, each bound to this app.
    from dialog.extensions import init_extensions

    init_extensions(app)

    # The signed session cookie, each distinct cookie checked once per process.
    from dialog.core import cookie_session

    cookie_session.init_app(app)

    # URL converters before any route: ids within range, no control characters in parameters.
    from dialog.core.urls import init_converters

    init_converters(app)

    # Blueprints: public pages, accounts, responses, summaries, participation, moderation, then
    # the API (responses first: its section of the goal page comes before the dialogue).
    from dialog import channels, exports, insights, moderation, participation, responses, themes
    from dialog.accounts import (
        manage_audit,  # noqa: F401 (adds the audit log to manage.bp)
        second_factor,
    )
    from dialog.accounts import settings as account_settings
    from dialog.accounts import views as account_views
    from dialog.accounts.manage import bp as manage_bp
    from dialog.api.docs import bp as api_docs_bp
    from dialog.api.views import bp as api_bp
    from dialog.catalogue.admin import (  # noqa: F401 (their routes)
        site_views,
        upload_views,
        window_views,
    )
    from dialog.catalogue.admin.views import bp as catalogue_admin_bp
    from dialog.catalogue.views import bp as catalogue_bp
    from dialog.core import i18n, reading

    app.register_blueprint(catalogue_bp)
    reading.init_app(app)  # before the hooks that ask the database
    i18n.init_app(app)
    account_views.init_app(app)
    app.register_blueprint(account_settings.bp)
    app.register_blueprint(second_factor.bp)
    app.register_blueprint(manage_bp)
    responses.init_app(app)
    app.register_blueprint(catalogue_admin_bp)
    insights.init_app(app)
    themes.init_app(app)
    exports.init_app(app)
    participation.init_app(app)
    moderation.init_app(app)
    channels.init_app(app)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_docs_bp)

    # Command-line interface: `flask dialog …`.
    from dialog.cli import dialog_cli

    app.cli.add_command(dialog_cli)

    # Background jobs: Celery on a broker, or in-process after each commit (every job is
    # declared by now, since the blueprints and the CLI imported their modules).
    from dialog import jobs

    jobs.init_app(app)

    # Error pages, request guards, security headers and template filters; then the shared
    # cache's write notes and headers.
    from dialog.core import cache, errors, security, templating

    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    cache.init_app(app)

    # Last, so that its hooks run first: a database connection lost after a view committed.
    from dialog.core import faults

    faults.init_app(app)

    # Requests: trusted proxies' X-Forwarded-* applied, then the Host checked; outside the
    # shared pages' fast path (cache.init_app), which needs both.
    from dialog.core.security import wrap_wsgi

    wrap_wsgi(app)
    return app
