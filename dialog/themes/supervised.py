"""Officials' tags and merged themes as supervision for the next computation.

Comments officials placed (a tag, or a theme they renamed or merged) are training examples of
their theme. A class-balanced logistic regression on the views the method already computes
(terms and character n-grams, word beginnings, the corpus's word vectors, the municipal
concepts) is trained on them, and self-training (Yarowsky 1995) widens it: each round, every
theme takes the untagged comments the model is most sure of as further examples, the same
number for each theme so that one large tag does not swallow the others, and the model is
trained again. After `ROUNDS` rounds the last model takes every comment it is sure enough of;
the others, those no theme was sure of, are left for grouping without supervision, so that
concerns nobody tagged still show.

Officials usually tag a few themes, not all. Self-training alone then swallows comments of the
concerns nobody tagged (with 4 tags in 5 of the fixture's 9 concerns, 75 % of them went into a
tagged theme and the ARI fell from 0.34 without feedback to 0.26). So the caller also gives
`others`: the communities found without supervision that hold no tagged comment, each learnt as
a class of its own (a negative) and never returned, so that a comment like them stays out of
the officials' themes (then 33 % went, and the ARI was that of no feedback).

Measured in bench/themes.py ("officials' feedback"; the settings were chosen on fixture.tsv only):
a classifier trained on the tagged comments alone reaches about the ARI of no feedback at four
tags per concern; self-training and the last pass lift it (see bench/results.md).
"""

from collections import Counter
from collections.abc import Mapping

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

__all__ = ["teach"]
#: Fewer comments than this in an officials' theme are too few to learn it from (at two per
#: concern the model is worse than grouping without supervision): such a theme keeps its own.
EXAMPLES = 3
#: Self-training rounds, and the share of all comments each round adds (spread over the themes).
ROUNDS = 8
ADD = 0.1
#: A comment is only taken when the model gives its theme at least this many times the
#: probability of a theme drawn at random (and at least `LEANS` with two themes), so that
#: comments far from every tag stay for grouping without supervision.
SURE = 1.5
LEANS = 0.6
#: Inverse strength of the regularisation (scikit-learn's C).
STRENGTH = 1.0


def _model(features: sparse.csr_matrix, label: np.ndarray) -> LogisticRegression:
    """Logistic regression on the comments placed so far, each theme weighing the same."""
    known = np.flatnonzero(label >= 0)
    model = LogisticRegression(C=STRENGTH, class_weight="balanced", max_iter=1000)
    return model.fit(features[known], label[known])


def teach(
    features: sparse.csr_matrix, given: Mapping[int, str], others: Mapping[int, int] | None = None
) -> dict[int, str]:
    """Comment position → officials' theme, for the given comments and those self-training took;
    `others` (comment position → community) are learnt as further classes that are not returned."""
    sizes = Counter(given.values())
    names = sorted(name for name, size in sizes.items() if size >= EXAMPLES)
    if len(names) < 2:  # nothing to tell apart
        return dict(given)
    count = features.shape[0]
    label = np.full(count, -1)
    negative = {p: c for p, c in (others or {}).items() if p not in given}
    groups = sorted(set(negative.values()))
    label[list(negative)] = [len(names) + groups.index(c) for c in negative.values()]
    classes = len(names) + len(groups)
    learnt = [p for p in given if given[p] in names]
    label[learnt] = [names.index(given[p]) for p in learnt]
    label[[p for p in given if given[p] not in names]] = -2  # kept as given, not learnt from
    per_round = max(1, int(ADD * count / classes))
    floor = min(SURE / classes, LEANS)
    for _ in range(ROUNDS):
        open_ = np.flatnonzero(label == -1)
        if not len(open_):
            break
        probability = _model(features, label).predict_proba(features[open_])
        best, sure = probability.argmax(axis=1), probability.max(axis=1)
        took = False
        for number in range(classes):
            mine = np.flatnonzero((best == number) & (sure >= floor))
            chosen = mine[np.argsort(-sure[mine], kind="stable")[:per_round]]
            label[open_[chosen]] = number
            took = took or len(chosen) > 0
        if not took:
            break
    open_ = np.flatnonzero(label == -1)
    if len(open_):  # the last model takes every comment it is sure enough of
        probability = _model(features, label).predict_proba(features[open_])
        sure = probability.max(axis=1) >= floor
        label[open_[sure]] = probability.argmax(axis=1)[sure]
    taken = {int(p): names[label[p]] for p in np.flatnonzero((label >= 0) & (label < len(names)))}
    return {**taken, **given}
