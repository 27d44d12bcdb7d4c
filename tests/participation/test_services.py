"""What the participation services store, beyond whether they refuse: each case here was found by
mutating the service (`make mutate`, docs/testing.md) and seeing the suite stay green."""

from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import select, update

from dialog.core.permissions import NotAllowed, Refusal, may
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, CommentStatus, Reaction, ReactionKind, Report
from dialog.participation.permissions import account_refusal
from dialog.participation.text import normalise_body, render_comment
from tests.factories import make_goal, make_user

_tokens = iter(range(10**6))


def _post(goal, author, body="En synpunkt", parent=None, category=None):
    token = f"{next(_tokens):032x}"
    return services.post_comment(goal, author, body, category, token, parent).comment


def _people():
    return make_user("anna@example.se", "Anna"), make_user("bo@example.se", "Bo")


def test_refusals_carry_the_reason_a_resident_reads(app, app_context):
    goal = make_goal()
    other_goal = make_goal(slug="annan")
    author, reader = _people()
    top = _post(goal, author)
    reply = _post(goal, reader, "Svar", parent=top)
    with app.test_request_context(), force_locale("en"):
        assert str(may(reader, "comment.reply", reply)) == (
            "You can only reply to a comment, not to a reply."
        )
        try:
            _post(other_goal, reader, "Fel mål", parent=top)
        except NotAllowed as refused:
            assert [(r.code, r.reason) for r in refused.refusals] == [
                ("nested", "You can only reply to a comment, not to a reply.")
            ]
        else:
            raise AssertionError("a reply under another goal's comment was stored")
        top.status = CommentStatus.PENDING.value
        assert str(may(reader, "comment.reply", top)) == "This comment cannot be replied to."
        anonymous = may(None, "manage.enter")
        assert anonymous is not None and anonymous.reason == "Sign in to continue."


def test_a_resident_without_a_role_is_told_why(app, app_context):
    resident = make_user()
    with app.test_request_context(), force_locale("en"):
        refusal = may(resident, "manage.enter")
    assert refusal is not None and (refusal.code, refusal.reason) == (
        "no_role",
        "You do not have a role that allows this here.",
    )


def test_an_edit_of_the_category_alone_is_kept_as_a_version(app_context):
    goal = make_goal()
    author, _ = _people()
    comment = _post(goal, author, category="question")
    assert services.edit_comment(comment, author, "En synpunkt", "question") is False
    assert comment.versions == []
    assert services.edit_comment(comment, author, "En synpunkt", "suggestion") is True
    assert comment.category == "suggestion"
    assert [(v.body, v.category) for v in comment.versions] == [("En synpunkt", "question")]
    assert services.edit_comment(comment, author, "Ändrad", "suggestion") is True
    assert comment.body == "Ändrad" and comment.edited_at is not None


def test_withdrawing_records_when(app_context):
    goal = make_goal()
    author, reader = _people()
    first, second, third = (_post(goal, author, f"Nummer {n}") for n in range(3))
    services.withdraw_comment(first, author)
    assert first.status == CommentStatus.WITHDRAWN and first.withdrawn_at is not None
    services.withdraw_all_by(author)
    db.session.expire_all()
    for comment in (second, third):
        assert comment.status == CommentStatus.WITHDRAWN and comment.withdrawn_at is not None


def test_a_reaction_taken_back_removes_only_that_persons_on_that_comment(app_context):
    goal = make_goal()
    author, reader = _people()
    third = make_user("cy@example.se", "Cy")
    one, two = _post(goal, author, "Ett"), _post(goal, author, "Två")
    services.react(one, reader, ReactionKind.AGREE)
    services.react(one, third, ReactionKind.DISAGREE)
    services.react(two, reader, ReactionKind.AGREE)
    assert (one.agree_count, one.disagree_count, two.agree_count) == (1, 1, 1)
    services.react(one, reader, None)
    kept = db.session.execute(select(Reaction.comment_id, Reaction.user_id)).all()
    assert sorted(kept) == sorted([(one.id, third.id), (two.id, reader.id)])
    assert (one.agree_count, one.disagree_count, two.agree_count) == (0, 1, 1)


