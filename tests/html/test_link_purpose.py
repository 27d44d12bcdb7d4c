"""Link purpose from the link alone (WCAG 2.4.4, 2.4.9): on every page type, signed out and in,
in both languages, links with one accessible name lead to one page.

Two municipalities' plans or goals of one title were links of one text on the start page and
in search results, and so were each municipality's tools on the officials' start page and the
comment and rating downloads of a summary.
"""

from collections import defaultdict
from urllib.parse import urlsplit

from lxml import html

from dialog.catalogue.models import FocusArea
from dialog.catalogue.search import refresh_index
from dialog.extensions import db
from tests.factories import make_goal
from tests.pages import ACTORS, LANGUAGES, make_site, sign_in_actor, walk


def accessible_name(link) -> str:
    """aria-label, or the text of the link, visually hidden parts included, aria-hidden not."""
    if link.get("aria-label"):
        return " ".join(link.get("aria-label").split())
    parts: list[str] = []

    def visit(element) -> None:
        if element.get("aria-hidden") == "true":
            return
        parts.append(element.text or "")
        for child in element:
            visit(child)
            parts.append(child.tail or "")

    visit(link)
    return " ".join("".join(parts).split())


def clashes(page_html: str) -> dict[str, set[str]]:
    """Link names on the page that lead to more than one page (the query and the fragment, such
    as where to come back after signing in, do not make another page)."""
    found: dict[str, set[str]] = defaultdict(set)
    for link in html.fromstring(page_html).iter("a"):
        if link.get("href") is not None:
            found[accessible_name(link)].add(urlsplit(link.get("href")).path)
    return {name: paths for name, paths in found.items() if len(paths) > 1}


def test_links_of_one_name_lead_to_one_page(app):
    with app.app_context():
        site = make_site()
        # The site's two test plans in Lund share a title; a municipality names its own apart.
        db.session.get(FocusArea, site.area_id).plan.title = "Fokusplanen"
        # Lomma's plan and goal share their titles with Lund's (both open, both found by "park").
        make_goal(slug="lomma", title="Trygga parker")
        refresh_index()
        db.session.commit()
    wrong = []
    for actor in ACTORS:
        client = app.test_client()
        sign_in_actor(client, actor)
        for language in LANGUAGES:
            for page in walk(app, client, site, actor, language):
                for name, paths in clashes(page.html).items():
                    wrong.append(f"{actor} {page.url}: {name!r} -> {sorted(paths)}")
    assert wrong == []


def test_the_check_sees_links_of_one_name_to_two_pages():
    page = '<p><a href="/a">Read more</a> <a href="/b">Read <span>more</span></a></p>'
    assert clashes(page) == {"Read more": {"/a", "/b"}}
    same = '<a href="/a?next=1">Sign in</a><a href="/a#x">Sign in</a>'
    hidden = '<a href="/a">CSV<span class="visually-hidden"> (A)</span></a><a href="/b">CSV</a>'
    assert clashes(same) == {} and clashes(hidden) == {}
