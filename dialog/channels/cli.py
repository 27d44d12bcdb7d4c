"""`flask dialog import-comments FILE --goal ID`: comments from other channels, from a file."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import ngettext

from dialog.catalogue.models import Goal
from dialog.channels.services import import_file
from dialog.extensions import db
from dialog.participation.models import IMPORTED_CHANNELS, CommentChannel


def register(group: AppGroup) -> None:
    @group.command("import-comments")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--goal", "goal_id", type=int, required=True, help="The goal's id.")
    @click.option(
        "--channel",
        type=click.Choice([channel.value for channel in IMPORTED_CHANNELS]),
        help="The channel of rows whose channel column is empty.",
    )
    def import_comments_command(file: str, goal_id: int, channel: str | None) -> None:
        """Import comments from paper forms, meetings, e-mail, phone or surveys (CSV, XLSX or
        JSON) onto a goal; nothing is written if any line has a problem."""
        goal = db.session.get(Goal, goal_id)
        if goal is None:
            click.echo(f"No goal with id {goal_id}.", err=True)
            sys.exit(1)
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            click.echo(f"{file}: cannot be read ({error.strerror})", err=True)
            sys.exit(1)
        chosen = CommentChannel(channel) if channel else None
        result, problems = import_file(goal, Path(file).name, raw, None, chosen)
        if result is None:
            db.session.rollback()
            for problem in problems:
                click.echo(f"{file}: {problem}", err=True)
            # In the language the problems above are told in, as the catalogue's import does.
            summary = ngettext(
                "Nothing was imported: %(num)s problem",
                "Nothing was imported: %(num)s problems",
                len(problems),
            )
            click.echo(f"{summary}.", err=True)
            sys.exit(1)
        db.session.commit()
        click.echo(f"{result.added} new, {result.existing} already imported.")
