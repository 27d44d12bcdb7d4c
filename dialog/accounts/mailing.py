"""The mails an account receives, each in the resident's own language, with absolute links."""

from flask import url_for

from dialog.accounts.models import NotificationKind, User
from dialog.accounts.services import password_fingerprint
from dialog.accounts.tokens import make_token
from dialog.core.mail import send_mail
from dialog.core.urls import safe_next


def send_verification(user: User, email: str, next_path: str | None = None) -> None:
    token = make_token("verify", {"user": user.id, "email": email, "next": safe_next(next_path)})
    link = url_for("accounts.verify", token=token, _external=True)
    send_mail(email, "verify", user.language, user=user, link=link)


def send_already_registered(user: User | None) -> None:
    """Tell the owner of the address, not the visitor, that it already has an account."""
    if user is None or user.email is None:
        return
    link = url_for("accounts.forgot_password", _external=True)
    send_mail(user.email, "already_registered", user.language, user=user, link=link)


def send_password_reset(user: User) -> None:
    token = make_token("reset", {"user": user.id, "fp": password_fingerprint(user)})
    link = url_for("accounts.reset_password", token=token, _external=True)
    send_mail(user.email, "reset_password", user.language, user=user, link=link)


def send_email_change(user: User, new_email: str) -> None:
    token = make_token("email", {"user": user.id, "email": new_email})
    link = url_for("settings.confirm_email", token=token, _external=True)
    send_mail(new_email, "change_email", user.language, user=user, link=link)


def unsubscribe_url(user: User, kind: NotificationKind) -> str:
    token = make_token("unsubscribe", {"user": user.id, "kind": kind.value})
    return url_for("settings.unsubscribe", token=token, _external=True)


def notify(user: User, kind: NotificationKind, template: str, **context) -> bool:
    """Send a notification the resident opted in to; each carries its own unsubscribe link."""
    if not user.wants(kind) or not user.is_verified:
        return False
    send_mail(
        user.email,
        template,
        user.language,
        user=user,
        unsubscribe_url=unsubscribe_url(user, kind),
        **context,
    )
    return True


def send_invitation(invitation, token: str, inviter: User) -> None:
    """The link that gives an official their role; in the invitee's language if they have an
    account, otherwise in Swedish."""
    from dialog.accounts.services import find_by_email

    link = url_for("manage.invitation", token=token, _external=True)
    existing = find_by_email(invitation.email)
    language = existing.language if existing is not None else "sv"
    send_mail(
        invitation.email,
        "invitation",
        language,
        invitation=invitation,
        inviter=inviter,
        link=link,
    )
