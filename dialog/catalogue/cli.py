"""Commands to import, export and seed the catalogue."""

import enum
import sys
from pathlib import Path

import click
import yaml
from flask.cli import AppGroup
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from dialog.catalogue.importer import export_municipality
from dialog.catalogue.models import Municipality
from dialog.catalogue.search import refresh_index
from dialog.catalogue.services import import_documents, seed_files
from dialog.extensions import db

#: The languages the import's problems are told in (`--lang`); Swedish first, as on the site.
LANGUAGES = ("sv", "en")


def _run_import(paths: list[str], language: str = "sv") -> None:
    with force_locale(language):
        report, problems = import_documents(paths)
        if problems or report is None:  # no report means there were problems
            for line in problems:
                click.echo(line, err=True)
            summary = ngettext(
                "Nothing was imported: %(num)s problem",
                "Nothing was imported: %(num)s problems",
                len(problems),
            )
            click.echo(f"{summary}.", err=True)
            sys.exit(1)
    db.session.commit()
    for line in report.lines():
        click.echo(line)
    summary = (
        f"{len(report.added)} added, {len(report.changed)} changed, {len(report.archived)} archived"
    )
    click.echo("No changes." if report.is_empty else summary)


class _LiteralDumper(yaml.SafeDumper):
    """Write multi-line text as YAML block scalars, so that exports stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_enum(dumper: yaml.SafeDumper, value: enum.StrEnum) -> yaml.ScalarNode:
    """A kind or status read from a typed column is written as its plain value."""
    return _represent_str(dumper, value.value)


_LiteralDumper.add_representer(str, _represent_str)
_LiteralDumper.add_multi_representer(enum.StrEnum, _represent_enum)


def dump_document(data: dict) -> str:
    return yaml.dump(data, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=100)


def register(group: AppGroup) -> None:
    @group.command("import")
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
    @click.option(
        "--lang", type=click.Choice(LANGUAGES), default="sv", help="The problems' language."
    )
    def import_command(files: tuple[str, ...], lang: str) -> None:
        """Import goal documents (YAML or JSON); nothing is written if any file has a problem."""
        _run_import(list(files), lang)

    @group.command("seed")
    @click.option("--if-empty", is_flag=True, help="Only when no municipality exists yet.")
    def seed_command(if_empty: bool) -> None:
        """Import the goal documents that ship with Dialog (Lund and Lomma)."""
        if if_empty and db.session.scalar(select(Municipality.id).limit(1)) is not None:
            click.echo("The database already has content; seed skipped.")
            return
        _run_import(seed_files())

    @group.command("reindex")
    def reindex_command() -> None:
        """Rebuild the search index from the catalogue (imports keep it up to date)."""
        refresh_index()
        db.session.commit()
        click.echo("Search index rebuilt.")

    @group.command("export-catalogue")
    @click.argument("slug")
    @click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write.")
    def export_command(slug: str, output: str | None) -> None:
        """Write a municipality's catalogue in the import format."""
        municipality = db.session.scalar(select(Municipality).filter_by(slug=slug))
        if municipality is None:
            click.echo(f"No municipality with slug '{slug}'.", err=True)
            sys.exit(1)
        text = dump_document(export_municipality(municipality))
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
