"""The statistics against values worked out by hand (and t quantiles from printed tables)."""

import math

import pytest

from dialog.insights.stats import distribution, divisiveness, median_of_counts, t_quantile

pytestmark = pytest.mark.no_database


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (29, 2.045), (120, 1.980), (10_000, 1.960)],
)
def test_t_quantile_matches_printed_tables(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=0.0006)


def test_distribution_of_five_answers():
    # Answers 1, 2, 4, 4, 5 and two "don't know": mean 16/5 = 3.2; median 4;
    # deviations -2.2, -1.2, .8, .8, 1.8 → squares 4.84+1.44+.64+.64+3.24 = 10.8; var 10.8/4 = 2.7
    figures = distribution({1: 1, 2: 1, 4: 2, 5: 1, 0: 2})
    assert figures.n == 5
    assert figures.dont_know == 2
    assert figures.total == 7
    assert figures.mean == pytest.approx(3.2)
    assert figures.median == 4
    assert figures.sd == pytest.approx(math.sqrt(2.7))
    half = 2.776445 * math.sqrt(2.7) / math.sqrt(5)  # t(0.975, 4) = 2.776445
    assert figures.ci_low == pytest.approx(3.2 - half, abs=1e-5)
    assert figures.ci_high == pytest.approx(3.2 + half, abs=1e-5)
    assert figures.counts == {1: 1, 2: 1, 3: 0, 4: 2, 5: 1}
    assert figures.share(4) == pytest.approx(0.4)


def test_even_number_of_answers_takes_the_middle_two():
    assert median_of_counts({2: 2, 3: 1, 5: 1}) == 2.5  # 2 2 3 5
    assert median_of_counts({1: 3, 5: 3}) == 3.0
    assert median_of_counts({}) is None


def test_one_answer_has_no_interval_and_none_has_no_mean():
    one = distribution({3: 1})
    assert (one.mean, one.median, one.ci_low, one.sd) == (3, 3, None, None)
    none = distribution({0: 4})
    assert (none.n, none.mean, none.median, none.dont_know) == (0, None, None, 4)


def test_identical_answers_have_a_zero_width_interval():
    figures = distribution({4: 6})
    assert figures.ci_low == figures.ci_high == 4


def test_divisiveness():
    assert divisiveness(10, 10) == 20
    assert divisiveness(19, 1) == pytest.approx(20 / 19)
    assert divisiveness(5, 0) == 0
    assert divisiveness(3, 6) > divisiveness(8, 1)


def test_a_resident_who_answers_many_goals_counts_as_one_unit():
    # A answers 2, 2; B answers 4, 4; C answers 3: five answers, mean 15/5 = 3, three residents.
    # Residuals summed per resident: A 4 − 2×3 = −2, B 8 − 6 = 2, C 3 − 3 = 0; sum of squares 8.
    # Standard error √(3/2 × 8) / 5 = √12 / 5; t(0.975, 2) = 4.302653.
    figures = distribution({2: 2, 3: 1, 4: 2}, residents={(2, 4): 1, (2, 8): 1, (1, 3): 1})
    half = 4.302653 * math.sqrt(12) / 5
    assert figures.mean == pytest.approx(3)
    assert figures.ci_low == pytest.approx(3 - half, abs=1e-5)
    assert figures.ci_high == pytest.approx(3 + half, abs=1e-5)
    # Taken as five independent answers (sd 1, t(0.975, 4)) the interval was less than half as wide.
    naive = 2.776445 * 1 / math.sqrt(5)
    assert figures.ci_high - figures.ci_low > 2 * (2 * naive)


def test_one_answer_per_resident_gives_the_usual_interval():
    counts = {1: 1, 2: 1, 4: 2, 5: 1}
    each = {(1, 1): 1, (1, 2): 1, (1, 4): 2, (1, 5): 1}
    assert distribution(counts, residents=each) == distribution(counts)


def test_one_resident_has_no_interval_however_many_answers():
    figures = distribution({2: 3, 4: 3}, residents={(6, 18): 1})
    assert figures.mean == 3
    assert (figures.ci_low, figures.ci_high) == (None, None)
