"""Summaries count the comments and ratings on focus areas (fixture.add_focus_plan), by hand."""

from datetime import date

import pytest

from dialog.insights import queries
from dialog.insights.matrix import Quadrant, matrix
from dialog.insights.queries import Filter
from dialog.insights.summary import summarise
from dialog.participation.models import RatingQuestion
from tests.insights.fixture import add_focus_plan, build_dialogue

IMPORTANCE, PERFORMANCE = RatingQuestion.IMPORTANCE, RatingQuestion.PERFORMANCE


@pytest.fixture
def dialogue(app_context):
    return build_dialogue()


@pytest.fixture
def focus(dialogue):
    return add_focus_plan(dialogue)


def test_plan_figures_include_focus_areas(focus):
    summary = summarise("Fokusplanen", queries.of_plan(focus.plan.id), Filter(), with_matrix=True)
    # commented n1 s1 n2 x1 n3; reacted n4 n5 n6 s2; rated n1 n2 n4 n5 n6: nine people
    assert summary.participants == 9
    assert summary.comments["published"] == 4
    assert summary.comments["pending"] == 1
    assert summary.replies == 1
    assert summary.reactions == {"agree": 3, "disagree": 1}
    # importance: F 5 4 3, G 2 2 → 16/5, middle of five: 3
    importance = summary.ratings[IMPORTANCE]
    assert (importance.n, importance.dont_know) == (5, 0)
    assert importance.mean == pytest.approx(3.2)
    assert importance.median == 3
    # performance: F 2 1 (+1 don't know), G 4 5 → 12/4; middle of 1 2 4 5: 3
    performance = summary.ratings[PERFORMANCE]
    assert (performance.n, performance.dont_know) == (4, 1)
    assert performance.mean == pytest.approx(3.0)
    assert performance.median == pytest.approx(3.0)
    # days 3, 4, 5 in the week of 2 November; days 10 and 11 in the next
    assert summary.weeks == [(date(2026, 11, 2), 3), (date(2026, 11, 9), 2)]
    # f2 (1 agree, 1 disagree) is neither more agreed nor more disagreed with
    assert [c.id for c in summary.most_agreed] == [focus.f1.id]
    assert summary.most_disagreed == []
    assert [c.id for c in summary.most_divisive] == [focus.f2.id]
    assert [c.subject.title for c in summary.most_agreed] == ["Trygghet"]
    # official responses are given on goals: the goal with comments and none is H
    assert [g.title for g in summary.without_response] == ["Mål H"]


def test_matrix_places_the_focus_areas(focus):
    found = matrix(queries.of_plan(focus.plan.id), Filter())
    # F: importance (5+4+3)/3 = 4, performance (2+1)/2 = 1.5; G: 2 and 4.5; lines 3 and 3
    points = {p.subject.title: p for p in found.points}
    assert set(points) == {"Trygghet", "Grönska"}
    assert (points["Trygghet"].importance, points["Trygghet"].performance) == (4, 1.5)
    assert (points["Trygghet"].importance_n, points["Trygghet"].performance_n) == (3, 2)
    assert (points["Grönska"].importance, points["Grönska"].performance) == (2, 4.5)
    assert (found.importance_line, found.performance_line) == (3, 3)
    assert points["Trygghet"].quadrant is Quadrant.PRIORITISE
    assert points["Grönska"].quadrant is Quadrant.POSSIBLE_OVERKILL
    assert [s.title for s in found.unplaced] == ["Mål H"]


def test_focus_area_summary_holds_the_area_and_its_goals(focus):
    summary = summarise("Trygghet", queries.of_area(focus.f.id), Filter())
    # F: n1, s1, x1's reply; goal H: n3 — G's pending comment is not here
    assert summary.comments["published"] == 4
    assert summary.comments["pending"] == 0
    # commented n1 s1 x1 n3; reacted n4 n5 n6 s2; rated F n1 n2 n4
    assert summary.participants == 9
    importance = summary.ratings[IMPORTANCE]
    assert (importance.n, importance.mean) == (3, pytest.approx(4.0))
    # standard deviation 1: 4 ± t(0.975; 2) × 1/√3
    half = 4.302653 / 3**0.5
    assert importance.ci_low == pytest.approx(4 - half, abs=1e-3)
    assert importance.ci_high == pytest.approx(4 + half, abs=1e-3)
    performance = summary.ratings[PERFORMANCE]
    assert (performance.n, performance.dont_know, performance.mean) == (2, 1, 1.5)


def test_goal_summary_is_the_goal_alone(focus):
    summary = summarise("Mål H", queries.of_goal(focus.h.id), Filter())
    assert summary.participants == 1
    assert summary.comments["published"] == 1
    assert summary.ratings[IMPORTANCE].n == 0


def test_municipality_adds_the_focus_areas(dialogue):
    town = queries.of_municipality(dialogue.town.id)
    before = summarise("Testkommun", town, Filter())
    add_focus_plan(dialogue)
    after = summarise("Testkommun", town, Filter())
    assert after.comments["published"] == before.comments["published"] + 4
    assert after.comments["pending"] == before.comments["pending"] + 1
    assert after.ratings[IMPORTANCE].n == before.ratings[IMPORTANCE].n + 5
    assert after.ratings[PERFORMANCE].n == before.ratings[PERFORMANCE].n + 4
    assert after.ratings[PERFORMANCE].dont_know == before.ratings[PERFORMANCE].dont_know + 1


def test_small_groups_stay_suppressed(focus):
    scope = queries.of_plan(focus.plan.id)
    # Söder: s1 commented, s2 reacted — two people
    soder = summarise(
        "Fokusplanen", scope, Filter(district_id=focus.plan.municipality.districts[1].id)
    )
    assert soder.suppressed and soder.participants == 2
    # Norr: n1–n6 all took part; their ratings are every rating but none
    norr = summarise(
        "Fokusplanen", scope, Filter(district_id=focus.plan.municipality.districts[0].id)
    )
    assert not norr.suppressed and norr.participants == 6
    assert norr.ratings[IMPORTANCE].n == 5
