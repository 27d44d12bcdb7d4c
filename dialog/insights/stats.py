"""Plain statistics on counted answers: mean, median, 95% confidence interval, divisiveness.

No database here: functions take counts and return numbers, so that tests can check them
against values worked out by hand. The confidence interval for a mean uses Student's t
distribution with n − 1 degrees of freedom; its quantile is found by bisection on the
distribution function, which is computed from the regularised incomplete beta function
(continued fraction, modified Lentz method). Exact to well beyond the digits shown.

When one resident may give several of the answers (a mean over many goals), the answers are
not independent: the interval then counts each resident as one unit, with a cluster-robust
standard error by resident (answers summed per resident, the small-sample factor G/(G − 1)
and t with G − 1 degrees of freedom for G residents). With one answer per resident it is the
usual interval.
"""

import math
from dataclasses import dataclass

#: Cells (districts, age bands, filtered selections) with fewer participants are not shown.
SMALL_CELL = 5


@dataclass(frozen=True)
class Distribution:
    """Answers 1–5 to one question; "don't know" counted apart and left out of the figures."""

    counts: dict[int, int]
    dont_know: int
    n: int
    mean: float | None
    median: float | None
    #: Standard deviation of the answers (n − 1 in the denominator).
    sd: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def total(self) -> int:
        return self.n + self.dont_know

    def share(self, value: int) -> float:
        return self.counts.get(value, 0) / self.n if self.n else 0.0


def distribution(
    counts: dict[int, int],
    scale: range = range(1, 6),
    residents: dict[tuple[int, int], int] | None = None,
) -> Distribution:
    """Figures for counted answers {value: count}; value 0 is "don't know". `residents`
    ({(answers 1–5 one resident gave, their sum): residents}) makes the interval count each
    resident as one unit; without it every answer is taken to come from a different resident."""
    dont_know = counts.get(0, 0)
    values = {v: counts.get(v, 0) for v in scale}
    n = sum(values.values())
    if n == 0:
        return Distribution(values, dont_know, 0, None, None, None, None, None)
    mean = sum(v * c for v, c in values.items()) / n
    med = median_of_counts(values)
    if n < 2:
        return Distribution(values, dont_know, n, mean, med, None, None, None)
    variance = sum(c * (v - mean) ** 2 for v, c in values.items()) / (n - 1)
    sd = math.sqrt(variance)
    if not residents:
        residents = {(1, value): count for value, count in values.items() if count}
    half = clustered_half_width(mean, n, residents)
    if half is None:
        return Distribution(values, dont_know, n, mean, med, sd, None, None)
    return Distribution(values, dont_know, n, mean, med, sd, mean - half, mean + half)


def clustered_half_width(
    mean: float, n: int, residents: dict[tuple[int, int], int]
) -> float | None:
    """Half the 95% interval of a mean of `n` answers when each resident is one unit (None with
    fewer than two residents): the cluster-robust (CR1) standard error of the mean, residuals
    summed per resident, and t with one degree of freedom fewer than there are residents."""
    people = sum(residents.values())
    if people < 2:
        return None
    spread = sum(c * (total - given * mean) ** 2 for (given, total), c in residents.items())
    error = math.sqrt(people / (people - 1) * spread) / n
    return t_quantile(0.975, people - 1) * error


def median_of_counts(counts: dict[int, int]) -> float | None:
    """The middle answer; with an even number, the average of the two middle answers."""
    n = sum(counts.values())
    if n == 0:
        return None

    def nth(k: int) -> int:  # the k-th smallest answer, 0-based
        seen = 0
        for value in sorted(counts):
            seen += counts[value]
            if k < seen:
                return value
        raise IndexError(k)

    if n % 2:
        return float(nth(n // 2))
    return (nth(n // 2 - 1) + nth(n // 2)) / 2


def divisiveness(agree: int, disagree: int) -> float:
    """High when many react and they split evenly: (agree + disagree) × min / max; 0 if one side is
    empty. 10 agree and 10 disagree give 20; 19 and 1 give 20 × 1/19 ≈ 1.05."""
    if agree == 0 or disagree == 0:
        return 0.0
    return (agree + disagree) * min(agree, disagree) / max(agree, disagree)


def t_quantile(p: float, df: int) -> float:
    """The p-quantile of Student's t with `df` degrees of freedom (p in (0.5, 1))."""
    if not 0.5 < p < 1 or df < 1:
        raise ValueError("p must be in (0.5, 1) and df at least 1")
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _step in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


def t_cdf(t: float, df: int) -> float:
    x = df / (df + t * t)
    tail = 0.5 * incomplete_beta(df / 2, 0.5, x)
    return 1 - tail if t >= 0 else tail


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return result
