"""Comments, replies, their versions, reactions, reports and ratings on goals and focus areas.

A comment or rating belongs to exactly one subject: a goal or a focus area (`subject`)."""

import enum
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Select,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.accounts.models import AgeBand, User
from dialog.catalogue.models import District, FocusArea, Goal
from dialog.db import Base, TimestampMixin, enum_column, utcnow


class CommentStatus(enum.StrEnum):
    PUBLISHED = "published"
    #: Hidden until a moderator decides, e.g. after enough reports.
    PENDING = "pending"
    REJECTED = "rejected"
    #: Published once, then hidden by a moderator; the text is kept.
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


class HoldReason(enum.StrEnum):
    """Why a pending comment waits for a moderator (None: only because of reports)."""

    APPROVAL = "approval"  # the municipality pre-moderates every comment
    WORD_LIST = "word_list"  # a word on the moderators' list matched


class CommentCategory(enum.StrEnum):
    SUGGESTION = "suggestion"
    QUESTION = "question"
    CONCERN = "concern"

    @property
    def label(self) -> str:
        return str(CATEGORY_LABELS[self])


class CommentChannel(enum.StrEnum):
    """Where a comment came in: written on the site, or imported from another channel."""

    WEB = "web"
    PAPER = "paper"
    MEETING = "meeting"
    EMAIL = "email"
    PHONE = "phone"
    SURVEY = "survey"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(CHANNEL_LABELS[self])

    @property
    def received_label(self) -> str:
        """What a published imported comment shows instead of an author's name."""
        return str(CHANNEL_RECEIVED[self])


#: The channels an import may name (everything but the site itself).
IMPORTED_CHANNELS = tuple(channel for channel in CommentChannel if channel != CommentChannel.WEB)


