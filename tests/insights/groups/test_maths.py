"""The opinion-group method on ratings with planted groups (no database)."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from dialog.insights.groups import maths
from tests.insights.groups.planted import CONSENSUS, DIVISIVE, planted

pytestmark = pytest.mark.no_database


@pytest.mark.parametrize("sizes", [[40, 30], [40, 30, 25]])
def test_the_planted_groups_are_found(sizes):
    ratings, truth = planted(sizes)
    found = maths.find_groups(ratings)
    assert len(found.goals) == len(sizes)
    assert adjusted_rand_score(truth, found.labels) > 0.9
    assert found.sizes == sorted(found.sizes, reverse=True)  # group 1 is the largest
    assert sum(found.sizes) == sum(sizes)


def test_consensus_and_divisive_goals_are_the_planted_ones():
    found = maths.find_groups(planted([40, 30, 25])[0])
    assert {r.goal for r in found.consensus} == CONSENSUS
    assert {r.goal for r in found.divisive} <= DIVISIVE
    assert len(found.divisive) == maths.LISTED
    assert all(r.score >= maths.DIVISIVE_GAP for r in found.divisive)


def test_representative_goals_set_each_group_apart():
    ratings, truth = planted([40, 30])
    found = maths.find_groups(ratings)
    # The group holding most of planted group 0 rated goals 2–4 high, unlike the other.
    first = int(np.bincount(found.labels[truth == 0]).argmax())
    keen = {r.goal for r in found.representative[first] if r.higher}
    cool = {r.goal for r in found.representative[first] if not r.higher}
    assert keen & {2, 3, 4} and cool & {5, 6, 7}
    assert not keen & CONSENSUS
    assert all(r.p_value < maths.P_VALUE for group in found.representative for r in group)


def test_the_same_ratings_give_the_same_groups():
    ratings = planted([40, 30, 25])[0]
    first, second = maths.find_groups(ratings), maths.find_groups(ratings)
    assert np.array_equal(first.labels, second.labels)
    assert first.consensus == second.consensus and first.divisive == second.divisive


def test_the_consensus_score_does_not_shrink_as_groups_are_added():
    same = maths.GoalInGroup(answers=18, mean=4.5, high=15)
    two = maths.consensus([[same], [same]])
    five = maths.consensus([[same]] * 5)
    assert two[0].score == pytest.approx(five[0].score) == pytest.approx(16 / 20)


def test_sparse_residents_are_scaled_out_from_the_middle():
    ratings = planted([40, 30], missing=0.0)[0]
    ratings[0, 3:] = np.nan  # resident 0 rated 3 of 10 goals
    means = np.nanmean(ratings, axis=0)
    centred = np.where(np.isnan(ratings), 0.0, ratings - means)
    axes = np.linalg.svd(centred, full_matrices=False)[2][:2]
    points = maths.project(ratings)
    # The same axes as an SVD gives, up to each axis's sign.
    plain = np.abs(centred @ axes.T)
    assert np.abs(points[0]) == pytest.approx(plain[0] * np.sqrt(10 / 3))
    assert np.abs(points[1]) == pytest.approx(plain[1])  # rated every goal: not scaled


def test_below_the_threshold_says_how_many_more_are_needed():
    ratings = planted([10, 9])[0]
    with pytest.raises(maths.TooFewResidents) as raised:
        maths.find_groups(ratings)
    assert raised.value.found == 19 and raised.value.missing == 1


def test_residents_who_all_answer_alike_form_no_groups():
    with pytest.raises(maths.NoGroups):
        maths.find_groups(np.full((30, 5), 4.0))


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        (np.full((25, 4), 6.0), "between 1 and 5"),
        (np.array([[1.0, np.nan, np.nan, 2.0]] * 25), "at least 3"),
        (np.ones(30), "matrix"),
    ],
)
def test_bad_input_is_refused_with_a_reason(ratings, message):
    with pytest.raises(ValueError, match=message):
        maths.find_groups(ratings)


def test_two_proportion_test_matches_a_worked_example():
    # 30 of 50 against 20 of 50: pooled 0.5, z = 0.2 / 0.1 = 2, two-sided p = 0.0455.
    assert maths.two_proportion_p(30, 50, 20, 50) == pytest.approx(0.0455, abs=1e-4)
    assert maths.two_proportion_p(0, 0, 3, 9) == 1.0
