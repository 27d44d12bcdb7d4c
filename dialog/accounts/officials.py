"""Writes about officials: invitations, granting and revoking roles, platform administrators.

Each function checks the rules itself (`enforce`), writes, adds its audit entry and flushes;
the view or command commits once.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from dialog.accounts import services
from dialog.accounts.models import User
from dialog.accounts.roles import Invitation, Membership, Role, forget_memberships
from dialog.catalogue.models import Municipality
from dialog.core import audit
from dialog.core.permissions import NotAllowed, Refusal, enforce, may
from dialog.db import rows_changed, utcnow
from dialog.extensions import db


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(Invitation).filter_by(token_hash=token_hash(token)))


def pending_invitations(municipality: Municipality) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.municipality_id == municipality.id,
                Invitation.accepted_at.is_(None),
                Invitation.withdrawn_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc())
        )
    )


def members(municipality: Municipality) -> list[Membership]:
    """Everyone with a role here, by name, with each person's roles next to each other."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.user)
            .where(Membership.municipality_id == municipality.id)
            .order_by(User.display_name, User.id, Membership.role)
        )
    )


def _holds(user_id: int, municipality_id: int, role: str | None = None) -> bool:
    query = select(Membership.id).where(
        Membership.user_id == user_id, Membership.municipality_id == municipality_id
    )
    if role is not None:
        query = query.where(Membership.role == role)
    return db.session.scalar(query.limit(1)) is not None


def invite(
    municipality: Municipality, email: str, role: Role, actor: User
) -> tuple[Invitation, str]:
    """A new invitation and the token for its link; an open one for the same role is withdrawn."""
    email = services.normalise_email(email)
    existing = services.find_by_email(email)
    already = existing is not None and _holds(existing.id, municipality.id, role)
    enforce(
        may(actor, "officials.manage", municipality),
        Refusal("has_role", _("That person already has the role here.")) if already else None,
    )
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.municipality_id == municipality.id,
            Invitation.email == email,
            Invitation.role == role.value,
            Invitation.accepted_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        municipality_id=municipality.id,
        role=role.value,
        email=email,
        token_hash=token_hash(token),
        invited_by_id=actor.id,
        created_at=now,
        expires_at=now + timedelta(days=current_app.config["INVITATION_MAX_AGE_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        "invitation.create",
        actor=actor,
        municipality_id=municipality.id,
        target=invitation,
        after={"email": email, "role": role.value, "expires_at": invitation.expires_at},
    )
    return invitation, token


def withdraw_invitation(invitation: Invitation, actor: User) -> None:
    enforce(may(actor, "officials.manage", invitation.municipality_id))
    if not invitation.is_usable():
        raise NotAllowed(Refusal("not_pending", _("The invitation is no longer open.")))
    invitation.withdrawn_at = utcnow()
    db.session.flush()
    audit.record(
        "invitation.withdraw",
        actor=actor,
        municipality_id=invitation.municipality_id,
        target=invitation,
        before={"email": invitation.email, "role": invitation.role},
    )


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Claim the invitation once (one UPDATE), then give the role; the link proved the address."""
    if user.email != invitation.email:
        raise NotAllowed(Refusal("other_email", _("The invitation was sent to another address.")))
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.withdrawn_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .values(accepted_at=utcnow(), accepted_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(claimed) != 1:
        raise NotAllowed(Refusal("not_pending", _("The invitation is no longer open.")))
    services.verify_email(user, user.email)
    membership = _add_membership(
        user, invitation.municipality_id, invitation.role_enum, invitation.invited_by_id
    )
    audit.record(
        "invitation.accept",
        actor=user,
        municipality_id=invitation.municipality_id,
        target=membership,
        after=membership.snapshot() | {"invitation_id": invitation.id},
    )
    return membership


def _add_membership(
    user: User, municipality_id: int, role: Role, granted_by_id: int | None
) -> Membership:
    """The role, or the one the person already has (granted meanwhile) if it exists."""
    found = db.session.scalar(
        select(Membership).filter_by(user_id=user.id, municipality_id=municipality_id, role=role)
    )
    if found is not None:
        return found
    membership = Membership(
        user_id=user.id,
        municipality_id=municipality_id,
        role=role.value,
        granted_by_id=granted_by_id,
        granted_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(membership)
    except IntegrityError:
        raise NotAllowed(Refusal("has_role", _("That person already has the role here."))) from None
    forget_memberships()
    return membership


def grant(municipality: Municipality, user: User, role: Role, actor: User) -> Membership:
    """Another role for someone who already has one here (new people are invited)."""
    enforce(
        may(actor, "officials.manage", municipality),
        None
        if _holds(user.id, municipality.id)
        else Refusal("not_official", _("Invite the person first.")),
        Refusal("has_role", _("That person already has the role here."))
        if _holds(user.id, municipality.id, role)
        else None,
    )
    membership = _add_membership(user, municipality.id, role, actor.id)
    audit.record(
        "membership.grant",
        actor=actor,
        municipality_id=municipality.id,
        target=membership,
        after=membership.snapshot(),
    )
    return membership


def revoke(membership: Membership, actor: User) -> None:
    enforce(may(actor, "membership.revoke", membership))
    before = membership.snapshot()
    db.session.delete(membership)
    db.session.flush()
    forget_memberships()
    audit.record(
        "membership.revoke",
        actor=actor,
        municipality_id=before["municipality_id"],
        target_type="memberships",
        target_id=membership.id,
        before=before,
    )


def make_platform_admin(
    email: str, display_name: str | None, password: str | None
) -> tuple[User, bool]:
    """Promote the account with `email`, or create it verified with `password`; (user, created)."""
    user = services.find_by_email(email)
    created = user is None
    if user is None:
        if not password:
            raise NotAllowed(Refusal("password", "A password is needed for a new account."))
        name = (display_name or email.split("@")[0]).strip()[:60]
        user = services.register(email, name if len(name) >= 2 else "Admin", password, "sv")
        if user is None:  # taken between the look-up and now
            raise NotAllowed(Refusal("taken", "The e-mail address is taken."))
        services.verify_email(user, user.email)
    before = {"is_platform_admin": bool(user.is_platform_admin)}
    user.is_platform_admin = True
    db.session.flush()
    audit.record(
        "platform_admin.grant",
        target=user,
        before=before,
        after={"is_platform_admin": True, "account_created": created},
    )
    return user, created
