"""The demo generator: the numbers asked for, counters that match the rows, structure."""

from sqlalchemy import func, select

from dialog.accounts.models import User
from dialog.catalogue.models import Goal, Municipality
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation.models import (
    Comment,
    CommentChannel,
    GoalParticipant,
    GoalTally,
    PlanParticipant,
    Rating,
    Reaction,
    Report,
    public_comments,
)


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
        # Every comment awaiting moderation waits in a queue of the desk.
        waiting = count(Comment, Comment.status == "pending", Comment.held_for == "approval")
        assert waiting > 0
        assert count(Comment, Comment.status == "pending", Comment.held_for.is_(None)) == 0
        tallies = db.session.scalar(select(func.sum(GoalTally.comment_count)))
        # The tally counts what the goal pages list: imported comments once published.
        assert tallies == count(Comment, Comment.parent_id.is_(None), public_comments())
        # Participants as the site counts them: each account once per goal it rated or wrote on.
        rated = db.session.execute(select(Rating.goal_id, Rating.user_id))
        wrote = db.session.execute(
            select(Comment.goal_id, Comment.author_id).where(Comment.author_id.is_not(None))
        )
        took_part = {tuple(row) for row in [*rated, *wrote]}
        assert count(GoalParticipant) == len(took_part) > 0
        assert db.session.scalar(select(func.sum(GoalTally.participant_count))) == len(took_part)
        plan_of = dict(db.session.execute(select(Goal.id, Goal.plan_id)).all())
        in_plans = {(plan_of[goal_id], user_id) for goal_id, user_id in took_part}
        stored = db.session.execute(select(PlanParticipant.plan_id, PlanParticipant.user_id))
        assert {tuple(row) for row in stored} == in_plans
        # Swedish text: any short comment may lack these words, fifty of them together do not.
        bodies = " ".join(db.session.scalars(select(Comment.body).limit(50)))
        assert any(word in bodies for word in ("kommun", "bussarna", "det", "är", "för"))
        lund = db.session.scalar(select(Municipality.id).where(Municipality.slug == "lund"))
        summary = summarise("Lund", queries.of_municipality(lund), Filter())
        assert summary.participants > 0
        assert any(not cell.suppressed for cell in summary.by_district)
        in_lund = queries.of_municipality(lund).comments()
        assert summary.imported == count(Comment, in_lund, Comment.channel != "web") > 0
    again = runner.invoke(args=["dialog", "demo", "--if-empty"])
    assert "no demo data added" in again.output


def test_demo_comments_from_other_channels(seeded, runner, app):
    """A realistic share came in on paper, at meetings, by e-mail, phone and in surveys: with
    the source's reference, the day received (before the import), some published; never
    reacted to or replied to, and no account behind them."""
    result = runner.invoke(
        args=["dialog", "demo", "--residents", "200", "--comments", "1500", "--ratings", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "from other channels" in result.output
    with app.app_context():
        imported = list(db.session.scalars(select(Comment).where(Comment.channel != "web")))
        tops = count(Comment, Comment.parent_id.is_(None))
        assert 0.03 * tops < len(imported) < 0.15 * tops
        assert {c.channel for c in imported} == set(CommentChannel) - {
            CommentChannel.WEB,
            CommentChannel.OTHER,
        }
        assert all(c.author_id is None and c.parent_id is None for c in imported)
        assert all(c.source_ref and c.received_on for c in imported)
        assert all(c.received_on <= c.created_at.date() for c in imported)
        assert len({(c.goal_id, c.channel, c.source_ref) for c in imported}) == len(imported)
        published = [c for c in imported if c.published_at is not None]
        assert 0 < len(published) < len(imported)
        assert all(c.agree_count == c.disagree_count == c.reply_count == 0 for c in imported)
        assert any(c.district_id for c in imported) and any(c.age_band for c in imported)
