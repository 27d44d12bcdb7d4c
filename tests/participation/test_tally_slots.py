"""A subject's tally is spread over slot rows (writers seldom wait for one row lock); every
reader sums them, and a slot taken below zero still adds up."""

from sqlalchemy import select

from dialog.catalogue.activity import Activity
from dialog.extensions import db
from dialog.participation import services, subjects
from dialog.participation.activity import goal_counts, plan_counts
from dialog.participation.models import TALLY_SLOTS, GoalTally
from dialog.participation.subjects import comment_count, uncount_comments
from dialog.responses.queries import waiting_goals
from dialog.responses.reminders import goals_to_remind
from tests.factories import make_focus_area, make_goal, make_user, tally


def comment_from_each_of(residents, subject):
    """One comment on `subject` from each of that many new residents, committed."""
    for n in range(residents):
        author = make_user(f"r{n}@example.se", f"Invånare {n}")
        services.post_comment(subject, author, f"Synpunkt {n}", None, f"{n:0>32}")
    db.session.commit()


def test_comments_spread_over_slots_and_every_reader_sums_them(app_context):
    goal = make_goal()
    comment_from_each_of(40, goal)
    slots = db.session.scalars(select(GoalTally.slot).where(GoalTally.goal_id == goal.id)).all()
    # 40 writes into one of 16 slots each: all in one slot has odds of 16 in 16**40
    assert 1 < len(slots) <= TALLY_SLOTS
    assert tally(goal) == (40, 40)
    assert comment_count(goal) == 40
    assert goal_counts([goal.id]) == {goal.id: Activity(40, 40)}
    found = plan_counts([goal.plan_id])[goal.plan_id]
    assert (found.comments, found.participants) == (40, 40)
    waiting = waiting_goals(goal.plan.municipality_id, 1, 10)
    assert waiting.rows == [(goal, 40)] and waiting.total == 1


def test_a_slot_below_zero_still_adds_up(app_context, monkeypatch):
    goal = make_goal(open_window=False)
    db.session.add_all(
        [
            GoalTally(goal_id=goal.id, slot=0, comment_count=2, participant_count=2),
            GoalTally(goal_id=goal.id, slot=5, comment_count=1, participant_count=1),
        ]
    )
    db.session.commit()
    monkeypatch.setattr(subjects, "tally_slot", lambda: 9)
    for _ in range(3):  # comments deleted by the retention rule, taken off slot 9
        uncount_comments(goal.id, None, 1)
    db.session.commit()
    assert db.session.get_one(GoalTally, (goal.id, 9)).comment_count == -3
    assert tally(goal) == (0, 3)
    # The people stay: they did comment (dialog/participation/activity.py counts the tally less
    # those whose only comments residents cannot read; deleted comments are not among those).
    assert goal_counts([goal.id]) == {goal.id: Activity(0, 3)}
    # no comments left: not waiting for a response, no reminder
    assert waiting_goals(goal.plan.municipality_id, 1, 10).total == 0
    assert goal not in goals_to_remind()


def test_a_focus_area_tally_is_summed_over_its_slots(app_context):
    area = make_focus_area()
    comment_from_each_of(20, area)
    uncount_comments(None, area.id, 2)
    db.session.commit()
    assert tally(area) == (18, 20)
    assert comment_count(area) == 18