def test_a_report_is_stored_with_its_details_once(app_context):
    goal = make_goal()
    author, reader = _people()
    comment = _post(goal, author)
    assert services.report_comment(comment, reader, "other", "Hot mot en namngiven person") is True
    assert services.report_comment(comment, reader, "other", "Igen") is False
    stored = db.session.scalars(select(Report)).all()
    assert [(r.reason, r.details) for r in stored] == [("other", "Hot mot en namngiven person")]


def test_a_late_report_does_not_undo_a_moderators_decision(app, app_context, monkeypatch):
    """The comment was rejected while the reporter's copy still said published."""
    monkeypatch.setitem(app.config, "REPORT_THRESHOLD", 1)
    goal = make_goal()
    author, reader = _people()
    comment = _post(goal, author)
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(status=CommentStatus.REJECTED.value)
        .execution_options(synchronize_session=False)
    )
    assert comment.status == CommentStatus.PUBLISHED  # the copy the service is given
    assert services.report_comment(comment, reader, "spam", None) is True
    assert comment.status == CommentStatus.REJECTED and comment.report_count == 1


def test_the_text_is_normalised_on_the_way_in():
    typed = "  Indrag behålls  \r\nrad två\rrad tre\r\n\r\n\r\n\n\nnytt stycke   \n"
    assert normalise_body(typed) == "Indrag behålls\nrad två\nrad tre\n\nnytt stycke"
    assert normalise_body("a\n  b") == "a\n  b"
    assert str(render_comment("Hej", "en")) == '<p lang="en">Hej</p>'
    assert str(render_comment("Hej")) == '<p lang="sv">Hej</p>'
    assert str(render_comment("OK")) == "<p>OK</p>"


def _official_reply(goal, author, parent, body="Kommunens svar"):
    token = f"{next(_tokens):032x}"
    return services.post_comment(goal, author, body, "question", token, parent, official=True)


def test_an_official_reply_is_stored_after_the_dialogue_closed_and_marked(app_context):
    goal = make_goal()
    author, official = _people()
    top = _post(goal, author)
    window = goal.window or goal.plan.window
    window.closes_on = window.opens_on  # closed since long before today
    window.opens_on = window.opens_on.replace(year=window.opens_on.year - 1)
    assert may(author, "comment.reply", top).code == "closed"
    try:
        _post(goal, author, "Ett svar för sent", parent=top)
    except NotAllowed as refused:
        assert refused.first.code == "closed"
    else:
        raise AssertionError("a resident replied in a closed dialogue")
    answer = _official_reply(goal, official, top).comment
    assert answer.is_official is True and answer.parent_id == top.id and answer.category is None
    assert answer.status == CommentStatus.PUBLISHED


def test_an_official_reply_needs_a_published_top_level_comment(app_context):
    goal = make_goal()
    author, official = _people()
    top = _post(goal, author)
    answer = _official_reply(goal, official, top).comment
    with pytest.raises(NotAllowed) as refused:
        _official_reply(goal, official, answer)
    assert refused.value.first.code == "nested"
    top.status = CommentStatus.WITHDRAWN.value
    with pytest.raises(NotAllowed) as refused:
        _official_reply(goal, official, top)
    assert refused.value.first.code == "not_published"
    with pytest.raises(ValueError, match="^an official comment is always a reply$"):
        services.post_comment(goal, official, "Svar", None, "t" * 32, None, official=True)


