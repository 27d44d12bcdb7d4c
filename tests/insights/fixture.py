"""A small dialogue whose figures are worked out by hand in the tests (see test_summary.py).

Plan "planen" of Testkommun has goals A and B; goal C is in another plan. Districts Norr
(residents n1–n6, aged 30–44) and Söder (s1, s2, aged 18–29); x1 gave no district or age.

`add_focus_plan` adds plan "fokus", whose dialogue is on its focus areas: F "Trygghet" (with
goal H) and G "Grönska".
"""

from datetime import UTC, datetime
from types import SimpleNamespace

from dialog.catalogue.models import District, FocusArea, Goal, Municipality, Plan
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


def add_focus_plan(dialogue):
    """Plan "fokus" (dialogue on focus areas) in the same town, with the same residents.

    Comments: n1 on F (published, 2 agree), s1 on F (published, 1 agree 1 disagree), n2 on G
    (pending), x1's reply to n1 (published), n3 on goal H (published). Reactions: n4 n5 agree
    with n1's, n6 agrees and s2 disagrees with s1's. Ratings: F importance n1 5, n2 4, n4 3;
    F performance n1 2, n2 1, n4 "don't know"; G importance n5 2, n6 2; G performance n5 4,
    n6 5.
    """
    people = dialogue.people
    plan = Plan(
        municipality=dialogue.town,
        slug="fokus",
        title="Fokusplanen",
        kind="governing",
        dialogue_level="focus_areas",
    )
    f = FocusArea(plan=plan, code="F", title="Trygghet", position=1)
    g = FocusArea(plan=plan, code="G", title="Grönska", position=2)
    h = Goal(plan=plan, focus_area=f, title="Mål H", kind="goal", position=1)
    db.session.add_all([plan, f, g, h])
    db.session.flush()

    def comment(who, subject_ids, day, body, status="published", parent=None, **counts):
        goal_id, area_id = subject_ids
        made = Comment(
            goal_id=goal_id,
            focus_area_id=area_id,
            author_id=people[who].id,
            parent_id=parent.id if parent else None,
            body=body,
            status=status,
            submission_token=f"fokus-{who}-{body}"[:64],
            agree_count=counts.get("agree", 0),
            disagree_count=counts.get("disagree", 0),
            created_at=at(day),
        )
        db.session.add(made)
        db.session.flush()
        return made

    on_f, on_g = (None, f.id), (None, g.id)
    f1 = comment("n1", on_f, 3, "Mer ljus på gångvägarna", agree=2)
    f2 = comment("s1", on_f, 10, "Fler vuxna ute på kvällen", agree=1, disagree=1)
    comment("n2", on_g, 4, "Väntar på granskning i grönskan", status="pending")
    comment("x1", on_f, 11, "Ja, vid skolan", parent=f1)
    comment("n3", (h.id, None), 5, "Om mål H")
    for who, target, kind in [("n4", f1, "agree"), ("n5", f1, "agree"), ("n6", f2, "agree")]:
        db.session.add(
            Reaction(comment_id=target.id, user_id=people[who].id, kind=kind, created_at=at(6))
        )
    db.session.add(
        Reaction(comment_id=f2.id, user_id=people["s2"].id, kind="disagree", created_at=at(6))
    )
    answers = {
        (f, "importance"): {"n1": 5, "n2": 4, "n4": 3},
        (f, "performance"): {"n1": 2, "n2": 1, "n4": 0},
        (g, "importance"): {"n5": 2, "n6": 2},
        (g, "performance"): {"n5": 4, "n6": 5},
    }
    for (area, question), values in answers.items():
        for who, value in values.items():
            db.session.add(
                Rating(
                    focus_area_id=area.id,
                    user_id=people[who].id,
                    question=question,
                    value=value,
                    created_at=at(6),
                )
            )
    db.session.commit()
    return SimpleNamespace(plan=plan, f=f, g=g, h=h, f1=f1, f2=f2)
