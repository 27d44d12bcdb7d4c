"""Official responses (återkoppling), goal status and official replies."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The officials' pages, the rules and the reminder job, and what responses adds to pages
    other areas own: a section of the goal page, links on the officials' start page, and the
    responses on goals a resident commented on, among the news on their My page."""
    from dialog.accounts.manage import add_start_links
    from dialog.catalogue.sections import add_goal_section
    from dialog.participation.news import register as add_news
    from dialog.responses import (
        manage,
        news,
        permissions,  # noqa: F401 (registers the rules)
        reminders,  # noqa: F401 (declares the scheduled job)
        statuses,  # noqa: F401 (adds the status list to manage.bp)
        views,
    )

    app.register_blueprint(manage.bp)
    add_goal_section(app, views.feedback_section)
    add_start_links(app, views.officials_links)
    add_news(app, news.responses_for)
