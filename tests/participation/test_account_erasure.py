"""Account deletion erases what is personal and keeps what is public record; counts stay."""

from flask import current_app
from sqlalchemy import func, select

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.participation import queries, services
from dialog.participation.models import (
    Comment,
    CommentVersion,
    Rating,
    RatingQuestion,
    Reaction,
    ReactionKind,
    Report,
)
from tests.factories import PASSWORD, form_fields, make_goal, make_user, sign_in

PHONE = "070-123 45 67"


def _delete_account(client, choice: str):
    fields = form_fields(client.get("/mina-sidor/radera-konto").get_data(as_text=True))
    response = client.post(
        "/mina-sidor/radera-konto",
        data={"comments": choice, "current_password": PASSWORD, **fields},
    )
    assert response.status_code == 302
    db.session.expire_all()


def _take_part(goal, user, other_comment, nonce: str) -> Comment:
    """A comment edited to remove a phone number, a rating, a reaction and a report."""
    mine = services.post_comment(goal, user, f"Ring mig på {PHONE}", None, nonce).comment
    services.edit_comment(mine, mine.author, "Hör av er via kommunen", None)
    services.rate(goal, user, {RatingQuestion.IMPORTANCE: 5, RatingQuestion.PERFORMANCE: 0})
    services.react(other_comment, user, ReactionKind.AGREE)
    services.report_comment(other_comment, user, "other", f"Skribenten ringde mig, {PHONE}")
    db.session.commit()
    return mine


def _linked_rows(user_id: int) -> int:
    return sum(
        db.session.scalar(select(func.count()).select_from(m).where(m.user_id == user_id))
        for m in (Rating, Reaction, Report)
    )


def _counts(goal_id: int, comment: Comment):
    db.session.refresh(comment)
    with current_app.test_request_context():  # the scale's labels need a locale
        distributions = {
            q: d.counts
            for q, d in queries.rating_distributions(db.session.get_one(Goal, goal_id)).items()
        }
    return distributions, comment.agree_count, comment.report_count


def test_withdrawing_and_deleting_erases_versions_reports_and_links_but_not_counts(
    client, app_context
):
    goal = make_goal()
    bo = make_user("bo@example.se", "Bo")
    bos = services.post_comment(goal, bo, "Bos första", None, "b" * 32).comment
    services.edit_comment(bos, bos.author, "Bos andra", None)
    anna = make_user()
    mine = _take_part(goal, anna, bos, "a" * 32)
    before = _counts(goal.id, bos)
    sign_in(client)
    _delete_account(client, "withdraw")

    versions = {v.comment_id: v.body for v in db.session.scalars(select(CommentVersion))}
    assert versions == {mine.id: "", bos.id: "Bos första"}
    report = db.session.scalar(select(Report))
    assert (report.user_id, report.details, report.reason) == (None, None, "other")
    assert _linked_rows(anna.id) == 0
    assert _counts(goal.id, bos) == before
    assert db.session.get(Comment, mine.id).body == "Hör av er via kommunen"  # the record stays
    # A later reaction recounts from the rows: the detached one still counts.
    cy = make_user("cy@example.se", "Cy")
    services.react(bos, cy, ReactionKind.AGREE)
    db.session.commit()
    assert bos.agree_count == 2


def test_keeping_comments_keeps_their_versions_and_still_unlinks_the_rest(client, app_context):
    goal = make_goal()
    bo = make_user("bo@example.se", "Bo")
    bos = services.post_comment(goal, bo, "Bos", None, "b" * 32).comment
    anna = make_user()
    mine = _take_part(goal, anna, bos, "a" * 32)
    sign_in(client)
    _delete_account(client, "keep")
    assert db.session.scalar(select(CommentVersion.body)) == f"Ring mig på {PHONE}"
    assert db.session.get(Comment, mine.id).status == "published"
    assert _linked_rows(anna.id) == 0
    assert db.session.scalar(select(Report.details)) is None


def test_two_deleted_accounts_with_the_same_answers_both_still_count(app, app_context):
    """The unique constraints hold NULL apart: detached rows never collide."""
    goal = make_goal()
    bo = make_user("bo@example.se", "Bo")
    bos = services.post_comment(goal, bo, "Bos", None, "b" * 32).comment
    db.session.commit()
    for n, (email, name) in enumerate((("anna@example.se", "Anna"), ("cy@example.se", "Cy"))):
        _take_part(goal, make_user(email, name), bos, str(n) * 32)
        client = app.test_client()
        sign_in(client, email)
        _delete_account(client, "withdraw")
    distributions, agree, reports = _counts(goal.id, bos)
    assert distributions[RatingQuestion.IMPORTANCE][5] == 2
    assert distributions[RatingQuestion.PERFORMANCE][0] == 2
    assert (agree, reports) == (2, 2)
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 4


def test_the_privacy_notice_says_what_is_kept_and_what_is_erased(client):
    page = client.get("/integritet").get_data(as_text=True)
    for words in (
        "allmänna handlingar",
        "offentlighetsprincipen",
        "tidigare versioner",
        "anmälningar",
        "betyg, reaktioner och anmälningar",
    ):
        assert words in page, words
