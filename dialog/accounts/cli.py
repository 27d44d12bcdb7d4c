"""Operator commands for accounts, until the moderation desk offers the same with an audit log."""

import sys

import click
from flask.cli import AppGroup

from dialog.accounts import services
from dialog.extensions import db


def _account_or_exit(email: str):
    user = services.find_by_email(email)
    if user is None:
        click.echo(f"No account has the e-mail address {email}.", err=True)
        sys.exit(1)
    return user


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
        services.block(_account_or_exit(email), reason)
        db.session.commit()
        click.echo(f"Blocked {email}: {reason}")

    @group.command("unblock-account")
    @click.argument("email")
    def unblock_account(email: str) -> None:
        """Let a blocked account take part again."""
        services.unblock(_account_or_exit(email))
        db.session.commit()
        click.echo(f"Unblocked {email}")
