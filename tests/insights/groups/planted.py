"""Ratings with groups planted in them: residents of each group answer around their group's
profile (±1 at random), and each leaves some goals unrated.

Profiles on 10 goals: goals 0–1 everyone finds important (consensus); goals 2–4 group 0 finds
important and group 1 not (divisive); goals 5–7 the other way round; group 2 (when there are
three) is lukewarm on 2–7 and keen on 8; goal 9 nobody cares much about.
"""

import numpy as np

PROFILES = [
    [5, 5, 5, 5, 5, 1, 1, 1, 3, 2],
    [5, 5, 1, 1, 1, 5, 5, 5, 3, 2],
    [5, 4, 3, 3, 3, 3, 3, 3, 5, 2],
]
CONSENSUS = {0, 1}
DIVISIVE = {2, 3, 4, 5, 6, 7}


def planted(sizes: list[int], missing: float = 0.3, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """(ratings with NaN for unrated, the planted group of each resident), rows shuffled."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for group, size in enumerate(sizes):
        profile = np.array(PROFILES[group], dtype=float)
        for _resident in range(size):
            answers = np.clip(profile + rng.integers(-1, 2, size=len(profile)), 1, 5)
            gaps = rng.random(len(profile)) < missing
            gaps[rng.choice(len(profile), 3, replace=False)] = False  # at least 3 rated
            answers[gaps] = np.nan
            rows.append(answers)
            truth.append(group)
    order = rng.permutation(len(rows))
    return np.array(rows)[order], np.array(truth)[order]
