"""Pages load what they show in a fixed number of queries, however many goals there are."""

import pytest
from sqlalchemy import select

from dialog.catalogue.models import Committee, FocusArea, Goal, Plan
from dialog.extensions import db
from tests.factories import counted_queries


def grow_plan(app, plan_slug: str, extra: int) -> None:
    """Add goals with committees to every focus area of the plan."""
    with app.app_context():
        plan = db.session.scalar(select(Plan).filter_by(slug=plan_slug))
        committee = db.session.scalar(select(Committee).order_by(Committee.id))
        for area in db.session.scalars(select(FocusArea).filter_by(plan_id=plan.id)):
            for n in range(extra):
                goal = Goal(
                    plan=plan, focus_area=area, title=f"Extra {area.id}-{n}", position=99 + n
                )
                goal.committees = [committee]
                db.session.add(goal)
        db.session.commit()


@pytest.mark.parametrize(
    "path, limit",
    [
        # The plan page also loads the goals' dialogue windows and counts comments and
        # participants per goal and for the plan (one query each), and the sections other
        # areas add (insights: one).
        # Every shareable page also reads the content version (dialog/core/versions.py): one.
        ("/kommun/lund/plan/{plan}", 11),
        ("/kommun/lund/plan/{plan}?sort=discussed&fas=open", 11),
        ("/kommun/lund", 7),
        ("/kommun/lund?sort=closing", 7),
        ("/", 7),
        # The focus area page also reads the focus area's comment tally (one query): its
        # dialogue is shown where the plan opens focus areas or comments were already written.
        ("/fokusomrade/{area}", 9),
        ("/api/v1/municipalities/lund/plans/{plan}", 7),
        ("/kommun/lund/namnd/{committee}", 7),
    ],
)
def test_query_count_does_not_grow_with_the_number_of_goals(seeded, app, client, path, limit):
    with app.app_context():
        plan = db.session.scalar(select(Plan).filter(Plan.slug.like("kommunfullmaktiges%")))
        committee = db.session.scalar(select(Committee).order_by(Committee.id))
        area = db.session.scalar(select(FocusArea).filter_by(plan_id=plan.id))
        url = path.format(plan=plan.slug, committee=committee.slug, area=area.id)
    with counted_queries(app) as before:
        assert client.get(url).status_code == 200
    grow_plan(app, plan.slug, 40)
    with counted_queries(app) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
    assert len(before) <= limit
