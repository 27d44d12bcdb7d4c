"""Exports of the dialogue: one row model (rows.py), one writer per format (writers.py, report)."""
