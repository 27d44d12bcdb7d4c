"""Exports of the dialogue: one row model (rows.py), one writer per format (writers.py, report)."""

# The report's standard sections register themselves when the package is first imported.
from dialog.exports import report_sections  # noqa: F401
