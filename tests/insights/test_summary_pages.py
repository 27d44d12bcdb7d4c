"""The summary pages: who sees them, what they show, and filters with mistakes."""

import re

import pytest

from dialog.accounts.roles import Role
from dialog.extensions import db
from tests.factories import KEEPS_ENGLISH, form_starting
from tests.insights.captions import repeated_captions
from tests.insights.fixture import build_dialogue
from tests.officials import make_official, sign_in_official


@pytest.fixture
def dialogue(app_context):
    return build_dialogue()


@pytest.fixture
def communicator(client, dialogue):
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


PLAN = "/hantera/testkommun/sammanfattning/plan/planen"


def test_plan_summary_shows_figures_charts_and_tables(communicator, dialogue):
    page = communicator.get(PLAN)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and "<title id=" in html and "<desc id=" in html
    assert "3,10" in html or "3.10" in html  # mean importance 31/10
    assert "Prioritise here" in html or "Prioritera här" in html
    assert "Mål A" in html
    assert "Fler bänkar i parken" in html  # most agreed, quoted
    assert html.count("<table") >= 6


def test_filters_by_district_and_small_groups_are_suppressed(communicator, dialogue):
    norr = communicator.get(f"{PLAN}?district={dialogue.norr.id}")
    assert norr.status_code == 200
    soder = communicator.get(f"{PLAN}?district={dialogue.soder.id}").get_data(as_text=True)
    assert "Fler bänkar i parken" not in soder
    assert "<svg" not in soder
    assert "5" in soder and ("Fewer than 5" in soder or "Färre än 5" in soder)


@pytest.mark.parametrize(
    "query",
    [
        "since=2026-02-30",
        "since=yesterday",
        "district=99999",
        "age_band=200-300",
        "since=2026-11-10&until=2026-11-01",
    ],
)
def test_bad_filters_get_a_clear_message(communicator, dialogue, query):
    page = communicator.get(f"{PLAN}?{query}")
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert 'class="field-error"' in html
    assert "Fler bänkar" not in html


def test_every_scope_has_a_page(communicator, dialogue):
    for url in (
        "/hantera/testkommun/sammanfattning",
        f"/hantera/testkommun/sammanfattning/mal/{dialogue.a.id}",
    ):
        assert communicator.get(url).status_code == 200
    assert communicator.get("/hantera/testkommun/sammanfattning/plan/nope").status_code == 404


def test_an_empty_period_says_so(communicator, dialogue):
    html = communicator.get(f"{PLAN}?since=2030-01-01").get_data(as_text=True)
    assert "no dialogue" in html or "ingen dialog" in html.lower()


