"""Participation's rules: the truth table of `may`, each service enforcing the rule itself
(whatever the view checked), and pages that offer only what the rules allow."""

from datetime import timedelta

import pytest
from flask import g
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from dialog.core.permissions import NotAllowed, may
from dialog.db import utcnow
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import (
    Comment,
    CommentStatus,
    Rating,
    RatingQuestion,
    Reaction,
    ReactionKind,
    Report,
)
from tests.factories import make_goal, make_user, sign_in

_tokens = iter(range(10**6))


def _post(goal, author, body="En synpunkt", parent=None):
    return services.post_comment(goal, author, body, None, f"{next(_tokens):032x}", parent).comment


def _people():
    author = make_user("anna@example.se", "Anna")
    reader = make_user("bo@example.se", "Bo")
    blocked = make_user("cy@example.se", "Cy", is_blocked=True, blocked_reason="Hot")
    unverified = make_user("dan@example.se", "Dan", verified=False)
    return author, reader, blocked, unverified


def _codes(action, actors, subject):
    return {
        name: (may(actor, action, subject) or None) and may(actor, action, subject).code
        for name, actor in actors.items()
    }


def test_who_may_do_what_on_an_open_goal(app_context):
    goal = make_goal()
    author, reader, blocked, unverified = _people()
    comment = _post(goal, author)
    actors = {
        "anonymous": AnonymousUserMixin(),
        "author": author,
        "reader": reader,
        "blocked": blocked,
        "unverified": unverified,
    }
    sign_in_etc = {"anonymous": "sign_in", "blocked": "blocked", "unverified": "unverified"}
    for action in ("goal.take_part", "comment.post", "goal.rate"):
        assert _codes(action, actors, goal) == {"author": None, "reader": None, **sign_in_etc}
    assert _codes("comment.reply", actors, comment) == {
        "author": None,
        "reader": None,
        **sign_in_etc,
    }
    assert _codes("comment.react", actors, comment) == {
        "author": "not_yours_to_react",
        "reader": None,
        **sign_in_etc,
    }
    assert _codes("comment.report", actors, comment) == {
        "author": "own",
        "reader": None,
        **sign_in_etc,
    }
    not_author = dict.fromkeys(["anonymous", "reader", "blocked", "unverified"], "not_author")
    assert _codes("comment.edit", actors, comment) == {"author": None, **not_author}
    assert _codes("comment.withdraw", actors, comment) == {"author": None, **not_author}


def test_the_author_may_edit_only_a_published_comment_while_it_is_fresh(app, app_context):
    goal = make_goal()
    author = make_user()
    comment = _post(goal, author)
    assert may(author, "comment.edit", comment) is None
    for status in (CommentStatus.PENDING, CommentStatus.WITHDRAWN, CommentStatus.REJECTED):
        comment.status = status.value
        assert may(author, "comment.edit", comment).code == "not_published", status
    comment.status = CommentStatus.PUBLISHED.value
    minutes = app.config["COMMENT_EDIT_MINUTES"]
    comment.created_at = utcnow() - timedelta(minutes=minutes, seconds=5)
    assert may(author, "comment.edit", comment).code == "too_late"
    comment.created_at = utcnow()
    author.is_blocked = True
    assert may(author, "comment.edit", comment).code == "blocked"


def test_a_closed_dialogue_refuses_adding_but_not_reporting_or_withdrawing(app_context):
    goal = make_goal()
    author, reader, *_ = _people()
    comment = _post(goal, author)
    reply = _post(goal, reader, "Svar", parent=comment)
    window = goal.window or goal.plan.window
    window.closes_on = window.opens_on = utcnow().date() - timedelta(days=30)
    window.closes_on += timedelta(days=1)
    for action, subject in [
        ("comment.post", goal),
        ("goal.rate", goal),
        ("comment.reply", comment),
        ("comment.react", comment),
    ]:
        assert may(reader, action, subject).code == "closed", action
    assert may(author, "comment.edit", comment).code == "closed"
    assert may(reader, "comment.report", comment) is None
    assert may(author, "comment.withdraw", comment) is None
    assert may(reader, "comment.withdraw", reply) is None


