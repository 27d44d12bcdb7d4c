"""A resident's settings: profile for statistics, notifications, e-mail, password, unsubscribe."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import Field

# types-WTForms describes WTForms 3.2; SelectChoice came in 3.3.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from dialog.accounts import mailing, services, sessions
from dialog.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    NotificationsForm,
    ProfileForm,
    UnsubscribeForm,
)
from dialog.accounts.limits import per_account
from dialog.accounts.models import NotificationKind
from dialog.accounts.tokens import Purpose, claim, find, issue, read_user_token
from dialog.catalogue.models import District, Municipality
from dialog.core.collation import sorted_for_page
from dialog.extensions import db

bp = Blueprint("settings", __name__, url_prefix="/mina-sidor")


def _district_choices() -> list[tuple[str, str]]:
    """Every municipality's current districts, grouped by municipality name in the label."""
    rows = db.session.execute(
        select(District.id, District.name, Municipality.name)
        .join(Municipality)
        .where(District.is_archived.is_(False))
        .order_by(District.position, District.id)
    ).all()
    # Municipalities by name in the page's order (stable: each one's districts stay in theirs).
    rows = sorted_for_page(rows, lambda row: row[2])
    return [SelectChoice("", _("I prefer not to say"))] + [
        SelectChoice(str(district_id), f"{municipality} – {name}")
        for district_id, name, municipality in rows
    ]


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile() -> ResponseReturnValue:
    """Optional district and age band, used only for statistics, with consent."""
    form = ProfileForm(
        district=str(current_user.district_id or ""),
        age_band=current_user.age_band or "",
        consent=current_user.profile_consent_at is not None,
    )
    form.district.choices = _district_choices()
    if form.validate_on_submit():
        # Optional() lets a value of only whitespace past the choice check: it means none.
        district = int(form.district.data) if (form.district.data or "").strip() else None
        services.update_profile(current_user, district, form.age_band.data or None)
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("settings.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.post("/profil/radera")
@login_required
def clear_profile() -> ResponseReturnValue:
    """Remove district, age band and consent in one step."""
    services.update_profile(current_user, None, None)
    db.session.commit()
    flash(_("Your profile data is removed."), "success")
    return redirect(url_for("settings.profile"))


@bp.route("/aviseringar", methods=["GET", "POST"])
@login_required
def notifications() -> ResponseReturnValue:
    """Opt in or out of each kind of e-mail."""
    form = NotificationsForm(
        reply=current_user.notify_reply,
        response=current_user.notify_response,
        decision=current_user.notify_decision,
    )
    if form.validate_on_submit():
        wanted = {kind: bool(getattr(form, kind.value).data) for kind in NotificationKind}
        services.set_notifications(current_user, wanted)
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("settings.notifications"))
    return render_template("accounts/notifications.html", form=form)


@bp.route("/konto", methods=["GET", "POST"])
@login_required
@per_account("LIMIT_MAIL_ACCOUNT")
def account() -> ResponseReturnValue:
    """Change e-mail (confirmed by a link to the new address) or password; signed-in devices."""
    email_form = ChangeEmailForm(prefix="email")
    password_form = ChangePasswordForm(prefix="password")
    action = request.form.get("action")
    if action == "email" and email_form.validate_on_submit():
        if _password_ok(email_form.current_password):
            if services.find_by_email(email_form.email.data or "") is None:
                mailing.send_email_change(
                    current_user, services.normalise_email(email_form.email.data or "")
                )
                db.session.commit()
            flash(
                _(
                    "Follow the link we sent to %(email)s to confirm the new address.",
                    email=email_form.email.data,
                ),
                "success",
            )
            return redirect(url_for("settings.account"))
    if action == "password" and password_form.validate_on_submit():
        if _password_ok(password_form.current_password):
            user = current_user._get_current_object()
            services.set_password(user, password_form.password.data or "", keep=user.sign_in)
            db.session.commit()
            flash(_("Your new password is saved. Other devices have been signed out."), "success")
            return redirect(url_for("settings.account"))
    return render_template(
        "accounts/account.html",
        email_form=email_form,
        password_form=password_form,
        devices=sessions.devices(current_user),
    )


def _password_ok(field: Field) -> bool:
    if services.check_password(current_user, field.data or ""):
        return True
    field.errors = [*field.errors, _("The password is wrong.")]
    return False


@bp.post("/konto/logga-ut-overallt")
@login_required
def sign_out_everywhere() -> ResponseReturnValue:
    """Sign out on every device, this one included (a lost phone, a shared computer)."""
    sessions.revoke_all(current_user)
    db.session.commit()
    sessions.forget_this_browser()
    flash(_("You are signed out on all devices."), "success")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/byt-epost/<token>", methods=["GET", "POST"])
@login_required
def confirm_email(token: str) -> ResponseReturnValue:
    """The link sent to a new address: the account's owner, signed in, confirms the change."""
    link = find(Purpose.EMAIL, token)
    if link is None or link.user_id != current_user.id:
        return render_template("accounts/link_invalid.html", purpose="email"), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        link = claim(Purpose.EMAIL, token)
        user = current_user._get_current_object()
        old_email = user.email
        if link is None or link.email is None or not services.change_email(user, link.email):
            db.session.rollback()
            return render_template("accounts/link_invalid.html", purpose="email"), 400
        mailing.send_email_changed(user, old_email)
        db.session.commit()
        flash(_("Your e-mail address is now %(email)s.", email=user.email), "success")
        return redirect(url_for("settings.account"))
    return render_template("accounts/confirm_email.html", form=form, email=link.email)


@bp.route("/angra-epost/<token>", methods=["GET", "POST"])
def undo_email(token: str) -> ResponseReturnValue:
    """The link sent to the old address: take the account back, without signing in."""
    link = find(Purpose.UNDO, token)
    if link is None:
        return render_template("accounts/link_invalid.html", purpose="undo"), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        link = claim(Purpose.UNDO, token)
        if (
            link is None
            or link.email is None
            or not services.undo_email_change(link.user, link.email)
        ):
            db.session.rollback()
            return render_template("accounts/link_invalid.html", purpose="undo"), 400
        reset = issue(link.user, Purpose.RESET)
        db.session.commit()
        sessions.forget_this_browser()
        flash(
            _(
                "Your e-mail address is %(email)s again and every device is signed out. "
                "Choose a new password now, in case someone else knows the old one.",
                email=link.email,
            ),
            "success",
        )
        return redirect(url_for("accounts.reset_password", token=reset))
    return render_template("accounts/undo_email.html", form=form, email=link.email)


@bp.route("/avregistrera/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> ResponseReturnValue:
    """Stop one kind of notification from the link in the mail, without signing in."""
    user, payload = read_user_token("unsubscribe", token)
    kinds = {kind.value: kind for kind in NotificationKind}
    kind = kinds.get(str(payload.get("kind"))) if payload else None
    if user is None or kind is None:
        return render_template("accounts/link_invalid.html", purpose="unsubscribe"), 400
    form = UnsubscribeForm()
    if form.validate_on_submit():
        services.unsubscribe(user, kind)
        db.session.commit()
        return render_template("accounts/unsubscribed.html", kind=kind)
    return render_template("accounts/unsubscribe.html", form=form, kind=kind)
