"""A small dialogue whose figures are worked out by hand in the tests (see test_summary.py).

Plan "planen" of Testkommun has goals A and B; goal C is in another plan. Districts Norr
(residents n1–n6, aged 30–44) and Söder (s1, s2, aged 18–29); x1 gave no district or age.
"""

from datetime import UTC, datetime
from types import SimpleNamespace

from dialog.catalogue.models import District, Goal, Municipality, Plan
from dialog.extensions import db
from dialog.participation.models import Comment, Rating, Reaction, Report
from tests.factories import make_user


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def build_dialogue():
    town = Municipality(slug="testkommun", name="Testkommun")
    norr = District(municipality=town, name="Norr", position=1)
    soder = District(municipality=town, name="Söder", position=2)
    plan = Plan(municipality=town, slug="planen", title="Planen", kind="governing")
    other = Plan(municipality=town, slug="annan", title="Annan plan", kind="governing")
    a = Goal(plan=plan, title="Mål A", kind="goal", position=1)
    b = Goal(plan=plan, title="Mål B", kind="goal", position=2)
    c = Goal(plan=other, title="Mål C", kind="goal", position=1)
    db.session.add_all([town, norr, soder, plan, other, a, b, c])
    db.session.commit()
    people = {}
    for i in range(1, 7):
        people[f"n{i}"] = make_user(
            f"n{i}@example.se", f"Norr {i}", district_id=norr.id, age_band="30-44"
        )
    for i in (1, 2):
        people[f"s{i}"] = make_user(
            f"s{i}@example.se", f"Söder {i}", district_id=soder.id, age_band="18-29"
        )
    people["x1"] = make_user("x1@example.se", "Okänd")

    def comment(who, goal, day, body, status="published", parent=None, agree=0, disagree=0):
        made = Comment(
            goal_id=goal.id,
            author_id=people[who].id,
            parent_id=parent.id if parent else None,
            body=body,
            status=status,
            submission_token=f"{who}-{body}"[:64],
            agree_count=agree,
            disagree_count=disagree,
            created_at=at(day),
        )
        db.session.add(made)
        db.session.flush()
        return made

    c_n1 = comment("n1", a, 2, "Fler bänkar i parken", agree=3, disagree=1)
    c_n2 = comment("n2", a, 4, "=SUMMA(A1:A9) mer belysning", agree=1, disagree=2)
    c_s1 = comment("s1", a, 16, "Väntar på granskning", status="pending")
    comment("x1", a, 17, "Håller med", parent=c_n1)
    comment("n3", c, 3, "Annan plan")
    for who, target, kind in [
        ("n3", c_n1, "agree"),
        ("n4", c_n1, "agree"),
        ("n5", c_n1, "agree"),
        ("s2", c_n1, "disagree"),
        ("n6", c_n2, "agree"),
        ("n3", c_n2, "disagree"),
        ("n4", c_n2, "disagree"),
    ]:
        db.session.add(
            Reaction(comment_id=target.id, user_id=people[who].id, kind=kind, created_at=at(5))
        )
    db.session.add(
        Report(comment_id=c_s1.id, user_id=people["n6"].id, reason="spam", created_at=at(16))
    )
    answers = {
        (a, "importance"): {"n1": 5, "n2": 4, "n3": 4, "n4": 2, "n5": 0, "s1": 1},
        (a, "performance"): {"n1": 2, "n2": 2, "n3": 3, "s2": 4},
        (b, "importance"): {f"n{i}": 3 for i in range(1, 6)},
        (b, "performance"): {f"n{i}": 4 for i in range(1, 6)},
    }
    for (goal, question), values in answers.items():
        for who, value in values.items():
            db.session.add(
                Rating(
                    goal_id=goal.id,
                    user_id=people[who].id,
                    question=question,
                    value=value,
                    created_at=at(5),
                )
            )
    db.session.commit()
    return SimpleNamespace(
        town=town,
        norr=norr,
        soder=soder,
        plan=plan,
        a=a,
        b=b,
        c=c,
        people=people,
        c_n1=c_n1,
        c_n2=c_n2,
    )
