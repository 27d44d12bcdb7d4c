"""Comments for the benchmark: two similar goals, one with 1,000 and one with 100,000 comments.

Rows go in with SQLAlchemy Core `insert()` executemany in batches, straight into the benchmark's
database, so that 100,000 comments take seconds rather than minutes. Every 10th top-level comment
has one to three replies; agree/disagree counts are set on the rows (the benchmark reads as a
visitor, so no reaction rows are needed); the goal's tally holds the number of top-level comments,
as `services.post_comment` keeps it. On PostgreSQL the rows are then vacuumed and analysed, as
autovacuum would do shortly after such an insert, so that the planner has statistics.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, create_engine, func, insert, select, text, update

from dialog.accounts.models import User
from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.config import normalise_database_url
from dialog.db import configure_engine
from dialog.participation import shown
from dialog.participation.models import Comment, CommentCategory, CommentStatus, GoalTally

BATCH = 5000
AUTHORS = 1000
#: Every REPLY_EVERY-th top-level comment gets 1–3 replies.
REPLY_EVERY = 10
START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
SENTENCES = [
    "Fler lampor längs cykelvägen skulle göra det tryggare att ta sig hem på kvällen.",
    "Jag tycker att målet är bra, men det behövs tydligare delmål som går att följa upp.",
    "Hur ska kommunen mäta om det här faktiskt blir bättre för dem som bor här?",
    "Bussarna går för sällan på helgerna, så många tar bilen fast de inte vill.",
    "Skolgårdarna borde vara öppna för alla efter skoltid.",
    "Se gärna hur andra kommuner har gjort, till exempel https://example.se/rapport.",
    "Det är viktigt att äldre också får vara med och tycka till, inte bara digitalt.",
]


@dataclass(frozen=True)
class CommentedGoals:
    small: int
    large: int


def pick_goals(connection: Connection) -> tuple[int, int]:
    """Two goals alike (same plan, focus area and kind) that the other benchmark URLs do not use.

    The other URLs use the first goal of Lund's largest plan, so these are the last two goals of
    that plan's first focus area.
    """
    plan_id = connection.scalar(
        select(Plan.id)
        .join(Municipality)
        .join(Goal, Goal.plan_id == Plan.id)
        .where(Municipality.slug == "lund")
        .group_by(Plan.id)
        .order_by(func.count(Goal.id).desc(), Plan.id)
        .limit(1)
    )
    area_id = connection.scalar(
        select(FocusArea.id)
        .where(FocusArea.plan_id == plan_id)
        .order_by(FocusArea.position, FocusArea.id)
        .limit(1)
    )
    goals = list(
        connection.scalars(
            select(Goal.id)
            .where(Goal.plan_id == plan_id, Goal.focus_area_id == area_id)
            .order_by(Goal.position, Goal.id)
        )
    )
    if len(goals) < 3:
        goals = list(
            connection.scalars(
                select(Goal.id).where(Goal.plan_id == plan_id).order_by(Goal.position, Goal.id)
            )
        )
    return goals[-2], goals[-1]


def insert_authors(connection: Connection, count: int) -> list[int]:
    now = datetime.now(UTC)
    rows = [
        {
            "email": f"bench-{n}@example.invalid",
            "display_name": f"Invånare {n}",
            "password_hash": None,
            "language": "sv",
            "email_verified_at": now,
            "rules_version": "2026-11",
            "rules_accepted_at": now,
            "privacy_version": "2026-11",
            "privacy_accepted_at": now,
            "notify_reply": False,
            "notify_response": False,
            "notify_decision": False,
            "is_blocked": False,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    connection.execute(insert(User), rows)
    return list(
        connection.scalars(
            select(User.id).where(User.email.like("bench-%@example.invalid")).order_by(User.id)
        )
    )


def _row(goal_id, author_id, parent_id, token, moment, rng) -> dict:
    status = CommentStatus.PUBLISHED.value
    if rng.random() < 0.01:
        status = CommentStatus.WITHDRAWN.value
    categories = [None, *(c.value for c in CommentCategory)]
    return {
        "goal_id": goal_id,
        "author_id": author_id,
        "parent_id": parent_id,
        "body": "\n\n".join(rng.sample(SENTENCES, rng.randint(1, 3))),
        "category": rng.choice(categories),
        "status": status,
        "moderation_reason": None,
        "submission_token": token,
        "agree_count": int(rng.paretovariate(1.2)) - 1,
        "disagree_count": rng.randint(0, 5),
        "reply_count": 0,
        "report_count": 0,
        "edited_at": None,
        "withdrawn_at": moment if status == CommentStatus.WITHDRAWN.value else None,
        "created_at": moment,
        "updated_at": moment,
    }


def _insert_batched(connection: Connection, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(insert(Comment), rows[start : start + BATCH])


def insert_comments(connection: Connection, goal_id: int, top_level: int, authors: list[int]):
    """`top_level` comments on the goal, replies on every 10th, and the goal's tally."""
    rng = random.Random(goal_id)  # noqa: S311 (test data, not secrets)
    step = timedelta(seconds=20)
    replies_to = {i: rng.randint(1, 3) for i in range(0, top_level, REPLY_EVERY)}
    rows = []
    for i in range(top_level):
        row = _row(
            goal_id, rng.choice(authors), None, f"bench-{goal_id}-{i}", START + i * step, rng
        )
        row["reply_count"] = replies_to.get(i, 0)
        rows.append(row)
    _insert_batched(connection, rows)
    ids = dict(
        connection.execute(
            select(Comment.submission_token, Comment.id).where(
                Comment.goal_id == goal_id, Comment.parent_id.is_(None)
            )
        ).all()
    )
    replies = [
        _row(
            goal_id,
            rng.choice(authors),
            ids[f"bench-{goal_id}-{i}"],
            f"bench-{goal_id}-{i}-r{r}",
            START + i * step + timedelta(seconds=r + 1),
            rng,
        )
        for i, count in replies_to.items()
        for r in range(count)
    ]
    _insert_batched(connection, replies)
    shown.fold("goal_id", goal_id, connection)  # one row, not one per comment
    # The demo data (`flask dialog demo`) may have counted comments on the goal already.
    counted = connection.execute(
        update(GoalTally)
        .where(GoalTally.goal_id == goal_id, GoalTally.slot == 0)  # the sum over slots counts
        .values(comment_count=GoalTally.comment_count + top_level)
    ).rowcount
    if not counted:
        connection.execute(insert(GoalTally), [{"goal_id": goal_id, "comment_count": top_level}])
    return len(replies)


def seed(database_url: str, small: int = 1000, large: int = 100_000) -> CommentedGoals:
    engine = create_engine(normalise_database_url(database_url))
    configure_engine(engine)
    try:
        with engine.begin() as connection:
            small_goal, large_goal = pick_goals(connection)
            authors = insert_authors(connection, AUTHORS)
            insert_comments(connection, small_goal, small, authors)
            insert_comments(connection, large_goal, large, authors)
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()
    return CommentedGoals(small_goal, large_goal)
