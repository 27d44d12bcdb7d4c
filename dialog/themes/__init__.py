"""Themes in residents' comments: Swedish text analysis, grouping, officials' changes, tags."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The themes pages and their forms; the models and the job are registered on import."""
    from dialog.themes import models, services  # noqa: F401 (tables and the job)
    from dialog.themes.manage import bp

    app.register_blueprint(bp)
