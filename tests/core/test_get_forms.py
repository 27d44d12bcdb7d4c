"""A GET form sends only its own fields (the browser drops the query of its action), so every
GET form on every page carries the page's explicit `?lang=` in a hidden field
(`language_field()` in templates/_forms.html): what it leads to is in the same language. Where
the address names no language other than the visitor's own, it carries none."""

from tests.pages import make_site, sign_in_actor, walk
from tests.security.world import get_forms_on


def _get_forms(app, client, site, actor: str, language: str) -> dict[str, list[str]]:
    """(page and form) -> the `lang` values the form sends, for every GET form `actor` sees."""
    found = {}
    for page in walk(app, client, site, actor, language):
        for number, form in enumerate(get_forms_on(page.html)):
            where = f"{page.name} {page.url} form {number} ({form.action or 'the page'})"
            found[where] = [value for name, value in form.fields if name == "lang"]
    return found


def test_every_get_form_keeps_an_explicit_language(app):
    with app.app_context():
        site = make_site()
    for actor in ("anonymous", "official"):
        client = app.test_client()
        sign_in_actor(client, actor)  # once: a second factor's code is accepted only once
        english = _get_forms(app, client, site, actor, "en")
        assert {where: sent for where, sent in english.items() if sent != ["en"]} == {}, actor
        # Swedish is the visitor's own language: the addresses stay plain.
        swedish = _get_forms(app, client, site, actor, "sv")
        assert {where: sent for where, sent in swedish.items() if sent} == {}, actor
        assert swedish.keys() and len(english) == len(swedish), actor
    # The walk reached every kind of GET form (a walk that found none would prove nothing).
    reached = " ".join(english)
    for page in (
        "catalogue.search",
        "catalogue.plan",
        "catalogue.municipality",
        "manage.audit_log",
        "manage.platform_audit_log",
        "summaries.municipality_summary",
        "moderation.desk",
    ):
        assert page + " " in reached, page
