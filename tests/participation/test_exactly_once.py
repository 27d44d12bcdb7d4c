"""Exactly once: the same form sent many times at the same moment stores one row."""

import threading

import pytest
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, GoalTally, Rating, Reaction, Report
from tests.factories import form_fields, make_goal, make_user, sign_in

THREADS = 8


def _at_once(requests):
    """Run the callables in threads released together; return their results in order."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, request):
        barrier.wait()
        try:
            results[index] = request()
        except Exception as error:  # noqa: BLE001 (reported below, in the test's thread)
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    errors = [r for r in results if isinstance(r, Exception)]
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def signed_in_clients(app, app_context, monkeypatch):
    """One resident signed in on several devices; limits raised to test exactly-once alone."""
    for name in ("LIMIT_SIGN_IN_ACCOUNT", "LIMIT_POST_ACCOUNT", "LIMIT_ACT_ACCOUNT"):
        monkeypatch.setitem(app.config, name, "1000 per minute")
    make_user()
    clients = [app.test_client() for _ in range(THREADS)]
    for client in clients:
        sign_in(client)
    return clients


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_same_comment_token_posted_concurrently_is_stored_once(signed_in_clients):
    goal = make_goal()
    fields = form_fields(signed_in_clients[0].get(f"/mal/{goal.id}").get_data(as_text=True))
    data = {"body": "Samtidigt skickad", "submission_token": fields["submission_token"]}

    def post(client):
        token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
        return lambda: client.post(f"/mal/{goal.id}/kommentera", data={**data, "csrf_token": token})

    responses = _at_once([post(client) for client in signed_in_clients])
    assert [r.status_code for r in responses] == [302] * THREADS
    assert len({r.headers["Location"] for r in responses}) == 1
    assert count(Comment) == 1
    assert db.session.scalar(select(func.sum(GoalTally.comment_count))) == 1


def test_same_reply_token_posted_concurrently_is_stored_once(signed_in_clients):
    goal = make_goal()
    author = make_user("bo@example.se", "Bo")
    top = services.post_comment(goal, author, "Topp", None, "1" * 32).comment
    db.session.commit()

    # One form (its token is bound to this resident and this comment) sent from every device.
    shared = form_fields(signed_in_clients[0].get(f"/kommentar/{top.id}").get_data(as_text=True))

    def post(client):
        fields = form_fields(client.get(f"/kommentar/{top.id}").get_data(as_text=True))
        fields["submission_token"] = shared["submission_token"]
        return lambda: client.post(f"/kommentar/{top.id}/svara", data={"body": "Svar", **fields})

    responses = _at_once([post(client) for client in signed_in_clients])
    assert {r.status_code for r in responses} == {302}
    assert count(Comment) == 2
    db.session.refresh(top)
    assert top.reply_count == 1


def test_same_rating_reaction_and_report_concurrently(signed_in_clients):
    goal = make_goal()
    author = make_user("bo@example.se", "Bo")
    comment = services.post_comment(goal, author, "Bos", None, "3" * 32).comment
    db.session.commit()
    tokens = [
        form_fields(c.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
        for c in signed_in_clients
    ]
    pairs = list(zip(signed_in_clients, tokens, strict=True))
    goal_id, comment_id = goal.id, comment.id
    ratings = _at_once(
        [
            (
                lambda c=c, t=t: c.post(
                    f"/mal/{goal_id}/betyg",
                    data={"importance": "4", "performance": "2", "csrf_token": t},
                )
            )
            for c, t in pairs
        ]
    )
    reactions = _at_once(
        [
            (
                lambda c=c, t=t: c.post(
                    f"/kommentar/{comment_id}/reaktion", data={"reaction": "agree", "csrf_token": t}
                )
            )
            for c, t in pairs
        ]
    )
    reports = _at_once(
        [
            (
                lambda c=c, t=t: c.post(
                    f"/kommentar/{comment_id}/anmal", data={"reason": "spam", "csrf_token": t}
                )
            )
            for c, t in pairs
        ]
    )
    for responses in (ratings, reactions, reports):
        assert {r.status_code for r in responses} == {302}
    assert count(Rating) == 2
    assert count(Reaction) == 1
    assert count(Report) == 1
    db.session.refresh(comment)
    assert comment.agree_count == 1 and comment.report_count == 1
