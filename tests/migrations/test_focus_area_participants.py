"""11f104e43ea3 counts the participants already on focus areas: commenters and raters, once
each; officials' replies are not counted."""

from flask_migrate import upgrade
from sqlalchemy import MetaData, select

from tests.databases import scratch_app
from tests.migrations.steps import seeded_up_to


def test_focus_area_participants_are_filled_from_comments_and_ratings():
    with scratch_app("area_participants") as app, app.app_context():
        from dialog.extensions import db

        seeded_up_to(app, "11f104e43ea3")
        upgrade(revision="11f104e43ea3")
        with db.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            participants = metadata.tables["focus_area_participants"]
            tallies = metadata.tables["focus_area_tallies"]
            stored = {tuple(row) for row in connection.execute(select(participants))}
            counts = dict(
                connection.execute(
                    select(tallies.c.focus_area_id, tallies.c.participant_count)
                ).all()
            )
    # the seeded focus-area dialogue (751c57c3b09e): user 1 commented on focus area 1, user 2
    # replied there and rated it
    assert stored == {(1, 1), (1, 2)}
    assert counts == {1: 2}
