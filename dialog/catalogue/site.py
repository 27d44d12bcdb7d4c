"""Whose site a page belongs to: the municipality it is about, or the installation's home.

The catalogue's reads record the municipality they resolved (`remember`), so that the
header, footer and stylesheet show that municipality's name, logo, colour and contact
without another query. `DIALOG_HOME_MUNICIPALITY` names the municipality of a
one-municipality installation: its page is the start page, and it owns every other page.

A page on the way to another (signing in, creating an account, the second factor, a new
password: their `next=`) is no municipality's own, but the visitor came from one: `heading_to`
names the page it leads to, and the header is that page's municipality (`of_path`), looked up
only when a page is rendered, with one statement. A path that is no municipality's page (the
start page, search, My page) leaves the header neutral, or the home municipality's.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from sqlalchemy import Select, select
from werkzeug.exceptions import HTTPException

from dialog.catalogue.models import FocusArea, Goal, Municipality, Plan
from dialog.core.urls import local_path
from dialog.extensions import db

#: A route argument that names something of one municipality → the statement that finds it.
PathOwner = Callable[[Any], Select[Municipality]]
_OWNERS_KEY = "dialog.path_owners"
_LEADS_TO = "dialog_heading_to"


def _by_slug(slug: Any) -> Select[Municipality]:
    return select(Municipality).where(Municipality.slug == str(slug))


def _by_goal(goal_id: Any) -> Select[Municipality]:
    return select(Municipality).join(Plan).join(Goal).where(Goal.id == goal_id)


def _by_focus_area(area_id: Any) -> Select[Municipality]:
    return select(Municipality).join(Plan).join(FocusArea).where(FocusArea.id == area_id)


#: The catalogue's own: every address with a municipality's slug, a goal's or a focus area's id.
_CATALOGUE_OWNERS: dict[str, PathOwner] = {
    "slug": _by_slug,
    "goal_id": _by_goal,
    "area_id": _by_focus_area,
}


def add_path_owner(app: Flask, argument: str, owner: PathOwner) -> None:
    """Another area's route argument that belongs to one municipality (a comment's id)."""
    app.extensions.setdefault(_OWNERS_KEY, {})[argument] = owner


def of_path(path: str | None) -> Municipality | None:
    """The (published) municipality whose page the local `path` is, or None."""
    path = local_path(path)
    if path is None:
        return None
    address = urlsplit(path).path
    root = request.script_root
    if root and address.startswith(root + "/"):
        address = address[len(root) :]
    adapter = current_app.create_url_adapter(request)
    try:
        _endpoint, arguments = adapter.match(address, method="GET")  # type: ignore[union-attr]
    except HTTPException:  # no page, or not one to GET (a redirect is no page either)
        return None
    owners = {**_CATALOGUE_OWNERS, **current_app.extensions.get(_OWNERS_KEY, {})}
    for argument, owner in owners.items():
        if argument in arguments:
            stmt = owner(arguments[argument]).where(Municipality.is_archived.is_(False))
            return db.session.scalar(stmt.limit(1))
    return None


def heading_to(path: str | None) -> None:
    """This page is on the way to `path`: unless it has a municipality of its own, its header
    is the one of `path`'s municipality (looked up when the page is rendered)."""
    if path is not None:
        setattr(g, _LEADS_TO, path)


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


def hosts_several() -> bool:
    """Whether the site shows the dialogues of more than one municipality. An account is the
    platform's, not a municipality's: account mail says it also works in the others' dialogues
    only where there are others to take part in."""
    stmt = select(Municipality.id).where(Municipality.is_archived.is_(False)).limit(2)
    return len(db.session.scalars(stmt).all()) > 1


def _led_to() -> Municipality | None:
    path = g.pop(_LEADS_TO, None)
    if path is not None:
        found = of_path(path)
        if found is not None:
            remember(found)
    return g.get("dialog_municipality")


def current() -> Municipality | None:
    return g.get("dialog_municipality") or _led_to() or home()


def contacts() -> list[Municipality]:
    """Whose contacts the privacy notice and accessibility statement name: this site's, or all."""
    found = current()
    if found is not None:
        return [found]
    stmt = select(Municipality).filter_by(is_archived=False).order_by(Municipality.name)
    return list(db.session.scalars(stmt))
