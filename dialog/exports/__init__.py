"""Exports of the dialogue: one row model (rows.py), one writer per format (writers.py, report)."""

from flask import Flask

# The report's sections register themselves when the package is first imported; the optional
# ones import the standard ones first, whose places they are put before.
from dialog.exports import (
    report_groups,  # noqa: F401
    report_sections,  # noqa: F401
    theme_section,  # noqa: F401
)


def init_app(app: Flask) -> None:
    """The downloads: exports, reports and the disclosure export."""
    from dialog.exports.views import bp

    app.register_blueprint(bp)
