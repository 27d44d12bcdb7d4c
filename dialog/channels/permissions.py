"""Who may bring in comments from other channels and publish them; the only place it is decided.

- "comments.import_view": subject a municipality (or its id): any official role there sees a
  goal's imported comments.
- "comments.import": subject a municipality: communicators and administrators import files.
- "comments.publish": subject a municipality: communicators and administrators publish an
  imported comment on the goal page, and take it off again (what the municipality says
  publicly is theirs to decide).
"""

from typing import Any

from dialog.accounts.permissions import InMunicipality, hold_role
from dialog.accounts.roles import Role
from dialog.core.permissions import Refusal, rule

VIEWERS = frozenset({Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR})
IMPORTERS = frozenset({Role.ADMIN, Role.COMMUNICATOR})


def _id(municipality: Any) -> int:
    return municipality if isinstance(municipality, int) else municipality.id


@rule("comments.import_view")
def view_imported(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), VIEWERS))


@rule("comments.import")
def import_comments(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), IMPORTERS))


@rule("comments.publish")
def publish_comments(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), IMPORTERS))
