"""A resident's settings: profile for statistics, notifications, e-mail, password, unsubscribe."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import select
from werkzeug.security import check_password_hash
from wtforms.fields.choices import SelectChoice

from dialog.accounts import mailing, services
from dialog.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    NotificationsForm,
    ProfileForm,
    UnsubscribeForm,
)
from dialog.accounts.limits import per_account
from dialog.accounts.models import NotificationKind
from dialog.accounts.tokens import read_user_token
from dialog.catalogue.models import District, Municipality
from dialog.extensions import db

bp = Blueprint("settings", __name__, url_prefix="/mina-sidor")


def _district_choices() -> list[tuple[str, str]]:
    """Every municipality's current districts, grouped by municipality name in the label."""
    rows = db.session.execute(
        select(District.id, District.name, Municipality.name)
        .join(Municipality)
        .where(District.is_archived.is_(False))
        .order_by(Municipality.name, District.position)
    )
    return [SelectChoice("", _("I prefer not to say"))] + [
        SelectChoice(str(district_id), f"{municipality} – {name}")
        for district_id, name, municipality in rows
    ]


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    """Optional district and age band, used only for statistics, with consent."""
    form = ProfileForm(
        district=str(current_user.district_id or ""),
        age_band=current_user.age_band or "",
        consent=current_user.profile_consent_at is not None,
    )
    form.district.choices = _district_choices()
    if form.validate_on_submit():
        district = int(form.district.data) if form.district.data else None
        services.update_profile(current_user, district, form.age_band.data or None)
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("settings.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.post("/profil/radera")
@login_required
def clear_profile():
    """Remove district, age band and consent in one step."""
    services.update_profile(current_user, None, None)
    db.session.commit()
    flash(_("Your profile data is removed."), "success")
    return redirect(url_for("settings.profile"))


@bp.route("/aviseringar", methods=["GET", "POST"])
@login_required
def notifications():
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
def account():
    """Change e-mail (confirmed by a link to the new address) or password."""
    email_form = ChangeEmailForm(prefix="email")
    password_form = ChangePasswordForm(prefix="password")
    action = request.form.get("action")
    if action == "email" and email_form.validate_on_submit():
        if _password_ok(email_form.current_password):
            if services.find_by_email(email_form.email.data) is None:
                mailing.send_email_change(
                    current_user, services.normalise_email(email_form.email.data)
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
            services.set_password(current_user, password_form.password.data)
            db.session.commit()
            login_user(current_user._get_current_object())  # keep this session, end the others
            flash(_("Your new password is saved. Other devices have been signed out."), "success")
            return redirect(url_for("settings.account"))
    return render_template(
        "accounts/account.html", email_form=email_form, password_form=password_form
    )


def _password_ok(field) -> bool:
    if current_user.password_hash and check_password_hash(current_user.password_hash, field.data):
        return True
    field.errors.append(_("The password is wrong."))
    return False


@bp.get("/byt-epost/<token>")
def confirm_email(token: str):
    """The link sent to a new address; it proves the resident can read it."""
    user, payload = read_user_token("email", token, current_app.config["VERIFY_LINK_MAX_AGE"])
    if user is None or not services.change_email(user, payload["email"]):
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    flash(_("Your e-mail address is now %(email)s.", email=user.email), "success")
    return redirect(url_for("mine.my_page"))


@bp.route("/avregistrera/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Stop one kind of notification from the link in the mail, without signing in."""
    user, payload = read_user_token("unsubscribe", token)
    kinds = {kind.value: kind for kind in NotificationKind}
    kind = kinds.get(payload.get("kind")) if payload else None
    if user is None or kind is None:
        return render_template("accounts/link_invalid.html"), 400
    form = UnsubscribeForm()
    if form.validate_on_submit():
        services.unsubscribe(user, kind)
        db.session.commit()
        return render_template("accounts/unsubscribed.html", kind=kind)
    return render_template("accounts/unsubscribe.html", form=form, kind=kind)
