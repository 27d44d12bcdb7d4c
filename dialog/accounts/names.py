"""Display names: one line of visible text that cannot pass for the municipality or an official.

Names are compared folded: without case and accents ("Kommun", "KOMMÚN" and "kommun" are one
word), split into words at anything that is not a letter or digit.
"""

import re
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select
from wtforms import Field
from wtforms.validators import ValidationError

from dialog.catalogue.models import Municipality
from dialog.core.text import has_control_characters
from dialog.extensions import db

#: Line and paragraph breaks, control and format characters (bidi overrides, zero-width
#: characters, soft hyphens), private-use, surrogates and unassigned code points.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_LINE_BREAKS = "\n\r\v\f\x85\u2028\u2029"
#: Check marks read as "verified" next to a name.
_BADGES = "\u2713\u2714\u2705\u2611\U0001f5f8"
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Administratör' → 'administrator'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def reserved_word(name: str, municipality_names: list[str], role_words: list[str]) -> str | None:
    """The reserved word or municipality name the display name contains, if any.

    A role word counts as a whole word or as the start or end of one (Swedish compounds:
    "Kommunen", "Lundakommun", "Moderatorn"); a municipality's name counts as a whole phrase.
    """
    found = words(name)
    for role in role_words:
        folded = fold(role)
        if any(w.startswith(folded) or w.endswith(folded) for w in found):
            return role
    joined = f" {' '.join(found)} "
    for municipality in municipality_names:
        phrase = " ".join(words(municipality))
        if phrase and f" {phrase} " in joined:
            return municipality
    return None


def invisible_problem(name: str) -> LazyString | None:
    """A message if the name has line breaks or characters that hide or reorder text."""
    if any(c in _LINE_BREAKS for c in name):
        return _l("Write the name on one line.")
    if any(unicodedata.category(c) in _INVISIBLE for c in name):
        return _l(
            "Remove the invisible characters (such as zero-width or text-direction marks) "
            "from the name."
        )
    if any(c in _BADGES for c in name):
        return _l("Remove the check mark: names on Dialog are not verified.")
    return None


def validate_display_name(_form: object, field: Field) -> None:
    """WTForms validator for a display name chosen by a resident."""
    name = field.data or ""
    if has_control_characters(name):
        return  # clean_text has said so already
    problem = invisible_problem(name)
    if problem is not None:
        raise ValidationError(problem)
    municipalities = list(db.session.scalars(select(Municipality.name)))
    found = reserved_word(name, municipalities, current_app.config["RESERVED_NAME_WORDS"])
    if found is not None:
        raise ValidationError(
            _l(
                "Choose a name without \u201c%(word)s\u201d: it could be taken for the "
                "municipality or an official.",
                word=found,
            )
        )


def normalise_name(value: object) -> object:
    """Strip and compose (NFC), so that one visible name is stored one way."""
    return unicodedata.normalize("NFC", value.strip()) if isinstance(value, str) else value
