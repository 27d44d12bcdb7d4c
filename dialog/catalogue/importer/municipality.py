"""The municipality's own settings (vision, site, contacts) between file and columns.

Each key of the file maps to columns; a key a file leaves out leaves the stored values
alone, since several files may describe one municipality (as with the vision).
"""

from typing import Any

#: file key → {sub-key: column}; None as sub-key means the value itself.
SITE_KEYS: dict[str, dict[str | None, str]] = {
    "vision": {None: "vision"},
    "comment_max_length": {None: "comment_max_length"},
    "brand_colour": {None: "brand_colour"},
    "en": {"vision": "vision_en"},
    "logo": {"file": "logo_file", "alt": "logo_alt"},
    "contact": {
        "address": "contact_address",
        "email": "contact_email",
        "phone": "contact_phone",
        "website": "website",
    },
    "data_controller": {
        "name": "controller_name",
        "email": "controller_email",
        "phone": "controller_phone",
    },
    "data_protection_officer": {"name": "dpo_name", "email": "dpo_email", "phone": "dpo_phone"},
    "accessibility_contact": {"email": "accessibility_email", "phone": "accessibility_phone"},
    "mail_sender": {"name": "mail_sender_name", "address": "mail_sender_address"},
}


def _clean(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def site_values(data: dict[str, Any]) -> dict[str, Any]:
    """Column values for every key the file gives (sub-keys it leaves out become empty)."""
    values: dict[str, Any] = {}
    for key, columns in SITE_KEYS.items():
        if key not in data:
            continue
        for sub_key, column in columns.items():
            value = data[key] if sub_key is None else data[key].get(sub_key)
            if key == "brand_colour":
                value = value.lower()
            values[column] = _clean(value)
    return values


def export_site(municipality: object) -> dict[str, Any]:
    """The same keys back from the columns, leaving out what is empty."""
    data: dict[str, Any] = {}
    for key, columns in SITE_KEYS.items():
        if None in columns:
            value = getattr(municipality, columns[None])
            if value not in (None, ""):
                data[key] = value
            continue
        part = {
            sub_key: getattr(municipality, column)
            for sub_key, column in columns.items()
            if getattr(municipality, column) not in (None, "")
        }
        if part:
            data[key] = part
    return data
