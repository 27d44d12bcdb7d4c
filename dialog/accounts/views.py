"""Registration, verification, sign-in and sign-out, forgotten password."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from dialog.accounts import mailing, services
from dialog.accounts.forms import EmailOnlyForm, NewPasswordForm, RegisterForm, SignInForm
from dialog.accounts.guards import code_step_url, needs_second_factor, start_pending_sign_in
from dialog.accounts.limits import per_email, per_ip
from dialog.accounts.models import User
from dialog.accounts.tokens import read_user_token
from dialog.core.urls import safe_next
from dialog.extensions import db, login_manager

bp = Blueprint("accounts", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The cookie holds id and session token; a changed token signs that session out."""
    identifier, _sep, token = user_id.partition(":")
    if not (identifier.isascii() and identifier.isdigit()):
        return None
    user = db.session.get(User, int(identifier))
    if user is None or user.is_deleted or user.session_token != token:
        return None
    return user


@bp.route("/konto/registrera", methods=["GET", "POST"])
@per_ip("LIMIT_REGISTER_IP")
@per_email("LIMIT_MAIL_ACCOUNT")
def register():
    """Create an account; the answer is the same whether or not the e-mail was known."""
    form = RegisterForm()
    if form.validate_on_submit() and not form.caught_a_bot:
        user = services.register(
            form.email.data, form.display_name.data, form.password.data, str(get_locale())
        )
        if user is None:
            mailing.send_already_registered(services.find_by_email(form.email.data))
        else:
            mailing.send_verification(user, user.email, _next_param())
        db.session.commit()
        return render_template("accounts/check_mail.html", email=form.email.data)
    if form.caught_a_bot:
        form.website.errors = [_("Leave this field empty.")]
    return render_template("accounts/register.html", form=form, next=_next_param())


@bp.get("/konto/bekrafta/<token>")
def verify(token: str):
    """The link from the verification mail."""
    user, payload = read_user_token("verify", token, current_app.config["VERIFY_LINK_MAX_AGE"])
    if user is None or not services.verify_email(user, payload.get("email")):
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(safe_next(payload.get("next"), "mine.my_page"))
    return redirect(url_for("accounts.sign_in", next=safe_next(payload.get("next"))))


@bp.post("/konto/skicka-bekraftelse")
@login_required
@per_ip("LIMIT_MAIL_IP")
def resend_verification():
    """Send the verification link again to a signed-in, unverified resident."""
    if not current_user.is_verified:
        mailing.send_verification(current_user, current_user.email, request.form.get("next"))
        db.session.commit()
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(safe_next(request.form.get("next"), "mine.my_page"))


@bp.route("/konto/logga-in", methods=["GET", "POST"])
@per_ip("LIMIT_SIGN_IN_IP")
@per_email("LIMIT_SIGN_IN_ACCOUNT")
def sign_in():
    """Sign in and return to the page the resident came from."""
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and needs_second_factor(user):
            start_pending_sign_in(user, remember=form.remember.data)
            return redirect(code_step_url(request.args.get("next")))
        if user is not None:
            session.clear()  # a new session at sign-in: nothing carried over from before
            login_user(user, remember=form.remember.data)
            services.record_sign_in(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("The e-mail address or the password is wrong."))
    return render_template("accounts/sign_in.html", form=form, next=_next_param())


@bp.post("/konto/logga-ut")
def sign_out():
    """Sign out on this device."""
    logout_user()
    session.clear()
    flash(_("You are signed out."), "success")
    return redirect(url_for("catalogue.index"))


@bp.route("/konto/glomt-losenord", methods=["GET", "POST"])
@per_ip("LIMIT_MAIL_IP")
@per_email("LIMIT_MAIL_ACCOUNT")
def forgot_password():
    """Mail a reset link; neither the page nor the work done says whether the address is known."""
    form = EmailOnlyForm()
    if form.validate_on_submit():
        mailing.request_password_reset(form.email.data)  # a job looks the address up
        db.session.commit()
        return render_template("accounts/check_mail.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/konto/nytt-losenord/<token>", methods=["GET", "POST"])
@per_ip("LIMIT_SIGN_IN_IP")
def reset_password(token: str):
    """Choose a new password from a reset link, which works once and for an hour."""
    user, payload = read_user_token("reset", token, current_app.config["RESET_LINK_MAX_AGE"])
    if user is None or payload.get("fp") != services.password_fingerprint(user):
        return render_template("accounts/link_invalid.html"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        services.verify_email(user, user.email)  # the link proved the address
        db.session.commit()
        flash(_("Your new password is saved. Sign in with it."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)


def _referrer_path() -> str | None:
    """The local path of the page a form was posted from, if it was ours."""
    from urllib.parse import urlsplit

    if not request.referrer:
        return None
    parts = urlsplit(request.referrer)
    if parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _next_param() -> str:
    return safe_next(request.args.get("next"))


@login_manager.unauthorized_handler
def ask_to_sign_in():
    """Send visitors to sign in, then back to the local path they asked for."""
    if request.method != "GET":
        flash(_("Sign in to continue."), "info")
        return redirect(url_for("accounts.sign_in", next=safe_next(_referrer_path())))
    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))


def init_app(app) -> None:
    login_manager.session_protection = "basic"
    app.register_blueprint(bp)


@bp.get("/regler")
def rules():
    """The dialogue rules residents accept, and the grounds for reports and moderation."""
    return render_template("accounts/rules.html")


@bp.get("/integritet")
def privacy():
    """The privacy notice: what is stored, why, for how long, and what is a public record."""
    return render_template("accounts/privacy.html")
