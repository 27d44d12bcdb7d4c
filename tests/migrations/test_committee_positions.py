"""5d2a7c9e1b04 gives existing committees positions in the order residents saw them: by name,
counted per municipality."""

from flask_migrate import upgrade
from sqlalchemy import MetaData, select

from tests.databases import scratch_app
from tests.migrations.steps import seeded_up_to


def test_committee_positions_follow_the_names_per_municipality():
    with scratch_app("committee_positions") as app, app.app_context():
        from dialog.extensions import db

        seeded_up_to(app, "5d2a7c9e1b04")
        with db.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            committees = metadata.tables["committees"]
            municipalities = metadata.tables["municipalities"]
            lund = connection.execute(select(municipalities)).one()._asdict()
            lomma = {**lund, "id": 2, "slug": "lomma", "name": "Lomma kommun"}
            connection.execute(municipalities.insert(), [lomma])
            stamps = connection.execute(select(committees).where(committees.c.id == 1)).one()
            rows = [
                {**stamps._asdict(), "id": 2, "name": "Byggnadsnämnden", "slug": "bygg"},
                {**stamps._asdict(), "id": 3, "name": "Tekniska nämnden", "slug": "teknik"},
                {**stamps._asdict(), "id": 4, "municipality_id": 2, "name": "Ön", "slug": "on"},
            ]
            connection.execute(committees.insert(), rows)
        upgrade(revision="5d2a7c9e1b04")
        with db.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            committees = metadata.tables["committees"]
            positions = dict(
                connection.execute(select(committees.c.name, committees.c.position)).all()
            )
    assert positions == {
        "Byggnadsnämnden": 0,
        "Kulturnämnden": 1,
        "Tekniska nämnden": 2,
        "Ön": 0,
    }
