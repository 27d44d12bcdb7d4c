"""Migrations are append-only once on main: a released file never changes.

`make release-migrations` (run by the lead when migrations land on main) appends each new file's
sha256 to migrations/released.sha256. A change to a schema that is already deployed goes into a
new migration; editing a released one would leave upgraded databases different from new ones.
"""

import hashlib
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"


def read_manifest(directory: Path) -> dict[str, str]:
    """Released file (relative to the migrations folder) → its sha256, as sha256sum writes it."""
    released = {}
    for line in (directory / "released.sha256").read_text().splitlines():
        digest, path = line.split(maxsplit=1)
        released[path.lstrip("*")] = digest
    return released


def manifest_problems(directory: Path) -> list[str]:
    problems = []
    for path, digest in read_manifest(directory).items():
        file = directory / path
        if not file.is_file():
            problems.append(f"{path} was released and is missing")
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            problems.append(f"{path} was released and has changed: add a new migration instead")
    return problems


def test_released_migrations_are_unchanged():
    assert manifest_problems(MIGRATIONS) == []


def test_released_migrations_form_the_start_of_the_chain(app_context):
    """Nothing is inserted below a released migration, and the first ones are released."""
    config = current_app.extensions["migrate"].migrate.get_config()
    scripts = list(ScriptDirectory.from_config(config).walk_revisions())
    path_of = {script.revision: Path(script.path).relative_to(MIGRATIONS) for script in scripts}
    released = set(read_manifest(MIGRATIONS))
    assert "versions/20261124_1cafdc403b66_catalogue.py" in released
    below_released = [
        str(path_of[script.down_revision])
        for script in scripts
        if str(path_of[script.revision]) in released
        and script.down_revision
        and str(path_of[script.down_revision]) not in released
    ]
    assert below_released == []


def test_an_edited_or_missing_release_is_reported(tmp_path):
    (tmp_path / "versions").mkdir()
    kept, edited = tmp_path / "versions" / "a.py", tmp_path / "versions" / "b.py"
    kept.write_text("upgrade = 1\n")
    edited.write_text("upgrade = 2\n")
    lines = [
        f"{hashlib.sha256(f.read_bytes()).hexdigest()}  versions/{f.name}" for f in (kept, edited)
    ]
    (tmp_path / "released.sha256").write_text("\n".join([*lines, f"{'0' * 64}  versions/c.py"]))
    edited.write_text("upgrade = 3\n")
    assert manifest_problems(tmp_path) == [
        "versions/b.py was released and has changed: add a new migration instead",
        "versions/c.py was released and is missing",
    ]
