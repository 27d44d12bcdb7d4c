"""Statistics on the dialogue: counts, rating distributions, breakdowns, SVG charts, summaries."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The summary pages, the public "what we heard" page, the officials' start-page link and
    official responses as a source of the summaries' response counts, and the opinion groups."""
    from dialog.accounts.manage import add_start_links
    from dialog.catalogue.sections import add_plan_section
    from dialog.insights import official
    from dialog.insights.feedback_views import bp as feedback_bp
    from dialog.insights.feedback_views import plan_section
    from dialog.insights.groups import views as _groups  # noqa: F401 (its routes on summaries)
    from dialog.insights.manage import bp as summaries_bp
    from dialog.insights.manage import start_links
    from dialog.insights.presentation import rating_caption

    app.register_blueprint(summaries_bp)
    app.register_blueprint(feedback_bp)
    add_start_links(app, start_links)
    add_plan_section(app, plan_section)
    # a rating table's caption (insights/_ratings.html: summary, report, "what we heard")
    app.add_template_global(rating_caption)
    official.register()
