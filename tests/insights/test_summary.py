"""Summary figures on the small dialogue of fixture.py, each worked out by hand."""

from datetime import date

import pytest

from dialog.extensions import db
from dialog.insights import queries
from dialog.insights.matrix import Quadrant, matrix
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation.models import RatingQuestion
from tests.insights.fixture import at, build_dialogue

IMPORTANCE, PERFORMANCE = RatingQuestion.IMPORTANCE, RatingQuestion.PERFORMANCE


@pytest.fixture
def dialogue(app_context):
    return build_dialogue()


def test_plan_figures(dialogue):
    summary = summarise("Planen", queries.of_plan(dialogue.plan.id), Filter())
    # commented n1 n2 s1 x1; reacted n3 n4 n5 s2 n6; rated n1–n5 s1 s2: nine people
    assert summary.participants == 9
    assert summary.comments == {
        "published": 3,
        "pending": 1,
        "rejected": 0,
        "withdrawn": 0,
        "hidden": 0,
    }
    assert summary.replies == 1
    assert summary.reactions == {"agree": 4, "disagree": 3}
    assert summary.reports == 1
    assert summary.responses == 0
    # importance: A 5 4 4 2 1 (+1 don't know), B 3 3 3 3 3 → 31/10; middle of ten: 3 and 3
    importance = summary.ratings[IMPORTANCE]
    assert (importance.n, importance.dont_know) == (10, 1)
    assert importance.mean == pytest.approx(3.1)
    assert importance.median == 3
    # performance: A 2 2 3 4, B 4 4 4 4 4 → 31/9; middle of nine: 4
    performance = summary.ratings[PERFORMANCE]
    assert performance.n == 9
    assert performance.mean == pytest.approx(31 / 9)
    assert performance.median == 4
    assert summary.weeks == [
        (date(2026, 11, 2), 2),
        (date(2026, 11, 9), 0),
        (date(2026, 11, 16), 2),
    ]
    # n1 (3 agree, 1 disagree) is agreed with, n2 (1, 2) disagreed with
    assert [c.id for c in summary.most_agreed] == [dialogue.c_n1.id]
    assert [c.id for c in summary.most_disagreed] == [dialogue.c_n2.id]
    # divisiveness: n1 (3, 1) → 4 × 1/3 ≈ 1.33; n2 (1, 2) → 3 × 1/2 = 1.5
    assert [c.id for c in summary.most_divisive] == [dialogue.c_n2.id, dialogue.c_n1.id]
    assert [g.title for g in summary.without_response] == ["Mål A"]


def test_district_and_age_cells_under_five_are_suppressed(dialogue):
    summary = summarise("Planen", queries.of_plan(dialogue.plan.id), Filter())
    cells = {cell.label: cell for cell in summary.by_district}
    assert list(cells) == ["Norr", "Söder", "Inte angett"]
    norr = cells["Norr"]
    assert (norr.participants, norr.comments, norr.suppressed) == (6, 2, False)
    # Norr's importance answers: A 5 4 4 2, B 3 3 3 3 3 → 30/9
    assert norr.importance == pytest.approx(30 / 9)
    # performance: A 2 2 3, B 4 4 4 4 4 → 27/8
    assert norr.performance == pytest.approx(27 / 8)
    for small in ("Söder", "Inte angett"):
        assert cells[small].suppressed
        assert cells[small].comments is cells[small].importance is None
    ages = {cell.label: cell.participants for cell in summary.by_age}
    assert ages == {"18–29": 2, "30–44": 6, "Inte angett": 1}


def test_filters_narrow_every_figure(dialogue):
    scope = queries.of_plan(dialogue.plan.id)
    norr = summarise("Planen", scope, Filter(district_id=dialogue.norr.id))
    assert norr.participants == 6
    assert norr.comments["published"] == 2
    assert norr.comments["pending"] == 0
    assert norr.reactions == {"agree": 4, "disagree": 2}  # s2's disagreement is Söder's
    later = summarise("Planen", scope, Filter(since=date(2026, 11, 10)))
    assert later.participants == 2  # s1 and x1 wrote after the 10th; all else was earlier
    assert later.ratings[IMPORTANCE].n == 0
    assert later.weeks == [(date(2026, 11, 16), 2)]
    until = summarise("Planen", scope, Filter(until=date(2026, 11, 4)))
    assert until.comments["published"] == 2  # the 4th is included


def test_a_small_group_selected_by_filter_shows_no_figures(dialogue):
    scope = queries.of_plan(dialogue.plan.id)
    soder = summarise("Planen", scope, Filter(district_id=dialogue.soder.id))
    assert soder.suppressed
    assert soder.participants == 2
    assert soder.comments == {} and soder.ratings == {}


def test_scopes(dialogue):
    town = summarise("Testkommun", queries.of_municipality(dialogue.town.id), Filter())
    assert town.total_comments == 5
    goal = summarise("Mål B", queries.of_goal(dialogue.b.id), Filter())
    assert goal.participants == 5
    assert goal.total_comments == 0
    assert goal.ratings[IMPORTANCE].mean == 3
    assert goal.ratings[IMPORTANCE].ci_low == goal.ratings[IMPORTANCE].ci_high == 3


