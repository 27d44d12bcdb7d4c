"""Registration, verification, sign-in and sign-out, forgotten password."""

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from dialog.accounts import limits, mailing, mine, services, sessions
from dialog.accounts.forms import EmailOnlyForm, NewPasswordForm, RegisterForm, SignInForm
from dialog.accounts.guards import (
    after_sign_in,
    code_step_url,
    header_of_next,
    needs_second_factor,
    start_pending_sign_in,
)
from dialog.accounts.hooks import hooks
from dialog.accounts.limits import per_email, per_email_and_ip, per_ip
from dialog.accounts.models import User
from dialog.accounts.tokens import Purpose, claim, find, was_used
from dialog.core.i18n import address_keeping_language
from dialog.core.urls import home_url, local_path, safe_next
from dialog.extensions import db, login_manager

bp = Blueprint("accounts", __name__)
bp.before_request(header_of_next)


@login_manager.user_loader
def load_user(cookie_value: str) -> User | None:
    """The cookie holds account and device; a signed-out device is not let in."""
    return sessions.load(cookie_value)


def _limited_page(template: str, form: FlaskForm, message: str) -> Response:
    """The form again with what was typed (not the password) and why it was not sent: 429."""
    page = render_template(template, form=form, next=_asked_next(), limited=message)
    return make_response(page, 429)


def _register_limited(breached: RequestLimit) -> Response:
    message = _(
        "Many accounts have been created from your network in a short while (a school, a "
        "library or a workplace often shares one address). Try again in %(minutes)s minutes, "
        "or from another network. What you typed is kept below.",
        minutes=limits.minutes_to_wait(breached),
    )
    return _limited_page("accounts/register.html", RegisterForm(), message)


def _register_mail_limited(breached: RequestLimit) -> Response:
    message = _(
        "We have sent several messages to this address in a short while. Look in its inbox "
        "(and spam folder), or try again in %(minutes)s minutes.",
        minutes=limits.minutes_to_wait(breached),
    )
    return _limited_page("accounts/register.html", RegisterForm(), message)


@bp.route("/konto/registrera", methods=["GET", "POST"])
@per_ip("LIMIT_REGISTER_IP", counted=True, on_breach=_register_limited)
@per_email("LIMIT_MAIL_ACCOUNT", counted=True, on_breach=_register_mail_limited)
def register() -> ResponseReturnValue:
    """Create an account; the answer is the same whether or not the e-mail was known."""
    form = RegisterForm()
    if form.validate_on_submit() and not form.caught_a_bot:
        limits.count_attempt()  # a form sent back with errors does not count
        user = services.register(
            form.email.data or "",
            form.display_name.data or "",
            form.password.data or "",
            str(get_locale()),
        )
        if user is None:
            mailing.send_already_registered(
                services.find_by_email(form.email.data or ""), _next_param()
            )
        else:
            mailing.send_verification(user, _next_param())
        db.session.commit()
        return render_template(
            "accounts/check_mail.html", email=form.email.data, next=_asked_next()
        )
    if form.caught_a_bot:
        limits.count_attempt()
        form.website.errors = [_("Leave this field empty.")]
    return render_template("accounts/register.html", form=form, next=_next_param())


@bp.get("/konto/bekrafta/<token>")
def verify(token: str) -> ResponseReturnValue:
    """The link from the verification mail; it works once, for the address it was sent to."""
    link = claim(Purpose.VERIFY, token)
    if link is None or not services.verify_email(link.user, link.email):
        db.session.rollback()
        used = was_used(Purpose.VERIFY, token)
        if used is None or not used.user.is_verified or used.user.email != used.email:
            page = render_template(
                "accounts/link_invalid.html", purpose="verify", next=_asked_next()
            )
            return page, 400
        flash(_("Your e-mail address is already confirmed."), "info")
    else:
        db.session.commit()
        flash(_("Thank you, your e-mail address is confirmed."), "success")
    next_path = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(safe_next(next_path, "mine.my_page"))
    return redirect(url_for("accounts.sign_in", next=safe_next(next_path)))


@bp.post("/konto/skicka-bekraftelse")
@login_required
@per_ip("LIMIT_MAIL_IP")
def resend_verification() -> ResponseReturnValue:
    """Send the verification link again to a signed-in, unverified resident."""
    if not current_user.is_verified:
        mailing.send_verification(current_user, request.form.get("next"))
        db.session.commit()
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(safe_next(request.form.get("next"), "mine.my_page"))


def _sign_in_limited(breached: RequestLimit) -> Response:
    """Wrong passwords from this address: wait, or choose a new password by mail."""
    message = _(
        "Too many wrong passwords from your network. Try again in %(minutes)s minutes, or "
        "choose a new password with \u201cForgotten password?\u201d.",
        minutes=limits.minutes_to_wait(breached),
    )
    return _limited_page("accounts/sign_in.html", SignInForm(), message)