class ReactionKind(enum.StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"


class ReportReason(enum.StrEnum):
    """The grounds in the published dialogue rules."""

    PERSONAL_ATTACK = "personal_attack"
    DISCRIMINATION = "discrimination"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    ILLEGAL = "illegal"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(REASON_LABELS[self])


class RatingQuestion(enum.StrEnum):
    IMPORTANCE = "importance"
    PERFORMANCE = "performance"

    @property
    def label(self) -> str:
        return str(QUESTION_LABELS[self])

    def label_for(self, kind: str) -> str:
        """The question worded for what is rated: a goal, assignment, aspect or focus area."""
        return str(QUESTION_WORDING.get((self, kind), QUESTION_LABELS[self]))

    @property
    def scale(self) -> list[tuple[int, str]]:
        """(value, label) for 1–5, then 0 for "don't know"."""
        return [(value, str(label)) for value, label in SCALES[self]]


STATUS_LABELS = {
    CommentStatus.PUBLISHED: _l("Published"),
    CommentStatus.PENDING: _l("Awaiting moderation"),
    CommentStatus.REJECTED: _l("Rejected"),
    CommentStatus.HIDDEN: _l("Hidden by a moderator"),
    CommentStatus.WITHDRAWN: _l("Withdrawn"),
}
CHANNEL_LABELS = {
    CommentChannel.WEB: _l("The website"),
    CommentChannel.PAPER: _l("Paper form"),
    CommentChannel.MEETING: _l("Meeting"),
    CommentChannel.EMAIL: _l("E-mail"),
    CommentChannel.PHONE: _l("Phone"),
    CommentChannel.SURVEY: _l("Survey"),
    CommentChannel.OTHER: _l("Other channel"),
}
CHANNEL_RECEIVED = {
    CommentChannel.WEB: _l("Written on the website"),
    CommentChannel.PAPER: _l("Received on a paper form"),
    CommentChannel.MEETING: _l("Said at a meeting"),
    CommentChannel.EMAIL: _l("Received by e-mail"),
    CommentChannel.PHONE: _l("Received by phone"),
    CommentChannel.SURVEY: _l("Answered in a survey"),
    CommentChannel.OTHER: _l("Received through another channel"),
}
CATEGORY_LABELS = {
    CommentCategory.SUGGESTION: _l("Suggestion"),
    CommentCategory.QUESTION: _l("Question"),
    CommentCategory.CONCERN: _l("Concern"),
}
REASON_LABELS = {
    ReportReason.PERSONAL_ATTACK: _l("Personal attack or harassment"),
    ReportReason.DISCRIMINATION: _l("Discrimination or hate"),
    ReportReason.OFF_TOPIC: _l("Off topic"),
    ReportReason.PERSONAL_DATA: _l("Personal data about someone else"),
    ReportReason.SPAM: _l("Advertising or spam"),
    ReportReason.ILLEGAL: _l("Illegal content"),
    ReportReason.OTHER: _l("Other (describe below)"),
}
QUESTION_LABELS = {
    RatingQuestion.IMPORTANCE: _l("How important is this goal to you?"),
    RatingQuestion.PERFORMANCE: _l("How well is the municipality doing on it?"),
}
#: Per kind of subject (goal kinds, and "focus_area"); a goal's wording is the default.
QUESTION_WORDING = {
    (RatingQuestion.IMPORTANCE, "assignment"): _l("How important is this assignment to you?"),
    (RatingQuestion.IMPORTANCE, "aspect"): _l("How important is this aspect to you?"),
    (RatingQuestion.IMPORTANCE, "focus_area"): _l("How important is this focus area to you?"),
    (RatingQuestion.PERFORMANCE, "aspect"): _l("How well is the municipality handling it?"),
}
DONT_KNOW = 0
SCALES = {
    RatingQuestion.IMPORTANCE: [
        (1, _l("1 – Not at all important")),
        (2, _l("2 – Slightly important")),
        (3, _l("3 – Fairly important")),
        (4, _l("4 – Very important")),
        (5, _l("5 – Extremely important")),
        (DONT_KNOW, _l("Don't know")),
    ],
    RatingQuestion.PERFORMANCE: [
        (1, _l("1 – Very badly")),
        (2, _l("2 – Badly")),
        (3, _l("3 – Neither well nor badly")),
        (4, _l("4 – Well")),
        (5, _l("5 – Very well")),
        (DONT_KNOW, _l("Don't know")),
    ],
}


#: Exactly one subject: a goal or a focus area.
ONE_SUBJECT = "(goal_id IS NULL) <> (focus_area_id IS NULL)"

TOP_LEVEL: dict[str, Any] = {  # dialect options for Index keyword arguments
    "postgresql_where": text("parent_id IS NULL"),
    "sqlite_where": text("parent_id IS NULL"),
}


#: What residents can read (`shown_comments`), as the partial indexes below hold it: PostgreSQL
#: uses a partial index only for a query whose WHERE implies the index's.
SHOWN = "status = 'published' AND (channel = 'web' OR published_at IS NOT NULL)"
SHOWN_ONLY: dict[str, Any] = {"postgresql_where": text(SHOWN), "sqlite_where": text(SHOWN)}
#: What residents cannot read (waiting, hidden, rejected, withdrawn, a paper form not yet
#: published): few rows, which a plan's count of people looks up by its goals and focus areas.
UNSEEN = f"NOT ({SHOWN})"
UNSEEN_ONLY: dict[str, Any] = {"postgresql_where": text(UNSEEN), "sqlite_where": text(UNSEEN)}


class Comment(TimestampMixin, Base):
    """A resident's comment on a goal or focus area, or a reply to one (one level); or a
    comment imported from another channel (paper, meeting, …), which has no author."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        # Partial indexes over top-level comments, one per sort order: PostgreSQL cannot walk a
        # (goal_id, parent_id, …) index in order for "parent_id IS NULL", so it sorted them all.
        Index("ix_comments_top_id", "goal_id", "id", **TOP_LEVEL),
        Index("ix_comments_top_agree", "goal_id", "agree_count", "id", **TOP_LEVEL),
        Index("ix_comments_top_replies", "goal_id", "reply_count", "id", **TOP_LEVEL),
        Index("ix_comments_area_top_id", "focus_area_id", "id", **TOP_LEVEL),
        Index("ix_comments_area_top_agree", "focus_area_id", "agree_count", "id", **TOP_LEVEL),
        Index("ix_comments_area_top_replies", "focus_area_id", "reply_count", "id", **TOP_LEVEL),
        # Whether a resident wrote anything residents can read on a goal or focus area (the
        # people counts of activity.py), from the index alone.
        Index("ix_comments_shown_goal_id_author_id", "goal_id", "author_id", **SHOWN_ONLY),
        Index(
            "ix_comments_shown_focus_area_id_author_id",
            "focus_area_id",
            "author_id",
            **SHOWN_ONLY,
        ),
        # Who wrote what residents cannot read, per goal and focus area (activity.py).
        Index("ix_comments_unseen_goal_id_author_id", "goal_id", "author_id", **UNSEEN_ONLY),
        Index(
            "ix_comments_unseen_focus_area_id_author_id",
            "focus_area_id",
            "author_id",
            **UNSEEN_ONLY,
        ),
        Index("ix_comments_parent_id_id", "parent_id", "id"),
        Index("ix_comments_author_id_id", "author_id", "id"),
        # Summaries: who commented on the goals in scope, and which comments are in scope (for
        # their reactions), read from the index alone.
        Index("ix_comments_goal_id_author_id_id", "goal_id", "author_id", "id"),
        # One comment per source item: importing the same file again adds nothing.
        Index(
            "uq_comments_goal_id_channel_source_ref",
            "goal_id",
            "channel",
            "source_ref",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"))
    #: None for a comment imported from another channel: no resident account wrote it.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[CommentCategory | None] = mapped_column(enum_column(CommentCategory, 20))
    status: Mapped[CommentStatus] = mapped_column(
        enum_column(CommentStatus, 20), default=CommentStatus.PUBLISHED
    )
    #: Shown to the author when a moderator rejects the comment.
    moderation_reason: Mapped[str | None] = mapped_column(Text)
    #: The form's idempotency token: a resubmitted form finds this comment instead of a twin.
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    agree_count: Mapped[int] = mapped_column(default=0)
    disagree_count: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    report_count: Mapped[int] = mapped_column(default=0)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Raised by every moderator decision and edit: a form that shows an older one is stale.
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    #: Why a pending comment waits; None: it waits only because of reports.
    held_for: Mapped[HoldReason | None] = mapped_column(enum_column(HoldReason, 20))
    is_highlighted: Mapped[bool] = mapped_column(default=False, server_default=false())
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Written by an official as the municipality: shown with the municipality's name.
    is_official: Mapped[bool] = mapped_column(default=False, server_default=false())
    channel: Mapped[CommentChannel] = mapped_column(
        enum_column(CommentChannel, 10), default=CommentChannel.WEB, server_default="web"
    )
    #: The source's own reference for an imported comment (a form's number); exported as "ref".
    source_ref: Mapped[str | None] = mapped_column(String(100))
    #: The day an imported comment was received (on paper, at the meeting, …).
    received_on: Mapped[date | None] = mapped_column(Date)
    #: An imported comment's district and age band, as residents give them on their profiles.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand, 10))
    #: When an official published an imported comment on the goal page; until then only
    #: officials see it (web comments are public by their status alone).
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    author: Mapped[User | None] = relationship()
    district: Mapped[District | None] = relationship()
    goal: Mapped[Goal | None] = relationship()
    focus_area: Mapped[FocusArea | None] = relationship()
    parent: Mapped["Comment | None"] = relationship(remote_side=[id])
    versions: Mapped[list["CommentVersion"]] = relationship(
        back_populates="comment", order_by="CommentVersion.id"
    )

    @property
    def subject(self) -> Goal | FocusArea:
        """The goal or focus area the comment is on."""
        found = self.goal or self.focus_area
        assert found is not None  # noqa: S101 (the one_subject constraint)
        return found

    @property
    def is_imported(self) -> bool:
        return self.channel != CommentChannel.WEB

    @property
    def is_public(self) -> bool:
        """Whether the goal page lists it: imported comments only once an official published
        them."""
        return not self.is_imported or self.published_at is not None

    @property
    def status_enum(self) -> CommentStatus:
        return CommentStatus(self.status)

    @property
    def category_enum(self) -> CommentCategory | None:
        return CommentCategory(self.category) if self.category else None


def public_comments(comment: Any = Comment) -> ColumnElement[bool]:
    """The SQL condition for `Comment.is_public` (of `comment`, the model or an alias of it)."""
    return or_(comment.channel == CommentChannel.WEB.value, comment.published_at.is_not(None))


def shown_comments(comment: Any = Comment) -> ColumnElement[bool]:
    """Comments and replies a resident can read: published, and an imported comment only once
    an official published it on the goal page. Every count shown to residents counts these."""
    return and_(comment.status == CommentStatus.PUBLISHED.value, public_comments(comment))


class CommentVersion(Base):
    """An earlier text of an edited comment, kept for moderators and the record."""

    __tablename__ = "comment_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[CommentCategory | None] = mapped_column(enum_column(CommentCategory, 20))
    #: When this text was written (the comment's creation or its previous edit).
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="versions")


class Reaction(TimestampMixin, Base):
    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"))
    #: None once the person deleted their account: the reaction still counts.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[ReactionKind] = mapped_column(enum_column(ReactionKind, 10))


class Report(TimestampMixin, Base):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"))
    #: None once the person deleted their account (their `details` are erased then too).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason, 30))
    details: Mapped[str | None] = mapped_column(Text)
    #: Set when a moderator has dealt with the report.
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Rating(TimestampMixin, Base):
    """One resident's answer to one rating question on one goal or focus area; 0 means "don't
    know"."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("goal_id", "user_id", "question"),
        UniqueConstraint("focus_area_id", "user_id", "question"),
        CheckConstraint("value BETWEEN 0 AND 5", name="value_range"),
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        # Distributions (goal, question, value) and, with user_id, who answered and the means per
        # district and age band, all from the index alone.
        Index("ix_ratings_goal_question_value_user_id", "goal_id", "question", "value", "user_id"),
        Index("ix_ratings_area_question_value", "focus_area_id", "question", "value"),
        # The first rating of each goal and focus area (a summary's first day,
        # dialog/insights/period.py) is one index entry each.
        Index("ix_ratings_goal_id_created_at", "goal_id", "created_at"),
        Index("ix_ratings_focus_area_id_created_at", "focus_area_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"))
    focus_area_id: Mapped[int | None] = mapped_column(ForeignKey("focus_areas.id"))
    #: None once the person deleted their account: the answer stays in the distribution.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    question: Mapped[RatingQuestion] = mapped_column(enum_column(RatingQuestion, 20))
    value: Mapped[int]

    goal: Mapped[Goal | None] = relationship()
    focus_area: Mapped[FocusArea | None] = relationship()

    @property
    def subject(self) -> Goal | FocusArea:
        found = self.goal or self.focus_area
        assert found is not None  # noqa: S101 (the one_subject constraint)
        return found


