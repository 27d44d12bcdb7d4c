"""The interval of a mean over many goals counts each resident once (dialog/insights/stats.py)."""

import math

import pytest

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation.models import Rating, RatingQuestion
from tests.factories import make_goal, make_user


def test_municipality_interval_treats_a_resident_as_one_unit(app_context):
    first = make_goal(title="Mål 1")
    goals = [first] + [Goal(plan=first.plan, title=f"Mål {i}", kind="goal") for i in range(2, 13)]
    db.session.add_all(goals[1:])
    db.session.flush()
    keen = make_user("keen@example.se", "Keen")
    others = [make_user(f"r{i}@example.se", f"R{i}") for i in range(4)]
    # One resident answers 5 on twelve goals; four others answer 1, 2, 1, 2 on the first goal.
    rows = [Rating(goal_id=g.id, user_id=keen.id, question="importance", value=5) for g in goals]
    rows += [
        Rating(goal_id=first.id, user_id=person.id, question="importance", value=value)
        for person, value in zip(others, (1, 2, 1, 2), strict=True)
    ]
    db.session.add_all(rows)
    db.session.commit()
    summary = summarise("Kommunen", queries.of_municipality(first.plan.municipality_id), Filter())
    figures = summary.ratings[RatingQuestion.IMPORTANCE]
    # 16 answers, sum 60 + 6 = 66, mean 4.125. Per resident: keen 60 − 12 × 4.125 = 10.5,
    # the others 1 − 4.125 = −3.125 (twice) and 2 − 4.125 = −2.125 (twice).
    mean = 66 / 16
    spread = 10.5**2 + 2 * 3.125**2 + 2 * 2.125**2
    half = 2.776445 * math.sqrt(5 / 4 * spread) / 16  # t(0.975, 4): five residents
    assert (figures.n, figures.mean) == (16, pytest.approx(mean))
    assert figures.ci_low == pytest.approx(mean - half, abs=1e-5)
    assert figures.ci_high == pytest.approx(mean + half, abs=1e-5)
    # Sixteen "independent" answers (t with 15 degrees of freedom) gave under half the width.
    naive = 2.131450 * figures.sd / math.sqrt(16)
    assert half > 2 * naive
