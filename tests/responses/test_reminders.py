"""Administrators are reminded once per goal about closed dialogues left without a response."""

from datetime import timedelta

from sqlalchemy import func, select

from dialog.accounts.roles import Role
from dialog.catalogue.phases import today as local_today
from dialog.core.outbox import OutboxMessage
from dialog.extensions import db
from dialog.jobs import JOBS, celery_settings
from dialog.participation.models import Comment, GoalTally
from dialog.responses import reminders, services
from dialog.responses.models import ResponseReminder
from tests.factories import make_goal, make_user
from tests.officials import make_official


def closed_goal(days_ago: int, slug: str = "lund", title: str = "Trygga parker", comment=True):
    # The municipality's date, as the job counts days: the machine's own date (UTC) is a day
    # behind Stockholm's between midnight there and midnight UTC.
    today = local_today()
    goal = make_goal(
        slug=slug,
        title=title,
        opens_on=today - timedelta(days=days_ago + 30),
        closes_on=today - timedelta(days=days_ago),
    )
    if comment:  # written while the window was open: stored directly, as the rules refuse now
        author = make_user(f"{title[:5].lower()}{goal.id}@example.se", f"Invånare {goal.id}")
        db.session.add_all(
            [
                Comment(
                    goal_id=goal.id,
                    author_id=author.id,
                    body="En synpunkt.",
                    submission_token=f"{goal.id:0>32}",
                ),
                GoalTally(goal_id=goal.id, comment_count=1),
            ]
        )
        db.session.commit()
    return goal


def mails() -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).filter_by(kind="response_reminder")
    )


def test_reminded_once_per_goal_and_administrator(app, app_context, outbox):
    goal = closed_goal(31)
    make_official("a1@lund.se", [("lund", Role.ADMIN)]).language = "en"
    make_official("a2@lund.se", [("lund", Role.ADMIN)])
    make_official("c@lund.se", [("lund", Role.COMMUNICATOR)])
    assert reminders.remind_unanswered() == 2
    assert reminders.remind_unanswered() == 0  # idempotent: the goal is done
    assert reminders.remind(goal) == 0  # even when asked directly (a parallel run)
    db.session.commit()
    assert mails() == 2
    assert sorted(m["To"] for m in outbox.messages()) == ["a1@lund.se", "a2@lund.se"]
    english = next(m for m in outbox.messages() if m["To"] == "a1@lund.se")
    assert english["Subject"] == "Testkommun: A goal is waiting for the municipality's response"
    assert f"/hantera/lund/mal/{goal.id}/aterkoppling" in english.get_content()
    assert db.session.scalar(select(func.count()).select_from(ResponseReminder)) == 1


def test_no_reminder_too_early_when_answered_without_comments_or_elsewhere(app_context):
    make_official("a@lund.se", [("lund", Role.ADMIN)])
    early = closed_goal(29, title="Tidigt")
    quiet = closed_goal(40, title="Tyst", comment=False)
    answered = closed_goal(40, title="Besvarat")
    services.publish_response(answered, make_official("c@lund.se", [("lund", Role.ADMIN)]), "Svar")
    open_goal = make_goal(slug="lund", title="Öppet")
    db.session.commit()
    found = {g.id for g in reminders.goals_to_remind()}
    assert found.isdisjoint({early.id, quiet.id, answered.id, open_goal.id})
    assert reminders.remind_unanswered() == 0
    assert mails() == 0


def test_a_goal_without_administrators_waits_for_one(app_context):
    goal = closed_goal(35, slug="lomma")
    assert reminders.remind_unanswered() == 0
    assert db.session.scalar(select(func.count()).select_from(ResponseReminder)) == 0
    make_official("a@lomma.se", [("lomma", Role.ADMIN)])
    assert reminders.remind_unanswered() == 1
    assert db.session.get(ResponseReminder, goal.id) is not None


def test_the_goal_s_own_window_decides_over_the_plan_s(app_context):
    from dialog.catalogue.models import DialogueWindow

    goal = closed_goal(60)
    make_official("a@lund.se", [("lund", Role.ADMIN)])
    db.session.add(
        DialogueWindow(
            goal_id=goal.id,
            opens_on=local_today() - timedelta(days=5),
            closes_on=None,
            ladder_step="consultation",
            influence="Allt.",
            readers="Nämnden.",
        )
    )
    db.session.commit()
    assert reminders.goals_to_remind() == []


def test_the_reminder_is_a_scheduled_job(app):
    assert JOBS["dialog.responses.remind"].every == "RESPONSE_REMINDER_SECONDS"
    schedule = celery_settings(app.config)["beat_schedule"]
    assert schedule["dialog.responses.remind"]["schedule"] == float(
        app.config["RESPONSE_REMINDER_SECONDS"]
    )
