"""Bringing residents back: the reply-mail offer after a comment, participants counted once,
and My page showing replies and reactions since the last visit."""

from datetime import timedelta

from sqlalchemy import select

from dialog.accounts.models import User
from dialog.db import as_utc, utcnow
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.activity import plan_counts
from dialog.participation.models import (
    Comment,
    FocusAreaParticipant,
    GoalParticipant,
    ReactionKind,
)
from dialog.participation.models import RatingQuestion as Q
from tests.factories import (
    csrf,
    form_fields,
    make_focus_area,
    make_goal,
    make_user,
    sign_in,
    tally,
)
from tests.participation.test_comments import post_comment

OFFER = "Mejla mig när någon svarar eller när kommunen återkopplar"


def answer_offer(client, choice: str, goal_id: int):
    return client.post(
        "/mina-sidor/svarsmejl",
        data={"choice": choice, "next": f"/mal/{goal_id}", "csrf_token": csrf(client, "/")},
    )


def test_offer_after_a_comment_turns_on_reply_mail_and_is_remembered(client, app_context, outbox):
    goal = make_goal()
    anna = make_user()
    bo = make_user("bo@example.se", "Bo")
    sign_in(client)
    assert OFFER not in client.get(f"/mal/{goal.id}").get_data(as_text=True)
    response, _data = post_comment(client, goal.id)
    assert OFFER in client.get(response.location).get_data(as_text=True)
    assert OFFER not in client.get(f"/mal/{goal.id}").get_data(as_text=True)  # shown once
    response = answer_offer(client, "yes", goal.id)
    assert response.status_code == 302 and response.location == f"/mal/{goal.id}"
    db.session.refresh(anna)
    assert anna.notify_reply and anna.notify_response and not anna.notify_decision
    assert anna.reply_mail_answered_at is not None
    response, _data = post_comment(client, goal.id, body="En till synpunkt.")
    assert OFFER not in client.get(response.location).get_data(as_text=True)  # not asked again
    mine = db.session.scalars(select(Comment).filter_by(author_id=anna.id)).first()
    reply = services.post_comment(goal, bo, "Bra idé!", None, "r" * 32, parent=mine).comment
    from dialog.participation.notifications import notify_reply

    with client.application.test_request_context():
        assert notify_reply(reply) is True
    db.session.commit()
    assert outbox.last()["To"] == "anna@example.se"


def test_saying_no_is_remembered_and_changes_no_setting(client, app_context):
    goal = make_goal()
    anna = make_user()
    sign_in(client)
    post_comment(client, goal.id)
    assert answer_offer(client, "no", goal.id).status_code == 302
    db.session.refresh(anna)
    assert anna.reply_mail_answered_at is not None
    assert not (anna.notify_reply or anna.notify_response)
    response, _data = post_comment(client, goal.id, body="Och en sak till.")
    assert OFFER not in client.get(response.location).get_data(as_text=True)


def test_offer_needs_sign_in_and_csrf(client, app_context):
    goal = make_goal()
    response = client.post("/mina-sidor/svarsmejl", data={"choice": "yes"})
    assert response.status_code in (302, 400)
    make_user()
    sign_in(client)
    assert client.post("/mina-sidor/svarsmejl", data={"choice": "yes"}).status_code == 400
    assert db.session.scalar(select(User.notify_reply)) is False
    assert answer_offer(client, "yes", goal.id).status_code == 302


def test_participants_are_counted_once_per_goal(app, app_context):
    goal = make_goal()
    anna = make_user()
    bo = make_user("bo@example.se", "Bo")
    top = services.post_comment(goal, anna, "Ett", None, "a" * 32).comment
    services.post_comment(goal, anna, "Två", None, "b" * 32)
    services.post_comment(goal, bo, "Svar", None, "c" * 32, parent=top)
    services.rate(goal, anna, {Q.IMPORTANCE: 4})
    services.rate(goal, bo, {Q.PERFORMANCE: 2})
    db.session.commit()
    assert tally(goal) == (2, 2)
    assert len(db.session.scalars(select(GoalParticipant)).all()) == 2


def test_a_rating_first_starts_the_tally_and_a_known_participant_adds_none(app, app_context):
    """Participant and tally are one statement on PostgreSQL: a first rating creates the
    tally, a second by the same account changes nothing, a comment counts itself only."""
    goal = make_goal()
    anna = make_user()

    def counts() -> tuple[int, int]:
        db.session.commit()
        db.session.expire_all()
        return tally(goal)

    services.rate(goal, anna, {Q.IMPORTANCE: 4})
    assert counts() == (0, 1)
    services.rate(goal, anna, {Q.PERFORMANCE: 2})
    assert counts() == (0, 1)
    services.post_comment(goal, anna, "Ett", None, "a" * 32)
    services.post_comment(goal, anna, "Två", None, "b" * 32)
    assert counts() == (2, 1)


