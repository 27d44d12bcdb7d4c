"""Grouping comments into themes without being told how many there are.

1. Terms (text.py): lemmas and stems with diacritics folded, typos repaired from the corpus,
   compounds split, stop words and residents' filler ("tycker", "borde", "behövs") dropped.
2. Four views of each comment, each seeing a different kind of likeness:
   - terms and key phrases (pairs of terms) with character n-grams of the words (what is left of
     a typo or a missing å), TF-IDF reduced by LSA;
   - the corpus's own word vectors: terms' positive pointwise mutual information over the comments
     they share, reduced by SVD, a comment being the idf-weighted mean of its terms' vectors;
   - the words' first four letters, which compounds share with their head word ("cykelbanan",
     "cykelställ", "cykla");
   - the municipal concepts its words hit (concepts.py, a curated lexicon of 43 areas such as
     public transport or walking and accessibility), TF-IDF: knowledge of the world that a few
     hundred comments cannot teach, that "rullator", "hiss" and "bänkar" are one concern. The
     concepts also count `CONCEPT_TERMS` times among the comment's terms, so that the first two
     views see them too; labels never show them. An area a tenth of the comments hit is one the
     dialogue is about, and its finer concepts (data/finer.toml: police, lighting and burglary
     in safety) count too (`PROMINENT`); an area most comments hit is the goal's own subject and
     left out, its finer concepts standing in for it (`SUBJECT`). The view counts concepts
     without idf and only those three comments hit (`concept_view`); beside them it holds the
     comment's term vector (`CONCEPT_WORDS`), so that among the many comments of one area the
     nearest are those whose words are most alike.
3. Consensus clustering: a graph of each comment's nearest neighbours in each view, split by
   Louvain modularity with five seeds per view; neighbours are then linked as strongly as the
   weighted share of the twenty runs that put them together (the concept view's runs weigh
   `CONCEPT_VOTES`, and only between comments that both hit a concept), and the themes are the
   Louvain communities of that agreement graph. The number of themes is what the graph gives,
   not a parameter. With the lexicon the mean adjusted Rand index went from 0.34 to 0.66 on the
   fixture and from 0.27 to 0.76 on the held-out file (bench/results.md, "Themes: a lexicon of
   municipal concepts"); with the second round of the lexicon and the concept view's words,
   0.65 and 0.74, and 0.33 instead of 0.29 on the blind third file ("Themes: concerns finer
   than the lexicon's areas"); with the finer concepts, 0.69 and 0.79, and 0.15–0.65 on six
   files written blind ("Themes: finer concepts").
4. Officials' feedback (a tag, or a theme they renamed or merged): the comments they placed stay
   in their theme; when at least two of their themes have `supervised.EXAMPLES` comments or more,
   a class-balanced classifier learns those themes and self-training widens them (supervised.py),
   the communities found as above that hold no official's comment being learnt as themes of
   their own so that concerns nobody tagged are not swallowed; the comments no official's theme
   took keep their community from step 3, as further themes.
5. Communities whose centres are close are joined; those too small to be a theme are offered to
   the nearest theme and otherwise left unsorted. A theme is labelled by its most characteristic
   key phrases; one whose members repeat no word, by their words of its most frequent concept.
Above `SAMPLE` comments the themes are found in a sample (officials' comments first, then drawn
at random) and every other comment takes the theme of most of its nearest sampled comments, which
keeps 100,000 comments within a minute of processor time. Deterministic: every random choice is
seeded with `SEED`. Quality and speed are measured by bench/themes.py (see bench/results.md).
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from dialog.themes.concepts import MARK, finer, lexicon
from dialog.themes.limits import MIN_COMMENTS
from dialog.themes.supervised import teach
from dialog.themes.text import Analyser, fold, words

__all__ = ["MIN_COMMENTS", "Feedback", "find_themes"]
SAMPLE = 6000
NEIGHBOURS = 12
SEED = 2026
#: Communities whose centres are this close (cosine) are one theme.
JOIN = 0.6
#: A comment within this of a theme's centre joins it rather than stay unsorted.
KEEP = 0.2
#: Letters of a word's beginning in the third view.
PREFIX = 4
#: Seeded Louvain runs per view whose agreement makes the themes.
RUNS = 5
#: Dimensions of the words' co-occurrence vectors.
WORD_DIMENSIONS = 100
#: Rows of a similarity matrix computed at once (memory: BLOCK × comments floats).
BLOCK = 1000
#: Key phrases kept per theme: a label shows three, and skips filler and verbs (labels.py).
#: Only the description reads it, never the grouping.
PHRASES = 10
#: Times each concept a comment's words hit (concepts.py) counts among its terms.
CONCEPT_TERMS = 3
#: Weight of the concept view's Louvain runs in the consensus, beside 1 for each other view.
CONCEPT_VOTES = 1.0
#: An area most comments hit is the goal's own subject (a goal on public transport: every comment
#: is about it), which tells its concerns apart no better than a term in as many comments does in
#: the term view (`max_df` there): it is left out, and its finer concepts stand in for it.
SUBJECT = 0.5
#: Weight of a comment's term vector beside its concepts in the concept view (`with_words`).
CONCEPT_WORDS = 0.5
#: Fewest comments a concept must be hit in to count in the concept view.
CONCEPT_COMMENTS = 3
#: An area at least this share of the comments hit is what the dialogue is about, and its
#: concerns are finer than it (a goal on safety: police, lighting, burglary): there its finer
#: concepts (concepts.finer) count too.
PROMINENT = 0.1


@dataclass
class Feedback:
    """What officials said last time: comment position → tags, and → merged theme; and the
    names officials gave merged or renamed themes (group → name; a tag is its own name)."""

    tags: Mapping[int, Sequence[str]] = field(default_factory=dict)
    groups: Mapping[int, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)


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


def known_concepts(analyser: Analyser) -> list[list[str]]:
    """Each comment's municipal concepts (concepts.py), once per word that hits one, less the
    goal's own subject (`SUBJECT`), with the finer concepts of the areas the dialogue is about
    (`PROMINENT`)."""
    hits = [lexicon().of_words(doc) for doc in analyser.tokens]
    share = Counter(key for doc in hits for key in set(doc))
    subject = {key for key, n in share.items() if n > SUBJECT * len(hits)}
    prominent = {key for key, n in share.items() if n >= PROMINENT * len(hits)}
    if prominent:
        known = finer(frozenset(prominent))
        hits = [
            doc + known.of_words(words) for doc, words in zip(hits, analyser.tokens, strict=True)
        ]
    return [[MARK + key for key in doc if key not in subject] for doc in hits]


def with_words(known: sparse.csr_matrix, terms: np.ndarray) -> np.ndarray:
    """The concept view with each comment's term vector beside it at `CONCEPT_WORDS`: of the many
    comments whose concepts are the same, a comment's nearest are then those whose words are most
    alike, not the first in the corpus's order (ties), so that concerns finer than the lexicon's
    areas ("Kollektivtrafik": ticket prices, night buses) are not mixed in that view's graph."""
    return normalize(np.hstack([known.toarray(), CONCEPT_WORDS * terms])).astype(np.float32)


