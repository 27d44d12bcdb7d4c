"""The readable-comment counts kept by the trigger (dialog/participation/shown.py): they agree
with counting the comments whatever changes them, folding keeps every sum, and the pages read
them instead of counting the comments."""

from sqlalchemy import func, select, update

from dialog.extensions import db
from dialog.jobs import JOBS, celery_settings
from dialog.participation import services, shown
from dialog.participation.models import Comment, CommentStatus, ShownCommentCount, shown_comments
from dialog.participation.subjects import counts
from tests.factories import make_focus_area, make_user

_tokens = iter(range(10**6))


def _post(subject, author, parent=None):
    token = f"shown-{next(_tokens):026x}"
    return services.post_comment(subject, author, "En synpunkt", None, token, parent)


def _kept() -> dict[tuple, int]:
    rows = db.session.execute(
        select(
            ShownCommentCount.goal_id,
            ShownCommentCount.focus_area_id,
            func.sum(ShownCommentCount.delta),
        ).group_by(ShownCommentCount.goal_id, ShownCommentCount.focus_area_id)
    )
    return {(g, f): int(n) for g, f, n in rows if n}


def _counted() -> dict[tuple, int]:
    rows = db.session.execute(
        select(Comment.goal_id, Comment.focus_area_id, func.count())
        .where(shown_comments())
        .group_by(Comment.goal_id, Comment.focus_area_id)
    )
    return {(g, f): int(n) for g, f, n in rows}


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(ShownCommentCount)) or 0


def _dialogue():
    """A focus area and a goal of the same plan, with comments, replies and decisions."""
    area = make_focus_area("both")
    goal = area.plan.goals[0]
    anna, bo = make_user(), make_user("bo@example.se", "Bo")
    for subject in (goal, area, goal):
        first = _post(subject, anna).comment
        _post(subject, bo, parent=first)
    hidden, withdrawn = _post(goal, bo).comment, _post(area, anna).comment
    db.session.commit()
    db.session.execute(
        update(Comment).where(Comment.id == hidden.id).values(status=CommentStatus.HIDDEN.value)
    )
    services.withdraw_comment(withdrawn, anna)
    db.session.commit()
    return goal, area


def test_the_kept_counts_agree_with_counting_the_comments(app_context):
    goal, area = _dialogue()
    assert _kept() == _counted() == {(goal.id, None): 4, (None, area.id): 2}
    assert counts(goal) == (3, 4)  # three top-level comments listed, four readable


def test_folding_keeps_every_sum_in_one_row_per_subject(app_context):
    goal, area = _dialogue()
    before = _kept()
    assert _rows() > len(before)
    assert shown.fold("goal_id", goal.id) > 1
    db.session.commit()
    assert _kept() == before
    assert _rows() > len(before)  # the focus area's rows were left alone
    shown.fold()
    db.session.commit()
    assert _kept() == before
    assert _rows() == len(before)


def test_a_subject_whose_sum_is_nothing_keeps_no_row(app_context):
    goal, _area = _dialogue()
    db.session.execute(update(Comment).where(Comment.goal_id == goal.id).values(status="rejected"))
    shown.fold()
    db.session.commit()
    assert (goal.id, None) not in _kept()
    assert db.session.scalar(select(func.count()).where(ShownCommentCount.goal_id == goal.id)) == 0


def test_every_fold_every_th_comment_folds_its_subject_after_the_commit(app_context, monkeypatch):
    monkeypatch.setattr(shown, "FOLD_EVERY", 1)
    area = make_focus_area("both")
    goal = area.plan.goals[0]
    anna = make_user()
    for _ in range(3):
        _post(goal, anna)
        assert db.session.scalar(select(func.count()).where(ShownCommentCount.goal_id == goal.id))
        db.session.commit()  # the job runs in this process after the commit
    assert db.session.scalar(select(func.count()).where(ShownCommentCount.goal_id == goal.id)) == 1
    assert _kept() == _counted() == {(goal.id, None): 3}


def test_every_subject_is_folded_now_and_then(app):
    found = JOBS["dialog.participation.fold_shown_counts"]
    assert found.every == "SHOWN_COUNT_FOLD_SECONDS"
    schedule = celery_settings(app.config)["beat_schedule"]
    assert schedule[found.name]["schedule"] == float(app.config["SHOWN_COUNT_FOLD_SECONDS"])


def test_the_pages_read_the_kept_counts(app_context, client):
    """A row added by hand shows on the goal page and in the catalogue's counts: they sum the
    kept rows rather than count the comments."""
    goal, _area = _dialogue()
    db.session.add(ShownCommentCount(goal_id=goal.id, delta=10))
    db.session.commit()
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    assert '<span class="count">(14 kommentarer och svar)</span>' in page
    assert "Till kommentarerna (14 kommentarer och svar)" in page
    assert client.get(f"/api/v1/goals/{goal.id}").get_json()["comment_count"] == 14
