"""Comments from other channels in the figures: by status, by channel, per week, in the period
they were received (not imported), in the summary page, the report and the exports.

On the small dialogue of tests/insights/fixture.py (four web comments in plan "planen": n1's and
n2's in the week of 2 November, s1's pending one on 16 November and x1's reply on 17 November)
two imported comments are added by hand:

- paper form P-1 on goal A, received on Tuesday 6 October, imported on 18 November, from Söder,
  not published on the goal page;
- meeting comment M-1 on goal B with no date received, imported on 10 November, published.
"""

import csv
import io
from datetime import date

import pytest

from dialog.accounts.roles import Role
from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.facts import comment_facts
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation.models import Comment, CommentChannel
from tests.insights.fixture import at, build_dialogue
from tests.officials import make_official, sign_in_official

WEB, PAPER, MEETING = CommentChannel.WEB, CommentChannel.PAPER, CommentChannel.MEETING
OCTOBER = Filter(since=date(2026, 10, 1), until=date(2026, 10, 31))
LATE_NOVEMBER = Filter(since=date(2026, 11, 15), until=date(2026, 11, 30))


@pytest.fixture
def dialogue(app_context):
    found = build_dialogue()
    paper = Comment(
        goal_id=found.a.id,
        author_id=None,
        body="Fler papperskorgar vid badplatsen",
        status="published",
        submission_token="import-p1",
        channel="paper",
        source_ref="P-1",
        received_on=date(2026, 10, 6),
        district_id=found.soder.id,
        created_at=at(18),
    )
    meeting = Comment(
        goal_id=found.b.id,
        author_id=None,
        body="Sagt på dialogmötet",
        status="published",
        submission_token="import-m1",
        channel="meeting",
        source_ref="M-1",
        created_at=at(10),
        published_at=at(11),
    )
    db.session.add_all([paper, meeting])
    db.session.commit()
    found.paper, found.meeting = paper, meeting
    return found


def plan_summary(dialogue, selection=None):
    return summarise("Planen", queries.of_plan(dialogue.plan.id), selection or Filter())


def channels(summary) -> list[tuple]:
    return [(row.channel, row.total, row.shown, row.not_shown) for row in summary.channels]


def test_imported_comments_count_by_status_and_channel(dialogue):
    summary = plan_summary(dialogue)
    assert summary.comments == {
        "published": 5,  # n1, n2, x1's reply, P-1 and M-1
        "pending": 1,
        "rejected": 0,
        "withdrawn": 0,
        "hidden": 0,
    }
    # shown: published, and an imported one only once published on the goal page
    assert channels(summary) == [(WEB, 4, 3, 1), (PAPER, 1, 0, 1), (MEETING, 1, 1, 0)]
    assert summary.imported == 2
    assert summary.participants == 9  # no account behind an imported comment
    assert summary.replies == 1


def test_comments_per_week_count_imported_comments_in_the_week_received(dialogue):
    summary = plan_summary(dialogue)
    assert summary.weeks_by_channel == [
        (date(2026, 10, 5), 0, 1),  # P-1, received on 6 October
        (date(2026, 10, 12), 0, 0),
        (date(2026, 10, 19), 0, 0),
        (date(2026, 10, 26), 0, 0),
        (date(2026, 11, 2), 2, 0),
        (date(2026, 11, 9), 0, 1),  # M-1: no date received, so the day imported
        (date(2026, 11, 16), 2, 0),  # P-1 is not here, where it was imported
    ]
    assert summary.weeks == [
        (monday, web + other) for monday, web, other in summary.weeks_by_channel
    ]


def test_a_period_selects_imported_comments_by_the_day_received(dialogue):
    october = plan_summary(dialogue, OCTOBER)
    assert october.comments["published"] == 1
    assert channels(october) == [(PAPER, 1, 0, 1)]
    assert october.weeks_by_channel == [(date(2026, 10, 5), 0, 1)]
    assert not october.is_empty  # a period with only paper forms had a dialogue
    late = plan_summary(dialogue, LATE_NOVEMBER)
    assert (late.comments["published"], late.comments["pending"]) == (1, 1)
    assert late.imported == 0  # P-1 was imported on 18 November, received in October


