"""Grouping comments into themes without being told how many there are.

1. Terms (text.py): lemmas and stems with diacritics folded, typos repaired from the corpus,
   compounds split; key phrases are the terms and the pairs of terms next to each other.
2. Two TF-IDF views of each comment: its terms and phrases, and character n-grams of its words
   (what is left of a typo or a missing å). Officials' tags and merges are added as columns of
   their own, so that comments they put together are near each other in the next computation.
3. Latent semantic analysis (truncated SVD) of both: terms that occur in the same comments
   across the corpus ("bussen", "turtäthet", "kollektivtrafiken") end up in the same directions.
4. A graph of each comment's nearest neighbours, split into communities by Louvain modularity;
   the number of themes is what the graph's structure gives, not a parameter.
5. Communities whose centres are close are joined; those too small to be a theme are offered to
   the nearest theme and otherwise left unsorted.
Above `SAMPLE` comments the themes are found in a random sample and every other comment goes to
the theme whose centre it is nearest (or stays unsorted), which keeps 100,000 comments well under
a minute.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from dialog.themes.limits import MIN_COMMENTS
from dialog.themes.text import Analyser, fold, words

__all__ = ["MIN_COMMENTS", "Feedback", "find_themes"]
SAMPLE = 6000
NEIGHBOURS = 12
SEED = 2026
#: Weight of an official's tag or merge as a column beside the text's own.
FEEDBACK_WEIGHT = 0.6
#: Communities whose centres are this close (cosine) are one theme.
JOIN = 0.6
#: A comment within this of a theme's centre joins it rather than stay unsorted.
KEEP = 0.2


@dataclass
class Feedback:
    """What officials said last time: comment position → tags, and → merged theme."""

    tags: Mapping[int, Sequence[str]] = field(default_factory=dict)
    groups: Mapping[int, str] = field(default_factory=dict)


@dataclass
class FoundTheme:
    #: Key phrases in the way residents wrote them, most characteristic first.
    phrases: list[str]
    #: Positions of the comments, nearest the centre first.
    members: list[int]

    @property
    def label(self) -> str:
        return ", ".join(self.phrases[:3])


@dataclass
class Found:
    themes: list[FoundTheme]
    unsorted: list[int]

    def labels(self, count: int) -> np.ndarray:
        """Theme number per comment, -1 for unsorted (for the adjusted Rand index)."""
        found = np.full(count, -1)
        for number, theme in enumerate(self.themes):
            found[theme.members] = number
        return found


def _phrases(terms: list[str]) -> list[str]:
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False) if a != b]


def _characters(text: str) -> str:
    return " ".join(fold(w) for w in words(text))


def vectors(texts: Sequence[str], analyser: Analyser, feedback: Feedback) -> sparse.csr_matrix:
    """Terms and phrases, character n-grams and officials' feedback, each row of length one."""
    term_view = TfidfVectorizer(
        analyzer=_phrases, min_df=2, max_df=0.3, sublinear_tf=True, dtype=np.float32
    ).fit_transform(analyser.documents)
    char_view = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(4, 5),
        min_df=2,
        max_df=0.3,
        sublinear_tf=True,
        dtype=np.float32,
    ).fit_transform([_characters(t) for t in texts])
    parts = [normalize(term_view), 0.7 * normalize(char_view)]
    columns = sorted(
        {f"tag:{t}" for tags in feedback.tags.values() for t in tags}
        | {f"group:{g}" for g in feedback.groups.values()}
    )
    if columns:
        number = {c: i for i, c in enumerate(columns)}
        rows, cols = [], []
        for position, tags in feedback.tags.items():
            for tag in tags:
                rows.append(position)
                cols.append(number[f"tag:{tag}"])
        for position, group in feedback.groups.items():
            rows.append(position)
            cols.append(number[f"group:{group}"])
        marks = sparse.csr_matrix(
            (np.full(len(rows), 1.0, dtype=np.float32), (rows, cols)),
            shape=(len(texts), len(columns)),
        )
        parts.append(FEEDBACK_WEIGHT * normalize(marks))
    return normalize(sparse.hstack(parts).tocsr())


