"""Bulk decisions, blocking a writer, moderators' mail and the retention rule."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialog import jobs
from dialog.core.audit import AuditEntry
from dialog.core.permissions import NotAllowed, may
from dialog.db import as_utc, utcnow
from dialog.extensions import db
from dialog.moderation import alerts, blocks, policy, services
from dialog.moderation.models import Action, Decision
from dialog.moderation.retention import apply_retention
from dialog.participation.models import Comment, CommentStatus, Report
from dialog.participation.services import edit_comment, post_comment, report_comment
from dialog.participation.subjects import comment_count
from tests.factories import csrf, make_user
from tests.moderation.helpers import comment_on, desk_world
from tests.officials import sign_in_official

DESK = "/hantera/lund/moderering"


@pytest.fixture
def world(app_context):
    return desk_world()


def entries(action: str) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).filter_by(action=action)).all()


# --- Bulk -------------------------------------------------------------------------------------


def test_a_selection_is_decided_all_or_nothing(world):
    extra = comment_on(world["goal"], world["author"], "Också väntande.", CommentStatus.PENDING)
    extra.held_for = "approval"
    db.session.commit()
    chosen = [(world["pending"], 1), (extra, 1), (world["reported"], 1)]
    with pytest.raises(NotAllowed) as refused:  # the reported one is published: no "reject"
        services.decide_all(chosen, world["moderator"], services.Request(Action.REJECT, 0))
    codes = [r.code for r in refused.value.refusals]
    assert sorted(codes) == ["does_not_fit", "reason"]
    handled = next(r for r in refused.value.refusals if r.code == "does_not_fit")
    assert f"Kommentar {world['reported'].id}:" in handled.reason
    db.session.rollback()
    assert db.session.scalar(select(func.count(Decision.id))) == 0
    asked = services.Request(Action.REJECT, 0, "spam")
    assert services.decide_all(chosen[:2], world["moderator"], asked) == 2
    db.session.commit()
    assert len(entries("moderation.reject")) == 2


def test_the_desk_applies_a_selection(client, world):
    sign_in_official(client, "mod@lund.se")
    token = csrf(client, DESK)
    pending, held = world["pending"], world["held"]
    data = {
        "bulk-csrf_token": token,
        "bulk-action": "publish",
        "bulk-queue": "approval",
        "selected": [str(pending.id), str(held.id)],
        f"version-{pending.id}": "1",
        f"version-{held.id}": "1",
    }
    response = client.post(DESK + "/urval", data=data, follow_redirects=True)
    assert "”Publicera” gäller nu 2 kommentarer. Inget återstår i ”Väntar på godkännande”." in (
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert {db.session.get(Comment, c.id).status for c in (pending, held)} == {"published"}
    again = client.post(DESK + "/urval", data=data, follow_redirects=True)
    assert "Inget ändrades." in again.get_data(as_text=True)
    crafted = client.post(DESK + "/urval", data=data | {"selected": ["x"]}, follow_redirects=True)
    assert "Välj kommentarer i listan." in crafted.get_data(as_text=True)
    foreign = data | {"selected": [str(world["lomma_comment"].id)]}  # see test_stale_selection
    assert client.post(DESK + "/urval", data=foreign).status_code == 200


# --- Blocks -----------------------------------------------------------------------------------


def test_a_blocked_writer_cannot_post_in_that_municipality_only(world):
    lund = world["goal"].plan.municipality_id
    with pytest.raises(NotAllowed) as refused:
        blocks.block(world["author"], lund, world["moderator"], "30", "  ")
    assert [r.code for r in refused.value.refusals] == ["justification"]
    found = blocks.block(world["author"], lund, world["moderator"], "30", "Hot mot en granne.")
    db.session.commit()
    assert as_utc(found.until) > utcnow() + timedelta(days=29)
    refused = refusal_to_take_part(world["author"], world["goal"])
    assert "spärrat dig från att delta här till och med" in refused
    assert refusal_to_take_part(world["author"], world["lomma_comment"].goal) is None  # Lomma
    entry = entries("moderation.block")[0]
    assert (entry.target_type, entry.target_id) == ("users", world["author"].id)
    assert entry.reason == "Hot mot en granne." and entry.actor_id == world["moderator"].id
    blocks.lift(found, world["moderator"])
    db.session.commit()
    assert refusal_to_take_part(world["author"], world["goal"]) is None
    assert len(entries("moderation.unblock")) == 1


def test_a_permanent_block_and_an_expired_one(world):
    lund = world["goal"].plan.municipality_id
    found = blocks.block(world["author"], lund, world["moderator"], "permanent", "Upprepade hot.")
    db.session.commit()
    assert found.until is None
    refused = refusal_to_take_part(world["author"], world["goal"])
    assert refused == "En moderator har spärrat dig från att delta här."
    found.until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert refusal_to_take_part(world["author"], world["goal"]) is None


def test_blocking_from_the_desk_needs_a_justification(client, world):
    sign_in_official(client, "mod@lund.se")
    url = f"{DESK}/{world['reported'].id}"
    token = csrf(client, url)
    empty = client.post(url + "/blockera", data={"csrf_token": token, "period": "7"})
    assert empty.status_code == 200 and "Skriv varför skribenten spärras." in empty.get_data(
        as_text=True
    )
    assert not entries("moderation.block")
    data = {"csrf_token": token, "period": "7", "justification": "Reklam gång på gång."}
    done = client.post(url + "/blockera", data=data, follow_redirects=True)
    assert "Author är spärrad." in done.get_data(as_text=True)
    lifted = client.post(url + "/hav-blockering", data={"csrf_token": token}, follow_redirects=True)
    assert "Spärren är hävd." in lifted.get_data(as_text=True)


# --- Mail to moderators -----------------------------------------------------------------------


def test_moderators_are_mailed_about_new_items(world, outbox, app):
    lund = world["goal"].plan.municipality_id
    alerts.subscribe(world["moderator"], lund, alerts.Mode.IMMEDIATE)
    alerts.subscribe(
        world["lomma_moderator"],
        world["lomma_comment"].goal.plan.municipality_id,
        alerts.Mode.DAILY,
    )
    db.session.commit()
    assert alerts.send_due(alerts.Mode.IMMEDIATE) == 0  # what waited before is not news
    before = len(outbox.messages())
    post_comment(world["goal"], world["author"], "Vilka idioter.", None, uuid.uuid4().hex)
    db.session.commit()  # the alert is sent right after this commit, not by the next sweep
    alerted = [m for m in outbox.messages()[before:] if m["To"] == "mod@lund.se"]
    assert len(alerted) == 1
    assert "Stoppade av ordlistan: 1" in alerted[0].get_content()
    assert alerts.send_due(alerts.Mode.IMMEDIATE) == 0  # the sweep does not tell it twice
    assert alerts.send_due(alerts.Mode.DAILY) == 0  # nothing new in Lomma
    assert len(outbox.messages()) == before + 1


def test_an_edit_into_a_hold_alerts_at_once_moderators_once(world, outbox):
    alerts.subscribe(world["moderator"], world["goal"].plan.municipality_id, alerts.Mode.IMMEDIATE)
    db.session.commit()
    before = len(outbox.messages())
    comment = comment_on(world["goal"], world["author"], "En vanlig synpunkt.")
    assert len(outbox.messages()) == before  # published at once: nothing for the desk
    assert edit_comment(comment, world["author"], "Vilka idioter.", None)
    db.session.commit()  # held by the word list: the alert goes right after this commit
    alerted = outbox.messages()[before:]
    assert [m["To"] for m in alerted] == ["mod@lund.se"]
    assert "Stoppade av ordlistan: 1" in alerted[0].get_content()
    assert alerts.send_due(alerts.Mode.IMMEDIATE) == 0  # the sweep does not tell it twice


def test_a_report_alerts_at_once_moderators_once(world, outbox):
    alerts.subscribe(world["moderator"], world["goal"].plan.municipality_id, alerts.Mode.IMMEDIATE)
    db.session.commit()
    before = len(outbox.messages())
    comment = comment_on(world["goal"], world["author"], "En vanlig synpunkt.")
    assert len(outbox.messages()) == before  # published at once: nothing for the desk
    reporter = make_user("reporter-once@example.se", "Reporter")
    assert report_comment(comment, reporter, "spam", "Reklam.")
    db.session.commit()
    alerted = outbox.messages()[before:]
    assert [m["To"] for m in alerted] == ["mod@lund.se"]
    assert alerts.send_due(alerts.Mode.IMMEDIATE) == 0
    assert len(outbox.messages()) == before + 1


def test_the_digest_is_a_beat_job(app):
    schedule = jobs.celery_settings(app.config)["beat_schedule"]
    assert schedule["dialog.moderation.digest"]["schedule"] == 86_400
    assert schedule["dialog.moderation.alerts"]["schedule"] == 300


def test_the_choice_is_made_on_the_desk(client, world):
    sign_in_official(client, "mod@lund.se")
    token = csrf(client, DESK)
    client.post(DESK + "/epost", data={"csrf_token": token, "mode": "daily"})
    assert alerts.mode_of(world["moderator"], world["goal"].plan.municipality_id) == "daily"
    page = client.get(DESK).get_data(as_text=True)
    assert re.search(r'<input checked id="mode-2"[^>]*value="daily"', page)
    client.post(DESK + "/epost", data={"csrf_token": token, "mode": "never"})
    assert alerts.mode_of(world["moderator"], world["goal"].plan.municipality_id) == "never"


# --- Retention --------------------------------------------------------------------------------


def test_retention_deletes_old_threads_only_by_the_rule_and_logs_it(world, runner):
    municipality = world["goal"].plan.municipality
    old = comment_on(world["goal"], world["author"], "Gammal.")
    reply = post_comment(world["goal"], world["author"], "Svar.", None, uuid.uuid4().hex, old)
    old.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    old_id, reply_id = old.id, reply.comment.id
    services.decide(world["reported"], world["moderator"], services.Request(Action.DISMISS, 1))
    db.session.commit()
    assert apply_retention() == []  # no rule: nothing is ever deleted
    policy.save_policy(
        municipality,
        _admin(),
        False,
        list(policy.default_words()),
        365,
    )
    db.session.commit()
    tally = comment_count(world["goal"])
    result = runner.invoke(args=["dialog", "apply-retention", "--dry-run"])
    assert "lund: would delete 1 threads (2 comments)" in result.output
    assert db.session.get(Comment, reply_id) is not None
    result = runner.invoke(args=["dialog", "apply-retention"])
    assert "lund: deleted 1 threads (2 comments)" in result.output
    db.session.expire_all()
    left = set(db.session.scalars(select(Comment.id)))
    assert old_id not in left and reply_id not in left and world["reported"].id in left
    assert db.session.scalar(select(func.count(Report.id))) == 1
    assert comment_count(world["goal"]) == tally - 1
    entry = entries("moderation.retention")[0]
    assert entry.actor_id is None and entry.after["comments"] == 2
    assert entry.reason == "retention_days=365"


def _admin():
    from dialog.accounts.roles import Role
    from tests.officials import make_official

    return make_official("admin@lund.se", [("lund", Role.ADMIN)])


def refusal_to_take_part(user, goal) -> str | None:
    """The participation rule, asked afresh (blocks are remembered per request)."""
    from flask import g

    g.pop("_moderation_blocks", None)
    found = may(user, "goal.take_part", goal)
    return None if found is None else found.reason


def test_a_refused_selection_comes_back_ticked_with_what_was_asked(client, world):
    """A bulk rejection without a reason changes nothing, and the desk comes back with the
    same comments ticked, the action and the message kept, and the missing reason named at
    its field: the moderator adds it rather than ticking everything again."""
    sign_in_official(client, "mod@lund.se")
    pending, held = world["pending"], world["held"]
    data = {
        "bulk-csrf_token": csrf(client, DESK),
        "bulk-action": "reject",
        "bulk-queue": "approval",
        "bulk-message": "Skriv om målet.",
        "selected": [str(pending.id)],
        f"version-{pending.id}": "1",
    }
    response = client.post(DESK + "/urval", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="select-{pending.id}" checked' in page
    assert f'id="select-{held.id}" checked' not in page
    assert '<option selected value="reject">' in page
    assert "Skriv om målet.</textarea>" in page
    assert 'id="error-summary"' in page and 'href="#bulk-reason"' in page
    assert db.session.scalar(select(func.count(Decision.id))) == 0


def test_rejecting_a_selection_is_confirmed_first(client, world):
    """Rejecting or hiding several comments at once shows them, the reason and the way back
    first; nothing changes until the moderator confirms, and the stale page cannot repeat it."""
    sign_in_official(client, "mod@lund.se")
    pending, held = world["pending"], world["held"]
    data = {
        "bulk-csrf_token": csrf(client, DESK),
        "bulk-action": "reject",
        "bulk-reason": "spam",
        "bulk-queue": "approval",
        "selected": [str(pending.id), str(held.id)],
        f"version-{pending.id}": "1",
        f"version-{held.id}": "1",
    }
    asked = client.post(DESK + "/urval", data=data).get_data(as_text=True)
    assert "<h1>Avvisa 2 kommentarer?</h1>" in asked and "Väntar på godkännande." in asked
    assert 'name="confirmed" value="yes">Avvisa 2 kommentarer</button>' in asked
    assert 'href="/hantera/lund/moderering?queue=approval&amp;page=1"' in asked  # the way back
    assert db.session.scalar(select(func.count(Decision.id))) == 0
    done = client.post(DESK + "/urval", data=data | {"confirmed": "yes"}, follow_redirects=True)
    assert "”Avvisa” gäller nu 2 kommentarer." in done.get_data(as_text=True)
    assert len(entries("moderation.reject")) == 2
    again = client.post(DESK + "/urval", data=data | {"confirmed": "yes"}, follow_redirects=True)
    assert "Inget ändrades." in again.get_data(as_text=True)
    assert len(entries("moderation.reject")) == 2
