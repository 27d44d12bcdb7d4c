"""The demo generator: the numbers asked for, counters that match the rows, structure."""

from sqlalchemy import func, select

from dialog.accounts.models import User
from dialog.catalogue.models import Municipality
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation.models import Comment, GoalTally, Rating, Reaction, Report


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_data(seeded, runner, app):
    result = runner.invoke(
        args=["dialog", "demo", "--residents", "300", "--comments", "700", "--ratings", "3000"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert count(User, User.email.like("demo-%")) == 300
        assert count(User, User.password_hash.is_not(None), User.email.like("demo-%")) == 0
        assert count(Comment) == 700
        assert count(Comment, Comment.parent_id.is_not(None)) == 100
        assert count(Rating) == 3000
        agree = db.session.scalar(select(func.sum(Comment.agree_count)))
        assert agree == count(Reaction, Reaction.kind == "agree") > 0
        assert db.session.scalar(select(func.sum(Comment.report_count))) == count(Report)
        tallies = db.session.scalar(select(func.sum(GoalTally.comment_count)))
        assert tallies == count(Comment, Comment.parent_id.is_(None))
        # Swedish text: any short comment may lack these words, fifty of them together do not.
        bodies = " ".join(db.session.scalars(select(Comment.body).limit(50)))
        assert any(word in bodies for word in ("kommun", "bussarna", "det", "är", "för"))
        lund = db.session.scalar(select(Municipality.id).where(Municipality.slug == "lund"))
        summary = summarise("Lund", queries.of_municipality(lund), Filter())
        assert summary.participants > 0
        assert any(not cell.suppressed for cell in summary.by_district)
    again = runner.invoke(args=["dialog", "demo", "--if-empty"])
    assert "no demo data added" in again.output
