"""The rules, services and audit entries of official responses, statuses and replies."""

from datetime import date

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.core.permissions import NotAllowed, may
from dialog.extensions import db
from dialog.participation import services as participation
from dialog.participation.models import Comment, Rating
from dialog.responses import queries, services
from dialog.responses.models import OfficialResponseVersion, StatusOption
from tests.factories import make_goal, make_user
from tests.officials import make_official


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.mark.parametrize(
    ("roles", "platform", "allowed"),
    [
        ([("lund", Role.ADMIN)], False, True),
        ([("lund", Role.COMMUNICATOR)], False, True),
        ([("lund", Role.MODERATOR)], False, False),
        ([("lomma", Role.ADMIN)], False, False),
        ([("lomma", Role.COMMUNICATOR), ("lund", Role.MODERATOR)], False, False),
        ([], True, True),
        ([], False, False),
    ],
)
def test_who_may_answer_for_the_municipality(app_context, roles, platform, allowed):
    goal = make_goal(slug="lund")
    make_goal(slug="lomma")
    official = make_official("o@example.se", roles, platform_admin=platform, enrolled=False)
    assert (may(official, "response.write", goal) is None) is allowed
    assert (may(official, "response.list", goal.plan.municipality) is None) is allowed


def test_only_administrators_edit_the_status_list(app_context):
    goal = make_goal(slug="lund")
    place = goal.plan.municipality
    admin = make_official("a@example.se", [("lund", Role.ADMIN)])
    talker = make_official("c@example.se", [("lund", Role.COMMUNICATOR)])
    assert may(admin, "response.statuses", place) is None
    assert may(talker, "response.statuses", place).code == "no_role"
    assert may(None, "response.write", goal).code == "sign_in"


def test_publishing_records_notifies_participants_and_edits_keep_versions(app, app_context, outbox):
    goal = make_goal(slug="lund")
    anna = make_user("anna@example.se", "Anna", notify_response=True)
    bo = make_user("bo@example.se", "Bo", notify_response=True)
    make_user("cilla@example.se", "Cilla", notify_response=True)  # did not take part
    participation.post_comment(goal, anna, "Fler lampor.", None, "a" * 32)
    db.session.add(Rating(goal_id=goal.id, user_id=bo.id, question="importance", value=4))
    official = make_official("o@lund.se", [("lund", Role.COMMUNICATOR)])
    with app.test_request_context():
        response, changed = services.publish_response(goal, official, "Vi sätter upp lampor.")
        db.session.commit()
    assert changed and response.body == "Vi sätter upp lampor."
    assert sorted(m["To"] for m in outbox.messages()) == ["anna@example.se", "bo@example.se"]
    assert "har återkopplat på ett mål där du deltog" in outbox.last()["Subject"]

    with app.test_request_context():
        assert services.publish_response(goal, official, "Vi sätter upp lampor.")[1] is False
        services.publish_response(goal, official, "Vi sätter upp tio lampor i höst.")
        db.session.commit()
    assert len(outbox.messages()) == 2  # a new wording is not news
    versions = db.session.scalars(select(OfficialResponseVersion)).all()
    assert [v.body for v in versions] == ["Vi sätter upp lampor."]
    assert queries.response_of(goal.id).edited_at is not None
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["response.publish", "response.edit"]
    assert entries[1].before["body"] == "Vi sätter upp lampor."
    assert entries[1].after["body"] == "Vi sätter upp tio lampor i höst."
    assert {e.actor_id for e in entries} == {official.id}
    assert {e.municipality_id for e in entries} == {goal.plan.municipality_id}


def test_a_moderator_or_another_municipality_is_refused_by_the_service(app_context):
    goal = make_goal(slug="lund")
    make_goal(slug="lomma")
    moderator = make_official("m@lund.se", [("lund", Role.MODERATOR)])
    lomma = make_official("a@lomma.se", [("lomma", Role.ADMIN)])
    for actor in (moderator, lomma):
        with pytest.raises(NotAllowed):
            services.publish_response(goal, actor, "Text")
    db.session.rollback()
    assert queries.response_of(goal.id) is None
    assert audit_actions() == []


def test_status_updates_use_the_default_list_and_the_newest_counts(app_context):
    goal = make_goal(slug="lund")
    official = make_official("a@lund.se", [("lund", Role.ADMIN)])
    services.ensure_default_options(goal.plan.municipality_id)
    services.ensure_default_options(goal.plan.municipality_id)  # safe to repeat
    options = queries.options_of(goal.plan.municipality_id)
    assert [o.code for o in options] == [
        "under_consideration",
        "input_used",
        "in_progress",
        "achieved",
        "not_pursued",
    ]
    services.set_status(goal, official, options[0].id, 0, date(2026, 3, 1), None)
    services.set_status(goal, official, options[2].id, 40, date(2026, 6, 1), "Upphandlat.")
    db.session.commit()
    found = queries.feedback(goal.id)
    assert found.status.option.code == "in_progress" and found.status.progress == 40
    assert [u.progress for u in found.updates] == [40, 0]
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["goal_status.update", "goal_status.update"]
    assert entries[0].before is None
    assert entries[1].before["status"] == "under_consideration"
    assert entries[1].after == {
        "status": "in_progress",
        "option_id": options[2].id,
        "progress": 40,
        "happened_on": "2026-06-01",
        "note": "Upphandlat.",
    }


