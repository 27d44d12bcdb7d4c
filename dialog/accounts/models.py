"""A resident's account; personal data is erased on deletion, the row stays for the record."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.catalogue.models import District
from dialog.db import Base, TimestampMixin, enum_column, utcnow


class AgeBand(enum.StrEnum):
    UNDER_18 = "0-17"
    FROM_18 = "18-29"
    FROM_30 = "30-44"
    FROM_45 = "45-64"
    FROM_65 = "65-79"
    FROM_80 = "80+"

    @property
    def label(self) -> str:
        """As shown to people: "0–17", a range with an en dash (the value keeps the hyphen)."""
        return self.value.replace("-", "–")


class Purpose(enum.StrEnum):
    """What a mailed single-use link is for."""

    VERIFY = "verify"
    RESET = "reset"
    EMAIL = "email"
    UNDO = "undo"

    @property
    def max_age(self) -> int:
        return current_app.config[f"{self.name}_LINK_MAX_AGE"]


class NotificationKind(enum.StrEnum):
    REPLY = "reply"
    RESPONSE = "response"
    DECISION = "decision"

    @property
    def label(self) -> str:
        return str(NOTIFICATION_LABELS[self])

    @property
    def column(self) -> str:
        return f"notify_{self.value}"


NOTIFICATION_LABELS = {
    NotificationKind.REPLY: _l("Someone replies to my comment"),
    NotificationKind.RESPONSE: _l("The municipality responds on a goal I took part in"),
    NotificationKind.DECISION: _l("A moderator decides on my comment"),
}


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased; None once the account is deleted.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5), default="sv")
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rules_version: Mapped[str] = mapped_column(String(20))
    rules_accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    privacy_version: Mapped[str] = mapped_column(String(20))
    privacy_accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand, 10))
    #: When the resident agreed to the profile data being used for statistics.
    profile_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notify_reply: Mapped[bool] = mapped_column(default=False)
    notify_response: Mapped[bool] = mapped_column(default=False)
    notify_decision: Mapped[bool] = mapped_column(default=False)
    is_blocked: Mapped[bool] = mapped_column(default=False)
    blocked_reason: Mapped[str | None] = mapped_column(String(500))
    #: May act in every municipality; made with `flask dialog create-admin`.
    is_platform_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: When My page was last opened: what arrived after it is marked as new there.
    my_page_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: When the resident answered the offer of reply mail (yes or no): it is not asked again.
    reply_mail_answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    district: Mapped[District | None] = relationship()

    # Not columns: the device session this request is signed in with (a UserSession, set by
    # the user loader or at sign-in) and its token as the cookie holds it (only its hash is
    # stored).
    # Declared for mypy only: SQLAlchemy would take an annotation in the class body for a column.
    if TYPE_CHECKING:
        sign_in: "UserSession | None"
        sign_in_token: str
    sign_in = None
    sign_in_token = ""

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and remember cookies: account and device."""
        return f"{self.id}:{self.sign_in_token}"

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def wants(self, kind: NotificationKind) -> bool:
        return bool(self.email) and getattr(self, kind.column)


class UserSession(Base):
    """One signed-in device. Signing out deletes the row, so copied cookies stop working."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: sha256 of the random token in the cookie; a stolen database holds no usable cookie.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: "Firefox, Windows": enough to recognise a device, not the whole User-Agent.
    label: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: Updated at most every few minutes; a device idle for REMEMBER_COOKIE_DURATION expires.
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AccountToken(Base):
    """A one-time link sent by mail: verify, reset, e-mail change, undo an e-mail change.

    The link carries only a random token; its hash, purpose and address are stored here, so
    that nothing readable ends up in access logs and each link works once.
    """

    __tablename__ = "account_tokens"
    __table_args__ = (Index("ix_account_tokens_user_id_purpose", "user_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[Purpose] = mapped_column(enum_column(Purpose, 20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The address the link was sent to (verify), is for (change) or restores (undo).
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    #: Set once, by an UPDATE … WHERE used_at IS NULL: the link works exactly once.
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
