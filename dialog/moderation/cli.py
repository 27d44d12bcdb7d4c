"""`flask dialog apply-retention`: the municipalities' retention rules (gallring)."""

import click
from flask.cli import AppGroup

from dialog.moderation.retention import apply_retention


def register(group: AppGroup) -> None:
    @group.command("apply-retention")
    @click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
    def apply_retention_command(dry_run: bool) -> None:
        """Delete threads older than each municipality's retention period; each run is logged."""
        found = apply_retention(dry_run=dry_run)
        if not found:
            click.echo("No municipality has a retention rule.")
        for item in found:
            verb = "would delete" if dry_run else "deleted"
            click.echo(
                f"{item.municipality}: {verb} {item.threads} threads ({item.comments} comments) "
                f"older than {item.cutoff:%Y-%m-%d %H:%M} UTC"
            )
