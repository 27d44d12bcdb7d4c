"""Walking a scratch database up the migrations, as a database in use went up them."""

from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade

from tests.migrations.seeds import SEEDERS


def revisions(app: Flask) -> list[str]:
    """Revision ids from the first migration to the head."""
    config = app.extensions["migrate"].migrate.get_config()
    return [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()][
        ::-1
    ]


def seeded_up_to(app: Flask, revision: str) -> None:
    """Upgrade one revision at a time to just before `revision`, writing each revision's seed
    rows as it is reached, so that `revision` meets the data it would meet in use."""
    from dialog.extensions import db

    order = revisions(app)
    for step in order[: order.index(revision)]:
        upgrade(revision=step)
        if step in SEEDERS:
            with db.engine.begin() as connection:
                SEEDERS[step](connection)
