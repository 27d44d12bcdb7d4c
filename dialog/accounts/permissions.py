"""Who may act as an official, and where: the only place roles are decided.

Views ask through the guards in `guards.py`, templates through the `may` global, services
through `enforce`. A platform administrator may do everything. Actions:

- "role.hold": subject `InMunicipality(municipality_id, roles)`: holds one of the roles there.
- "manage.enter": holds any role anywhere (the officials' start page).
- "platform.administer": platform administrators only (the whole audit log).
- "officials.manage": subject a municipality: invite, grant, revoke (administrators).
- "audit.view": subject a municipality, or None for every entry.
- "membership.revoke": subject a Membership: not the municipality's last administrator.
"""

from dataclasses import dataclass
from functools import cache

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from dialog.accounts.roles import Membership, Role, memberships_of, roles_in
from dialog.catalogue.models import Municipality
from dialog.core.permissions import Actor, Refusal, rule
from dialog.extensions import db


@dataclass(frozen=True)
class InMunicipality:
    municipality_id: int
    roles: frozenset[Role]


def _signed_in(actor: Actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _is_platform_admin(actor: Actor) -> bool:
    return _signed_in(actor) and bool(actor.is_platform_admin)


def _sign_in_first() -> Refusal:
    return Refusal("sign_in", _("Sign in to continue."))


def _no_role() -> Refusal:
    """Asked on every signed-in page a resident (who holds no role) reads: translated once
    per language and process (a Refusal is immutable)."""
    return _no_role_in(str(get_locale()))


@cache
def _no_role_in(_language: str) -> Refusal:
    return Refusal("no_role", _("You do not have a role that allows this here."))


def _municipality_id(subject: Municipality | int) -> int:
    return subject if isinstance(subject, int) else subject.id


@rule("role.hold")
def hold_role(actor: Actor, subject: InMunicipality) -> Refusal | None:
    if not _signed_in(actor):
        return _sign_in_first()
    if _is_platform_admin(actor):
        return None
    if roles_in(actor, subject.municipality_id) & subject.roles:
        return None
    return _no_role()


@rule("manage.enter")
def enter_management(actor: Actor, _subject: object = None) -> Refusal | None:
    if not _signed_in(actor):
        return _sign_in_first()
    if _is_platform_admin(actor) or memberships_of(actor):
        return None
    return _no_role()


@rule("platform.administer")
def administer_platform(actor: Actor, _subject: object = None) -> Refusal | None:
    if not _signed_in(actor):
        return _sign_in_first()
    return None if _is_platform_admin(actor) else _no_role()


@rule("officials.manage")
def manage_officials(actor: Actor, municipality: Municipality | int) -> Refusal | None:
    return hold_role(actor, InMunicipality(_municipality_id(municipality), frozenset({Role.ADMIN})))


@rule("audit.view")
def view_audit(actor: Actor, municipality: Municipality | int | None = None) -> Refusal | None:
    if municipality is None:
        return administer_platform(actor)
    return manage_officials(actor, municipality)


@rule("membership.revoke")
def revoke_membership(actor: Actor, membership: Membership) -> Refusal | None:
    refusal = manage_officials(actor, membership.municipality_id)
    if refusal is not None:
        return refusal
    if membership.role == Role.ADMIN and _admin_count(membership.municipality_id) <= 1:
        return Refusal(
            "last_admin",
            _(
                "The municipality must keep at least one administrator. Grant the role to "
                "someone else first."
            ),
        )
    return None


def _admin_count(municipality_id: int) -> int:
    return db.session.execute(
        select(func.count(Membership.id)).where(
            Membership.municipality_id == municipality_id, Membership.role == Role.ADMIN
        )
    ).scalar_one()


def audit_scope(actor: Actor) -> frozenset[int] | None:
    """The municipalities whose audit entries the actor may read; None means all of them."""
    if _is_platform_admin(actor):
        return None
    return frozenset(m.municipality_id for m in memberships_of(actor) if m.role == Role.ADMIN)
