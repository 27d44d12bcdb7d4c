"""What `celery -A dialog.worker worker` runs: the Flask app's Celery, bound to a broker.

Kept apart from `dialog.jobs` so that the jobs module, which the factory imports, never
imports the factory back.
"""

from celery import Celery

import dialog
from dialog.jobs import has_broker


def __getattr__(name: str) -> Celery:
    """`celery -A dialog.worker worker` asks this module for `celery`: build the app for it."""
    if name != "celery":
        raise AttributeError(name)
    app = dialog.create_app()
    if not has_broker(app):
        raise RuntimeError(
            "The worker needs REDIS_URL or CELERY_BROKER_URL; without them jobs run in the "
            "web process and no worker is needed."
        )
    # In production create_app has already refused to start without an https DIALOG_BASE_URL.
    globals()["celery"] = app.extensions["celery"]
    return globals()["celery"]
