"""Officials' roles, scoped per municipality, and the invitations that lead to them."""

import enum
from datetime import datetime

from flask import g, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog.accounts.models import User
from dialog.catalogue.models import Municipality
from dialog.core.permissions import Actor
from dialog.db import Base, as_utc, enum_column, utcnow
from dialog.extensions import db


class Role(enum.StrEnum):
    """What an official may do in one municipality."""

    ADMIN = "admin"
    MODERATOR = "moderator"
    COMMUNICATOR = "communicator"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @property
    def description(self) -> str:
        return str(ROLE_DESCRIPTIONS[self])

    @property
    def abilities(self) -> str:
        """What the role lets an official do, in a sentence for someone not yet in it."""
        return str(ROLE_ABILITIES[self])


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.MODERATOR: _l("Moderator"),
    Role.COMMUNICATOR: _l("Communicator"),
}
ROLE_DESCRIPTIONS = {
    Role.ADMIN: _l("Content, settings and officials of the municipality"),
    Role.MODERATOR: _l("Reviews what residents write"),
    Role.COMMUNICATOR: _l("Summaries and exports"),
}
#: For the invitation mail: what the invited official will be able to do.
ROLE_ABILITIES = {
    Role.ADMIN: _l(
        "As administrator you will be able to edit the municipality's plans and goals, open "
        "them for dialogue, change the municipality's settings and invite other officials."
    ),
    Role.MODERATOR: _l(
        "As moderator you will be able to review what residents write, hide what breaks the "
        "rules and deal with the reports residents send."
    ),
    Role.COMMUNICATOR: _l(
        "As communicator you will be able to read summaries of the dialogue, export what "
        "residents have written and answer them on behalf of the municipality."
    ),
}
_ROLE_VALUES = ", ".join(f"'{role.value}'" for role in Role)


class Membership(Base):
    """One role of one person in one municipality; a person may hold several."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id", "role"),
        CheckConstraint(f"role IN ({_ROLE_VALUES})", name="known_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, 20))
    #: None when granted from the command line or by accepting an invitation of a removed admin.
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    municipality: Mapped[Municipality] = relationship()
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def snapshot(self) -> dict:
        """What the audit log keeps of a membership."""
        return {
            "user_id": self.user_id,
            "municipality_id": self.municipality_id,
            "role": self.role,
            "granted_by_id": self.granted_by_id,
            "granted_at": as_utc(self.granted_at).isoformat() if self.granted_at else None,
        }


class Invitation(Base):
    """A single-use link, mailed to an address, that grants a role when accepted.

    Only a hash of the token is stored, so that a copy of the database cannot be used to accept.
    """

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint(f"role IN ({_ROLE_VALUES})", name="known_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, 20))
    #: Lower-cased; the account that accepts must have this address.
    email: Mapped[str] = mapped_column(String(254))
    #: SHA-256 of the token in the link, hex.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    municipality: Mapped[Municipality] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def is_usable(self, now: datetime | None = None) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and as_utc(self.expires_at) > (now or utcnow())
        )


#: The order memberships are listed in (the header, My page, the guards' checks).
MEMBERSHIP_ORDER = (Municipality.name, Membership.role)


def memberships_of(user: Actor) -> list[Membership]:
    """The person's roles, loaded once per request (the header and the guards both ask), with
    the account itself by the user loader (`remember_memberships`)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cache = g.setdefault("_memberships", {}) if has_app_context() else {}
    if user.id not in cache:
        cache[user.id] = list(
            db.session.scalars(
                select(Membership)
                .where(Membership.user_id == user.id)
                .join(Membership.municipality)
                .order_by(*MEMBERSHIP_ORDER)
            )
        )
    return cache[user.id]


def remember_memberships(user_id: int, memberships: list[Membership]) -> None:
    """The person's roles as read together with the account (in MEMBERSHIP_ORDER), for
    `memberships_of` in this request: one statement for both on every signed-in page."""
    if has_app_context():
        g.setdefault("_memberships", {})[user_id] = memberships


def forget_memberships() -> None:
    """After granting or revoking in this request, read them again."""
    if has_app_context():
        g.pop("_memberships", None)


def roles_in(user: Actor, municipality_id: int) -> set[Role]:
    return {m.role_enum for m in memberships_of(user) if m.municipality_id == municipality_id}


def is_official(user: Actor) -> bool:
    """Holds any role anywhere, or is a platform administrator: needs the second factor."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_platform_admin or memberships_of(user))
