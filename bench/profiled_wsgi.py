"""wsgi:app in gunicorn, each comment POST profiled: `python -m bench.posting --profile DIR`.

Each worker counts, per POST, the SQL statements sent, the round trips to Redis (a pipeline is
one) and its CPU time, and keeps a cProfile (CPU time, not wall clock) of every POST; after
every 100 POSTs it writes `DIR/worker-<pid>.prof` and `DIR/worker-<pid>.json` anew, so that
nothing depends on how the worker ends. The profiler makes each request slower: read CPU per
comment from a run without it.
"""

import cProfile
import json
import os
import time
from pathlib import Path

from redis.connection import Connection
from sqlalchemy import event
from sqlalchemy.engine import Engine

from wsgi import app as dialog

FOLDER = Path(os.environ["BENCH_PROFILE_DIR"])
_counts = {"statements": 0, "redis": 0}


@event.listens_for(Engine, "before_cursor_execute")
def _statement(*_args: object) -> None:
    _counts["statements"] += 1


_send = Connection.send_packed_command


def _send_counted(self: Connection, command: object, check_health: bool = True) -> None:
    _counts["redis"] += 1
    return _send(self, command, check_health)


Connection.send_packed_command = _send_counted  # type: ignore[method-assign]

_profiler = cProfile.Profile(time.process_time)
_totals = {"posts": 0, "statements": 0, "redis": 0, "cpu_ms": 0.0}


def _save() -> None:
    stem = FOLDER / f"worker-{os.getpid()}"
    _profiler.dump_stats(f"{stem}.prof")
    Path(f"{stem}.json").write_text(json.dumps(_totals))


def app(environ: dict, start_response: object) -> object:
    if environ.get("REQUEST_METHOD") != "POST" or not environ["PATH_INFO"].endswith("/kommentera"):
        return dialog(environ, start_response)
    _counts.update(statements=0, redis=0)
    started = time.process_time()
    _profiler.enable()
    try:
        body = dialog(environ, start_response)
        # Made by the time the app returns (nothing streams on this path); closed here, so
        # that what runs at the close is measured too.
        made = list(body)
        getattr(body, "close", lambda: None)()
        return made
    finally:
        _profiler.disable()
        _totals["cpu_ms"] += (time.process_time() - started) * 1000
        _totals["posts"] += 1
        _totals["statements"] += _counts["statements"]
        _totals["redis"] += _counts["redis"]
        if _totals["posts"] % 100 == 0:
            _save()