def concept_view(concepts: Sequence[list[str]]) -> sparse.csr_matrix:
    """The concepts a comment's words hit, counted sublinearly; a comment that hits none is a zero
    row. No inverse document frequency: a concept few comments hit is more often a stray word
    ("gamla" for elderly care, "hamnar" for the harbour) than a concern, and with idf it would
    outweigh the comment's real subject; a concept fewer than `CONCEPT_COMMENTS` comments hit
    is left out for the same reason."""
    try:
        matrix = TfidfVectorizer(
            analyzer=_same,
            sublinear_tf=True,
            use_idf=False,
            min_df=CONCEPT_COMMENTS,
            dtype=np.float32,
        ).fit_transform(concepts)
    except ValueError:  # no comment hits any concept
        return sparse.csr_matrix((len(concepts), 1), dtype=np.float32)
    return normalize(matrix).tocsr()


def with_concepts(documents: Sequence[list[str]], concepts: Sequence[list[str]]) -> list[list[str]]:
    """Each comment's terms and its concepts, `CONCEPT_TERMS` times each: "rullator" and "hiss"
    then share a term, in the term view and in the words' company alike."""
    return [d + c * CONCEPT_TERMS for d, c in zip(documents, concepts, strict=True)]


def vectors(texts: Sequence[str], documents: Sequence[list[str]]) -> sparse.csr_matrix:
    """Terms and phrases with character n-grams, each row of length one."""
    term_view = TfidfVectorizer(
        analyzer=_phrases, min_df=2, max_df=0.3, sublinear_tf=True, dtype=np.float32
    ).fit_transform(documents)
    char_view = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(4, 5),
        min_df=2,
        max_df=0.3,
        sublinear_tf=True,
        dtype=np.float32,
    ).fit_transform([_characters(t) for t in texts])
    parts = [normalize(term_view), 0.7 * normalize(char_view)]
    return normalize(sparse.hstack(parts).tocsr())


