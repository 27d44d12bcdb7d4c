"""Residents take part: comments, replies, ratings, reactions and reports on goals."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Routes, template helpers, the search source, and the goal page's dialogue section."""
    from dialog.catalogue.sections import add_goal_section
    from dialog.participation import comments, mine, search, templating, views

    templating.init_app(app)
    search.init_app()
    app.register_blueprint(views.bp)
    app.register_blueprint(comments.bp)
    app.register_blueprint(mine.bp)
    add_goal_section(app, views.goal_section)
