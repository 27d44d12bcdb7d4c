"""Operator commands for accounts; each change is written to the audit log (actor: the CLI)."""

import sys

import click
from flask.cli import AppGroup

from dialog.accounts import officials, services, sessions, totp
from dialog.accounts.forms import PASSWORD_MAX, PASSWORD_MIN
from dialog.accounts.models import User
from dialog.core import audit
from dialog.core.permissions import NotAllowed
from dialog.extensions import db


def _account_or_exit(email: str) -> User:
    user = services.find_by_email(email)
    if user is None:
        click.echo(f"No account has the e-mail address {email}.", err=True)
        sys.exit(1)
    return user


def _blocking(user: User) -> dict[str, object]:
    return {"is_blocked": user.is_blocked, "blocked_reason": user.blocked_reason}


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        click.echo(f"The password must be {PASSWORD_MIN} to {PASSWORD_MAX} characters.", err=True)
        sys.exit(1)
    return password


def register(group: AppGroup) -> None:
    @group.command("block-account")
    @click.argument("email")
    @click.option("--reason", required=True, help="Shown to the resident when they try to post.")
    def block_account(email: str, reason: str) -> None:
        """Stop an account from posting, rating, reacting and reporting; it can still read."""
        reason = reason.strip()
        if not reason or len(reason) > 500:
            click.echo("The reason must be 1 to 500 characters.", err=True)
            sys.exit(1)
        user = _account_or_exit(email)
        before = _blocking(user)
        services.block(user, reason)
        audit.record(
            "account.block", target=user, before=before, after=_blocking(user), reason=reason
        )
        db.session.commit()
        click.echo(f"Blocked {email}: {reason}")

    @group.command("unblock-account")
    @click.argument("email")
    def unblock_account(email: str) -> None:
        """Let a blocked account take part again."""
        user = _account_or_exit(email)
        before = _blocking(user)
        services.unblock(user)
        audit.record("account.unblock", target=user, before=before, after=_blocking(user))
        db.session.commit()
        click.echo(f"Unblocked {email}")

    @group.command("create-admin")
    @click.argument("email")
    @click.option("--name", help="Name shown for a new account (default: before the @).")
    @click.option(
        "--password-stdin", is_flag=True, help="Read a new account's password from stdin."
    )
    def create_admin(email: str, name: str | None, password_stdin: bool) -> None:
        """Make EMAIL a platform administrator, creating a verified account if there is none.

        Platform administrators may act in every municipality and sign in with a second
        factor, which they set up at their first sign-in.
        """
        email = services.normalise_email(email)
        if "@" not in email or len(email) > 254:
            click.echo("Give an e-mail address like name@example.se.", err=True)
            sys.exit(1)
        existing = services.find_by_email(email)
        if existing is not None and existing.is_platform_admin:
            click.echo(f"{email} is already a platform administrator.")
            return
        password = None if existing is not None else _read_password(password_stdin)
        try:
            user, created = officials.make_platform_admin(email, name, password)
        except NotAllowed as refused:
            click.echo(refused.first.reason, err=True)
            sys.exit(1)
        db.session.commit()
        what = "Created" if created else "Promoted"
        click.echo(f"{what} {user.email}: platform administrator.")

    @group.command("reset-second-factor")
    @click.argument("email")
    @click.option("--reason", required=True, help="Why, for the audit log (e.g. a lost phone).")
    def reset_second_factor(email: str, reason: str) -> None:
        """Forget an official's authenticator app and recovery codes; they enrol again."""
        user = _account_or_exit(email)
        totp.remove(user.id)
        sessions.revoke_all(user)  # every device signs in again, with the new factor
        audit.record("second_factor.reset", target=user, reason=reason.strip()[:500])
        db.session.commit()
        click.echo(f"Reset the second factor of {email}; they enrol again at the next sign-in.")