def reduce(matrix: sparse.csr_matrix) -> np.ndarray:
    """LSA: the directions along which terms co-occur across the corpus."""
    dimensions = max(2, min(100, matrix.shape[0] // 4, matrix.shape[1] - 1))
    svd = TruncatedSVD(dimensions, algorithm="randomized", n_iter=5, random_state=SEED)
    return normalize(svd.fit_transform(matrix)).astype(np.float32)


def _same(document: list[str]) -> list[str]:
    return document


def beginnings(analyser: Analyser) -> sparse.csr_matrix:
    """TF-IDF of the words' first letters: compounds share their head ("cykelbana", "cykelställ",
    "cykla" → "cyke"; "busskort", "bussarna" → "buss"), whatever their ending or inflection."""
    try:
        matrix = TfidfVectorizer(
            analyzer=_same, min_df=2, max_df=0.3, sublinear_tf=True, dtype=np.float32
        ).fit_transform([[w[:PREFIX] for w in doc] for doc in analyser.words])
    except ValueError:  # no beginning shared by two comments
        return sparse.csr_matrix((len(analyser.words), 1), dtype=np.float32)
    return normalize(matrix).tocsr()


def word_vectors(documents: Sequence[list[str]]) -> np.ndarray:
    """Each comment as the idf-weighted mean of its terms' vectors, the terms' vectors being the
    SVD of their positive pointwise mutual information (PPMI) over the comments they share, so
    that words used in the same company ("rullator", "trottoarkant") point the same way."""
    count = len(documents)
    try:
        presence = CountVectorizer(
            analyzer=_same, min_df=2, binary=True, dtype=np.float32
        ).fit_transform(documents)
    except ValueError:  # no term in two comments
        return np.zeros((count, 1), dtype=np.float32)
    together = (presence.T @ presence).tocoo()
    off = together.row != together.col
    rows, cols, both = together.row[off], together.col[off], together.data[off]
    total = both.sum()
    if not total:
        return np.zeros((count, 1), dtype=np.float32)
    alone = np.bincount(rows, weights=both, minlength=presence.shape[1])
    context = alone**0.75 / (alone**0.75).sum()  # smoothed, so rare words do not dominate
    pmi = np.log(both / total / (alone[rows] / total * context[cols]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep].astype(np.float32), (rows[keep], cols[keep])), shape=together.shape
    )
    dimensions = max(1, min(WORD_DIMENSIONS, ppmi.shape[0] - 1))
    svd = TruncatedSVD(dimensions, algorithm="randomized", n_iter=5, random_state=SEED)
    words = svd.fit_transform(ppmi) / np.sqrt(np.maximum(svd.singular_values_, 1e-9))
    idf = np.log(count / np.maximum(np.asarray(presence.sum(axis=0)).ravel(), 1))
    comments = normalize(presence.multiply(idf.astype(np.float32)).tocsr()) @ words
    return normalize(comments).astype(np.float32)


def neighbours(points: np.ndarray | sparse.csr_matrix, k: int) -> tuple[np.ndarray, ...]:
    """(rows, columns, cosine) of each point's `k` nearest others, in blocks to bound memory."""
    count = points.shape[0]
    k = min(k, count - 1)
    rows, cols, weights = [], [], []
    for start in range(0, count, BLOCK):
        block = points[start : start + BLOCK] @ points.T
        block = block.toarray() if sparse.issparse(block) else np.asarray(block)
        inside = np.arange(block.shape[0])
        block[inside, inside + start] = -1.0
        nearest = np.argpartition(-block, k - 1, axis=1)[:, :k]
        rows.append(np.repeat(inside + start, k))
        cols.append(nearest.ravel())
        weights.append(np.take_along_axis(block, nearest, axis=1).ravel())
    row, col, weight = np.concatenate(rows), np.concatenate(cols), np.concatenate(weights)
    positive = weight > 0
    return row[positive], col[positive], weight[positive]


def louvain(
    count: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, seed: int
) -> np.ndarray:
    """Louvain communities of a weighted graph on `count` nodes, as a label per node."""
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_weighted_edges_from(zip(rows.tolist(), cols.tolist(), weights.tolist(), strict=True))
    labels = np.full(count, -1)
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    for number, members in enumerate(sorted(found, key=min)):
        labels[list(members)] = number
    return labels


def communities(views: Sequence[np.ndarray | sparse.csr_matrix], hits: np.ndarray) -> np.ndarray:
    """Consensus of Louvain communities: `RUNS` seeded runs on each view's nearest-neighbour
    graph; two neighbours are linked as strongly as the (weighted) share of runs that put them
    together, and the final communities are those of that agreement graph. The fourth view, the
    municipal concepts (`with_words`), weighs `CONCEPT_VOTES`, the others one each, but only
    between two comments that both hit a concept (`hits`): for one that hits none, or only the
    goal's subject, that view is its words again, which the term view has already counted."""
    count = views[0].shape[0]
    runs, pairs, votes = [], [], []
    for number, view in enumerate(views):
        rows, cols, weights = neighbours(view, NEIGHBOURS)
        pairs.append(np.minimum(rows, cols) * count + np.maximum(rows, cols))
        runs += [louvain(count, rows, cols, weights, SEED + run) for run in range(RUNS)]
        votes += [CONCEPT_VOTES if number == 3 else 1.0] * RUNS
    edges = np.unique(np.concatenate(pairs))
    a, b = edges // count, edges % count
    together = np.stack(runs)
    weights = np.repeat(np.array(votes, dtype=np.float32)[:, None], len(edges), axis=1)
    weights[3 * RUNS :, ~(hits[a] & hits[b])] = 0.0
    agreement = (weights * (together[:, a] == together[:, b])).sum(axis=0) / weights.sum(axis=0)
    keep = agreement > 0
    return louvain(count, a[keep], b[keep], agreement[keep], SEED)


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


def named(feedback: Feedback) -> dict[str, str]:
    """Officials' theme (as `seeds` names it) → the name they gave it: a tag's own name, a merged
    or renamed theme's new label."""
    found = {f"tag:{tag}": tag for tags in feedback.tags.values() for tag in tags}
    found.update({f"group:{group}": name for group, name in feedback.names.items() if name})
    return found


def with_names(
    texts: Sequence[str], given: Mapping[int, str], names: Mapping[str, str], analyser: Analyser
) -> tuple[list[str], dict[int, str]]:
    """The texts and each named officials' theme's name as one more example of it (after the
    comments), so that the words officials chose ("Säkra skolvägar") count as evidence of
    what belongs to the theme; a name whose terms no comment has says nothing and is left out.
    bench/results.md has the figures."""
    if not set(given.values()) & set(names):
        return list(texts), dict(given)
    known = {term for document in analyser.documents for term in document}
    themes = [
        theme
        for theme in sorted(set(given.values()) & set(names))
        if known & set(analyser.terms_of(names[theme]))
    ]
    extra = {len(texts) + n: theme for n, theme in enumerate(themes)}
    return [*texts, *(names[theme] for theme in themes)], {**given, **extra}


def find_themes(texts: Sequence[str], feedback: Feedback | None = None) -> Found:
    """The themes in `texts` (positions refer to it); too few texts: every one unsorted.

    Officials' tags and merged or renamed themes come first as themes of their own, widened by
    what a classifier learns from them; the other comments are grouped without supervision.
    """
    if len(texts) < MIN_COMMENTS:
        return Found([], list(range(len(texts))))
    feedback = feedback or Feedback()
    count = len(texts)
    analyser = Analyser(texts)
    texts, given = with_names(texts, seeds(feedback), named(feedback), analyser)
    if len(texts) > count:  # the names' words join the corpus
        analyser = Analyser(texts)
    concepts = known_concepts(analyser)
    documents = with_concepts(analyser.documents, concepts)
    matrix = vectors(texts, documents)
    terms = reduce(matrix)
    company = word_vectors(documents)
    heads = beginnings(analyser)
    known = concept_view(concepts)
    points = normalize(np.hstack([terms, company]))
    chosen = np.arange(len(texts))
    if len(texts) > SAMPLE:
        # Officials' comments first, but at most half the sample, so that new themes show.
        rng = np.random.default_rng(SEED)
        marked = np.array(sorted(given), dtype=int)
        if len(marked) > SAMPLE // 2:
            marked = np.sort(rng.choice(marked, SAMPLE // 2, replace=False))
        rest = np.setdiff1d(chosen, marked)
        drawn = rng.choice(rest, SAMPLE - len(marked), replace=False)
        chosen = np.sort(np.concatenate([marked, drawn]))
    where = {int(p): i for i, p in enumerate(chosen)}
    concepts_and_words = with_words(known[chosen], terms[chosen])
    views = [terms[chosen], company[chosen], heads[chosen], concepts_and_words]
    hits = np.asarray(known[chosen].sum(axis=1)).ravel() > 0
    labels = np.full(len(texts), -1)
    if given:
        features = normalize(
            sparse.hstack([matrix, 0.7 * heads, sparse.csr_matrix(company), known])
        )
        labels[chosen], fixed = taught(
            views,
            hits,
            points[chosen],
            features.tocsr()[chosen],
            {where[p]: name for p, name in given.items() if p in where},
        )
    else:
        grouped = communities(views, hits)
        labels[chosen], fixed = tidy(points[chosen], grouped, closer=JOIN, keep=KEEP), 0
    if len(chosen) < len(texts):
        labels = follow(points, labels, chosen)
    free = (labels < 0) | (labels >= fixed)
    labels[free] = tidy(points[free], labels[free], closer=JOIN, keep=KEEP)
    return describe(analyser, points[:count], labels[:count])


def taught(
    views: Sequence[np.ndarray | sparse.csr_matrix],
    hits: np.ndarray,
    points: np.ndarray,
    features: sparse.csr_matrix,
    given: Mapping[int, str],
) -> tuple[np.ndarray, int]:
    """Officials' themes (supervised.py) as themes 0 … n-1, the comments none of them took in
    their communities found without supervision after them; and n, the number of officials'
    themes, which are never joined or given up afterwards. The communities without any of the
    officials' comments are the classifier's negatives (see supervised.py)."""
    plain = tidy(points, communities(views, hits), closer=JOIN, keep=KEEP)
    tagged = set(plain[list(given)].tolist())
    others = {int(p): int(c) for p, c in enumerate(plain) if c >= 0 and c not in tagged}
    placed = teach(features, given, others)
    names = sorted(set(placed.values()))
    labels = np.full(len(points), -1)
    labels[list(placed)] = [names.index(placed[p]) for p in placed]
    rest = np.flatnonzero(labels < 0)
    labels[rest] = np.where(plain[rest] >= 0, plain[rest] + len(names), -1)
    return labels, len(names)


def follow(points: np.ndarray, labels: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Comments outside the sample take the theme most of their nearest sampled comments have
    (weighted by closeness), unless even the nearest is less than `KEEP` alike."""
    labels = labels.copy()
    others = np.setdiff1d(np.arange(len(points)), chosen)
    known = labels[chosen]
    k = min(NEIGHBOURS, len(chosen))
    themes = int(known.max()) + 1 if (known >= 0).any() else 0
    if not themes:
        return labels
    for start in range(0, len(others), BLOCK * 4):
        block = others[start : start + BLOCK * 4]
        closeness = points[block] @ points[chosen].T
        nearest = np.argpartition(-closeness, k - 1, axis=1)[:, :k]
        weight = np.take_along_axis(closeness, nearest, axis=1)
        theirs = known[nearest]
        votes = np.zeros((len(block), themes + 1), dtype=np.float32)
        np.add.at(votes, (np.repeat(np.arange(len(block)), k), theirs.ravel()), weight.ravel())
        best = votes[:, :themes].argmax(axis=1)
        sure = (weight.max(axis=1) >= KEEP) & (votes[:, :themes].max(axis=1) > 0)
        labels[block] = np.where(sure, best, -1)
    return labels


def concept_words(analyser: Analyser, members: np.ndarray) -> list[str]:
    """The residents' own words that hit the members' most frequent concept, most frequent
    first: a label for a theme whose members share no word ("rullatorn, hissen, bänkar")."""
    found = lexicon()
    hits = [(key, word) for m in members for word in analyser.tokens[m] for key in found.of(word)]
    if not hits:
        return []
    concept = Counter(key for key, _ in hits).most_common(1)[0][0]
    return [word for word, _ in Counter(w for key, w in hits if key == concept).most_common(3)]


def describe(analyser: Analyser, points: np.ndarray, labels: np.ndarray) -> Found:
    """Key phrases (class-based TF-IDF of terms) and members nearest the centre first."""
    numbers = [n for n in np.unique(labels) if n >= 0]
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for position, terms in enumerate(analyser.documents[: len(labels)]):
        if labels[position] < 0:
            continue
        for term in sorted(set(terms)):  # sorted: the same key phrases in every process
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
        top = np.argsort(-weight[row])[:PHRASES]
        phrases = [analyser.readable(terms[i]) for i in top if weight[row, i] > 0]
        phrases = phrases or concept_words(analyser, members)
        themes.append(FoundTheme(list(dict.fromkeys(phrases)), [int(m) for m in members[order]]))
    themes.sort(key=lambda theme: -len(theme.members))
    return Found(themes, [int(p) for p in np.flatnonzero(labels < 0)])
