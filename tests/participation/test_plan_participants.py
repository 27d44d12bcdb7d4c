"""A plan's "people who commented or rated" is counted from its own participant rows
(plan_participants), kept with the goals' and focus areas' rows wherever those are written;
it must equal what the goals' and focus areas' rows, de-duplicated, gave before, and what the
comments and ratings themselves say."""

import random

import pytest
from sqlalchemy import select

from dialog.accounts.services import erase_account
from dialog.catalogue.models import FocusArea, Goal
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.activity import plan_counts
from dialog.participation.models import (
    Comment,
    CommentStatus,
    FocusAreaParticipant,
    GoalParticipant,
    PlanParticipant,
    Rating,
    RatingQuestion,
    shown_comments,
)
from tests.factories import make_goal, make_user

#: Statuses a moderator or the author can move a comment to, and how often (most are shown).
STATUSES = ["published"] * 5 + ["pending", "hidden", "rejected", "withdrawn"]


def _plan(title: str = "Trygga parker", slug: str = "testkommun"):
    """A plan open on its goals and focus areas: two goals and a focus area."""
    goal = make_goal(slug=slug, title=title)
    plan = goal.plan
    plan.dialogue_level = "both"
    area = FocusArea(plan=plan, title="Trygghet", kind="focus_area")
    other = Goal(plan=plan, title="Fler träd", description="Träd i alla parker.", kind="goal")
    db.session.add_all([area, other])
    db.session.commit()
    return plan, [goal, other, area]


def _comment(subject, user, nonce: str, parent=None) -> Comment:
    return services.post_comment(
        subject, user, "Fler lampor längs gångvägen i parken.", None, nonce, parent
    ).comment


def _pairs(rows) -> set[tuple[int, int]]:
    return {(a, b) for a, b in rows}


def _derived() -> set[tuple[int, int]]:
    """(plan, account) from the goals' and focus areas' participant rows: what plan_participants
    must hold at every moment."""
    return _pairs(
        db.session.execute(
            select(Goal.plan_id, GoalParticipant.user_id).join(
                Goal, Goal.id == GoalParticipant.goal_id
            )
        )
    ) | _pairs(
        db.session.execute(
            select(FocusArea.plan_id, FocusAreaParticipant.user_id).join(
                FocusArea, FocusArea.id == FocusAreaParticipant.focus_area_id
            )
        )
    )


def _stored() -> set[tuple[int, int]]:
    return _pairs(db.session.execute(select(PlanParticipant.plan_id, PlanParticipant.user_id)))


def _in_plan(model, plan_id: int):
    return (model.goal_id.in_(select(Goal.id).where(Goal.plan_id == plan_id))) | (
        model.focus_area_id.in_(select(FocusArea.id).where(FocusArea.plan_id == plan_id))
    )


def _reference(plan_id: int) -> int:
    """The definition, straight from the rows: the accounts that took part on any of the plan's
    goals or focus areas, less those whose every comment there residents cannot read and who
    did not rate there."""
    took_part = {u for p, u in _derived() if p == plan_id}
    comments = db.session.execute(
        select(Comment.author_id, shown_comments()).where(
            _in_plan(Comment, plan_id), Comment.author_id.is_not(None)
        )
    ).all()
    raters = set(db.session.scalars(select(Rating.user_id).where(_in_plan(Rating, plan_id))))
    shown = {author for author, is_shown in comments if is_shown}
    unseen = {author for author, _s in comments} - shown - raters
    return len(took_part - unseen)


def _seen(plan_id: int) -> int:
    """Simpler still, while no account is deleted: who wrote what residents can read, or rated."""
    shown = set(
        db.session.scalars(
            select(Comment.author_id).where(
                _in_plan(Comment, plan_id),
                shown_comments(),
                Comment.is_official.is_(False),
                Comment.author_id.is_not(None),
            )
        )
    )
    raters = db.session.scalars(
        select(Rating.user_id).where(_in_plan(Rating, plan_id), Rating.user_id.is_not(None))
    )
    return len(shown | set(raters))


