"""The release: a fingerprint of what pages are made from, part of every cache key.

Cached pages and page parts are kept under the content version (dialog/core/versions.py), which
changes only with a write. A shared cache (Redis) outlives a deploy, so without the release in
its keys the new code would go on serving what the previous code made until someone wrote
something. It is made from the files' contents, not their times, so that every server and
worker of one release shares the cache."""

import hashlib
from pathlib import Path

from flask import Flask

#: Files pages are made from: code, templates, styles and scripts, compiled translations.
SUFFIXES = frozenset({".py", ".html", ".txt", ".css", ".js", ".svg", ".mo", ".toml"})


def release_of(app: Flask) -> str:
    """Sixteen hex digits of SHA-256 over the files' names and contents (about 10 ms)."""
    digest = hashlib.sha256()
    for folder in (app.root_path, app.template_folder, app.static_folder):
        if not folder:
            continue
        root = Path(app.root_path, folder)
        for path in sorted(root.rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