#: Rows a goal's or focus area's counters are spread over: each write adds to one chosen at
#: random and readers sum them, so that two residents posting on one goal at the same moment
#: seldom wait for each other's row lock (one row would make each posting transaction wait for
#: the commit, and its WAL flush, of the one before).
TALLY_SLOTS = 16


class GoalTally(Base):
    """Counters kept as comments are added, so that a goal page never counts 100,000 rows;
    a goal's counts are the sums over its rows (`goal_totals`)."""

    __tablename__ = "goal_tallies"

    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), primary_key=True)
    #: Which of the goal's TALLY_SLOTS rows (0 for a row from before slots).
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=0, server_default="0")
    #: Top-level comments in any status (each keeps its place in the list).
    comment_count: Mapped[int] = mapped_column(default=0)
    #: Accounts that commented, replied or rated here (one row each in goal_participants).
    participant_count: Mapped[int] = mapped_column(default=0, server_default="0")


def goal_totals() -> Select:
    """Each goal's counters summed over its slots (goal_id, comment_count, participant_count),
    to join or select from as one row per goal."""
    return select(
        GoalTally.goal_id,
        func.sum(GoalTally.comment_count).label("comment_count"),
        func.sum(GoalTally.participant_count).label("participant_count"),
    ).group_by(GoalTally.goal_id)


