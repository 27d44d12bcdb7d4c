"""Whose site a page belongs to: the municipality it is about, or the installation's home.

The catalogue's reads record the municipality they resolved (`remember`), so that the
header, footer and stylesheet show that municipality's name, logo, colour and contact
without another query. `DIALOG_HOME_MUNICIPALITY` names the municipality of a
one-municipality installation: its page is the start page, and it owns every other page.
"""

from flask import current_app, g
from sqlalchemy import select

from dialog.catalogue.models import Municipality
from dialog.extensions import db


def remember(municipality: Municipality) -> Municipality:
    g.dialog_municipality = municipality
    return municipality


def home() -> Municipality | None:
    """The home municipality, when one is configured and exists (looked up once a request)."""
    slug = current_app.config.get("DIALOG_HOME_MUNICIPALITY")
    if not slug:
        return None
    if "dialog_home" not in g:
        g.dialog_home = db.session.scalar(select(Municipality).filter_by(slug=slug))
    return g.dialog_home


def current() -> Municipality | None:
    return g.get("dialog_municipality") or home()


def contacts() -> list[Municipality]:
    """Whose contacts the privacy notice and accessibility statement name: this site's, or all."""
    found = current()
    if found is not None:
        return [found]
    stmt = select(Municipality).filter_by(is_archived=False).order_by(Municipality.name)
    return list(db.session.scalars(stmt))
