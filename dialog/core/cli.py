"""Operator commands for the mail outbox: what waits, what failed, and trying again."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import ColumnElement, func, select, update

from dialog.core.outbox import OutboxMessage, deliver
from dialog.db import utcnow
from dialog.extensions import db


def register(group: AppGroup) -> None:
    @group.command("outbox")
    @click.option("--retry", is_flag=True, help="Try again the messages given up on.")
    def outbox(retry: bool) -> None:
        """Count the mail waiting, given up on (after OUTBOX_MAX_ATTEMPTS failures) and sent."""
        unsent = OutboxMessage.sent_at.is_(None)
        given_up = unsent & (OutboxMessage.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"])
        if retry:
            ids = db.session.scalars(select(OutboxMessage.id).where(given_up)).all()
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids))
                .values(attempts=0, claimed_until=None, next_attempt_at=utcnow())
            )
            for message_id in ids:
                deliver.enqueue(message_id)
            db.session.commit()
            click.echo(f"Queued again: {len(ids)}")

        def count(condition: ColumnElement[bool]) -> int:
            return db.session.execute(select(func.count()).where(condition)).scalar_one()

        failed = count(given_up)
        click.echo(f"Waiting: {count(unsent) - failed}")
        click.echo(f"Given up: {failed}")
        click.echo(f"Sent, kept {current_app.config['OUTBOX_KEEP_DAYS']} days: {count(~unsent)}")
        latest = select(OutboxMessage).where(given_up).order_by(OutboxMessage.id.desc()).limit(5)
        for message in db.session.scalars(latest):
            click.echo(
                f"  #{message.id} {message.kind} to {message.recipient}: {message.last_error}"
            )
