"""Post- and pre-moderation, the word list, the settings page and the rules page."""

import uuid

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.core.audit import AuditEntry
from dialog.core.permissions import NotAllowed
from dialog.extensions import db
from dialog.moderation import policy
from dialog.moderation.models import Settings, Word
from dialog.participation.models import Comment
from dialog.participation.services import post_comment
from tests.factories import csrf, make_goal, make_user
from tests.officials import make_official, sign_in_official

SETTINGS = "/hantera/lund/moderering/installningar"


@pytest.fixture
def lund(app_context):
    goal = make_goal(slug="lund")
    admin = make_official("admin@lund.se", [("lund", Role.ADMIN)], name="Alva")
    return {"goal": goal, "admin": admin, "author": make_user("author@example.se", "Author")}


def post(goal, author, body):
    comment = post_comment(goal, author, body, None, uuid.uuid4().hex).comment
    db.session.commit()
    return comment


@pytest.mark.parametrize(
    ("body", "entries", "hits"),
    [
        ("Vilken idiot som planerade parken.", ("idiot*",), ["idiot*"]),
        ("Idioterna på kontoret!", ("idiot*",), ["idiot*"]),
        ("Det var skitbra gjort.", ("skit",), []),
        ("Det är SKIT.", ("skit",), ["skit"]),
        ("Fanns det något?", ("fan",), []),
        ("Inga ord här.", (), []),
    ],
)
def test_words_match_whole_words_or_stems(body, entries, hits):
    assert policy.matching_words(body, entries) == hits


def test_the_default_list_ships_in_swedish():
    words = policy.default_words()
    assert "idiot*" in words and "jävla" in words
    assert all(not w.startswith("#") for w in words)


def test_post_moderation_publishes_and_the_word_list_holds(lund):
    published = post(lund["goal"], lund["author"], "Mer ljus i parken, tack.")
    held = post(lund["goal"], lund["author"], "Vilka jävla idioter.")
    assert (published.status, published.held_for) == ("published", None)
    assert (held.status, held.held_for) == ("pending", "word_list")


def test_pre_moderation_holds_everything_until_approved(lund):
    municipality = lund["goal"].plan.municipality
    policy.save_policy(municipality, lund["admin"], True, list(policy.default_words()))
    db.session.commit()
    comment = post(lund["goal"], lund["author"], "Mer ljus i parken, tack.")
    assert (comment.status, comment.held_for) == ("pending", "approval")
    words = post(lund["goal"], lund["author"], "Vilka idioter.")
    assert words.held_for == "word_list"
    assert db.session.get(Settings, municipality.id).has_own_words is False
    assert db.session.scalar(select(Word)) is None


def test_an_own_list_replaces_the_default_and_is_audited(lund):
    municipality = lund["goal"].plan.municipality
    policy.save_policy(municipality, lund["admin"], False, ["Parkering*", " ", "parkering*"])
    db.session.commit()
    assert policy.policy_of(municipality.id).words == ("parkering*",)
    assert post(lund["goal"], lund["author"], "Fler parkeringar!").held_for == "word_list"
    assert post(lund["goal"], lund["author"], "Vilka idioter.").status == "published"
    entry = db.session.scalar(select(AuditEntry).filter_by(action="moderation.settings"))
    assert entry.before["policy"] == "post" and entry.after["word_list"] == "parkering*"
    assert entry.actor_id == lund["admin"].id


def test_a_policy_saved_is_read_anew_in_the_same_request(lund):
    """The settings are remembered for the request once read (with a block check, for a
    comment); saving them forgets that, even when there was no row before."""
    municipality = lund["goal"].plan.municipality
    assert not policy.policy_of(municipality.id).is_premoderated
    policy.save_policy(municipality, lund["admin"], True, ["bilar"])
    assert policy.policy_of(municipality.id).is_premoderated
    assert policy.policy_of(municipality.id).words == ("bilar",)


def test_a_bad_list_changes_nothing(lund):
    municipality = lund["goal"].plan.municipality
    with pytest.raises(NotAllowed) as refused:
        policy.save_policy(municipality, lund["admin"], True, ["två ord", "*", "bra"])
    assert len(refused.value.refusals) == 2
    db.session.rollback()
    assert db.session.get(Settings, municipality.id) is None


def test_only_administrators_configure(lund):
    moderator = make_official("mod@lund.se", [("lund", Role.MODERATOR)])
    with pytest.raises(NotAllowed):
        policy.save_policy(lund["goal"].plan.municipality, moderator, True, [])


def test_the_settings_page_saves_and_shows_errors(client, lund):
    sign_in_official(client, "admin@lund.se")
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "idiot*" in page and "standardlista" in page
    token = csrf(client, SETTINGS)
    bad = client.post(SETTINGS, data={"csrf_token": token, "words": "två ord"})
    assert bad.status_code == 200
    assert "Välj när kommentarer publiceras." in bad.get_data(as_text=True)
    assert "är inte ett ord" in bad.get_data(as_text=True)
    done = client.post(SETTINGS, data={"csrf_token": token, "policy": "pre", "words": "bilar"})
    assert done.status_code == 302
    assert policy.policy_of(lund["goal"].plan.municipality_id).is_premoderated


def test_the_resident_is_told_the_comment_waits(client, lund):
    from tests.factories import sign_in

    sign_in(client, "author@example.se")
    goal = lund["goal"]
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    token = dict(
        (name, value)
        for name, value in __import__("re").findall(
            r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page
        )
    )
    response = client.post(
        f"/mal/{goal.id}/kommentera",
        data={
            "csrf_token": token["csrf_token"],
            "submission_token": token["submission_token"],
            "body": "Vilka jävla idioter.",
        },
        follow_redirects=True,
    )
    assert "En moderator läser din kommentar innan den publiceras." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(Comment.held_for)) == "word_list"


def test_the_rules_page_lists_the_moderators_reasons(client, app_context):
    page = client.get("/regler").get_data(as_text=True)
    for label in ("Handlar inte om målet", "Reklam eller skräppost", "Olagligt innehåll"):
        assert f"<li>{label}</li>" in page
    assert "Annat (beskriv nedan)" not in page


def test_an_edit_with_a_listed_word_waits_for_a_moderator(lund):
    from dialog.participation.services import edit_comment

    comment = post(lund["goal"], lund["author"], "Mer ljus i parken.")
    edit_comment(comment, lund["author"], "Mer ljus i parken, idioter.", None)
    db.session.commit()
    assert (comment.status, comment.held_for, comment.version) == ("pending", "word_list", 2)


def test_the_municipalitys_own_reply_is_not_held(lund):
    municipality = lund["goal"].plan.municipality
    policy.save_policy(municipality, lund["admin"], True, list(policy.default_words()))
    db.session.commit()
    parent = post(lund["goal"], lund["author"], "Mer ljus i parken.")
    assert parent.status == "pending"
    parent.status, parent.held_for = "published", None
    db.session.commit()
    reply = post_comment(
        lund["goal"],
        lund["admin"],
        "Tack, vi tittar på det.",
        None,
        uuid.uuid4().hex,
        parent,
        official=True,
    ).comment
    assert (reply.status, reply.held_for) == ("published", None)
