"""`flask dialog export comments|ratings` and `flask dialog report` for scripts and schedules.

An export takes a plan, one goal (`--goal ID`) or one focus area and its goals (`--area ID`),
as the summary pages do. Each run is recorded in the audit log as an export from the command
line (no actor).

`--lang sv|en` (Swedish by default) is the language of the words in the file, as `?lang=` is
on the web: the XLSX headers and coded values (sheet.py) and the report. CSV and JSON keep
their column names and codes in every language.
"""

import sys
from datetime import date
from typing import Any

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.core.urls import MAX_ID
from dialog.exports import report, services, writers
from dialog.extensions import db
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


def find_subject(
    plan_slug: str | None, goal_id: int | None, area_id: int | None, municipality: str | None
) -> tuple[Plan, Goal | FocusArea | None]:
    """The plan and, for `--goal` or `--area`, the goal or focus area to narrow it to: exactly
    one of the three names what to export (ids are unique, so `--municipality` only checks)."""
    given = [
        name
        for name, value in (("--plan", plan_slug), ("--goal", goal_id), ("--area", area_id))
        if value is not None
    ]
    if len(given) != 1:
        raise click.UsageError(
            "Name what to export with exactly one of --plan, --goal or --area"
            + (f" (not {' and '.join(given)})." if given else ".")
        )
    if plan_slug is not None:
        return find_plan(plan_slug, municipality), None
    what, wanted = ("goal", goal_id) if goal_id is not None else ("focus area", area_id)
    subject: Goal | FocusArea | None = (
        db.session.get(Goal, goal_id) if goal_id is not None else db.session.get(FocusArea, area_id)
    )
    if subject is None or (municipality and subject.plan.municipality.slug != municipality):
        where = f" in the municipality {municipality!r}" if municipality else ""
        raise click.ClickException(f"No {what} with the id {wanted}{where}.")
    return subject.plan, subject


def period(since: str | None, until: str | None) -> Filter:
    try:
        start = date.fromisoformat(since) if since else None
        end = date.fromisoformat(until) if until else None
    except ValueError as error:
        raise click.BadParameter(f"dates are YYYY-MM-DD ({error})") from error
    if start and end and end < start:
        raise click.BadParameter("--until is before --since")
    return Filter(since=start, until=end)


#: `--lang`: an unknown language is refused by Click with the languages there are.
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(report.LANGUAGES),
    default="sv",
    show_default=True,
    help="Language of the words in the file (XLSX headers and values, the report).",
)


def _common(command: Any, plan_required: bool = True) -> Any:
    for option in (
        click.option("--plan", "plan_slug", required=plan_required, help="The plan's slug."),
        click.option("--municipality", help="The municipality's slug, if plans share a slug."),
        click.option("--since", help="First day, YYYY-MM-DD."),
        click.option("--until", help="Last day, YYYY-MM-DD (included)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False), required=True),
    ):
        command = option(command)
    return command


def _subject(command: Any) -> Any:
    """`--plan`, `--goal` or `--area` (exactly one, checked by `find_subject`) and the rest."""
    command = click.option(
        "--area",
        "area_id",
        type=click.IntRange(1, MAX_ID),
        help="A focus area's id (and its goals).",
    )(command)
    command = click.option(
        "--goal", "goal_id", type=click.IntRange(1, MAX_ID), help="One goal's id."
    )(command)
    return _common(command, plan_required=False)


def register(group: AppGroup) -> None:
    export = AppGroup(
        "export", help="Export the comments or ratings of a plan, goal or focus area."
    )
    group.add_command(export)

    for kind in services.KINDS:

        @export.command(kind, help=f"Export the {kind} of a plan, a goal or a focus area.")
        @_subject
        @click.option("--format", "fmt", type=click.Choice(sorted(writers.FORMATS)), default="csv")
        @click.option("--semicolon", is_flag=True, help="CSV separated by semicolons.")
        @LANG_OPTION
        def run(
            plan_slug: str | None,
            goal_id: int | None,
            area_id: int | None,
            municipality: str | None,
            since: str | None,
            until: str | None,
            output: str,
            fmt: str,
            semicolon: bool,
            lang: str,
            kind: str = kind,
        ) -> None:
            plan, subject = find_subject(plan_slug, goal_id, area_id, municipality)
            # The chunks are made as they are written: the language holds until the last one.
            with force_locale(lang):
                made = services.export_plan(
                    kind,
                    plan,
                    period(since, until),
                    fmt,
                    delimiter=";" if semicolon else ",",
                    subject=subject,
                )
                db.session.commit()
                with open(output, "wb") as target:
                    for chunk in made.chunks:
                        target.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            click.echo(f"Wrote {output}.", err=True)
            sys.stdout.flush()

    @group.command(
        "report",
        help="Write the dialogue summary report (PDF or Word) of a plan, a goal or a focus area.",
    )
    @_subject
    @click.option("--format", "fmt", type=click.Choice(sorted(report.FORMATS)), default="pdf")
    @LANG_OPTION
    def report_command(
        plan_slug: str | None,
        goal_id: int | None,
        area_id: int | None,
        municipality: str | None,
        since: str | None,
        until: str | None,
        output: str,
        fmt: str,
        lang: str,
    ) -> None:
        plan, subject = find_subject(plan_slug, goal_id, area_id, municipality)
        about = subject or plan
        data = report.build(
            fmt,
            plan.municipality,
            about.title,
            services.scope_of(plan, subject),
            period(since, until),
            lang,
            # as the web reports: a goal's has no matrix of goals
            with_matrix=not isinstance(subject, Goal),
            target=about,
        )
        db.session.commit()
        with open(output, "wb") as target:
            target.write(data)
        click.echo(f"Wrote {output}.", err=True)
