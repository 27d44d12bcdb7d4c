"""What a test's Celery worker runs: Dialog's app, configured from DIALOG_TEST_WORKER (JSON).

`TEST_SEND_SECONDS` makes each delivery take that long after the message is handed over (a slow
mail server), so that a kill lands between sending and recording more often than not.
"""

import json
import os
import time

from dialog import create_app
from dialog.core import mail

settings = json.loads(os.environ["DIALOG_TEST_WORKER"])
_SEND_SECONDS = float(settings.pop("TEST_SEND_SECONDS", 0))
_write_file = mail.write_file


def _slow_write_file(message, path):
    written = _write_file(message, path)
    time.sleep(_SEND_SECONDS)
    return written


mail.write_file = _slow_write_file
celery = create_app(settings).extensions["celery"]