def test_replies_only_to_published_top_level_comments(app_context):
    goal = make_goal()
    author, reader, *_ = _people()
    top = _post(goal, author)
    reply = _post(goal, reader, "Svar", parent=top)
    assert may(reader, "comment.reply", reply).code == "nested"
    top.status = CommentStatus.PENDING.value
    assert may(reader, "comment.reply", top).code == "not_published"
    assert may(reader, "comment.report", top).code == "not_published"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_post_comment_enforces_the_rules_and_the_text_itself_reporting_every_problem(
    app_context,
):
    goal = make_goal()
    closed = make_goal(open_window=False, slug="stangd")
    author, reader, blocked, unverified = _people()
    for who in (blocked, unverified, AnonymousUserMixin()):
        with pytest.raises(NotAllowed) as refused:
            _post(goal, who)
        assert refused.value.first.code in {"blocked", "unverified", "sign_in"}
    with pytest.raises(NotAllowed) as refused:
        _post(closed, author, body="")
    assert {r.code for r in refused.value.refusals} == {"closed", "body"}
    with pytest.raises(NotAllowed) as refused:
        _post(goal, author, body="x" * 10_001)
    assert [r.code for r in refused.value.refusals] == ["body"]
    with pytest.raises(NotAllowed):
        _post(goal, author, body=" ".join(f"https://e{n}.se" for n in range(9)))
    top = _post(goal, author)
    reply = _post(goal, reader, "Svar", parent=top)
    with pytest.raises(NotAllowed) as refused:
        _post(goal, author, "Svar på svar", parent=reply)
    assert refused.value.first.code == "nested"
    with pytest.raises(NotAllowed):
        _post(closed, reader, "Fel mål", parent=top)
    assert _count(Comment) == 2


def test_edit_comment_enforces_the_rule_itself(app_context):
    goal = make_goal()
    author, reader, *_ = _people()
    comment = _post(goal, author)
    with pytest.raises(NotAllowed):
        services.edit_comment(comment, reader, "Bos ändring", None)
    with pytest.raises(NotAllowed) as refused:
        services.edit_comment(comment, author, "", None)
    assert refused.value.first.code == "body"
    comment.status = CommentStatus.WITHDRAWN.value
    with pytest.raises(NotAllowed) as refused:
        services.edit_comment(comment, author, "Ändrad", None)
    assert refused.value.first.code == "not_published"
    comment.status = CommentStatus.PUBLISHED.value
    comment.created_at = utcnow() - timedelta(hours=2)
    with pytest.raises(NotAllowed):
        services.edit_comment(comment, author, "Ändrad", None)
    assert comment.body == "En synpunkt" and comment.versions == []


def test_withdraw_react_report_and_rate_enforce_the_rules_themselves(app_context):
    goal = make_goal()
    author, reader, blocked, unverified = _people()
    comment = _post(goal, author)
    with pytest.raises(NotAllowed):
        services.withdraw_comment(comment, reader)
    for who in (author, blocked, unverified):
        with pytest.raises(NotAllowed):
            services.react(comment, who, ReactionKind.AGREE)
        with pytest.raises(NotAllowed):
            services.report_comment(comment, who, "spam", None)
    for who in (blocked, unverified):
        with pytest.raises(NotAllowed):
            services.rate(goal, who, {RatingQuestion.IMPORTANCE: 3})
    assert (_count(Reaction), _count(Report), _count(Rating)) == (0, 0, 0)
    assert comment.status == CommentStatus.PUBLISHED
    services.withdraw_comment(comment, author)
    with pytest.raises(NotAllowed):
        services.withdraw_comment(comment, author)


def _actions_shown(client, goal) -> dict[str, bool]:
    page = client.get(f"/mal/{goal.id}").get_data(as_text=True)
    return {
        "react": "/reaktion" in page,
        "report": "/anmal" in page,
        "edit": "/redigera" in page,
        "withdraw": "/dra-tillbaka" in page,
    }


@pytest.mark.parametrize(
    ("email", "shown"),
    [
        ("bo@example.se", {"react": True, "report": True, "edit": False, "withdraw": False}),
        ("anna@example.se", {"react": False, "report": False, "edit": True, "withdraw": True}),
        ("cy@example.se", {"react": False, "report": False, "edit": False, "withdraw": False}),
        ("dan@example.se", {"react": False, "report": False, "edit": False, "withdraw": False}),
    ],
)
def test_the_goal_page_offers_only_what_the_services_allow(client, app_context, email, shown):
    goal = make_goal()
    author, *_ = _people()
    _post(goal, author)
    db.session.commit()
    sign_in(client, email)
    assert _actions_shown(client, goal) == shown


def test_the_may_global_asks_for_the_visitor_or_for_anyone(app, app_context):
    goal = make_goal()
    author, reader, *_ = _people()
    comment = _post(goal, author)
    db.session.commit()
    template = app.jinja_env.from_string(
        "{{ may('comment.report', c) is none }}/{{ may(a, 'comment.report', c).code }}"
    )
    with app.test_request_context():
        assert template.render(c=comment, a=author) == "False/own"  # an anonymous visitor
    with app.test_request_context():
        g._login_user = reader  # what Flask-Login's current_user reads
        assert template.render(c=comment, a=author) == "True/own"
