"""Search: Swedish stems on both databases, typo suggestions, comments, chosen place first."""

import re

from sqlalchemy import select

from dialog.catalogue.models import Goal
from dialog.catalogue.search import refresh_index, search
from dialog.catalogue.search.query import make_query, suggest
from dialog.catalogue.search.snippets import snippet
from dialog.catalogue.search.text import stem_document
from dialog.catalogue.services import import_documents
from dialog.extensions import db
from dialog.participation import services
from dialog.participation.models import Comment, CommentStatus
from tests.factories import KEEPS_ENGLISH, form_starting, make_goal, make_user, sign_in

SKOLBY = """\
municipality: {name: Skolby kommun, slug: skolby}
plans:
  - title: Skolplan
    status: adopted
    goals:
      - title: En bra skola för alla
        description: Alla barn ska ha en trygg <skolgård> & goda lärare.
      - title: Parker och grönska
"""


def import_text(tmp_path, text, name="doc.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report, problems = import_documents([str(path)])
    assert problems == []
    db.session.commit()
    return report


def titles(text: str, **options) -> list[str]:
    return [hit.title for hit in search(make_query(text, **options)).catalogue.hits]


def test_word_forms_match_through_their_stems(tmp_path, app_context):
    import_text(tmp_path, SKOLBY)
    # Word starts of stems: "skolor" finds "skola", and "Skolplan" too.
    assert titles("skolor") == ["Skolplan", "En bra skola för alla"]
    assert titles("SKOLOR") == titles("skolor")
    assert titles("lärarna") == ["En bra skola för alla"]  # "lärare" in the text
    assert titles("bibliotek") == []


def test_seeded_word_forms_are_found(seeded, app_context):
    assert "Minskad administration för lärarna" in titles("lärare")
    assert "Minskad administration för lärarna" in titles("lärarnas")


def test_every_word_must_match_and_stop_words_are_ignored(seeded, app_context):
    both = set(titles("lärarna administration"))
    assert both and both <= set(titles("lärarna"))
    assert titles("lärarna zyxwvu") == []
    assert titles("och för lärarna") == titles("lärarna")
    assert titles("och") == []


def test_a_typo_gets_a_suggestion(seeded, app_context):
    assert suggest("klimatt") == "klimat"
    assert suggest("kllimat") == "klimat"
    assert suggest("klimat") is None
    assert suggest("minskad administrasion") == "minskad administration"


def test_the_chosen_municipality_comes_first_or_alone(seeded, app_context):
    from dialog.catalogue.models import Municipality

    lund = db.session.scalar(select(Municipality).filter_by(slug="lund"))
    lomma = db.session.scalar(select(Municipality).filter_by(slug="lomma"))
    for chosen, other in ((lund, "Lomma kommun"), (lomma, "Lunds kommun")):
        hits = search(make_query("kommun", municipality_id=chosen.id), per_page=200)
        names = [hit.municipality for hit in hits.catalogue.hits]
        assert names[0] == chosen.name and other in names
        assert names == sorted(names, key=lambda name: name != chosen.name)
        only = search(make_query("kommun", municipality_id=chosen.id, only=True), per_page=200)
        assert {hit.municipality for hit in only.catalogue.hits} == {chosen.name}


def test_a_lund_page_searches_lund_first(seeded, client):
    lund_page = client.get("/kommun/lund").get_data(as_text=True)
    assert '<input type="hidden" name="kommun" value="lund">' in lund_page
    for slug, first, other in (("lund", "Lunds", "Lomma"), ("lomma", "Lomma", "Lunds")):
        page = client.get(f"/sok?q=klimat&kommun={slug}").get_data(as_text=True)
        found = re.findall(r'<span class="muted">(Lunds|Lomma) kommun', page)
        assert found == sorted(found, key=lambda name: name != first) and other in found
    assert "Träffar från Lomma kommun visas först." in page
    only = client.get("/sok?q=klimat&kommun=lund&bara=1").get_data(as_text=True)
    assert set(re.findall(r'<span class="muted">(Lunds|Lomma) kommun', only)) == {"Lunds"}


SITE_SEARCH = '<form class="search-form"'
SEARCH_PAGE = '<form class="search-page-form"'


def test_the_site_search_keeps_an_explicit_language(seeded, client):
    """A GET form sends only its fields: searching from a page reached by ?lang=en answered in
    Swedish. Without an explicit language there is nothing to keep."""
    english = client.get("/kommun/lund?lang=en").get_data(as_text=True)
    assert KEEPS_ENGLISH in form_starting(english, SITE_SEARCH)
    swedish = client.get("/kommun/lund").get_data(as_text=True)
    assert 'name="lang"' not in form_starting(swedish, SITE_SEARCH)


def test_the_site_search_keeps_swedish_chosen_over_an_english_account(seeded, app, client):
    with app.app_context():
        make_user(language="en")
    sign_in(client)
    swedish = client.get("/kommun/lund?lang=sv").get_data(as_text=True)
    assert '<input type="hidden" name="lang" value="sv">' in form_starting(swedish, SITE_SEARCH)
    english = client.get("/kommun/lund?lang=en").get_data(as_text=True)  # the account's own
    assert 'name="lang"' not in form_starting(english, SITE_SEARCH)


def test_the_search_pages_form_keeps_an_explicit_language(seeded, client):
    english = client.get("/sok?q=klimat&lang=en").get_data(as_text=True)
    assert KEEPS_ENGLISH in form_starting(english, SEARCH_PAGE)
    assert KEEPS_ENGLISH in form_starting(english, SITE_SEARCH)
    swedish = client.get("/sok?q=klimat").get_data(as_text=True)
    assert 'name="lang"' not in form_starting(swedish, SEARCH_PAGE)


def test_snippets_are_escaped_and_marked():
    text = "Alla barn ska ha en trygg <skolgård> & goda skolor."
    marked = str(snippet(text, ["skol"]))
    assert "&lt;<mark>skolgård</mark>&gt; &amp; goda <mark>skolor</mark>." in marked
    long = "Inledning " * 40 + "om skolan och mer " + "text " * 80
    short = str(snippet(long, ["skol"]))
    assert short.startswith("… ") and short.endswith(" …") and "<mark>skolan</mark>" in short


def test_the_search_page_shows_snippets_and_a_suggestion(tmp_path, client, app):
    with app.app_context():
        import_text(tmp_path, SKOLBY)
    page = client.get("/sok?q=skolor").get_data(as_text=True)
    assert "&lt;<mark>skolgård</mark>&gt; &amp; goda lärare" in page
    page = client.get("/sok?q=skolr").get_data(as_text=True)
    assert "Menade du" in page and "q=skola" in page


def test_published_comments_are_found_hidden_ones_are_not(seeded, app, client):
    with app.app_context():
        goal = make_goal(title="Trygga parker")
        author = make_user()
        for n, status in enumerate((CommentStatus.PUBLISHED, CommentStatus.REJECTED)):
            db.session.add(
                Comment(
                    goal_id=goal.id,
                    author_id=author.id,
                    body=f"Vi behöver fler cykelbanor {status}",
                    status=status.value,
                    submission_token=f"{n:032x}",
                )
            )
        db.session.commit()
    page = client.get("/sok?q=cykelbana").get_data(as_text=True)
    assert "Kommentarer <span" in page
    assert "fler <mark>cykelbanor</mark> published" in page
    assert "rejected" not in page


def test_each_comment_hit_is_a_link_of_its_own_text(seeded, app, client):
    """Comment hits were links named by their goal's title alone: two comments on one goal,
    and the goal itself, were one link text leading to three pages (WCAG 2.4.4)."""
    with app.app_context():
        goal = make_goal(title="Trygga cykelbanor")
        services.post_comment(goal, make_user(), "Fler cykelbanor i centrum.", None, "a" * 32)
        services.post_comment(goal, make_user("bo@example.se", "Bo"), "Cykelbanor!", None, "b" * 32)
        refresh_index()
        db.session.commit()
        ids = db.session.scalars(select(Comment.id).order_by(Comment.id.desc())).all()
    page = client.get("/sok?q=cykelbana&lang=en").get_data(as_text=True)
    links = re.findall(r'<a href="(/(?:mal|kommentar)/[^"]+)">(.*?)</a>', page)
    texts = [text for _href, text in links]
    assert len(links) == 3 and len(set(texts)) == 3, links
    assert (
        f'Comment on <span lang="sv">Trygga cykelbanor</span><span class="visually-hidden">,'
        f" number {ids[0]}</span>"
    ) in texts


def test_a_comment_snippet_says_its_language(seeded, app, client):
    """Snippets of comments were unmarked: on an English page a Swedish comment was read with
    an English voice, where the goal page marks the same text lang="sv" (WCAG 3.1.2)."""
    with app.app_context():
        goal = make_goal(title="Parker")
        body = "Vi behöver fler cykelbanor i centrum och längs vägen till skolan."
        services.post_comment(goal, make_user(), body, None, "a" * 32)
        db.session.commit()
    page = client.get("/sok?q=cykelbana&lang=en").get_data(as_text=True)
    assert '<p class="snippet" lang="sv">Vi behöver fler <mark>cykelbanor</mark>' in page


def test_archived_goals_leave_the_index(seeded, app_context):
    goal = db.session.scalar(select(Goal).filter_by(title="Förskolelyft"))
    assert titles("förskolelyft") == ["Förskolelyft"]
    goal.is_archived = True
    refresh_index()
    db.session.commit()
    assert titles("förskolelyft") == []


def test_results_are_paginated(seeded, app_context):
    first = search(make_query("lund"), {"": 1}, per_page=5).catalogue
    assert len(first.hits) == 5 and first.total > 5
    second = search(make_query("lund"), {"": 2}, per_page=5).catalogue
    seen = {(h.kind, h.target_id) for h in first.hits}
    assert {(h.kind, h.target_id) for h in second.hits}.isdisjoint(seen)


def test_sqlite_documents_are_word_starts_of_stems():
    assert stem_document("Skolor och förskolor") == " skol förskol "


def test_reindex_fills_an_empty_index(seeded, runner, app_context):
    from dialog.catalogue.search.models import SearchEntry, SearchWord

    db.session.execute(SearchEntry.__table__.delete())
    db.session.execute(SearchWord.__table__.delete())
    db.session.commit()
    assert titles("förskolelyft") == []
    result = runner.invoke(args=["dialog", "reindex"])
    assert result.exit_code == 0 and "rebuilt" in result.output
    assert titles("förskolelyft") == ["Förskolelyft"]


def test_odd_characters_never_break_the_search(seeded, client):
    for text in ("²", "x﹍y", "' OR 1=1 --", "a_b", "٣", "***", "och i på"):
        response = client.get("/sok", query_string={"q": text})
        assert response.status_code == 200, text


def test_each_kind_of_result_has_its_own_pagination_name(seeded, app, client):
    """Plans and goals, and comments, each have a pagination; both navigations were named
    "Result pages", two landmarks a screen reader's list could not tell apart."""
    with app.app_context():
        for n in range(21):
            goal = make_goal(title=f"Cykelväg {n}")
            author = make_user(f"cyklist{n}@example.se", f"Cyklist {n}")
            services.post_comment(goal, author, f"Bygg cykelvägen nummer {n}.", None, f"c{n:031}")
        refresh_index()
        db.session.commit()
    for language, names in (
        ("en", ["Plans, focus areas and goals: result pages", "Comments: result pages"]),
        ("sv", ["Planer, fokusområden och mål: resultatsidor", "Kommentarer: resultatsidor"]),
    ):
        page = client.get(f"/sok?q=cykelväg&lang={language}").get_data(as_text=True)
        assert re.findall(r'<nav aria-label="([^"]+)" class="pagination">', page) == names
        landmarks = re.findall(r'<nav[^>]* aria-label="([^"]+)"', page)
        assert len(landmarks) == len(set(landmarks)), landmarks


def test_results_show_the_english_title_on_an_english_page(seeded, app, client):
    """Results showed a goal's Swedish title on an English page even where the municipality
    wrote an English one, which the goal page itself shows; Swedish, where there is no English
    title, is marked lang="sv" (WCAG 3.1.2)."""
    with app.app_context():
        goal = make_goal(title="Trygga cykelbanor")
        goal.title_en = "Safe cycle lanes"
        goal.plan.title, goal.plan.title_en = "Trafikplanen", "The traffic plan"
        make_goal(title="Cykelparkering vid stationen")
        services.post_comment(goal, make_user(), "Fler cykelbanor i centrum.", None, "a" * 32)
        refresh_index()
        db.session.commit()
    english = client.get("/sok?q=cykel&lang=en").get_data(as_text=True)
    links = [
        text
        for _href, text in re.findall(r'<a href="(/(?:mal|kommentar)/[^"]+)">(.*?)</a>', english)
    ]
    # Each link names the municipality too, hidden (it is shown beside the link).
    whose = '<span class="visually-hidden" lang="sv">, Testkommun</span>'
    assert "Safe cycle lanes" + whose in links
    assert '<span lang="sv">Cykelparkering vid stationen</span>' + whose in links
    assert any(text.startswith("Comment on Safe cycle lanes<span") for text in links), links
    assert "Trygga cykelbanor" not in english
    assert "· The traffic plan</span>" in english
    assert '· <span lang="sv">Planen</span></span>' in english
    swedish = client.get("/sok?q=cykel").get_data(as_text=True)
    assert '>Trygga cykelbanor<span class="visually-hidden">, Testkommun</span></a>' in swedish
    assert "Safe cycle lanes" not in swedish


def test_a_search_without_results_says_what_to_try_next(seeded, client):
    """A bare "0 results" left a first-time visitor without a next step."""
    page = client.get("/sok?q=zyxwvu").get_data(as_text=True)
    assert "0 träffar" in page
    assert "Kontrollera stavningen, eller försök med färre eller andra ord." in page
    assert 'börja på <a href="/">startsidan</a> och välja din kommun' in page
    english = client.get("/sok?q=zyxwvu&lang=en").get_data(as_text=True)
    assert "Check the spelling, or try fewer or other words." in english
    found = client.get("/sok?q=klimat").get_data(as_text=True)
    assert "Kontrollera stavningen" not in found


def test_the_municipality_field_says_what_choosing_one_does(seeded, client):
    """The label "Kommun som visas först" over "Alla kommuner" read as nonsense to a newcomer."""
    page = client.get("/sok?q=klimat").get_data(as_text=True)
    assert '<label for="search-kommun">Din kommun</label>' in page
    assert '<p class="hint" id="search-kommun-hint">Träffar därifrån visas först.</p>' in page
    assert 'aria-describedby="search-kommun-hint"' in page
    assert "Visa bara träffar från min kommun" in page
    assert "visas först</label>" not in page