@bp.route("/konto/logga-in", methods=["GET", "POST"])
@per_ip("LIMIT_SIGN_IN_IP", counted=True, on_breach=_sign_in_limited)
@per_email_and_ip("LIMIT_SIGN_IN_ACCOUNT", counted=True, on_breach=_sign_in_limited)
def sign_in() -> ResponseReturnValue:
    """Sign in and return to the page the person came from (see `after_sign_in`)."""
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None and needs_second_factor(user):
            start_pending_sign_in(user, remember=form.remember.data)
            return redirect(code_step_url(request.args.get("next")))
        if user is not None:
            sessions.sign_in(user, form.remember.data, request.user_agent.string)
            services.record_sign_in(user)
            db.session.commit()
            return redirect(after_sign_in(user, request.args.get("next")))
        limits.count_attempt()
        # "Wrong" alone left a resident guessing; the message says what to try (WCAG 3.3.3).
        form.password.errors = [
            *form.password.errors,
            _(
                "The e-mail address or the password is wrong. Check both, or choose a new "
                "password with \u201cForgotten password?\u201d below."
            ),
        ]
    return render_template("accounts/sign_in.html", form=form, next=_asked_next())


@bp.post("/konto/logga-ut")
def sign_out() -> ResponseReturnValue:
    """Sign out on this device: its session ends on the server, its cookies are deleted.
    The start page it leads to, and its message, stay in the language the person was reading."""
    language, message = str(get_locale()), _("You are signed out.")
    if current_user.is_authenticated:
        sessions.revoke(current_user)
        db.session.commit()
    sessions.forget_this_browser()
    flash(message, "success")
    return redirect(address_keeping_language(home_url(), language))


@bp.route("/konto/glomt-losenord", methods=["GET", "POST"])
@per_ip("LIMIT_MAIL_IP")
@per_email("LIMIT_MAIL_ACCOUNT")
def forgot_password() -> ResponseReturnValue:
    """Mail a reset link; neither the page nor the work done says whether the address is known."""
    form = EmailOnlyForm()
    if form.validate_on_submit():
        # a job looks the address up; the link it mails leads on to `next` too
        mailing.request_password_reset(form.email.data or "", _asked_next())
        db.session.commit()
        return render_template(
            "accounts/check_mail.html", email=form.email.data, reset=True, next=_asked_next()
        )
    return render_template("accounts/forgot_password.html", form=form, next=_asked_next())


@bp.route("/konto/nytt-losenord/<token>", methods=["GET", "POST"])
@per_ip("LIMIT_SIGN_IN_IP")
def reset_password(token: str) -> ResponseReturnValue:
    """Choose a new password from a reset link, which works once and for an hour."""
    if find(Purpose.RESET, token) is None:
        return render_template("accounts/link_invalid.html", purpose="reset"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        link = claim(Purpose.RESET, token)
        if link is None:  # used by another request meanwhile
            return render_template("accounts/link_invalid.html", purpose="reset"), 400
        services.set_password(link.user, form.password.data or "")  # signs out every device
        services.verify_email(link.user, link.user.email)  # the link proved the address
        db.session.commit()
        flash(_("Your new password is saved. Sign in with it."), "success")
        return redirect(url_for("accounts.sign_in", next=_asked_next()))
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


def _asked_next() -> str | None:
    """`next` only when the address names one: the sign-in form must not invent the start page,
    which would send an official there instead of to the officials' start."""
    return local_path(request.args.get("next"))


@login_manager.unauthorized_handler
def ask_to_sign_in() -> ResponseReturnValue:
    """Send visitors to sign in, then back to the local path they asked for."""
    if request.method != "GET":
        flash(_("Sign in to continue."), "info")
        return redirect(url_for("accounts.sign_in", next=safe_next(_referrer_path())))
    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))


def _load_signed_in_user() -> None:
    """Load the user before the view writes anything: the loader notes the device's use in a
    transaction of its own, which must not wait for this request's (SQLite has one writer)."""
    if request.endpoint != "static":
        current_user._get_current_object()


def init_app(app: Flask) -> None:
    login_manager.session_protection = "basic"
    app.before_request(_load_signed_in_user)
    app.after_request(limits.retry_after)
    app.register_blueprint(bp)
    app.register_blueprint(mine.bp)


@bp.get("/regler")
def rules() -> ResponseReturnValue:
    """The dialogue rules residents accept, and the grounds for reports and moderation."""
    reasons = [reason for found in hooks().rule_reasons for reason in found()]
    return render_template("accounts/rules.html", reasons=reasons)


@bp.get("/integritet")
def privacy() -> ResponseReturnValue:
    """The privacy notice: what is stored, why, for how long, and what is a public record."""
    return render_template("accounts/privacy.html")
