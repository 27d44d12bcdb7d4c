"""Officials' pages: the start page, the officials of a municipality, invitations.

Each route declares who may use it once (`role_required`, `official_required`); the rules
themselves are in `accounts/permissions.py`.
"""

from collections.abc import Callable
from itertools import groupby

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dialog.accounts import mailing, officials
from dialog.accounts.guards import official_required, refuse_elsewhere, role_required
from dialog.accounts.models import User
from dialog.accounts.official_forms import ConfirmForm, GrantForm, InviteForm
from dialog.accounts.roles import Invitation, Membership, Role, memberships_of
from dialog.catalogue.models import Municipality
from dialog.core.collation import sorted_for_page
from dialog.core.permissions import NotAllowed, may
from dialog.extensions import db

bp = Blueprint("manage", __name__, url_prefix="/hantera")

#: A function of (actor, municipality) returning [(url, label)]: links to an area's tools.
StartLinks = Callable[[User, Municipality], list[tuple[str, str]]]
_START_LINKS = "dialog.manage_start_links"


def add_start_links(app: Flask, links: StartLinks) -> None:
    """Other areas register, once per app, their links on the officials' start page, so that
    this module never names their endpoints (arrows point one way)."""
    registered = app.extensions.setdefault(_START_LINKS, [])
    if links not in registered:
        registered.append(links)


def _more_links(municipality: Municipality) -> list[tuple[str, str]]:
    providers = current_app.extensions.get(_START_LINKS, [])
    return [link for links in providers for link in links(current_user, municipality)]


@bp.get("")
@official_required
def start() -> ResponseReturnValue:
    """Where an official begins: their municipalities and roles, and what each allows now."""
    roles: dict[int, list[Role]] = {}
    for membership in memberships_of(current_user):
        roles.setdefault(membership.municipality_id, []).append(membership.role_enum)
    query = select(Municipality)
    if not current_user.is_platform_admin:
        query = query.where(Municipality.id.in_(roles))
    listed = sorted_for_page(db.session.scalars(query), lambda m: m.name)
    places = [(m, roles.get(m.id, [])) for m in listed]
    more = {m.id: _more_links(m) for m, _roles in places}
    return render_template("accounts/manage/start.html", places=places, more=more)


def _people(municipality: Municipality) -> list[tuple[User, list[Membership]]]:
    return [
        (user, list(group))
        for user, group in groupby(officials.members(municipality), key=lambda m: m.user)
    ]


def render_officials(
    municipality: Municipality,
    invite_form: InviteForm | None = None,
    grant_form: GrantForm | None = None,
) -> str:
    """The officials page, with forms as sent when one of them had errors."""
    people = _people(municipality)
    grant_form = grant_form or GrantForm(prefix="grant")
    grant_form.user.choices = [("", _("Choose a person"))] + [
        (str(user.id), user.display_name) for user, _memberships in people
    ]
    return render_template(
        "accounts/manage/officials.html",
        municipality=municipality,
        people=people,
        invitations=officials.pending_invitations(municipality),
        invite_form=invite_form or InviteForm(prefix="invite"),
        grant_form=grant_form,
        confirm_form=ConfirmForm(),
    )


@bp.get("/<slug>/tjanstepersoner")
@role_required(Role.ADMIN)
def officials_page(municipality: Municipality) -> ResponseReturnValue:
    """Everyone with a role in the municipality, open invitations, and the forms to change both."""
    return render_officials(municipality)


@bp.post("/<slug>/tjanstepersoner/bjud-in")
@role_required(Role.ADMIN)
def invite(municipality: Municipality) -> ResponseReturnValue:
    """Mail a single-use link that gives the role to whoever signs in with the address."""
    form = InviteForm(prefix="invite")
    if form.validate_on_submit():
        try:
            invitation, token = officials.invite(
                municipality, form.email.data or "", Role(form.role.data), current_user
            )
        except NotAllowed as refused:
            form.email.errors = [*form.email.errors, refused.first.reason]
        else:
            mailing.send_invitation(invitation, token, current_user)
            db.session.commit()
            flash(_("The invitation is sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("manage.officials_page", slug=municipality.slug))
    return render_officials(municipality, invite_form=form)


@bp.post("/<slug>/tjanstepersoner/tilldela")
@role_required(Role.ADMIN)
def grant(municipality: Municipality) -> ResponseReturnValue:
    """Give another role to someone who already has one here."""
    form = GrantForm(prefix="grant")
    form.user.choices = [(str(user.id), "") for user, _m in _people(municipality)]
    if form.validate_on_submit():
        user = db.get_or_404(User, int(form.user.data))
        try:
            officials.grant(municipality, user, Role(form.role.data), current_user)
        except NotAllowed as refused:
            form.role.errors = [*form.role.errors, refused.first.reason]
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is now also %(role)s.",
                    name=user.display_name,
                    role=Role(form.role.data).label.lower(),
                ),
                "success",
            )
            return redirect(url_for("manage.officials_page", slug=municipality.slug))
    return render_officials(municipality, grant_form=form)


@bp.post("/<slug>/tjanstepersoner/<int:membership_id>/aterkalla")
@role_required(Role.ADMIN)
def revoke(municipality: Municipality, membership_id: int) -> ResponseReturnValue:
    """Take one role away; the person keeps their account and any other roles."""
    membership = db.get_or_404(Membership, membership_id)
    if membership.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "memberships", membership.id)
    name, role = membership.user.display_name, membership.role_enum
    allowed = may(current_user, "membership.revoke", membership) is None
    if allowed and request.form.get("bekraftat") != "ja":
        # The person loses the role's pages at once: the administrator confirms on a page first.
        return render_template(
            "accounts/manage/confirm_revoke.html", municipality=municipality, membership=membership
        )
    try:
        officials.revoke(membership, current_user)
    except NotAllowed as refused:
        db.session.rollback()
        flash(refused.first.reason, "error")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer %(role)s.", name=name, role=role.label.lower()), "success")
    return redirect(url_for("manage.officials_page", slug=municipality.slug))


@bp.post("/<slug>/inbjudningar/<int:invitation_id>/dra-tillbaka")
@role_required(Role.ADMIN)
def withdraw(municipality: Municipality, invitation_id: int) -> ResponseReturnValue:
    """Make an invitation's link stop working."""
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.municipality_id != municipality.id:
        refuse_elsewhere(municipality, "invitations", invitation.id)
    try:
        officials.withdraw_invitation(invitation, current_user)
    except NotAllowed as refused:
        flash(refused.first.reason, "error")
    else:
        db.session.commit()
        flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("manage.officials_page", slug=municipality.slug))


@bp.route("/inbjudan/<token>", methods=["GET", "POST"])
def invitation(token: str) -> ResponseReturnValue:
    """The link from the invitation mail: sign in (or register) with the address, then accept."""
    found = officials.find_invitation(token)
    if found is None or not found.is_usable():
        return render_template("accounts/manage/invitation_invalid.html"), 400
    form = ConfirmForm()
    if current_user.is_authenticated and current_user.email == found.email:
        if form.validate_on_submit():
            try:
                officials.accept_invitation(found, current_user)
            except NotAllowed:
                db.session.rollback()
                return render_template("accounts/manage/invitation_invalid.html"), 400
            db.session.commit()
            flash(
                _(
                    "You are now %(role)s in %(municipality)s.",
                    role=found.role_enum.label.lower(),
                    municipality=found.municipality.name,
                ),
                "success",
            )
            return redirect(url_for("manage.start"))
    return render_template("accounts/manage/invitation.html", invitation=found, form=form)
