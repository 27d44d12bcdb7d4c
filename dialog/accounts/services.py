"""Account writes: register, verify, passwords, e-mail, profile, notifications, deletion.

Each function adds and flushes; the view commits once.
"""

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from dialog.accounts import sessions, tokens
from dialog.accounts.hooks import hooks
from dialog.accounts.models import AgeBand, NotificationKind, User, UserSession
from dialog.db import utcnow
from dialog.extensions import db

#: Checked when no account matches, so that a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=normalise_email(email)))


def hash_password(password: str) -> str:
    """scrypt, which is memory-hard; tests may set cheaper parameters."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def register(email: str, display_name: str, password: str, language: str) -> User | None:
    """Create an unverified account; None if the e-mail is taken (the caller must not say so)."""
    if find_by_email(email) is not None:
        hash_password(password)  # the same work either way, so timing does not tell
        return None
    now = utcnow()
    config = current_app.config
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        language=language,
        rules_version=config["RULES_VERSION"],
        rules_accepted_at=now,
        privacy_version=config["PRIVACY_VERSION"],
        privacy_accepted_at=now,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account whose e-mail and password match, in the same time whether it exists or not."""
    user = find_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password(user, password) else None


def check_password(user: User, password: str | None) -> bool:
    """Whether `password` is the account's; the one place a password is checked. An account
    without a password (erased) matches nothing, in the same time as a wrong password."""
    if not user.password_hash or not password:
        check_password_hash(_DUMMY_HASH, password or "")
        return False
    return check_password_hash(user.password_hash, password)


def record_sign_in(user: User) -> None:
    user.last_sign_in_at = utcnow()
    db.session.flush()


def verify_email(user: User, email: str | None) -> bool:
    """Mark the address verified if the link was made for the address the account has now."""
    if email is None or user.email != email:
        return False
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()
    return True


def set_password(user: User, password: str, keep: UserSession | None = None) -> None:
    """New password: every device but `keep` is signed out and links mailed before it end."""
    user.password_hash = hash_password(password)
    sessions.revoke_all(user, keep=keep)
    tokens.revoke(user, *tokens.ENDED_BY_PASSWORD)
    db.session.flush()


def change_email(user: User, new_email: str) -> bool:
    """Switch to a verified new address; False if someone else has taken it meanwhile."""
    new_email = normalise_email(new_email)
    if find_by_email(new_email) is not None:
        return False
    user.email = new_email
    user.email_verified_at = utcnow()
    tokens.revoke(user, tokens.Purpose.EMAIL, tokens.Purpose.VERIFY)
    db.session.flush()
    return True


def undo_email_change(user: User, old_email: str) -> bool:
    """Give the account its old address back and shut out whoever changed it.

    Every device is signed out and every outstanding link ends; the caller then lets the
    owner choose a new password. False if the old address belongs to another account now.
    """
    owner = find_by_email(old_email)
    if owner is not None and owner.id != user.id:
        return False
    user.email = normalise_email(old_email)
    user.email_verified_at = utcnow()
    sessions.revoke_all(user)
    tokens.revoke(user, *tokens.Purpose)
    db.session.flush()
    return True


def update_profile(user: User, district_id: int | None, age_band: str | None) -> None:
    """Store optional statistics data with the time of consent; both empty clears consent."""
    user.district_id = district_id
    user.age_band = AgeBand(age_band) if age_band else None
    user.profile_consent_at = utcnow() if (district_id or age_band) else None
    db.session.flush()


def record_my_page_visit(user: User) -> None:
    """What arrives after this is "new" on the resident's next visit to My page."""
    user.my_page_seen_at = utcnow()
    db.session.flush()


def set_notifications(user: User, wanted: dict[NotificationKind, bool]) -> None:
    for kind, on in wanted.items():
        setattr(user, kind.column, on)
    db.session.flush()


def unsubscribe(user: User, kind: NotificationKind) -> None:
    setattr(user, kind.column, False)
    db.session.flush()


def erase_account(user: User, withdraw: bool = False) -> None:
    """Erase personal data at once; the row stays so that kept comments read "former participant".

    Each area's eraser (registered in `hooks`) does its part first; `withdraw` is the
    resident's choice to withdraw what they wrote instead of keeping it.
    """
    for eraser in hooks().erasers:
        eraser(user, withdraw)
    user.email = None
    user.display_name = ""
    user.password_hash = None
    user.email_verified_at = None
    user.district_id = None
    user.age_band = None
    user.profile_consent_at = None
    user.my_page_seen_at = None
    user.reply_mail_answered_at = None
    for kind in NotificationKind:
        setattr(user, kind.column, False)
    sessions.revoke_all(user)
    tokens.forget(user)
    user.deleted_at = utcnow()
    db.session.flush()


def block(user: User, reason: str) -> None:
    """Stop an account from posting; it is told the reason."""
    user.is_blocked = True
    user.blocked_reason = reason
    db.session.flush()


def unblock(user: User) -> None:
    user.is_blocked = False
    user.blocked_reason = None
    db.session.flush()
