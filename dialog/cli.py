"""The one `flask dialog` command group; each area adds its subcommands here."""

from flask.cli import AppGroup

from dialog.accounts.cli import register as register_accounts
from dialog.catalogue.cli import register as register_catalogue
from dialog.channels.cli import register as register_channels
from dialog.core.cli import register as register_outbox
from dialog.exports.cli import register as register_exports
from dialog.insights.cli import register as register_demo
from dialog.moderation.cli import register as register_moderation
from dialog.themes.cli import register as register_themes

dialog_cli = AppGroup("dialog", help="Dialog administration commands.")
register_catalogue(dialog_cli)
register_accounts(dialog_cli)
register_outbox(dialog_cli)
register_moderation(dialog_cli)
register_exports(dialog_cli)
register_demo(dialog_cli)
register_themes(dialog_cli)
register_channels(dialog_cli)