def test_importance_performance_matrix(dialogue):
    found = matrix(queries.of_plan(dialogue.plan.id), Filter())
    # A: importance 16/5 = 3.2, performance 11/4 = 2.75; B: 3 and 4
    # lines: (3.2 + 3)/2 = 3.1 and (2.75 + 4)/2 = 3.375
    assert found.importance_line == pytest.approx(3.1)
    assert found.performance_line == pytest.approx(3.375)
    points = {p.subject.title: p for p in found.points}
    assert points["Mål A"].quadrant is Quadrant.PRIORITISE
    assert (points["Mål A"].importance_n, points["Mål A"].performance_n) == (5, 4)
    assert points["Mål B"].quadrant is Quadrant.POSSIBLE_OVERKILL
    assert [p.subject.title for p in found.prioritise] == ["Mål A"]


def test_an_empty_period_is_empty(dialogue):
    summary = summarise("Planen", queries.of_plan(dialogue.plan.id), Filter(since=date(2027, 1, 1)))
    assert summary.is_empty
    assert summary.weeks == [] and summary.most_agreed == []


def test_official_responses_are_counted_and_listed(dialogue):
    from dialog.responses.models import OfficialResponse

    db.session.add(
        OfficialResponse(
            goal_id=dialogue.a.id, body="Vi sätter upp fler bänkar.", published_at=at(20)
        )
    )
    db.session.commit()
    scope = queries.of_plan(dialogue.plan.id)
    summary = summarise("Planen", scope, Filter())
    assert summary.responses == 1
    assert summary.without_response == []
    assert [r.body for r in summary.official_responses] == ["Vi sätter upp fler bänkar."]
    assert summarise("Planen", scope, Filter(until=date(2026, 11, 19))).responses == 0


def test_a_later_quote_list_leaves_out_comments_an_earlier_one_shows(dialogue):
    """Both comments have agree and disagree reactions: "most disagreed with" and "most
    divisive" repeated the quotes "most agreed with" had just shown, as if more residents had
    said the same."""
    from dialog.insights.presentation import quote_lists

    summary = summarise("Planen", queries.of_plan(dialogue.plan.id), Filter())
    agreed, disagreed, divisive = quote_lists(summary, ("agreed", "disagreed", "divisive"))
    assert [c.id for c in agreed.comments] == [dialogue.c_n1.id]
    assert (agreed.left_out, agreed.note) == (0, None)
    assert ([c.id for c in disagreed.comments], disagreed.left_out) == ([dialogue.c_n2.id], 0)
    assert (divisive.comments, divisive.left_out) == ([], 2)
    # both divisive comments are quoted above: the list says so, not that there are none
    assert divisive.note is None
    assert divisive.empty == "Alla sådana kommentarer i urvalet visas redan ovan."
    assert disagreed.empty is None


def test_most_agreed_with_holds_only_comments_more_residents_agree_with(dialogue):
    """A comment 77 agreed and 125 disagreed with headed "most agreed with" in a summary for
    politicians (more agreed with it than with any other) and, since a quote is shown once, was
    left out of "most disagreed with", which then began with a comment 9 disagreed with."""
    from dialog.insights.presentation import quote_lists

    n2 = db.session.merge(dialogue.c_n2)
    n2.agree_count, n2.disagree_count = 5, 9  # more agree than with n1 (3), and more disagree
    db.session.commit()
    summary = summarise("Planen", queries.of_plan(dialogue.plan.id), Filter())
    assert [c.id for c in summary.most_agreed] == [dialogue.c_n1.id]
    assert [c.id for c in summary.most_disagreed] == [dialogue.c_n2.id]
    agreed, disagreed = quote_lists(summary, ("agreed", "disagreed"))
    assert [c.id for c in agreed.comments] == [dialogue.c_n1.id]
    assert [c.id for c in disagreed.comments] == [dialogue.c_n2.id]
    # the quotes officials choose from for "what we heard" follow the same rule
    assert queries.most_agreed(queries.of_plan(dialogue.plan.id), Filter()) == [
        db.session.merge(dialogue.c_n1)
    ]


def test_a_text_written_twice_is_quoted_once(dialogue):
    """Two residents' comments with the same words read as one quote shown twice."""
    from dialog.insights.presentation import quote_lists

    db.session.merge(dialogue.c_n2).body = " fler bänkar i  parken"
    db.session.commit()
    n2 = db.session.merge(dialogue.c_n2)
    n2.agree_count, n2.disagree_count = 2, 1  # agreed with too, by fewer than n1
    db.session.commit()
    summary = summarise("Planen", queries.of_plan(dialogue.plan.id), Filter())
    (agreed,) = quote_lists(summary, ("agreed",))
    assert [c.id for c in agreed.comments] == [dialogue.c_n1.id]
    assert agreed.left_out == 1 and agreed.note