def test_a_status_of_another_municipality_or_a_retired_one_is_refused(app_context):
    goal = make_goal(slug="lund")
    other = make_goal(slug="lomma")
    official = make_official("a@lund.se", [("lund", Role.ADMIN)])
    services.ensure_default_options(other.plan.municipality_id)
    services.ensure_default_options(goal.plan.municipality_id)
    foreign = queries.options_of(other.plan.municipality_id)[0]
    retired = queries.options_of(goal.plan.municipality_id)[0]
    retired.is_archived = True
    for option in (foreign, retired):
        with pytest.raises(NotAllowed) as refused:
            services.set_status(goal, official, option.id, 10, date.today(), None)
        assert refused.value.first.code == "unknown_status"
    usable = queries.options_of(goal.plan.municipality_id)[0]
    with pytest.raises(NotAllowed) as refused:
        services.set_status(goal, official, usable.id, 101, date.today(), None)
    assert refused.value.first.code == "progress"


def test_the_status_list_can_be_renamed_retired_and_extended(app_context):
    goal = make_goal(slug="lund")
    place = goal.plan.municipality
    admin = make_official("a@lund.se", [("lund", Role.ADMIN)])
    added = services.add_option(place, admin, "Utreds vidare")
    first = queries.options_of(place.id)[0]
    assert services.edit_option(first, admin, "Bereds", False) is True
    assert services.edit_option(first, admin, "Bereds", False) is False
    with pytest.raises(NotAllowed):
        services.edit_option(added, admin, "", False)  # an added status keeps a name
    services.edit_option(added, admin, "Utreds vidare", True)
    db.session.commit()
    offered = [o.name for o in queries.options_of(place.id)]
    assert offered[0] == "Bereds" and "Utreds vidare" not in offered
    assert len(queries.options_of(place.id, include_archived=True)) == 6
    assert audit_actions() == [
        "goal_status_option.add",
        "goal_status_option.edit",
        "goal_status_option.edit",
    ]
    with pytest.raises(NotAllowed):
        services.add_option(place, make_official("c@lund.se", [("lund", Role.COMMUNICATOR)]), "X")


def test_an_official_reply_is_marked_recorded_and_told_to_the_author(app, app_context, outbox):
    goal = make_goal(slug="lund", open_window=False)  # answers often come after the dialogue
    anna = make_user("anna@example.se", "Anna", notify_reply=True)
    parent = Comment(
        goal_id=goal.id, author_id=anna.id, body="Fler lampor.", submission_token="p" * 32
    )
    db.session.add(parent)
    db.session.commit()
    official = make_official("c@lund.se", [("lund", Role.COMMUNICATOR)])
    with app.test_request_context():
        posted = services.reply_officially(parent, official, "Tack, vi tittar på det.", "r" * 32)
        again = services.reply_officially(parent, official, "Tack, vi tittar på det.", "r" * 32)
        db.session.commit()
    assert posted.created and not again.created
    reply = db.session.get(Comment, posted.comment.id)
    assert reply.is_official and reply.parent_id == parent.id
    assert db.session.get(Comment, parent.id).reply_count == 1
    assert [m["To"] for m in outbox.messages()] == ["anna@example.se"]
    assert audit_actions() == ["comment.official_reply"]
    with pytest.raises(NotAllowed) as refused:
        services.reply_officially(reply, official, "Svar på svar", "s" * 32)
    assert refused.value.first.code == "nested"


def test_options_are_per_municipality(app_context):
    lund = make_goal(slug="lund").plan.municipality_id
    lomma = make_goal(slug="lomma").plan.municipality_id
    services.ensure_default_options(lund)
    assert queries.options_of(lomma) == []
    assert db.session.query(StatusOption).count() == 5


def test_of_two_officials_only_the_one_who_saw_the_current_wording_writes(app, app_context):
    goal = make_goal(slug="lund")
    first = make_official("a@lund.se", [("lund", Role.ADMIN)])
    second = make_official("c@lund.se", [("lund", Role.COMMUNICATOR)])
    with app.test_request_context():
        services.publish_response(goal, first, "Ett.", seen=0)
        with pytest.raises(NotAllowed) as refused:
            services.publish_response(goal, second, "Två.", seen=0)
        assert refused.value.first.code == "stale"
        services.publish_response(goal, second, "Två.", seen=1)
        with pytest.raises(NotAllowed):
            services.publish_response(goal, first, "Tre.", seen=1)
        with pytest.raises(NotAllowed):  # the insert itself refuses a second first response
            services._publish_first(goal, first, "Fyra.")
        db.session.commit()
    found = queries.response_of(goal.id)
    assert (found.body, found.revision) == ("Två.", 2)
    assert audit_actions() == ["response.publish", "response.edit"]
