"""The Nu Html Checker finds no error on any page type, signed out and in, in both languages.

vnu.jar comes from npm through tools/htmlcheck/package-lock.json (`make html-checker`, which
`make install` runs); nothing is fetched here. Java starts slowly, so every page is saved
first and one run of the checker reads them all. A page that is known to be invalid is checked
beside them, so a checker that silently checks nothing fails the test too.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dialog import ROOT
from tests.pages import ACTORS, LANGUAGES, code_step_page, make_site, sign_in_actor, walk

VNU = ROOT / "tools/htmlcheck/node_modules/vnu-jar/build/dist/vnu.jar"
CANARY = "<!DOCTYPE html><html lang=en><title>canary</title><p><div>x</p>"


def check(folder: Path) -> dict[str, list[str]]:
    """File name -> the checker's errors, from one run over every .html file in `folder`."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("The HTML checker is missing: run `make html-checker` (needs Java and npm)")
    run = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--stdout", "--format", "json"]
        + sorted(str(path) for path in folder.glob("*.html")),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(run.stdout)
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        name = Path(message.get("url", "").removeprefix("file:")).name
        # Digits vary between pages (dates, ids): one error of a template is reported once.
        found.setdefault(name, []).append(re.sub(r"\d+", "N", message["message"]))
    return found


def test_every_page_type_is_valid_html(app, tmp_path):
    with app.app_context():
        site = make_site()
    pages = [code_step_page(app.test_client(), language) for language in LANGUAGES]
    for actor in ACTORS:
        client = app.test_client()
        sign_in_actor(client, actor)  # once: a second factor's code is accepted only once
        for language in LANGUAGES:
            pages.extend(walk(app, client, site, actor, language))
    for number, page in enumerate(pages):
        (tmp_path / f"page-{number:04}.html").write_text(page.html, encoding="utf-8")
    (tmp_path / "canary.html").write_text(CANARY, encoding="utf-8")

    found = check(tmp_path)

    assert found.pop("canary.html", None), "the checker did not report the canary's error"
    # Each distinct error once, with the pages that have it (a template's error repeats).
    errors: dict[str, list[str]] = {}
    for number, page in enumerate(pages):
        for error in found.get(f"page-{number:04}.html", []):
            errors.setdefault(error, []).append(
                f"{page.actor} {page.language} {page.name} {page.url} ({page.status})"
            )
    assert {error: where[:3] + [f"... {len(where)} pages"] for error, where in errors.items()} == {}
    # Every kind of visitor reached its pages: the walk is not silently empty.
    names = {(page.actor, page.name) for page in pages}
    assert ("official", "moderation.desk") in names
    assert ("resident", "mine.my_page") in names
    assert ("anonymous", "accounts.register") in names
