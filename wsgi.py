"""Entry point for gunicorn and `flask --app wsgi`."""

from dialog import create_app

app = create_app()