def test_officials_elsewhere_and_residents_are_refused(client, dialogue):
    make_official("kom@lomma.se", [("lomma", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@lomma.se")
    assert client.get(PLAN).status_code == 403


def test_the_heading_marks_a_swedish_title_on_english_pages(client, dialogue):
    """WCAG 3.1.2: the heading's Swedish plan or goal title is read in Swedish; <title> is text."""
    from dialog.extensions import db

    make_official("en@testkommun.se", [("testkommun", Role.COMMUNICATOR)]).language = "en"
    db.session.commit()
    sign_in_official(client, "en@testkommun.se")
    html = client.get(PLAN).get_data(as_text=True)
    assert '<h1>Summary for <span lang="sv">Planen</span></h1>' in html
    assert "<title>Summary for Planen" in html
    goal = client.get(f"/hantera/testkommun/sammanfattning/mal/{dialogue.a.id}")
    assert 'Summary for <span lang="sv">Mål A</span></h1>' in goal.get_data(as_text=True)
    assert 'for the whole plan: <span lang="sv">Planen</span>' in goal.get_data(as_text=True)


def test_the_heading_in_swedish_has_no_language_mark(communicator, dialogue):
    html = communicator.get(PLAN).get_data(as_text=True)
    assert "<h1>Sammanfattning för Planen</h1>" in html
    assert 'lang="sv">Planen' not in html


def test_no_table_caption_repeats_the_heading_above_it(communicator, dialogue):
    """'Participation' / 'By district' heard twice tells nothing: captions say what is counted."""
    html = communicator.get(PLAN).get_data(as_text=True)
    assert html.count("<caption") >= 6
    assert repeated_captions(html) == []
    assert "Efter kommundel" in html  # the heading is still there


def test_each_download_is_a_link_of_its_own_in_a_named_list(communicator, dialogue):
    """On a phone the formats wrapped into one another: each is now a list item of its own,
    and each list is named by what it holds (the browser test measures the targets)."""
    html = communicator.get(f"{PLAN}?since=2020-01-01").get_data(as_text=True)
    section = html[html.index('<section class="downloads"') :]
    lists = re.findall(
        r'<ul class="download-links" aria-labelledby="([^"]+)">(.*?)</ul>', section, re.S
    )
    assert [name for name, _items in lists] == [
        "downloads-comments",
        "downloads-ratings",
        "report-heading",
    ]
    for name, items in lists:
        assert f'id="{name}"' in html
        entries = re.findall(r"<li>(.*?)</li>", items, re.S)
        assert len(entries) >= 3
        assert all(entry.count("<a ") == 1 for entry in entries)
        assert all("since=2020-01-01" in entry for entry in entries)  # the filter goes along
    assert ">PDF på svenska</a>" in section
    # The formats of comments and of ratings are told apart by the links' names (WCAG 2.4.9).
    assert '>Excel (XLSX)<span class="visually-hidden"> (Kommentarer)</span></a>' in section
    assert '>Excel (XLSX)<span class="visually-hidden"> (Betyg per mål)</span></a>' in section


def test_quoted_comments_say_the_language_they_are_written_in(communicator, dialogue):
    """A resident's words are not the municipality's Swedish text: each quote carries the
    language its words are in, whatever the page's (WCAG 3.1.2), rather than the page's own
    or the municipality's."""
    for address in (PLAN, PLAN + "?lang=en"):
        html = communicator.get(address).get_data(as_text=True)
        assert '<blockquote><p lang="sv">Fler bänkar i parken' in html


def test_the_filter_form_keeps_an_explicit_language(communicator, dialogue):
    """A GET form sends only its fields: filtering a summary reached by ?lang=en answered in
    Swedish."""
    for url in ("/hantera/testkommun/sammanfattning", PLAN):
        english = communicator.get(f"{url}?lang=en").get_data(as_text=True)
        assert KEEPS_ENGLISH in form_starting(english, '<form method="get"'), url
        swedish = communicator.get(url).get_data(as_text=True)
        assert 'name="lang"' not in form_starting(swedish, '<form method="get"'), url


def test_a_quote_is_shown_once_and_a_later_list_says_it_leaves_out_those_above(
    communicator, dialogue
):
    html = communicator.get(PLAN + "?lang=sv").get_data(as_text=True)
    assert html.count("Fler bänkar i parken") == 1
    # both comments are in "most divisive" too, shown above: agreed with (n1), disagreed with
    # (n2); the empty list said "Inga kommentarer med sådana reaktioner i urvalet." beside them
    assert "Inga kommentarer med sådana reaktioner" not in html
    assert html.count("Alla sådana kommentarer i urvalet visas redan ovan.") == 1


def test_the_heading_says_from_which_day_to_which_the_figures_are(communicator, dialogue):
    html = communicator.get(PLAN + "?lang=en").get_data(as_text=True)
    assert "Figures for the whole dialogue, from 2 November 2026 up to and including " in html
    assert "(the first day is the day of the first comment or rating)." in html
    html = communicator.get(PLAN + "?lang=en&since=2026-11-10&until=2026-11-20").get_data(
        as_text=True
    )
    assert "Figures for 10 November 2026 to 20 November 2026." in html


def test_goals_without_response_name_their_plan_when_they_span_plans(communicator, dialogue):
    """The municipality's list showed two goals titled alike from different plans as two
    identical lines: across plans each goal now says its plan; a plan's own list does not."""
    dialogue.c.title = "Mål A"
    db.session.commit()
    html = communicator.get("/hantera/testkommun/sammanfattning").get_data(as_text=True)
    listed = html.split("Mål med kommentarer men utan återkoppling</h2>", 1)[1].split("</ul>")[0]
    assert "<li>Mål A (Planen)</li>" in listed and "<li>Mål A (Annan plan)</li>" in listed
    html = communicator.get(PLAN).get_data(as_text=True)
    listed = html.split("Mål med kommentarer men utan återkoppling</h2>", 1)[1].split("</ul>")[0]
    assert "<li>Mål A</li>" in listed and "(Planen)" not in listed


def test_the_reply_count_says_it_is_part_of_the_rows_above(communicator, dialogue):
    """A row headed "varav svar" under "withdrawn comments" read as withdrawn replies."""
    html = communicator.get(PLAN).get_data(as_text=True)
    assert "varav svar" not in html
    assert '<th scope="row">Svar bland alla dessa</th><td>1</td>' in html
