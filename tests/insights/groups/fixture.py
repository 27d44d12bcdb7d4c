"""A plan in Testkommun whose residents' importance ratings hold planted groups (planted.py)."""

import math
from types import SimpleNamespace

from dialog.accounts.models import User
from dialog.catalogue.models import Goal, Municipality, Plan
from dialog.db import utcnow
from dialog.extensions import db
from dialog.participation.models import Rating
from tests.insights.groups.planted import PROFILES, planted

TITLES = [
    "Trygga skolvägar",
    "Rent vatten",
    "Fler cykelbanor",
    "Bilfria stadskärnor",
    "Grönare torg",
    "Fler parkeringsplatser",
    "Bredare vägar",
    "Billigare bussbiljetter",
    "Fler bibliotek",
    "Ny konsthall",
]


def build_plan(sizes: list[int] | None = None) -> SimpleNamespace:
    """Testkommun, plan "planen" with 10 goals, and residents rating them (`sizes` per group)."""
    town = Municipality(slug="testkommun", name="Testkommun")
    plan = Plan(municipality=town, slug="planen", title="Planen", kind="governing")
    goals = [
        Goal(plan=plan, title=title, kind="goal", position=i) for i, title in enumerate(TITLES)
    ]
    db.session.add_all([town, plan, *goals])
    db.session.commit()
    found = SimpleNamespace(town=town, plan=plan, goals=goals, residents=[])
    if sizes:
        add_ratings(found, sizes)
    return found


def add_ratings(found: SimpleNamespace, sizes: list[int], seed: int = 7) -> None:
    assert len(sizes) <= len(PROFILES)
    ratings, _truth = planted(sizes, seed=seed)
    now = utcnow()
    start = len(found.residents)
    people = [
        User(
            email=f"boende{start + i}@example.se",
            display_name=f"Boende {start + i}",
            rules_version="2026-11",
            rules_accepted_at=now,
            privacy_version="2026-11",
            privacy_accepted_at=now,
        )
        for i in range(len(ratings))
    ]
    db.session.add_all(people)
    db.session.flush()
    for person, row in zip(people, ratings, strict=True):
        for goal, value in zip(found.goals, row, strict=True):
            if not math.isnan(value):
                db.session.add(
                    Rating(
                        goal_id=goal.id, user_id=person.id, question="importance", value=int(value)
                    )
                )
            # Performance answers are not what groups are found from.
            db.session.add(
                Rating(goal_id=goal.id, user_id=person.id, question="performance", value=3)
            )
    db.session.commit()
    found.residents += people
