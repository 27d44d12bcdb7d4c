"""The officials' opinion-group page, in Swedish and English, and asking for a computation."""

import pytest
from sqlalchemy import select

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.insights.groups import services
from dialog.insights.groups.models import OpinionGroupResult
from tests.factories import form_fields
from tests.insights.groups.fixture import add_ratings, build_plan
from tests.officials import make_official, sign_in_official

PAGE = "/hantera/testkommun/sammanfattning/plan/planen/asiktsgrupper"


@pytest.fixture
def plan(app_context):
    return build_plan()


def official(client, role, language="sv"):
    """Signed in as an official of `role`, whose account reads the site in `language`."""
    make_official(f"{role.value}@testkommun.se", [("testkommun", role)]).language = language
    db.session.commit()
    sign_in_official(client, f"{role.value}@testkommun.se")
    return client


def test_groups_are_computed_on_first_view_and_shown_with_charts_and_tables(client, plan):
    add_ratings(plan, [40, 30, 25])
    html = official(client, Role.COMMUNICATOR).get(PAGE).get_data(as_text=True)
    assert "Åsiktsgrupper: Planen" in html
    assert html.count("<svg") == 2 and "<title id=" in html and "<desc id=" in html
    assert "Grupp 1" in html and "Grupp 3" in html
    assert "Gemensam grund" in html and "Trygga skolvägar" in html
    assert "Här går åsikterna isär" in html
    assert "pol.is" in html and "k-means" in html
    assert 'action="/hantera/testkommun/sammanfattning/plan/planen/asiktsgrupper/berakna"' in html
    assert db.session.scalar(select(OpinionGroupResult)).outcome == "groups"


def test_the_page_in_english(client, plan):
    add_ratings(plan, [40, 30])
    html = official(client, Role.MODERATOR, "en").get(PAGE).get_data(as_text=True)
    assert "Opinion groups: Planen" in html
    assert "Common ground: important to every group" in html
    assert "How the groups are found" in html
    # Moderators read the groups; they do not have them computed.
    assert "Compute again now" not in html


@pytest.mark.parametrize(
    ("sizes", "says"), [([], "No resident has done so yet."), ([10, 9], "1 more resident")]
)
def test_below_the_threshold_the_page_says_how_many_more_residents(client, plan, sizes, says):
    if sizes:
        add_ratings(plan, sizes)
    page = official(client, Role.ADMIN).get(f"{PAGE}?lang=en")  # the address chooses
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert says in html
    assert "<svg" not in html


def test_below_the_threshold_in_swedish(client, plan):
    add_ratings(plan, [10, 8])
    html = official(client, Role.ADMIN).get(PAGE).get_data(as_text=True)
    assert "2 invånare till behövs" in html


COMPUTE = 'action="/hantera/testkommun/sammanfattning/plan/planen/asiktsgrupper/berakna"'
SAME_ANSWER = {
    "sv": "Grupperna beräknas så snart tillräckligt många invånare har bedömt målen; att "
    "beräkna dem igen innan dess skulle ge samma svar.",
    "en": "The groups are computed as soon as enough residents have rated; computing them "
    "again before then would give the same answer.",
}


NEEDED = {
    "nobody": {"sv": "Ingen har gjort det ännu.", "en": "No resident has done so yet."},
    "one": {
        "sv": "Hittills har 1 gjort det: 19 invånare till behövs.",
        "en": "1 has so far: 19 more residents are needed.",
    },
    "nineteen": {
        "sv": "Hittills har 19 gjort det: 1 invånare till behövs.",
        "en": "19 have so far: 1 more resident is needed.",
    },
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("sizes", "case"), [([], "nobody"), ([1], "one"), ([10, 9], "nineteen")])
def test_below_the_threshold_computing_again_is_not_offered(client, plan, language, sizes, case):
    """With too few residents who rated enough goals a computation could only say "too few"
    again: the page says how many more are needed and that the groups come then, no button."""
    if sizes:
        add_ratings(plan, sizes)
    html = official(client, Role.COMMUNICATOR, language).get(PAGE).get_data(as_text=True)
    assert COMPUTE not in html
    assert "Beräkna igen nu" not in html and "Compute again now" not in html
    assert SAME_ANSWER[language] in html
    needed = NEEDED[case]  # not "0 have so far: 20 more…", nor "1 have so far"
    assert needed[language] in html
    assert html.index(needed[language]) < html.index(SAME_ANSWER[language])


def test_a_stored_too_few_is_counted_again_as_the_ratings_stand(client, plan):
    """Computed with 12 residents; 6 more rated since (still too few): the page counts them
    now, and the number it says is the one a computation would give."""
    add_ratings(plan, [12])
    services.compute(plan.plan.id)
    db.session.commit()
    add_ratings(plan, [6])
    html = official(client, Role.ADMIN).get(PAGE).get_data(as_text=True)
    assert "Hittills har 18 gjort det: 2 invånare till behövs." in html
    assert COMPUTE not in html and SAME_ANSWER["sv"] in html