def reduce(matrix: sparse.csr_matrix) -> np.ndarray:
    """LSA: the directions along which terms co-occur across the corpus."""
    dimensions = max(2, min(100, matrix.shape[0] // 4, matrix.shape[1] - 1))
    svd = TruncatedSVD(dimensions, algorithm="randomized", n_iter=5, random_state=SEED)
    return normalize(svd.fit_transform(matrix)).astype(np.float32)


def communities(points: np.ndarray) -> np.ndarray:
    """Louvain communities of the nearest-neighbour graph (cosine similarity as weight)."""
    count = len(points)
    k = min(NEIGHBOURS, count - 1)
    similarity = points @ points.T
    np.fill_diagonal(similarity, -1.0)
    nearest = np.argpartition(-similarity, k, axis=1)[:, :k]
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    for row in range(count):
        for column in nearest[row]:
            weight = float(similarity[row, column])
            if weight > 0:
                graph.add_edge(row, int(column), weight=weight)
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    labels = np.full(count, -1)
    for number, members in enumerate(found):
        labels[list(members)] = number
    return labels


def _centres(points: np.ndarray, labels: np.ndarray) -> dict[int, np.ndarray]:
    return {
        int(n): normalize(points[labels == n].mean(axis=0, keepdims=True))[0]
        for n in np.unique(labels)
        if n >= 0
    }


def join(points: np.ndarray, labels: np.ndarray, *, closer: float = 0.6) -> np.ndarray:
    """Join themes whose centres are at least `closer` alike (cosine), closest first."""
    labels = labels.copy()
    while True:
        centres = _centres(points, labels)
        numbers = sorted(centres)
        if len(numbers) < 2:
            return labels
        stacked = np.stack([centres[n] for n in numbers])
        closeness = stacked @ stacked.T
        np.fill_diagonal(closeness, -1.0)
        a, b = np.unravel_index(np.argmax(closeness), closeness.shape)
        if closeness[a, b] < closer:
            return labels
        labels[labels == numbers[b]] = numbers[a]


def tidy(points: np.ndarray, labels: np.ndarray, *, closer: float, keep: float) -> np.ndarray:
    """Join close communities and give them the loose comments within `keep` of their centre;
    themes still too small (under 1 % of the comments placed, at least 3) are given up, their
    comments offered to the other themes or left unsorted (-1)."""
    labels = assign(points, join(points, labels, closer=closer), keep=keep)
    smallest = max(3, int((labels >= 0).sum()) // 100)
    for number in np.unique(labels):
        if number >= 0 and (labels == number).sum() < smallest:
            labels[labels == number] = -1
    return assign(points, labels, keep=keep)


def assign(points: np.ndarray, labels: np.ndarray, *, keep: float) -> np.ndarray:
    """Unsorted points go to the nearest theme centre when they are within `keep` of it."""
    centres = _centres(points, labels)
    if not centres:
        return labels
    numbers = np.array(sorted(centres))
    stacked = np.stack([centres[n] for n in numbers])
    loose = np.flatnonzero(labels < 0)
    if len(loose):
        closeness = points[loose] @ stacked.T
        best = closeness.argmax(axis=1)
        near = closeness[np.arange(len(loose)), best] >= keep
        labels = labels.copy()
        labels[loose[near]] = numbers[best[near]]
    return labels


def seeds(feedback: Feedback) -> dict[int, str]:
    """Comment position → the theme officials gave it: a merged theme, else its first tag."""
    found = {position: f"tag:{sorted(tags)[0]}" for position, tags in feedback.tags.items() if tags}
    found.update({position: f"group:{group}" for position, group in feedback.groups.items()})
    return found


def find_themes(texts: Sequence[str], feedback: Feedback | None = None) -> Found:
    """The themes in `texts` (positions refer to it); too few texts: every one unsorted.

    Comments officials tagged or merged start as themes of their own, which communities found
    in the rest join when their centres are close; officials' marks are also columns of the
    vectors, so that comments like the ones they marked come near them.
    """
    if len(texts) < MIN_COMMENTS:
        return Found([], list(range(len(texts))))
    feedback = feedback or Feedback()
    analyser = Analyser(texts)
    points = reduce(vectors(texts, analyser, feedback))
    labels = np.full(len(texts), -1)
    given = seeds(feedback)
    names = sorted(set(given.values()))
    for position, name in given.items():
        labels[position] = names.index(name)
    free = np.flatnonzero(labels < 0)
    if len(free) > SAMPLE:
        free = np.random.default_rng(SEED).choice(free, SAMPLE, replace=False)
    if len(free) >= MIN_COMMENTS:
        grouped = tidy(points[free], communities(points[free]), closer=JOIN, keep=KEEP)
        labels[free] = np.where(grouped >= 0, grouped + len(names), -1)
    labels = tidy(points, labels, closer=JOIN, keep=KEEP)
    return describe(analyser, points, labels)


def describe(analyser: Analyser, points: np.ndarray, labels: np.ndarray) -> Found:
    """Key phrases (class-based TF-IDF of terms) and members nearest the centre first."""
    numbers = [n for n in np.unique(labels) if n >= 0]
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for position, terms in enumerate(analyser.documents):
        if labels[position] < 0:
            continue
        for term in set(terms):
            rows.append(numbers.index(labels[position]))
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
    if not vocabulary:
        return Found([], list(range(len(labels))))
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(numbers), len(vocabulary))
    ).toarray()
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    spread = np.log(1 + len(numbers) / np.maximum((counts > 0).sum(axis=0), 1))
    weight = share * spread * (counts >= 2)
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    centres = _centres(points, labels)
    themes = []
    for row, number in enumerate(numbers):
        members = np.flatnonzero(labels == number)
        order = np.argsort(-(points[members] @ centres[number]))
        top = np.argsort(-weight[row])[:5]
        phrases = [analyser.readable(terms[i]) for i in top if weight[row, i] > 0]
        themes.append(FoundTheme(list(dict.fromkeys(phrases)), [int(m) for m in members[order]]))
    themes.sort(key=lambda theme: -len(theme.members))
    return Found(themes, [int(p) for p in np.flatnonzero(labels < 0)])
