"""Unit tests: the importer's problems as form errors, and who may administer content."""

import pytest

from dialog.accounts.roles import Role
from dialog.catalogue.admin import checks
from dialog.catalogue.admin.logos import logo_problem
from dialog.core.permissions import may
from tests.catalogue.admin.test_site import png
from tests.officials import make_official


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("missing", "This field is required."),
        ("empty text", "This field is required."),
        ("too long (at most 500 characters)", "Too long: at most 500 characters."),
        (
            "duplicate code '1.2' (as plans[0].goals[0])",
            "Another item in this plan has the code 1.2.",
        ),
        (
            "'adopted' does not fit kind 'proposal' (allowed: proposed)",
            "This status does not fit the kind of document.",
        ),
        (
            "too little contrast: 1.07:1 against white (#ffffff); at least",
            "Too little contrast (1.07:1)",
        ),
        ("something new", "something new"),
    ],
)
def test_importer_messages_become_sentences(app, message, expected):
    with app.test_request_context("/?lang=en"):
        assert checks.in_words(message).startswith(expected)


def test_problems_are_keyed_by_field_and_old_problems_are_not_blamed(app):
    before = {"municipality": {"name": "Lund"}, "plans": [{"title": "P", "status": "adopted"}]}
    after = {
        "municipality": {"name": "Lund"},
        "plans": [{"title": "P", "status": "adopted", "goals": [{"title": " ", "code": "x" * 30}]}],
    }
    fields = {"title": "title", "code": "code"}
    with app.test_request_context():
        found = checks.problems(before, after, "plans[0].goals[0]", fields)
        assert set(found) == {"title", "code"}
        assert checks.problems(after, after, "plans[0].goals[0]", fields) == {}
        elsewhere = checks.problems(before, after, "plans[0].goals[1]", fields)
        assert set(elsewhere) == {""}


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
