"""`flask dialog demo`: realistic demo data for trying the summaries, reports and exports."""

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from dialog.extensions import db
from dialog.insights import demo
from dialog.participation.models import Comment


def register(group: AppGroup) -> None:
    @group.command("demo")
    @click.option("--residents", default=1000, show_default=True, type=click.IntRange(1))
    @click.option("--comments", default=5000, show_default=True, type=click.IntRange(0))
    @click.option("--ratings", default=20000, show_default=True, type=click.IntRange(0))
    @click.option("--seed", default=2026, show_default=True, help="Same seed, same data.")
    @click.option("--if-empty", is_flag=True, help="Do nothing when there are comments already.")
    def demo_command(
        residents: int, comments: int, ratings: int, seed: int, if_empty: bool
    ) -> None:
        """Add demo residents, comments, replies, reactions, reports and ratings."""
        if if_empty and db.session.scalar(select(func.count(Comment.id))):
            click.echo("There are comments already; no demo data added.")
            return
        started = time.monotonic()
        with click.progressbar(length=10, label="Demo data") as bar:
            try:
                made = demo.generate(residents, comments, ratings, seed, progress=bar.update)
            except ValueError as error:
                raise click.ClickException(str(error)) from error
            db.session.commit()
            bar.update(1)
        click.echo(
            f"{made.residents} residents, {made.comments} comments "
            f"({made.imported} from other channels), {made.replies} replies, "
            f"{made.reactions} reactions, {made.reports} reports, {made.ratings} ratings "
            f"in {time.monotonic() - started:.1f} s."
        )
