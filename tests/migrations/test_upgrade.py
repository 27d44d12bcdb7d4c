"""A database populated at every earlier revision upgrades to the head with its data intact."""

from flask_migrate import upgrade
from sqlalchemy import Connection, MetaData, select

from dialog.db import Base
from dialog.extensions import db
from tests.databases import scratch_app
from tests.migrations.seeds import CHANGES, SEEDERS, Rows
from tests.migrations.steps import revisions


def read_rows(connection: Connection) -> Rows:
    """Every row of every table (by primary key), read through the schema as it is now."""
    metadata = MetaData()
    metadata.reflect(connection)
    rows: Rows = {}
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        key = [column.name for column in table.primary_key.columns]
        result = connection.execute(select(table)).mappings()
        rows[table.name] = {tuple(row[name] for name in key): dict(row) for row in result}
    return rows


def lost(before: Rows, after: Rows) -> list[str]:
    """Rows, columns and values that were there before and are not, or differ, after."""
    problems = []
    for table, rows in before.items():
        for key, row in rows.items():
            now = after.get(table, {}).get(key)
            if now is None:
                problems.append(f"{table}{key} is gone")
                continue
            for column, value in row.items():
                if column not in now:
                    problems.append(f"{table}{key}.{column} is gone")
                elif now[column] != value:
                    problems.append(f"{table}{key}.{column}: {value!r} became {now[column]!r}")
    return problems


def test_every_revision_below_the_head_has_a_seeder(app, app_context):
    below_head = revisions(app)[:-1]
    assert [revision for revision in below_head if revision not in SEEDERS] == []


def test_rows_written_at_each_revision_survive_every_later_migration():
    with scratch_app("upgrade") as app, app.app_context():
        before: Rows = {}
        for revision in revisions(app):
            upgrade(revision=revision)
            with db.engine.begin() as connection:
                after = read_rows(connection)
                expected = CHANGES.get(revision, lambda rows: rows)(before)
                assert lost(expected, after) == [], f"upgrading to {revision} lost data"
                if revision in SEEDERS:
                    SEEDERS[revision](connection)
                before = read_rows(connection)
            if revision in SEEDERS:
                empty = [table for table, rows in before.items() if not rows]
                assert empty == [], f"the seeder of {revision} leaves tables empty"
        # The models of the head read every row written by older code.
        for mapper in Base.registry.mappers:
            db.session.scalars(select(mapper.class_)).all()


def test_a_migration_that_loses_a_value_is_caught():
    before: Rows = {"comments": {(1,): {"id": 1, "body": "Fler cykelbanor", "status": "pending"}}}
    after: Rows = {"comments": {(1,): {"id": 1, "body": "Fler cykelbanor"}}, "users": {}}
    assert lost(before, after) == ["comments(1,).status is gone"]
    assert lost(before, {"comments": {}}) == ["comments(1,) is gone"]