def test_once_there_are_enough_the_groups_are_computed_and_can_be_again(client, plan):
    """Computed with too few; enough rated since: the page computes them (as on a first view)
    and offers to compute again, which can now give something new."""
    add_ratings(plan, [12])
    services.compute(plan.plan.id)
    db.session.commit()
    add_ratings(plan, [30, 25])
    html = official(client, Role.COMMUNICATOR, "en").get(PAGE).get_data(as_text=True)
    assert "residents who rated at least 3 goals form" in html
    assert COMPUTE in html and "Compute again now</button>" in html
    assert SAME_ANSWER["en"] not in html
    assert db.session.scalar(select(OpinionGroupResult)).outcome == "groups"


def test_asking_for_a_computation_needs_the_form_token_and_is_recorded(client, plan):
    add_ratings(plan, [12, 10])
    client = official(client, Role.COMMUNICATOR)
    page = client.get(PAGE).get_data(as_text=True)
    refused = client.post(f"{PAGE}/berakna", data={})
    assert refused.status_code == 400
    token = form_fields(page)["csrf_token"]
    done = client.post(f"{PAGE}/berakna", data={"csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"].endswith(PAGE)
    from dialog.core.audit import AuditEntry

    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "opinion_groups.compute")
    )


def test_an_unknown_plan_is_not_found(client, plan):
    page = official(client, Role.ADMIN).get(PAGE.replace("planen", "ingen"))
    assert page.status_code == 404


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_method_is_told_in_short_plain_paragraphs(client, plan, language):
    """A reader of 70 meets short paragraphs in plain words; the technical names (k-means,
    z-test...) wait in the last paragraph, for those who want them."""
    add_ratings(plan, [40, 30, 25])
    html = official(client, Role.MODERATOR, language).get(PAGE).get_data(as_text=True)
    heading = "Så hittas grupperna" if language == "sv" else "How the groups are found"
    after = html.split(f"<h2>{heading}</h2>", 1)[1].split("</div>", 1)[0]
    paragraphs = [p.split("</p>", 1)[0].strip() for p in after.split("<p>")[1:]]
    assert len(paragraphs) >= 4
    for plain in paragraphs[:-1]:
        assert len(plain.split()) <= 60, plain
        for jargon in ("k-means", "z-test", "principal", "silhouette", "silhuett", "geometri"):
            assert jargon not in plain.casefold(), plain
    assert "k-means" in paragraphs[-1] and "pol.is" in paragraphs[-1]


def test_the_swedish_plan_title_is_marked_on_the_english_page(client, plan):
    """WCAG 3.1.2: a screen reader reads the Swedish title in Swedish; <title> stays text."""
    html = official(client, Role.MODERATOR, "en").get(PAGE).get_data(as_text=True)
    assert '<h1>Opinion groups: <span lang="sv">Planen</span></h1>' in html
    assert 'Summary for the whole plan: <span lang="sv">Planen</span>' in html
    swedish = official(client, Role.COMMUNICATOR, "sv").get(PAGE).get_data(as_text=True)
    assert "<h1>Åsiktsgrupper: Planen</h1>" in swedish


def test_what_sets_each_group_apart_is_a_list_per_group_not_a_wide_table(client, plan):
    """On a 390 px phone the goals were a third table column a word wider than the screen: now
    a heading per group over its list, and the sizes a two-column table."""
    add_ratings(plan, [40, 30, 25])
    html = official(client, Role.COMMUNICATOR).get(PAGE).get_data(as_text=True)
    sizes = html.split('<caption id="groups-sizes-caption">', 1)[1].split("</table>", 1)[0]
    assert "Invånare per åsiktsgrupp" in sizes and sizes.count('<th scope="col">') == 2
    apart = html.split('id="groups-apart-heading">Mål som utmärker varje grupp</h3>', 1)[1]
    apart = apart.split("</section>", 1)[0]
    for number in (1, 2, 3):
        assert f"<h4>Grupp {number}</h4>" in apart
    assert "<table" not in apart and "fick 4 eller 5 av" in apart


def test_the_split_chart_names_goals_in_the_pages_language_or_marked_swedish(client, plan):
    """On an English page the chart's description ran Swedish goal titles into English text,
    where nothing can mark them (WCAG 3.1.2), and the chart never used an English title."""
    add_ratings(plan, [40, 30, 25])
    page = official(client, Role.COMMUNICATOR, "en")
    html = page.get(PAGE + "?lang=en").get_data(as_text=True)
    split = html.split('id="groups-divisive-heading"', 1)[1].split("</svg>", 1)[0]
    desc = split.split("<desc", 1)[1].split("</desc>", 1)[0]
    assert not any(title in desc for title in (goal.title for goal in plan.goals))
    assert "the table below gives them goal by goal" in desc
    labels = [t for t in split.split("<text")[1:] if any(g.title in t for g in plan.goals)]
    assert labels and all(' lang="sv">' in label for label in labels)
    for goal in plan.goals:
        db.session.merge(goal).title_en = f"Goal {goal.position}"
    db.session.commit()
    html = page.get(PAGE + "?lang=en").get_data(as_text=True)
    split = html.split('id="groups-divisive-heading"', 1)[1].split("</svg>", 1)[0]
    assert '">Goal ' in split and ' lang="sv">' not in split
