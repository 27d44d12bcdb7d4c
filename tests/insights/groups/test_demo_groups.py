"""The demo generator's ratings hold opinion groups that the method finds."""

from sqlalchemy import func, select

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.insights.groups import services
from dialog.participation.models import Rating


def test_the_demo_ratings_split_into_groups(seeded, runner, app):
    result = runner.invoke(
        args=["dialog", "demo", "--residents", "200", "--comments", "20", "--ratings", "8000"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        plan_id = db.session.scalar(
            select(Goal.plan_id)
            .join(Rating, Rating.goal_id == Goal.id)
            .group_by(Goal.plan_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        stored = services.compute(plan_id)
        assert stored.outcome == "groups", stored.residents
        assert 2 <= len(stored.result["groups"]) <= 5
        assert stored.result["divisive"] and stored.result["silhouette"] > 0.3
