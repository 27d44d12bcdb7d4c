"""Comments from other channels: paper forms, meetings, e-mail, phone and surveys, imported
from a file onto a goal so that they are summarised and exported with the site's comments."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The officials' list, upload form and publish button for a goal's imported comments."""
    from dialog.channels.manage import bp

    app.register_blueprint(bp)
