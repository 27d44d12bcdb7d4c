"""`flask dialog export comments|ratings` and `flask dialog report` for scripts and schedules.

Each run is recorded in the audit log as an export from the command line (no actor).
"""

import sys
from datetime import date
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import select

from dialog.catalogue.models import Municipality, Plan
from dialog.exports import report, services, writers
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.queries import Filter


def find_plan(slug: str, municipality: str | None) -> Plan:
    query = select(Plan).where(Plan.slug == slug)
    if municipality:
        query = query.join(Municipality).where(Municipality.slug == municipality)
    found = list(db.session.scalars(query))
    if not found:
        raise click.ClickException(f"No plan with the slug {slug!r}.")
    if len(found) > 1:
        raise click.ClickException(
            f"Several municipalities have a plan {slug!r}: name one with --municipality."
        )
    return found[0]


def period(since: str | None, until: str | None) -> Filter:
    try:
        start = date.fromisoformat(since) if since else None
        end = date.fromisoformat(until) if until else None
    except ValueError as error:
        raise click.BadParameter(f"dates are YYYY-MM-DD ({error})") from error
    if start and end and end < start:
        raise click.BadParameter("--until is before --since")
    return Filter(since=start, until=end)


def _common(command: Any) -> Any:
    for option in (
        click.option("--plan", "plan_slug", required=True, help="The plan's slug."),
        click.option("--municipality", help="The municipality's slug, if plans share a slug."),
        click.option("--since", help="First day, YYYY-MM-DD."),
        click.option("--until", help="Last day, YYYY-MM-DD (included)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False), required=True),
    ):
        command = option(command)
    return command


def register(group: AppGroup) -> None:
    export = AppGroup("export", help="Export a plan's comments or ratings.")
    group.add_command(export)

    for kind in services.KINDS:

        @export.command(kind, help=f"Export the plan's {kind}.")
        @_common
        @click.option("--format", "fmt", type=click.Choice(sorted(writers.FORMATS)), default="csv")
        @click.option("--semicolon", is_flag=True, help="CSV separated by semicolons.")
        def run(
            plan_slug: str,
            municipality: str | None,
            since: str | None,
            until: str | None,
            output: str,
            fmt: str,
            semicolon: bool,
            kind: str = kind,
        ) -> None:
            plan = find_plan(plan_slug, municipality)
            made = services.export_plan(
                kind, plan, period(since, until), fmt, delimiter=";" if semicolon else ","
            )
            db.session.commit()
            with open(output, "wb") as target:
                for chunk in made.chunks:
                    target.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            click.echo(f"Wrote {output}.", err=True)
            sys.stdout.flush()

    @group.command("report", help="Write a plan's dialogue summary report (PDF or Word).")
    @_common
    @click.option("--format", "fmt", type=click.Choice(sorted(report.FORMATS)), default="pdf")
    @click.option("--lang", type=click.Choice(report.LANGUAGES), default="sv")
    def report_command(
        plan_slug: str,
        municipality: str | None,
        since: str | None,
        until: str | None,
        output: str,
        fmt: str,
        lang: str,
    ) -> None:
        plan = find_plan(plan_slug, municipality)
        data = report.build(
            fmt,
            plan.municipality,
            plan.title,
            queries.of_plan(plan.id),
            period(since, until),
            lang,
            with_matrix=True,
            target=plan,
        )
        db.session.commit()
        with open(output, "wb") as target:
            target.write(data)
        click.echo(f"Wrote {output}.", err=True)
