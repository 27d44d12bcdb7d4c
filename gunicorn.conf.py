"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`."""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
#: Seconds a stopping worker may finish the requests it has; the test server stops sooner.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Import the app before forking, so that a configuration error stops the start at once.
preload_app = True


def _app_config(server):
    app = server.app.wsgi()  # loaded already (preload_app), or loaded here in the master
    return getattr(app, "config", None)


def on_starting(server):
    """Refuse to serve production with rate limits counted separately by each worker."""
    from dialog.config import check_workers

    config = _app_config(server)
    if config is not None:
        check_workers(config, server.cfg.workers)  # ConfigError: gunicorn prints it, exits 1


def nworkers_changed(server, new_value, old_value):
    """More workers at run time (TTIN) with limits in memory: log why, and stay as before."""
    from dialog.config import ConfigError, check_workers

    if not old_value or new_value <= old_value:
        return
    config = _app_config(server)
    try:
        if config is not None:
            check_workers(config, new_value)
    except ConfigError as error:
        server.log.error("%s", error)
        server.num_workers = old_value


def post_fork(server, worker):
    """Each worker opens its own database connections: a socket the master made while loading
    the app (preload_app) must never be shared by two processes."""
    from dialog.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