def test_participants_on_focus_areas_count_for_the_plan(app, app_context):
    area = make_focus_area("both")
    goal = area.plan.goals[0]
    anna = make_user()
    bo = make_user("bo@example.se", "Bo")
    cecilia = make_user("cecilia@example.se", "Cecilia")
    top = services.post_comment(area, anna, "Ett", None, "a" * 32).comment
    services.post_comment(area, bo, "Svar", None, "b" * 32, parent=top)
    services.rate(area, anna, {Q.IMPORTANCE: 4})
    services.rate(area, cecilia, {Q.PERFORMANCE: 2})
    services.post_comment(goal, anna, "På målet", None, "c" * 32)
    db.session.commit()
    # anna commented and rated, bo replied, cecilia rated: three, each once
    assert tally(area) == (1, 3)
    assert len(db.session.scalars(select(FocusAreaParticipant)).all()) == 3
    # the plan: a comment and bo's reply on the area, one comment on the goal (the comments
    # and replies residents read); anna, bo and cecilia once each
    found = plan_counts([area.plan_id])[area.plan_id]
    assert (found.comments, found.participants) == (3, 3)


def test_my_page_shows_replies_and_reactions_new_since_the_last_visit(client, app_context):
    goal = make_goal()
    anna = make_user()
    bo = make_user("bo@example.se", "Bo")
    sign_in(client)
    post_comment(client, goal.id)
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Ingen har svarat på eller reagerat på dina kommentarer ännu." in page
    mine = db.session.scalar(select(Comment).filter_by(author_id=anna.id))
    services.post_comment(goal, bo, "Jag håller med om lamporna.", None, "r" * 32, parent=mine)
    services.react(mine, bo, ReactionKind.AGREE)
    db.session.commit()
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Bo svarade på din kommentar om Trygga parker:" in page
    assert "Jag håller med om lamporna." in page
    assert "Någon höll med om din kommentar om Trygga parker." in page
    assert page.count('class="new-marker"') == 2
    assert "2 nya sedan ditt förra besök" in page
    page = client.get("/mina-sidor").get_data(as_text=True)  # seen: kept, no longer new
    assert "Jag håller med om lamporna." in page and 'class="new-marker"' not in page
    assert "Inget nytt sedan ditt förra besök" in page and "0 nya" not in page
    db.session.refresh(anna)
    assert utcnow() - as_utc(anna.my_page_seen_at) < timedelta(minutes=1)


def test_my_page_does_not_show_my_own_replies_as_news(client, app_context):
    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id)
    top = db.session.scalar(select(Comment))
    fields = form_fields(client.get(f"/kommentar/{top.id}").get_data(as_text=True))
    client.post(f"/kommentar/{top.id}/svara", data={"body": "Mitt eget tillägg.", **fields})
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Ingen har svarat på eller reagerat på dina kommentarer ännu." in page


def test_other_areas_add_events_such_as_official_responses(client, app_context):
    from dialog.participation import news

    goal = make_goal()
    make_user()
    sign_in(client)
    post_comment(client, goal.id)

    def responses(user_id):
        return [
            news.Event(
                "response",
                utcnow(),
                goal_title="Trygga parker",
                text="Vi sätter upp fler lampor under våren.",
                url=f"/mal/{goal.id}",
            )
        ]

    news.register(client.application, responses)
    try:
        page = client.get("/mina-sidor").get_data(as_text=True)
    finally:
        client.application.extensions[news._KEY].remove(responses)
    assert "Kommunen återkopplade på Trygga parker:" in page
    assert "Vi sätter upp fler lampor under våren." in page
    assert 'class="new-marker"' in page


def test_my_page_shows_the_municipalitys_response_and_official_replies(client, app_context):
    from dialog.responses.models import OfficialResponse

    goal = make_goal()
    anna = make_user()
    official = make_user("tjansteperson@example.se", "Tjänsteperson")
    sign_in(client)
    post_comment(client, goal.id)
    client.get("/mina-sidor")  # the visit before the municipality answers
    mine = db.session.scalar(select(Comment).filter_by(author_id=anna.id))
    services.post_comment(goal, official, "Tack, vi tittar på det.", None, "o" * 32, mine, True)
    db.session.add(OfficialResponse(goal_id=goal.id, body="Vi sätter upp lampor i vår."))
    db.session.commit()
    page = client.get("/mina-sidor").get_data(as_text=True)
    assert "Kommunen återkopplade på Trygga parker:" in page
    assert "Vi sätter upp lampor i vår." in page
    assert "Testkommun svarade på din kommentar om Trygga parker:" in page
    assert page.count('class="new-marker"') == 2
    assert tally(goal)[1] == 1  # the official reply is not a resident taking part
