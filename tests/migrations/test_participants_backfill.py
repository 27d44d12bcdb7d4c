"""e178b71618b3 counts the participants already there: commenters and raters, once each."""

from flask_migrate import upgrade
from sqlalchemy import MetaData, select

from tests.databases import scratch_app
from tests.migrations.steps import seeded_up_to


def test_participants_are_filled_from_comments_and_ratings():
    with scratch_app("participants") as app, app.app_context():
        from dialog.extensions import db

        seeded_up_to(app, "e178b71618b3")
        with db.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            comments, ratings = metadata.tables["comments"], metadata.tables["ratings"]
            people = {
                tuple(row)
                for row in connection.execute(
                    select(comments.c.goal_id, comments.c.author_id).where(
                        comments.c.is_official.is_(False)
                    )
                )
            } | {
                tuple(row)
                for row in connection.execute(
                    select(ratings.c.goal_id, ratings.c.user_id).where(
                        ratings.c.user_id.is_not(None)
                    )
                )
            }
        upgrade(revision="e178b71618b3")
        with db.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            participants, tallies = (
                metadata.tables["goal_participants"],
                metadata.tables["goal_tallies"],
            )
            stored = {tuple(row) for row in connection.execute(select(participants))}
            counts = dict(
                connection.execute(select(tallies.c.goal_id, tallies.c.participant_count)).all()
            )
    assert people and stored == people
    expected = {}
    for goal_id, _user in people:
        expected[goal_id] = expected.get(goal_id, 0) + 1
    assert {g: counts.get(g) for g in expected} == expected
