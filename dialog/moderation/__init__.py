"""The moderation desk: decisions on comments, policy and word list, blocks, mail, retention."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Routes, and what moderation adds to pages other areas own: the officials' start page
    (the desk and its settings) and the dialogue rules (the reasons moderators give)."""
    from dialog.accounts.hooks import add_rule_reasons
    from dialog.accounts.manage import add_start_links
    from dialog.moderation import manage, manage_tools

    app.register_blueprint(manage.bp)
    add_start_links(app, manage_tools.start_links)
    add_rule_reasons(app, manage_tools.rule_reasons)
