"""Test databases: one per xdist worker, built by migrating, removed at the end."""

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from flask import Flask
from psycopg import sql

DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    """The server the suite creates its own databases on (`TEST_DATABASE_URL`)."""
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRESQL)


def backend() -> str:
    return os.environ.get("DIALOG_TEST_DATABASE", "sqlite")


def create_database(worker: str, kind: str | None = None) -> tuple[str, callable]:
    """Return a fresh database URL for this worker and a function that removes it; `kind`
    ("postgresql" or "sqlite") is the suite's by default."""
    if (kind or backend()) == "postgresql":
        name = f"dialog_test_{worker}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin_url(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base = admin_url().rsplit("/", 1)[0]

        def drop():
            with psycopg.connect(admin_url(), autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )

        return f"{base}/{name}", drop
    directory = Path(tempfile.mkdtemp(prefix=f"dialog-test-{worker}-"))
    path = directory / "test.sqlite"

    def remove():
        for file in directory.iterdir():
            file.unlink()
        directory.rmdir()

    return f"sqlite:///{path}", remove


@contextmanager
def scratch_app(purpose: str) -> Iterator[Flask]:
    """An app on a database of its own, empty (not even migrated), removed afterwards."""
    from dialog import create_app
    from dialog.extensions import db

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url, remove = create_database(f"{worker}_{purpose}")
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        remove()
