"""Who may read and change themes; registered with the one rule book.

- "themes.view": subject a municipality: any official role there (as summaries).
- "themes.edit": subject a municipality: communicators and administrators compute again,
  rename, merge and tag.
"""

from typing import Any

from dialog.accounts.permissions import InMunicipality, hold_role
from dialog.accounts.roles import Role
from dialog.core.permissions import Refusal, rule

VIEWERS = frozenset({Role.ADMIN, Role.MODERATOR, Role.COMMUNICATOR})
EDITORS = frozenset({Role.ADMIN, Role.COMMUNICATOR})


def _id(municipality: Any) -> int:
    return municipality if isinstance(municipality, int) else municipality.id


@rule("themes.view")
def view_themes(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), VIEWERS))


@rule("themes.edit")
def edit_themes(actor: Any, municipality: Any) -> Refusal | None:
    return hold_role(actor, InMunicipality(_id(municipality), EDITORS))
