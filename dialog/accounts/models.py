"""A resident's account; personal data is erased on deletion, the row stays for the record."""

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.catalogue.models import District
from dialog.db import Base, TimestampMixin


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class AgeBand(enum.StrEnum):
    UNDER_18 = "0-17"
    FROM_18 = "18-29"
    FROM_30 = "30-44"
    FROM_45 = "45-64"
    FROM_65 = "65-79"
    FROM_80 = "80+"


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
    #: Part of the sign-in cookie; changing it signs the account out everywhere.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    rules_version: Mapped[str] = mapped_column(String(20))
    rules_accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    privacy_version: Mapped[str] = mapped_column(String(20))
    privacy_accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    age_band: Mapped[str | None] = mapped_column(String(10))
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
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    district: Mapped[District | None] = relationship()

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

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
