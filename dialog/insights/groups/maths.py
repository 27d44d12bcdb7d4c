"""Opinion groups among residents from their ratings of a plan's goals, as pol.is finds them
among voters on statements (compdemocracy/polis, math/src/polismath/math: method only).

No database here: `find_groups` takes a residents × goals matrix of answers 1–5 (NaN where a
resident did not rate a goal) and returns plain numbers, so tests can plant groups and check
that they are found.

1. Each goal's answers are centred on the goal's mean; a missing answer becomes that mean
   (0 after centring), so it pulls a resident neither way.
2. Principal component analysis finds the two directions along which residents differ most.
   A resident who rated few goals lands near the middle only because of the missing answers,
   so, as pol.is does, each projection is scaled by √(goals ÷ goals rated).
3. k-means splits the projected residents into k = 2…5 groups (a fixed seed, so the same
   ratings give the same groups); k is the one with the highest silhouette, among those whose
   every group has at least `SMALL_GROUP` residents (no figure about fewer is shown).
4. Per group and goal: answers, mean, and the share that rated it high (4 or 5).
   A goal *represents* a group when the group's share rating it high differs from that of
   everyone else by a two-proportion z-test at p < `P_VALUE`, with at least `MIN_ANSWERS`
   answers in the group (pol.is's "repness" uses the same test on agree votes).
   *Consensus* goals are those that a majority of every group rated high: ranked by the
   geometric mean of the groups' (smoothed) shares, which does not shrink as groups are added.
   *Divisive* goals have the largest difference between the highest and lowest group mean.
"""

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: Shown when at least this many residents rated at least `MIN_RATED` goals.
MIN_RESIDENTS = 20
MIN_RATED = 3
#: No group smaller than this (the summaries' small-cell rule).
SMALL_GROUP = 5
K_RANGE = range(2, 6)
SEED = 20261204
#: Silhouette on a sample of at most this many residents (its cost grows with the square).
SILHOUETTE_SAMPLE = 3000
#: Answers 4 and 5 count as "rated high".
HIGH = 4
P_VALUE = 0.05
MIN_ANSWERS = 5
#: A consensus goal: every group's smoothed share rating it high is above this.
CONSENSUS_SHARE = 0.5
#: A divisive goal: group means at least this far apart (on the 1–5 scale).
DIVISIVE_GAP = 1.0
LISTED = 5


class TooFewResidents(ValueError):
    """Fewer than `MIN_RESIDENTS` residents rated at least `MIN_RATED` goals."""

    def __init__(self, found: int) -> None:
        super().__init__(f"{found} residents rated at least {MIN_RATED} goals")
        self.found = found

    @property
    def missing(self) -> int:
        return MIN_RESIDENTS - self.found


class NoGroups(ValueError):
    """The ratings do not split into groups of at least `SMALL_GROUP` residents."""


@dataclass(frozen=True)
class GoalInGroup:
    answers: int
    mean: float | None
    high: int

    @property
    def share_high(self) -> float | None:
        return self.high / self.answers if self.answers else None


@dataclass(frozen=True)
class Representative:
    goal: int  # column index
    #: True when the group rated it high more often than the rest, False when less often.
    higher: bool
    share_group: float
    share_rest: float
    p_value: float


@dataclass(frozen=True)
class Ranked:
    goal: int
    score: float


@dataclass(frozen=True)
class Groups:
    #: Group number (0…k−1) of each resident (row), numbered by size, largest first.
    labels: NDArray[np.int_]
    #: Each resident's place in the two principal components (after scaling).
    points: NDArray[np.float64]
    silhouette: float
    #: [group][goal]
    goals: list[list[GoalInGroup]]
    representative: list[list[Representative]]
    consensus: list[Ranked]
    divisive: list[Ranked]

    @property
    def sizes(self) -> list[int]:
        return [int(n) for n in np.bincount(self.labels, minlength=len(self.goals))]


def eligible(ratings: NDArray[np.float64]) -> NDArray[np.bool_]:
    """The rows (residents) with at least `MIN_RATED` answers."""
    return np.sum(~np.isnan(ratings), axis=1) >= MIN_RATED


def project(ratings: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each resident's place on the first two principal components, sparsity-scaled."""
    rated = ~np.isnan(ratings)
    counts = rated.sum(axis=0)
    means = np.divide(
        np.nansum(ratings, axis=0), counts, out=np.zeros(ratings.shape[1]), where=counts > 0
    )
    centred = np.where(rated, ratings - means, 0.0)
    # The principal axes are the eigenvectors of the goals × goals scatter matrix with the
    # largest eigenvalues (the right singular vectors of `centred`, without computing the
    # residents × goals factor a full SVD would).
    values, vectors = np.linalg.eigh(centred.T @ centred)
    axes = vectors[:, np.argsort(values)[::-1][:2]].T
    # An eigenvector's sign is arbitrary: fix it so that the same ratings give the same picture.
    axes *= np.where(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)] < 0, -1.0, 1.0)[
        :, None
    ]
    points = centred @ axes.T
    if points.shape[1] < 2:
        points = np.hstack([points, np.zeros((len(points), 2 - points.shape[1]))])
    scale = np.sqrt(ratings.shape[1] / np.maximum(rated.sum(axis=1), 1))
    return points * scale[:, None]


