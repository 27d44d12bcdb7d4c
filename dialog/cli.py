"""The one `flask dialog` command group; each area adds its subcommands here."""

from flask.cli import AppGroup

from dialog.catalogue.cli import register as register_catalogue

dialog_cli = AppGroup("dialog", help="Dialog administration commands.")
register_catalogue(dialog_cli)