class GoalParticipant(Base):
    """That an account took part on a goal: what "participants so far" counts, without
    scanning every comment. The row stays when the account is deleted (the user row stays)."""

    __tablename__ = "goal_participants"
    __table_args__ = (Index("ix_goal_participants_user_id", "user_id"),)

    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class FocusAreaTally(Base):
    """A focus area's counters, as GoalTally is a goal's (one row per slot)."""

    __tablename__ = "focus_area_tallies"

    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id"), primary_key=True)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=0, server_default="0")
    comment_count: Mapped[int] = mapped_column(default=0)
    #: Accounts that commented, replied or rated here (one row each in focus_area_participants).
    participant_count: Mapped[int] = mapped_column(default=0, server_default="0")


class FocusAreaParticipant(Base):
    """That an account took part on a focus area, as GoalParticipant is for a goal."""

    __tablename__ = "focus_area_participants"
    __table_args__ = (Index("ix_focus_area_participants_user_id", "user_id"),)

    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class PlanParticipant(Base):
    """That an account took part on one of a plan's goals or focus areas: one row per plan and
    account, written with the goal's or focus area's participant row (whichever comes first),
    so that a plan's "people who commented or rated" is counted from its own rows rather than
    by de-duplicating every participant row of its goals and focus areas. The row stays when
    the account is deleted, as theirs do."""

    __tablename__ = "plan_participants"
    __table_args__ = (Index("ix_plan_participants_user_id", "user_id"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class ShownCommentCount(Base):
    """+1 or -1 to the comments and replies residents can read (`shown_comments`) on a goal or
    focus area. Written only by a trigger on comments (migration 9e4b7c2a5d13), whatever
    changes a comment; a subject's count is the sum of its rows, which `shown.fold` now and
    then replaces by one row. Inserting rows, never updating one, keeps writers from waiting
    for each other."""

    __tablename__ = "shown_comment_counts"
    __table_args__ = (
        Index("ix_shown_comment_counts_goal_id_delta", "goal_id", "delta"),
        Index("ix_shown_comment_counts_focus_area_id_delta", "focus_area_id", "delta"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    focus_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("focus_areas.id", ondelete="CASCADE")
    )
    delta: Mapped[int]
