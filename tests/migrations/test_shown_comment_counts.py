"""9e4b7c2a5d13 fills the readable-comment counts from the comments as they are, and from then
on its trigger keeps them as comments are written, changed and deleted, on either database."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, func, select, text

from tests.databases import scratch_app
from tests.migrations.steps import seeded_up_to

REVISION = "9e4b7c2a5d13"
SHOWN = "status = 'published' AND (channel = 'web' OR published_at IS NOT NULL)"


def _kept(connection) -> dict[tuple, int]:
    rows = connection.execute(
        text(
            "SELECT goal_id, focus_area_id, sum(delta) FROM shown_comment_counts "
            "GROUP BY goal_id, focus_area_id"
        )
    )
    return {(g, f): int(n) for g, f, n in rows if n}


def _counted(connection) -> dict[tuple, int]:
    rows = connection.execute(
        text(
            f"SELECT goal_id, focus_area_id, count(*) FROM comments WHERE {SHOWN} "
            "GROUP BY goal_id, focus_area_id"
        )
    )
    return {(g, f): int(n) for g, f, n in rows}


def test_counts_are_filled_and_then_kept_by_the_trigger():
    with scratch_app("shown_counts") as app, app.app_context():
        from dialog.extensions import db

        seeded_up_to(app, REVISION)
        upgrade(revision=REVISION)
        with db.engine.begin() as connection:
            filled = _kept(connection)
            assert filled == _counted(connection)
            # The paper form published on goal 1 counts; the one not published does not.
            before_paper = connection.execute(
                text(f"SELECT count(*) FROM comments WHERE goal_id = 1 AND {SHOWN}")
            ).scalar()
            assert filled[(1, None)] == before_paper
            metadata = MetaData()
            metadata.reflect(connection)
            comments = metadata.tables["comments"]
            row = dict(
                connection.execute(comments.select().where(comments.c.id == 30)).mappings().one()
            )
            # Written published, held, then moved, published, hidden, imported and deleted.
            connection.execute(
                comments.insert(),
                [
                    row | {"id": 40, "submission_token": "f" * 64},
                    row | {"id": 41, "submission_token": "g" * 64, "status": "pending"},
                ],
            )
            connection.execute(text("UPDATE comments SET status = 'published' WHERE id = 41"))
            connection.execute(text("UPDATE comments SET status = 'hidden' WHERE id = 40"))
            connection.execute(
                text("UPDATE comments SET focus_area_id = NULL, goal_id = 1 WHERE id = 41")
            )
            connection.execute(text("UPDATE comments SET published_at = NULL WHERE id = 32"))
            connection.execute(
                text("UPDATE comments SET published_at = :t WHERE id = 33"),
                {"t": row["created_at"]},
            )
            connection.execute(text("UPDATE comments SET body = 'Ändrad' WHERE id = 30"))
            connection.execute(text("DELETE FROM comments WHERE id = 31"))
            connection.execute(text("DELETE FROM comments WHERE id = 30"))
            assert _kept(connection) == _counted(connection)
            assert _kept(connection) != filled
            # Only changes to what residents can read add rows: the edit above added none.
            rows = connection.execute(
                select(func.count()).select_from(metadata.tables["shown_comment_counts"])
            ).scalar()
            assert rows == len(filled) + 8
        downgrade(revision="d48b4bc21289")
        with db.engine.begin() as connection:
            # The trigger is gone with the table: comments can still be written.
            connection.execute(text("UPDATE comments SET status = 'published' WHERE id = 40"))
            metadata = MetaData()
            metadata.reflect(connection)
            assert "shown_comment_counts" not in metadata.tables
