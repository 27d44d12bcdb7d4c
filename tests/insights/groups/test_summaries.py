"""Opinion groups in the plan summary, the report (PDF and DOCX) and the "what we heard" page."""

import pytest

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.insights.groups import services
from tests.exports.test_exports import client  # noqa: F401 (downloads read whole)
from tests.exports.test_report import docx_text, pdf_text
from tests.factories import csrf
from tests.insights.groups.fixture import add_ratings, build_plan
from tests.officials import make_official, sign_in_official

SUMMARY = "/hantera/testkommun/sammanfattning/plan/planen"
REPORT = "/hantera/testkommun/rapport/plan/planen"
EDIT = f"{SUMMARY}/vad-vi-hort"
PUBLIC = "/kommun/testkommun/plan/planen/vad-vi-hort"


@pytest.fixture
def plan(app_context):
    return build_plan()


@pytest.fixture
def computed(plan):
    add_ratings(plan, [40, 30, 25])
    services.compute(plan.plan.id)
    db.session.commit()
    return plan


@pytest.fixture
def communicator(client, plan):  # noqa: F811
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


def test_the_plan_summary_shows_the_groups_and_links_to_the_page(communicator, computed):
    html = communicator.get(SUMMARY).get_data(as_text=True)
    assert "Åsiktsgrupper" in html and "Gemensam grund" in html and "Grupp 2" in html
    assert f'href="{SUMMARY}/asiktsgrupper"' in html
    assert "Alla mål, grupp för grupp" not in html  # the full table is on the groups page


def test_the_summary_says_when_groups_were_never_computed(communicator, plan):
    add_ratings(plan, [12, 10])
    html = communicator.get(SUMMARY).get_data(as_text=True)
    assert "Åsiktsgrupperna har inte beräknats ännu." in html


def test_the_pdf_report_has_a_groups_section(communicator, computed):
    response = communicator.get(f"{REPORT}?format=pdf&lang=en")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Opinion groups" in text and "Common ground" in text and "Trygga skolvägar" in text
    assert "pol.is" in text


def test_the_docx_report_has_a_groups_section_in_swedish(communicator, computed):
    text, cells = docx_text(communicator.get(f"{REPORT}?format=docx&lang=sv").data)
    assert "Åsiktsgrupper" in text and "Här går åsikterna isär" in text
    assert ["Grupp", "Invånare", "Mål som utmärker gruppen"] in cells
    assert any(row[0] == "Rent vatten" for row in cells)  # a consensus goal


def test_below_the_threshold_the_report_says_how_many_more(communicator, plan):
    add_ratings(plan, [10, 8])
    services.compute(plan.plan.id)
    db.session.commit()
    text, _cells = docx_text(communicator.get(f"{REPORT}?format=docx&lang=en").data)
    assert "2 more residents are needed" in text


def test_a_goal_report_has_no_groups_section(communicator, computed):
    goal = computed.goals[0].id
    response = communicator.get(f"/hantera/testkommun/rapport/mal/{goal}?format=docx&lang=en")
    assert "Opinion groups" not in docx_text(response.data)[0]


def test_the_what_we_heard_page_shows_groups_only_when_chosen(communicator, client, computed):  # noqa: F811
    def publish(**parts):
        sent = communicator.post(
            EDIT, data={"show_figures": "y", **parts, "csrf_token": csrf(communicator, EDIT)}
        )
        assert sent.status_code == 302

    publish()
    assert "Åsiktsgrupper" not in client.get(PUBLIC).get_data(as_text=True)
    publish(show_groups="y")
    html = client.get(PUBLIC).get_data(as_text=True)
    assert "Åsiktsgrupper" in html and "Gemensam grund" in html and "<svg" in html
    assert SCORE_SV in html


SCORE_SV = "Poäng: hur brett varje grupp gav målet 4 eller 5, från 0 till 1."
SCORE_EN = "Score: how widely every group rated the goal 4 or 5, from 0 to 1."


def test_the_score_and_difference_columns_are_explained(communicator, computed):
    """The common-ground table's "Poäng" column was a bare number: readers could not tell a
    share from a rank or a mean."""
    html = communicator.get(SUMMARY).get_data(as_text=True)
    assert SCORE_SV in html and "Skillnad: den högsta gruppens medelvärde" in html
    text, _cells = docx_text(communicator.get(f"{REPORT}?format=docx&lang=sv").data)
    assert SCORE_SV in text
    text = " ".join(pdf_text(communicator.get(f"{REPORT}?format=pdf&lang=en").data).split())
    assert SCORE_EN in text and "Difference: the highest group's mean" in text
