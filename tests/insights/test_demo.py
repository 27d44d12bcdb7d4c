"""The demo generator: the numbers asked for, counters that match the rows, structure, texts."""

import random
import re
from collections import Counter
from unittest.mock import patch

import pytest
from sqlalchemy import func, select

from dialog.accounts.models import User
from dialog.catalogue.models import Goal, Municipality
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation.models import (
    Comment,
    CommentChannel,
    GoalParticipant,
    GoalTally,
    PlanParticipant,
    Rating,
    Reaction,
    Report,
    public_comments,
)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_data(seeded, runner, app):
    result = runner.invoke(
        args=["dialog", "demo", "--residents", "300", "--comments", "700", "--ratings", "3000"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert count(User, User.email.like("demo-%")) == 300
        assert count(User, User.password_hash.is_not(None), User.email.like("demo-%")) == 0
        assert count(Comment) == 700
        assert count(Comment, Comment.parent_id.is_not(None)) == 100
        assert count(Rating) == 3000
        agree = db.session.scalar(select(func.sum(Comment.agree_count)))
        assert agree == count(Reaction, Reaction.kind == "agree") > 0
        assert db.session.scalar(select(func.sum(Comment.report_count))) == count(Report)
        # Every comment awaiting moderation waits in a queue of the desk.
        waiting = count(Comment, Comment.status == "pending", Comment.held_for == "approval")
        assert waiting > 0
        assert count(Comment, Comment.status == "pending", Comment.held_for.is_(None)) == 0
        tallies = db.session.scalar(select(func.sum(GoalTally.comment_count)))
        # The tally counts what the goal pages list: imported comments once published.
        assert tallies == count(Comment, Comment.parent_id.is_(None), public_comments())
        # Participants as the site counts them: each account once per goal it rated or wrote on.
        rated = db.session.execute(select(Rating.goal_id, Rating.user_id))
        wrote = db.session.execute(
            select(Comment.goal_id, Comment.author_id).where(Comment.author_id.is_not(None))
        )
        took_part = {tuple(row) for row in [*rated, *wrote]}
        assert count(GoalParticipant) == len(took_part) > 0
        assert db.session.scalar(select(func.sum(GoalTally.participant_count))) == len(took_part)
        plan_of = dict(db.session.execute(select(Goal.id, Goal.plan_id)).all())
        in_plans = {(plan_of[goal_id], user_id) for goal_id, user_id in took_part}
        stored = db.session.execute(select(PlanParticipant.plan_id, PlanParticipant.user_id))
        assert {tuple(row) for row in stored} == in_plans
        # Swedish text: any short comment may lack these words, fifty of them together do not.
        bodies = " ".join(db.session.scalars(select(Comment.body).limit(50)))
        assert any(word in bodies for word in ("kommun", "bussarna", "det", "är", "för"))
        lund = db.session.scalar(select(Municipality.id).where(Municipality.slug == "lund"))
        summary = summarise("Lund", queries.of_municipality(lund), Filter())
        assert summary.participants > 0
        assert any(not cell.suppressed for cell in summary.by_district)
        in_lund = queries.of_municipality(lund).comments()
        assert summary.imported == count(Comment, in_lund, Comment.channel != "web") > 0
    again = runner.invoke(args=["dialog", "demo", "--if-empty"])
    assert "no demo data added" in again.output


def test_demo_comments_from_other_channels(seeded, runner, app):
    """A realistic share came in on paper, at meetings, by e-mail, phone and in surveys: with
    the source's reference, the day received (before the import), some published; never
    reacted to or replied to, and no account behind them."""
    result = runner.invoke(
        args=["dialog", "demo", "--residents", "200", "--comments", "1500", "--ratings", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "from other channels" in result.output
    with app.app_context():
        imported = list(db.session.scalars(select(Comment).where(Comment.channel != "web")))
        tops = count(Comment, Comment.parent_id.is_(None))
        assert 0.03 * tops < len(imported) < 0.15 * tops
        assert {c.channel for c in imported} == set(CommentChannel) - {
            CommentChannel.WEB,
            CommentChannel.OTHER,
        }
        assert all(c.author_id is None and c.parent_id is None for c in imported)
        assert all(c.source_ref and c.received_on for c in imported)
        assert all(c.received_on <= c.created_at.date() for c in imported)
        assert len({(c.goal_id, c.channel, c.source_ref) for c in imported}) == len(imported)
        published = [c for c in imported if c.published_at is not None]
        assert 0 < len(published) < len(imported)
        assert all(c.agree_count == c.disagree_count == c.reply_count == 0 for c in imported)
        assert any(c.district_id for c in imported) and any(c.age_band for c in imported)


def demo_texts(seed: int) -> tuple[list[str], list[str]]:
    """(top-level comments, replies) of a 2,000-comment demo, in the order written; rolled back."""
    from dialog.insights import demo

    demo.generate(residents=300, comments=2000, ratings=0, seed=seed)
    rows = db.session.execute(select(Comment.body, Comment.parent_id).order_by(Comment.id)).all()
    db.session.rollback()
    return [b for b, parent in rows if parent is None], [b for b, parent in rows if parent]


def test_demo_comments_read_like_many_residents_and_the_same_seed_writes_them_again(
    seeded, app_context
):
    """The demo once repeated 27 fixed sentences: 72 distinct texts in 8,572 comments, 4 replies
    in 1,428; quotes, "most agreed" lists and themes showed the same sentences over and over."""
    tops, replies = demo_texts(seed=5)
    assert len(tops) == 1715 and len(replies) == 285
    assert len(set(tops)) > 0.6 * len(tops)
    assert max(Counter(tops).values()) < 0.02 * len(tops)
    assert len(set(replies)) > 0.4 * len(replies)
    assert max(Counter(replies).values()) < 0.1 * len(replies)
    # Residents name their own places: Lund's and Lomma's districts as said in a sentence.
    assert any("Dalby" in text or "Bjärred" in text for text in tops)
    assert not any(mark in text for text in tops + replies for mark in "{|}")
    assert not any("Annan del av kommunen" in text for text in tops + replies)
    # Lengths vary: one short sentence up to a greeting, two concerns and a closing.
    lengths = sorted(len(text) for text in tops)
    assert lengths[0] < 50 and lengths[-1] > 2.5 * lengths[len(lengths) // 2]
    assert demo_texts(seed=5) == (tops, replies)
    assert demo_texts(seed=6)[0] != tops


def test_the_text_of_a_demo_comment_keeps_its_numbers(seeded, app_context):
    """The texts have a random generator of their own: changing the phrase bank changes the
    words, never which goal, status, reactions or replies a comment has."""
    from dialog.insights import demo

    def rows():
        demo.generate(residents=200, comments=700, ratings=0, seed=3)
        found = db.session.execute(
            select(
                Comment.goal_id, Comment.status, Comment.agree_count, Comment.reply_count
            ).order_by(Comment.id)
        ).all()
        db.session.rollback()
        return found

    before = rows()
    bank = demo.phrases()
    replaced = demo.Phrases(
        {theme: concerns[:1] for theme, concerns in bank.themes.items()},
        bank.openers[:1],
        bank.closers[:1],
        {kind: texts[:1] for kind, texts in bank.replies.items()},
        bank.place_names,
        bank.skip_places,
        bank.fallback_place,
    )
    with patch.object(demo, "phrases", lambda: replaced):
        assert rows() == before


def as_pattern(phrasing: str) -> re.Pattern:
    """A phrasing of the phrase bank as a pattern: "{a|b}" either, "{place}" Dalby."""
    pattern = re.escape(phrasing.replace("{place}", "Dalby"))

    def either(found: re.Match) -> str:
        return "(?:" + found.group(1).replace("\\|", "|") + ")"

    return re.compile(re.sub(r"\\\{(.*?)\\\}", either, pattern))


@pytest.mark.no_database
def test_composed_comments_vary_in_phrasing_length_and_care():
    from dialog.insights import demo

    bank = demo.phrases()
    rng = random.Random(1)
    made = [demo.compose_comment(rng, bank, "äldreomsorg", "Dalby") for _n in range(2000)]
    texts = [text for text, _concern in made]
    assert {concern for _text, concern in made} == set(bank.themes["äldreomsorg"])
    # Every phrasing of every concern is used, its alternatives too; some comments hold two.
    said = [as_pattern(p) for c in bank.themes["äldreomsorg"] for p in c.say]
    assert all(any(p.search(text) for text in texts) for p in said)
    assert any(sum(bool(p.search(text)) for p in said) == 2 for text in texts)
    assert any("Min pappa får träffa" in text for text in texts)
    assert any("Min mormor får träffa" in text for text in texts)
    assert any(text.startswith(bank.openers) for text in texts)
    # Typed in a hurry: without å, ä, ö, or with no capital and no full stop.
    assert any("aldre" in text for text in texts)
    assert any(text[0].islower() for text in texts)
    assert len(set(texts)) > 600


@pytest.mark.no_database
def test_a_reply_names_its_comments_concern_or_none():
    from dialog.insights import demo

    bank = demo.phrases()
    rng = random.Random(2)
    concerns = [c for concerns in bank.themes.values() for c in concerns]
    topics = {t for c in concerns for t in c.topics}
    named = 0
    for concern in concerns:
        for divisive in (False, True):
            for _n in range(20):
                text = demo.compose_reply(rng, bank, concern, "Dalby", divisive)
                mentioned = {t for t in topics if t in text}
                assert not mentioned or mentioned & set(concern.topics), (text, concern)
                named += bool(mentioned)
    assert named > 0.3 * len(concerns) * 40


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("district", "said"),
    [
        ("Lunds stad, norr", "norra delen av stan"),
        ("Lunds stad, centrum", "centrum"),
        ("Södra Sandby", "Södra Sandby"),
        ("Östra", "östra delen av stan"),
        ("Annan del av kommunen", None),
    ],
)
def test_a_district_is_named_as_a_resident_says_it(district, said):
    from dialog.insights import demo

    assert demo.place_name(demo.phrases(), district) == said
