"""Logos uploaded in the browser: PNG only, checked and stored under static/ by content.

SVG is refused here because no well-kept Python library sanitises SVG (scripts, external
references); logos in SVG still come through the import file, which a developer reviews.
"""

import hashlib
import struct
from pathlib import Path

from flask_babel import gettext as _

from dialog.catalogue.importer.validation import STATIC_ROOT

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 200 * 1024
MAX_SIDE = 4000
FOLDER = "kommuner/uppladdat"


def logo_problem(raw: bytes) -> str | None:
    """Why the bytes are not an acceptable logo, or None."""
    if len(raw) > MAX_BYTES:
        return _("The logo is too large: at most 200 kB.")
    if not raw.startswith(PNG_SIGNATURE) or raw[12:16] != b"IHDR" or len(raw) < 33:
        return _("The logo must be a PNG image.")
    width, height = struct.unpack(">II", raw[16:24])
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        return _("The logo's width and height must be at most 4000 pixels.")
    return None


def store_logo(slug: str, raw: bytes, static_root: Path = STATIC_ROOT) -> str:
    """Write the checked logo under static/ by its content; the path the import format uses."""
    name = f"{FOLDER}/{slug}-{hashlib.sha256(raw).hexdigest()[:16]}.png"
    path = static_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(raw)
    return name