def cluster(points: NDArray[np.float64], seed: int = SEED) -> tuple[NDArray[np.int_], float]:
    """(group of each point, silhouette) for the best k in `K_RANGE`."""
    # Imported here, not at start-up: scikit-learn adds about 120 MB to every web worker.
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best: tuple[float, NDArray[np.int_]] | None = None
    distinct = len(np.unique(np.round(points, 9), axis=0))
    sample = min(len(points), SILHOUETTE_SAMPLE)
    for k in K_RANGE:
        if k > distinct - 1 or k * SMALL_GROUP > len(points):
            break
        labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(points)
        if np.bincount(labels, minlength=k).min() < SMALL_GROUP:
            continue
        score = float(silhouette_score(points, labels, sample_size=sample, random_state=seed))
        if best is None or score > best[0]:
            best = (score, labels)
    if best is None:
        raise NoGroups(f"no split into groups of at least {SMALL_GROUP} residents")
    score, labels = best
    # Number the groups by size, largest first, so that group 1 is the largest.
    order = np.argsort(-np.bincount(labels), kind="stable")
    renumber = np.empty_like(order)
    renumber[order] = np.arange(len(order))
    return renumber[labels], score


def two_proportion_p(high_a: int, n_a: int, high_b: int, n_b: int) -> float:
    """Two-sided p-value of a two-proportion z-test (pooled), 1.0 when it cannot be tested."""
    if n_a == 0 or n_b == 0:
        return 1.0
    pooled = (high_a + high_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if spread == 0:
        return 1.0
    z = (high_a / n_a - high_b / n_b) / spread
    return math.erfc(abs(z) / math.sqrt(2))


def describe(
    ratings: NDArray[np.float64], labels: NDArray[np.int_], k: int
) -> list[list[GoalInGroup]]:
    rated = ~np.isnan(ratings)
    high = rated & (np.nan_to_num(ratings) >= HIGH)
    filled = np.nan_to_num(ratings)
    found = []
    for group in range(k):
        rows = labels == group
        answers = rated[rows].sum(axis=0)
        sums = filled[rows].sum(axis=0)
        highs = high[rows].sum(axis=0)
        found.append(
            [
                GoalInGroup(int(n), float(s / n) if n else None, int(h))
                for n, s, h in zip(answers, sums, highs, strict=True)
            ]
        )
    return found


def representative(goals: list[list[GoalInGroup]]) -> list[list[Representative]]:
    """Per group, the goals whose share rated high sets it apart from the rest, clearest first."""
    result = []
    for group, own in enumerate(goals):
        found = []
        for goal, here in enumerate(own):
            if here.answers < MIN_ANSWERS:
                continue
            others = [g[goal] for i, g in enumerate(goals) if i != group]
            rest_n = sum(o.answers for o in others)
            rest_high = sum(o.high for o in others)
            p = two_proportion_p(here.high, here.answers, rest_high, rest_n)
            if p < P_VALUE:
                share, rest = here.high / here.answers, rest_high / rest_n
                found.append(Representative(goal, share > rest, share, rest, p))
        found.sort(key=lambda r: (r.p_value, -abs(r.share_group - r.share_rest), r.goal))
        result.append(found[:LISTED])
    return result


def smoothed_share(here: GoalInGroup) -> float:
    """Share rated high with one pseudo-answer each way (as pol.is smooths): never 0 or 1."""
    return (here.high + 1) / (here.answers + 2)


def consensus(goals: list[list[GoalInGroup]]) -> list[Ranked]:
    """Goals every group rated high: the geometric mean of the groups' smoothed shares."""
    found = []
    for goal in range(len(goals[0])):
        shares = [smoothed_share(group[goal]) for group in goals]
        if min(shares) > CONSENSUS_SHARE:
            score = math.exp(sum(math.log(s) for s in shares) / len(shares))
            found.append(Ranked(goal, score))
    found.sort(key=lambda r: (-r.score, r.goal))
    return found[:LISTED]


def divisive(goals: list[list[GoalInGroup]]) -> list[Ranked]:
    """Goals whose group means lie furthest apart (groups with `MIN_ANSWERS` answers or more)."""
    found = []
    for goal in range(len(goals[0])):
        means = [g[goal].mean for g in goals if g[goal].answers >= MIN_ANSWERS]
        present = [m for m in means if m is not None]
        if len(present) >= 2 and max(present) - min(present) >= DIVISIVE_GAP:
            found.append(Ranked(goal, max(present) - min(present)))
    found.sort(key=lambda r: (-r.score, r.goal))
    return found[:LISTED]


def find_groups(ratings: NDArray[np.float64], seed: int = SEED) -> Groups:
    """Opinion groups in a residents × goals matrix of answers 1–5 (NaN: not rated).

    Raises `TooFewResidents` below the threshold and `NoGroups` when no split has groups of
    at least `SMALL_GROUP`. Residents with fewer than `MIN_RATED` answers must be left out
    beforehand (see `eligible`); a ValueError says so otherwise.
    """
    ratings = np.asarray(ratings, dtype=np.float64)
    if ratings.ndim != 2:
        raise ValueError("ratings must be a residents × goals matrix")
    finite = ratings[~np.isnan(ratings)]
    if finite.size and (finite.min() < 1 or finite.max() > 5):
        raise ValueError("answers must be between 1 and 5")
    if not eligible(ratings).all():
        raise ValueError(f"every resident must have rated at least {MIN_RATED} goals")
    if len(ratings) < MIN_RESIDENTS:
        raise TooFewResidents(len(ratings))
    from threadpoolctl import threadpool_limits

    # One thread each for BLAS and OpenMP: on a busy server more threads than cores made the
    # same work several times slower (bench/groups.py).
    with threadpool_limits(limits=1):
        points = project(ratings)
        labels, score = cluster(points, seed)
    k = int(labels.max()) + 1
    goals = describe(ratings, labels, k)
    return Groups(
        labels, points, score, goals, representative(goals), consensus(goals), divisive(goals)
    )