def _people(plan_id: int) -> int:
    found = plan_counts([plan_id]).get(plan_id)
    return found.participants if found else 0


def test_a_person_on_two_goals_and_a_focus_area_of_a_plan_counts_once(app_context):
    plan, (goal, other, area) = _plan()
    anna, bo = make_user(), make_user("bo@example.se", "Bo")
    _comment(goal, anna, "a1")
    _comment(other, anna, "a2")
    services.rate(area, anna, {RatingQuestion.IMPORTANCE: 4})
    services.rate(other, bo, {RatingQuestion.IMPORTANCE: 2})
    db.session.commit()
    assert _stored() == {(plan.id, anna.id), (plan.id, bo.id)} == _derived()
    assert _people(plan.id) == 2


def test_a_person_is_counted_on_each_plan_they_took_part_on(app_context):
    first, (goal, _other, _area) = _plan()
    second, (_goal, _other2, area) = _plan("Blå skolgårdar")
    anna = make_user()
    _comment(goal, anna, "a1")
    _comment(area, anna, "a2")
    db.session.commit()
    assert _stored() == {(first.id, anna.id), (second.id, anna.id)} == _derived()
    assert _people(first.id) == _people(second.id) == 1


def test_the_counts_equal_the_definition_on_mixed_dialogues(app_context):
    """Residents comment, reply and rate at random on two plans; moderators and authors move
    some comments out of view; the municipality answers. Every plan's count equals the count
    straight from the rows."""
    rng = random.Random(20261206)
    plans = [_plan(), _plan("Blå skolgårdar")]
    subjects = [subject for _plan_, subjects in plans for subject in subjects]
    users = [make_user(f"person{i}@example.se", f"Person {i}") for i in range(14)]
    official = make_user("kommun@example.se", "Kommunen")
    comments: list[tuple[Comment, object]] = []
    for n in range(60):
        user, subject = rng.choice(users), rng.choice(subjects)
        action = rng.random()
        if action < 0.3:
            services.rate(subject, user, {RatingQuestion.IMPORTANCE: rng.randint(0, 5)})
        elif action < 0.45 and comments:
            parent, on = rng.choice(comments)
            if parent.parent_id is None:
                reply = _comment(on, user, f"r{n}", parent)
                comments.append((reply, on))
        elif action < 0.5 and comments:
            parent, on = rng.choice(comments)
            if parent.parent_id is None:
                services.post_comment(
                    on, official, "Tack, vi tittar på det.", None, f"o{n}", parent, True
                )
        else:
            comments.append((_comment(subject, user, f"c{n}"), subject))
        db.session.commit()
    for comment, _on in comments:
        comment.status = CommentStatus(rng.choice(STATUSES))
    db.session.commit()
    assert _stored() == _derived()
    for plan, _subjects in plans:
        assert _people(plan.id) == _reference(plan.id) == _seen(plan.id)
    # Some accounts are in both plans, some only unseen there: the data tests both corrections.
    assert len({u for _p, u in _stored()}) < len(_stored())
    assert any(_reference(p.id) < len({u for q, u in _stored() if q == p.id}) for p, _s in plans)


@pytest.mark.parametrize("withdraw", [False, True])
def test_deleting_an_account_keeps_the_plan_rows_and_the_count_right(app_context, withdraw):
    """The participant rows stay when an account is deleted (its comments are kept or
    withdrawn, its ratings no longer linked to it): the plan's too, and its count follows the
    same rule as before the deletion."""
    plan, (goal, other, area) = _plan()
    anna, bo = make_user(), make_user("bo@example.se", "Bo")
    _comment(goal, anna, "a1")
    services.rate(other, anna, {RatingQuestion.IMPORTANCE: 5})
    services.rate(area, bo, {RatingQuestion.IMPORTANCE: 3})
    db.session.commit()
    before = _stored()
    erase_account(anna, withdraw=withdraw)
    db.session.commit()
    assert _stored() == before == _derived()
    # Kept, her comment still counts her; withdrawn, with no rating linked to her, she is not
    # counted among those residents can see took part.
    assert _people(plan.id) == _reference(plan.id) == (1 if withdraw else 2)
