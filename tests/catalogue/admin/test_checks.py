"""Unit tests: the importer's problems as form errors, and who may administer content."""

import dataclasses

import pytest

from dialog.accounts.roles import Role
from dialog.catalogue.admin import checks
from dialog.catalogue.admin.logos import logo_problem
from dialog.catalogue.importer import validation
from dialog.catalogue.importer.problems import problem
from dialog.core.permissions import may
from tests.catalogue.admin.test_site import png
from tests.officials import make_official

GOAL = ("plans", 0, "goals", 0)
DOCUMENT = {"municipality": {"name": "Lund"}, "plans": [{"title": "P", "status": "adopted"}]}


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (problem((*GOAL, "title"), "missing", "missing"), "This field is required."),
        (
            problem((*GOAL, "title"), "pattern", "empty text", kind="empty", value=" "),
            "This field is required.",
        ),
        (
            problem((*GOAL, "title"), "too_long", "too long (at most 500 characters)", limit=500),
            "Too long: at most 500 characters.",
        ),
        (
            problem(
                (*GOAL, "code"), "duplicate", "duplicate code '1.2' (as …)", value="1.2", other=()
            ),
            "Another item in this plan has the code 1.2.",
        ),
        (
            problem(("plans", 0, "slug"), "duplicate", "duplicate slug 'p'", value="p", other=()),
            "Another plan of this municipality already uses this web name.",
        ),
        (
            problem(
                ("plans", 0, "status"),
                "status_kind",
                "'adopted' does not fit kind …",
                value="adopted",
                kind="proposal",
                allowed=["proposed", "returned", "archived"],
            ),
            "This status does not fit the kind of document. A document of the kind “Proposal” "
            "can be: not yet decided, sent back for more work, no longer current.",
        ),
        (
            problem(("municipality", "brand_colour"), "contrast", "too little …", ratio=1.07),
            "Too little contrast (1.07:1)",
        ),
        (
            problem(("plans", 0, "dialogue", "opens"), "pattern", "not a date", kind="date"),
            "Write a date as YYYY-MM-DD.",
        ),
    ],
)
def test_problems_become_sentences_by_their_code(app, found, expected):
    with app.test_request_context("/?lang=en"):
        assert checks.in_words(found, DOCUMENT).startswith(expected)
        # The technical line is for logs: rewording it changes no form's words.
        reworded = dataclasses.replace(found, message="reworded in a later version")
        assert checks.in_words(reworded, DOCUMENT).startswith(expected)


def test_a_problem_the_forms_have_no_words_for_is_said_as_the_import_says_it(app):
    """It was shown as the importer's technical line, in English on a Swedish page."""
    found = problem(
        ("municipality", "comment_max_length"),
        "wrong_type",
        "wrong type (expected number, got text)",
        expected="number",
        got="text",
    )
    with app.test_request_context("/"):
        assert checks.in_words(found, DOCUMENT) == (
            "Kommunen: den längsta tillåtna kommentaren måste vara ett tal, inte text."
        )


def test_problems_are_keyed_by_field_and_old_problems_are_not_blamed(app):
    before = {"municipality": {"name": "Lund"}, "plans": [{"title": "P", "status": "adopted"}]}
    after = {
        "municipality": {"name": "Lund"},
        "plans": [{"title": "P", "status": "adopted", "goals": [{"title": " ", "code": "x" * 30}]}],
    }
    fields = {"title": "title", "code": "code"}
    with app.test_request_context():
        found = checks.problems(before, after, GOAL, fields)
        assert set(found) == {"title", "code"}
        assert checks.problems(after, after, GOAL, fields) == {}
        elsewhere = checks.problems(before, after, ("plans", 0, "goals", 1), fields)
        assert set(elsewhere) == {""}


def test_problems_are_keyed_by_their_path_not_by_their_technical_line(app, monkeypatch):
    """Rewording the importer's lines (`validation.PATTERN_MESSAGES`) leaves the form's field
    and words as they were."""
    after = {
        "municipality": {"name": "Lund"},
        "plans": [{"title": "P", "status": "adopted", "goals": [{"title": "G", "code": "1"}]}],
    }
    after["plans"][0]["goals"][0]["en"] = {"title": " "}
    monkeypatch.setitem(validation.PATTERN_MESSAGES, "\\S", ("empty", "blank: give a text"))
    with app.test_request_context("/?lang=en"):
        found = checks.problems(DOCUMENT, after, GOAL, {"en.title": "title_en"})
    assert found == {"title_en": ["This field is required."]}


def test_only_administrators_of_the_municipality_and_platform_admins_administer(app_context):
    lund_admin = make_official("a@lund.se", [("lund", Role.ADMIN)])
    lund_moderator = make_official("m@lund.se", [("lund", Role.MODERATOR)])
    lomma_admin = make_official("a@lomma.se", [("lomma", Role.ADMIN)])
    platform = make_official("p@example.se", platform_admin=True)
    from tests.officials import municipality

    lund = municipality("lund")
    assert may(lund_admin, "catalogue.administer", lund) is None
    assert may(platform, "catalogue.administer", lund) is None
    assert may(lund_moderator, "catalogue.administer", lund) is not None
    assert may(lomma_admin, "catalogue.administer", lund) is not None
    assert may(None, "catalogue.administer", lund).code == "sign_in"
    assert may(platform, "municipality.create") is None
    assert may(lund_admin, "municipality.create") is not None


def test_logos_must_be_small_png_images(app):
    with app.test_request_context():
        assert logo_problem(png()) is None
        assert logo_problem(b"<svg/>") is not None
        assert logo_problem(png(width=5000)) is not None
        assert logo_problem(png()[:20]) is not None
