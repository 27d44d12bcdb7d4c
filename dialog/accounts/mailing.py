"""The mails an account receives, each in the resident's own language.

Every link is built on DIALOG_BASE_URL (`external_url`), never on the Host header of the
request that caused the mail. One-time links are stored as hashes (tokens.issue), so the
caller's commit makes them valid.
"""

from dialog.accounts import tokens
from dialog.accounts.models import NotificationKind, User
from dialog.accounts.tokens import Purpose, make_token
from dialog.core.mail import send_mail
from dialog.core.urls import external_url, safe_next


def send_verification(user: User, next_path: str | None = None) -> None:
    token = tokens.issue(user, Purpose.VERIFY, user.email)
    values = {"next": safe_next(next_path)} if next_path else {}
    link = external_url("accounts.verify", token=token, **values)
    send_mail(user.email, "verify", user.language, user=user, link=link)


def send_already_registered(user: User | None) -> None:
    """Tell the owner of the address, not the visitor, that it already has an account."""
    if user is None or user.email is None:
        return
    link = external_url("accounts.forgot_password")
    send_mail(user.email, "already_registered", user.language, user=user, link=link)


def send_password_reset(user: User) -> None:
    token = tokens.issue(user, Purpose.RESET)
    link = external_url("accounts.reset_password", token=token)
    send_mail(user.email, "reset_password", user.language, user=user, link=link)


def send_email_change(user: User, new_email: str) -> None:
    token = tokens.issue(user, Purpose.EMAIL, new_email)
    link = external_url("settings.confirm_email", token=token)
    send_mail(new_email, "change_email", user.language, user=user, link=link)


def send_email_changed(user: User, old_email: str) -> None:
    """Tell the old address, with a link that undoes the change and shuts the devices out."""
    token = tokens.issue(user, Purpose.UNDO, old_email)
    link = external_url("settings.undo_email", token=token)
    send_mail(old_email, "email_changed", user.language, user=user, link=link)


def unsubscribe_url(user: User, kind: NotificationKind) -> str:
    token = make_token("unsubscribe", {"user": user.id, "kind": kind.value})
    return external_url("settings.unsubscribe", token=token)


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