def test_a_form_token_stores_once_and_serves_only_its_own_form(app, app_context):
    goal = make_goal()
    author, reader = _people()
    first = services.post_comment(goal, author, "En synpunkt", None, "a" * 32)
    assert first.created is True
    again = services.post_comment(goal, author, "En synpunkt", None, "a" * 32)
    assert again.created is False and again.comment.id == first.comment.id
    with app.test_request_context(), force_locale("en"):
        with pytest.raises(NotAllowed) as refused:
            services.post_comment(goal, reader, "Bos text", None, "a" * 32)
        assert [(r.code, r.reason) for r in refused.value.refusals] == [
            ("token_used", "This form has already been used. Reload the page and try again.")
        ]


def test_body_refusal_names_the_problem_and_its_limits(app, app_context):
    goal = make_goal()
    goal.plan.municipality.comment_max_length = 20
    refusal = services.body_refusal
    with app.test_request_context(), force_locale("en"):
        assert refusal("", goal) == Refusal("body", "Write your comment.")
        assert refusal(None, goal) == Refusal("body", "Write your comment.")
        assert refusal("x" * 20, goal) is None
        assert refusal("x" * 21, goal) == Refusal(
            "body", "The comment is 21 characters long; at most 20 are allowed."
        )
        goal.plan.municipality.comment_max_length = 500
        three = " ".join(f"https://example.se/{n}" for n in range(3))
        assert refusal(three, goal) is None
        assert refusal(three + " https://example.se/3", goal) == Refusal(
            "body", "A comment may contain at most 3 links."
        )


def test_the_comment_length_limit_falls_back_and_is_capped(app, app_context):
    goal = make_goal()
    municipality = goal.plan.municipality
    municipality.comment_max_length = None
    assert services.max_comment_length(goal) == app.config["COMMENT_MAX_LENGTH"] == 2000
    municipality.comment_max_length = 9_999
    assert services.max_comment_length(goal) == 9_999
    municipality.comment_max_length = 10_001
    assert services.max_comment_length(goal) == 10_000


def test_a_comment_with_a_listed_word_is_held_and_moderators_are_told(app_context, monkeypatch):
    goal = make_goal()
    author, reader = _people()
    alerted = []
    monkeypatch.setattr(
        services, "moderator_alerts", SimpleNamespace(enqueue=lambda: alerted.append(1))
    )
    published = _post(goal, author, "Mer ljus i parken, tack.")
    assert (published.status, published.held_for, alerted) == ("published", None, [])
    held = _post(goal, author, "Vilka jävla idioter.")
    assert (held.status, held.held_for, alerted) == ("pending", "word_list", [1])


def test_an_edit_with_a_listed_word_is_held_and_bumps_the_version_once(app_context):
    goal = make_goal()
    author, _ = _people()
    comment = _post(goal, author, "Mer ljus i parken.")
    assert services.edit_comment(comment, author, "Mer ljus i parken, tack.", None) is True
    db.session.refresh(comment)
    assert (comment.status, comment.held_for, comment.version) == ("published", None, 2)
    assert services.edit_comment(comment, author, "Mer ljus, idioter.", None) is True
    db.session.refresh(comment)
    assert (comment.status, comment.held_for, comment.version) == ("pending", "word_list", 3)


def test_the_municipalitys_reply_with_a_listed_word_is_not_held(app_context):
    goal = make_goal()
    author, official = _people()
    parent = _post(goal, author)
    token = f"{next(_tokens):032x}"
    reply = services.post_comment(
        goal, official, "Idioter skriver inte här.", None, token, parent, official=True
    ).comment
    assert (reply.status, reply.held_for, reply.is_official) == ("published", None, True)


def test_the_account_refusals_a_resident_reads(app, app_context):
    resident = make_user()
    resident.is_blocked = True
    with app.test_request_context(), force_locale("en"):
        assert account_refusal(None) == Refusal("sign_in", "Sign in to take part.")
        assert account_refusal(object()) == Refusal("sign_in", "Sign in to take part.")
        assert account_refusal(resident) == Refusal(
            "blocked", "Your account has been blocked from taking part. Reason: not given"
        )
