"""Residents take part: comments, replies, ratings, reactions and reports on goals and focus
areas."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Routes, template helpers, the search source, and what participation adds to pages that
    other areas own: the goal page's dialogue section, My page, my data and account erasure."""
    from dialog.accounts.hooks import add_eraser, add_my_page_section, add_personal_data
    from dialog.accounts.sessions import add_rider
    from dialog.catalogue.sections import add_focus_area_section, add_goal_section
    from dialog.catalogue.site import add_path_owner
    from dialog.participation import (
        activity,
        comments,
        mine,
        reply_mail,
        search,
        templating,
        views,
        with_account,
    )
    from dialog.participation.personal_data import participation_data

    templating.init_app(app)
    search.init_app()
    activity.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(comments.bp)
    app.register_blueprint(reply_mail.bp)
    app.add_template_global(reply_mail.take_offer, "reply_mail_offer")
    add_goal_section(app, views.goal_section)
    # A sign-in on the way to a comment's page carries its municipality's header.
    add_path_owner(app, "comment_id", comments.municipality_of)
    add_focus_area_section(app, views.goal_section)
    # The reader's rows on a goal page come with their account (one statement less per view).
    add_rider(app, "catalogue.goal", with_account.RIDER)
    add_my_page_section(app, mine.my_page_section)
    add_personal_data(app, participation_data)
    add_eraser(app, mine.erase)