def test_the_period_bounds_are_whole_days(dialogue):
    def published(since, until) -> int:
        selection = Filter(since=since, until=until)
        return comment_facts(queries.of_goal(dialogue.a.id), selection).by_status()["published"]

    assert published(date(2026, 10, 6), date(2026, 10, 6)) == 1
    assert published(date(2026, 10, 7), date(2026, 10, 31)) == 0
    assert published(None, date(2026, 10, 5)) == 0
    assert published(date(2026, 10, 6), None) == 4  # P-1, n1, n2 and the reply


def test_an_imported_comment_counts_in_its_own_district_but_not_per_resident(dialogue):
    soder = comment_facts(queries.of_plan(dialogue.plan.id), Filter(district_id=dialogue.soder.id))
    assert [(row.channel, row.total) for row in soder.by_channel()] == [(WEB, 1), (PAPER, 1)]
    cells = queries.people_cells(queries.of_plan(dialogue.plan.id), Filter())
    assert sum(cells.comments.values()) == 4  # the web comments only


@pytest.fixture
def communicator(app, dialogue):
    client = app.test_client()
    make_official("kom@testkommun.se", [("testkommun", Role.COMMUNICATOR)])
    sign_in_official(client, "kom@testkommun.se")
    return client


def test_the_summary_page_splits_the_weeks_and_selects_by_day_received(communicator, dialogue):
    url = "/hantera/testkommun/sammanfattning/plan/planen"
    body = communicator.get(url).get_data(as_text=True)
    table = body[body.index("Kommentarer per kanal") :]
    table = table[: table.index("</table>")]
    assert '<th scope="row">Webbplatsen</th><td>4</td><td>3</td><td>1</td>' in table
    assert '<th scope="row">Pappersblankett</th><td>1</td><td>0</td><td>1</td>' in table
    assert '<th scope="row">Möte</th><td>1</td><td>1</td><td>0</td>' in table
    weeks = body[body.index('id="weeks-heading"') :]
    weeks = weeks[: weeks.index("</table>")]
    assert "På webbplatsen" in weeks and "Från andra kanaler" in weeks
    assert "<td>1</td><td>0</td><td>1</td>" in weeks  # the week of 5 October: P-1
    october = communicator.get(f"{url}?since=2026-10-01&until=2026-10-31").get_data(as_text=True)
    assert "Det fanns ingen dialog" not in october
    assert '<th scope="row">Pappersblankett</th><td>1</td>' in october
    assert '<th scope="row">Webbplatsen</th>' not in october


def test_the_report_for_a_period_has_the_paper_forms_received_in_it(communicator, dialogue):
    from tests.exports.test_report import docx_text

    url = "/hantera/testkommun/rapport/plan/planen?format=docx&lang=en"
    text, cells = docx_text(communicator.get(f"{url}&since=2026-10-01&until=2026-10-31").data)
    assert "Comments by channel" in text
    assert ["Paper form", "1", "0", "1"] in cells
    assert ["Published comments and replies", "1"] in cells


def test_exports_select_by_the_day_received_and_carry_it(communicator, dialogue):
    url = "/hantera/testkommun/export/plan/planen/kommentarer?format=csv"
    october = communicator.get(f"{url}&since=2026-10-01&until=2026-10-31", buffered=True)
    rows = list(csv.DictReader(io.StringIO(october.get_data().decode("utf-8-sig"))))
    assert [(r["ref"], r["received_on"], r["channel"]) for r in rows] == [
        ("P-1", "2026-10-06", "paper")
    ]
    late = communicator.get(f"{url}&since=2026-11-15", buffered=True)
    refs = [r["ref"] for r in csv.DictReader(io.StringIO(late.get_data().decode("utf-8-sig")))]
    assert "P-1" not in refs
    everything = communicator.get(url, buffered=True)
    found = {
        r["ref"]: r["received_on"]
        for r in csv.DictReader(io.StringIO(everything.get_data().decode("utf-8-sig")))
    }
    assert found == {"": "", "P-1": "2026-10-06", "M-1": ""}
