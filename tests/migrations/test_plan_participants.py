"""6c3e9a1f2b58 counts the participants already on a plan's goals and focus areas once per
plan: an account on two goals, or on a goal and a focus area, of one plan is one row."""

from flask_migrate import upgrade
from sqlalchemy import MetaData, select

from tests.databases import scratch_app
from tests.migrations.steps import seeded_up_to

REVISION = "6c3e9a1f2b58"


def _copy(connection, table, key: int, **changes) -> None:
    """A row like `table`'s row `key`, with `changes`."""
    row = dict(connection.execute(select(table).where(table.c.id == key)).mappings().one())
    connection.execute(table.insert(), [row | changes])


def test_plan_participants_are_filled_once_per_plan_and_account():
    with scratch_app("plan_participants") as app, app.app_context():
        from dialog.extensions import db

        seeded_up_to(app, REVISION)
        with db.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            t = metadata.tables
            # A second plan with a goal and a focus area; resident 2 took part on both, and
            # resident 1 on goal 2 of the first plan as well as on goal 1 and focus area 1.
            _copy(connection, t["plans"], 1, id=9, slug="oversiktsplan")
            _copy(connection, t["focus_areas"], 1, id=90, plan_id=9)
            _copy(connection, t["goals"], 1, id=90, plan_id=9, focus_area_id=90)
            connection.execute(
                t["goal_participants"].insert(),
                [{"goal_id": 2, "user_id": 1}, {"goal_id": 90, "user_id": 2}],
            )
            connection.execute(
                t["focus_area_participants"].insert(), [{"focus_area_id": 90, "user_id": 2}]
            )
            goals = dict(connection.execute(select(t["goals"].c.id, t["goals"].c.plan_id)).all())
            areas = dict(
                connection.execute(select(t["focus_areas"].c.id, t["focus_areas"].c.plan_id)).all()
            )
            took_part = [
                (goals[g], u) for g, u in connection.execute(select(t["goal_participants"]))
            ] + [(areas[a], u) for a, u in connection.execute(select(t["focus_area_participants"]))]
        upgrade(revision=REVISION)
        with db.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            stored = [
                tuple(row)
                for row in connection.execute(select(metadata.tables["plan_participants"]))
            ]
    assert len(took_part) > len(set(took_part))  # there were accounts to count once
    assert sorted(stored) == sorted(set(took_part))
    assert set(stored) == {(1, 1), (1, 2), (9, 2)}
