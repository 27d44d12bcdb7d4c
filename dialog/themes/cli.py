"""`flask dialog themes GOAL_ID [--json] [--compute]`: a goal's themes on the command line."""

import json

import click
from flask.cli import AppGroup

from dialog.catalogue.models import Goal
from dialog.extensions import db
from dialog.themes import queries, services
from dialog.themes.limits import MIN_COMMENTS


def register(group: AppGroup) -> None:
    @group.command("themes")
    @click.argument("goal_id", type=int)
    @click.option("--json", "as_json", is_flag=True, help="Print the themes as JSON.")
    @click.option(
        "--compute", is_flag=True, help="Compute them now, even when they were computed before."
    )
    def themes_command(goal_id: int, as_json: bool, compute: bool) -> None:
        """Print a goal's themes (computed now when they never were), each comment in at most
        one theme; comments in none are listed as unsorted."""
        goal = db.session.get(Goal, goal_id)
        if goal is None:
            raise click.ClickException(f"There is no goal {goal_id}.")
        run = None if compute else queries.latest_run(goal_id=goal.id)
        if run is None:
            queued = services.request_run(goal)
            db.session.commit()  # runs the job here, or hands it to a worker
            run = services.compute(queued.id)  # a run the job did already is left alone
        assert run is not None  # noqa: S101 (just made)
        found = queries.result(run)
        if found.too_few:
            click.echo(
                f"Too few comments to group ({run.comment_count}; at least {MIN_COMMENTS} are "
                "needed). They are listed as unsorted.",
                err=True,
            )
        if as_json:
            click.echo(json.dumps(queries.as_json(goal.id, found), ensure_ascii=False))
            return
        click.echo(f"{goal.title}: computed {run.computed_at:%Y-%m-%d %H:%M} UTC")
        for view in found.themes:
            click.echo(
                f"{view.size:6}  {view.name}  (quotes: {', '.join(map(str, view.quote_ids))})"
            )
        click.echo(f"{len(found.unsorted):6}  unsorted: {', '.join(map(str, found.unsorted))}")
