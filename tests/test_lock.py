"""The hashed locks in requirements/ satisfy pyproject.toml: `make lock` ran after each change."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

pytestmark = pytest.mark.no_database

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")

Lock = dict[str, tuple[Version, list[str]]]


def read_lock(path: Path) -> Lock:
    """Name → (pinned version, hashes) from a pip-compile output file."""
    text = re.sub(r"\\\n", " ", path.read_text())
    lock: Lock = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        match = PIN.match(words[0])
        assert match, f"{path.name}: not an exact pin: {line.strip()}"
        hashes = [word for word in words[1:] if word.startswith("--hash=sha256:")]
        lock[canonicalize_name(match[1])] = (Version(match[2]), hashes)
    return lock


def lock_problems(roots: list[str], lock: Lock) -> list[str]:
    """What the lock misses, following each root's requirements through installed metadata.

    A requirement counts when its marker holds here (or for an extra that was asked for); every
    package reached must be pinned at a version its requirers accept.
    """
    problems: list[str] = []
    pending = [(Requirement(text), "pyproject.toml") for text in roots]
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        requirement, requirer = pending.pop()
        name = canonicalize_name(requirement.name)
        if name not in lock:
            problems.append(f"{name} (required by {requirer}) is not in the lock")
            continue
        version = lock[name][0]
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{name}=={version} does not satisfy {requirer}: {requirement}")
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            installed = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed: run `make install`")
            continue
        if Version(installed.version) != version:
            problems.append(f"{name} {installed.version} is installed, the lock says {version}")
            continue
        for text in installed.requires or []:
            needed = Requirement(text)
            extras = [""] + sorted(requirement.extras)
            if not needed.marker or any(needed.marker.evaluate({"extra": e}) for e in extras):
                pending.append((needed, f"{name}=={version}"))
    return problems


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def main_lock() -> Lock:
    return read_lock(ROOT / "requirements" / "main.txt")


@pytest.fixture(scope="module")
def test_lock() -> Lock:
    return read_lock(ROOT / "requirements" / "test.txt")


def test_runtime_lock_satisfies_pyproject(pyproject, main_lock):
    roots = pyproject["project"]["dependencies"] + pyproject["build-system"]["requires"]
    assert lock_problems(roots, main_lock) == []


def test_test_lock_satisfies_pyproject(pyproject, test_lock):
    roots = (
        pyproject["project"]["dependencies"]
        + pyproject["project"]["optional-dependencies"]["test"]
        + pyproject["build-system"]["requires"]
    )
    assert lock_problems(roots, test_lock) == []


def test_test_lock_keeps_every_runtime_pin(main_lock, test_lock):
    """Tests run against the versions production installs."""
    differing = {
        name: (str(version), str(test_lock.get(name, (None,))[0]))
        for name, (version, _) in main_lock.items()
        if test_lock.get(name, (None,))[0] != version
    }
    assert differing == {}


def test_every_pin_has_hashes(main_lock, test_lock):
    unhashed = [name for name, (_, hashes) in (main_lock | test_lock).items() if not hashes]
    assert unhashed == []


def test_an_unlocked_or_excluded_requirement_is_reported(main_lock):
    problems = lock_problems(["not-a-locked-package>=1", "SQLAlchemy>=99"], main_lock)
    assert problems == [
        f"sqlalchemy=={main_lock['sqlalchemy'][0]} does not satisfy pyproject.toml: SQLAlchemy>=99",
        "not-a-locked-package (required by pyproject.toml) is not in the lock",
    ]


def test_a_missing_extra_dependency_is_reported(main_lock):
    """Flask-Limiter[redis] needs redis in the lock, not only Flask-Limiter."""
    without_redis = {name: pin for name, pin in main_lock.items() if name != "redis"}
    problems = lock_problems(["Flask-Limiter[redis]>=3.8"], without_redis)
    assert any(problem.startswith("redis ") for problem in problems)
    assert lock_problems(["Flask-Limiter>=3.8"], without_redis) == []
