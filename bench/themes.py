"""`make bench` (third part): themes for 100,000 comments, and their quality on the fixtures.

1. Quality: the adjusted Rand index (ARI) between the known concerns of the hand-written
   fixtures (tests/themes/data) and the themes found, beside a plain baseline: TF-IDF of the
   words and k-means, with k from 2 to 20 chosen by the silhouette. Unsorted comments count as
   one group of their own. The method's figure is given for its fixed seed and as the mean over
   five seeds, since on a few hundred comments one seed's figure moves by a few hundredths.
2. Officials' feedback: the ARI on the comments officials did NOT tag, after they tagged 2, 3,
   4, 8 or 16 comments per concern, beside the ARI on the same comments without feedback; and the
   ARI after officials merged the themes of a first computation that are about the same concern;
   then the tag rows again with the tags named as officials would (NAMES), whose words the method
   takes as one more example of the theme (seed phrases).
3. Ceiling (`--ceiling`): the ARI of classifiers TRAINED on the known concerns (10-fold
   cross-validation) over the method's own features. No grouping without labels can be expected
   to beat it, so it tells whether a target is out of reach of the features themselves.
4. Speed: the method (text analysis, vectors, grouping, labels) on 100,000 comments drawn from
   the fixture's sentences with words recombined, so that no two are the same text. Processor
   time (`time.process_time`, all threads) is the figure to compare: on a shared machine the wall
   time is mostly the queue.
"""

import argparse
import ast
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from dialog.themes import method, services
from dialog.themes.method import Feedback, find_themes
from dialog.themes.text import Analyser
from tests.themes.fixture import read

SEEDS = (2026, 2027, 2028, 2029, 2030)
#: Fixtures of the first quality table and the ceiling; the "blind" ones were written without
#: sight of the method or its lexicons (tests/themes/data/README.md), so they have no NAMES, and
#: their feedback rows are `BLIND_TAGS` unnamed tags per concern only.
QUALITY = ("fixture", "heldout", "blind", "blind4", "blind5", "blind6", "blind7", "blind8")
#: Tags per concern in the blind fixtures' feedback rows.
BLIND_TAGS = (4, 8)
#: Comments officials tag per concern in the feedback part (16: how far tags alone go).
TAGS_PER_CONCERN = (2, 3, 4, 8, 16)
#: Tags per concern when officials tag only some concerns (`PARTIAL` of them, drawn per seed).
PARTIAL_TAGS = 4
PARTIAL = 0.5
#: Tags per concern and share of the concerns in the rows with named tags.
NAMED_ROWS = ((2, 1.0), (4, 1.0), (PARTIAL_TAGS, PARTIAL), (16, 1.0))
#: Names officials would give each concern's theme or tag, written from the concern keys and the
#: goals in tests/themes/data/README.md, not from the comments. Without them a tag is named "T1",
#: "T2" … (no word), so that the rows above measure the tagged comments alone.
NAMES = {
    "belysning": "Belysning och trygghet",
    "buss": "Kollektivtrafik och bussar",
    "cykel": "Cykelvägar",
    "fart": "Hastigheter och trafiksäkerhet",
    "gronska": "Parker och grönområden",
    "parkering": "Parkering",
    "skola": "Säkra skolvägar",
    "skrap": "Nedskräpning och sophantering",
    "tillganglighet": "Tillgänglighet för alla",
    "aldre": "Äldreomsorg",
    "bibliotek": "Biblioteket",
    "bostad": "Bostäder och hyror",
    "bredband": "Bredband och uppkoppling",
    "idrott": "Idrott och motion",
    "ungdom": "Fritid för unga",
    "vard": "Vårdcentral och sjukvård",
}


def baseline(texts: list[str], seed: int = 2026) -> np.ndarray:
    """TF-IDF + k-means, k by silhouette (what the method is measured against)."""
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    best, labels = -1.0, np.zeros(len(texts), dtype=int)
    for k in range(2, min(21, len(texts))):
        found = KMeans(k, n_init=3, random_state=seed).fit_predict(matrix)
        score = silhouette_score(matrix, found, metric="cosine")
        if score > best:
            best, labels = score, found
    return labels


def with_seed(seed: int, texts: list[str], feedback: Feedback | None = None) -> method.Found:
    """The method with another seed for its samples, SVDs and Louvain runs."""
    kept = method.SEED
    method.SEED = seed
    try:
        return find_themes(texts, feedback)
    finally:
        method.SEED = kept


def quality(name: str) -> tuple[float, float, float, int, int]:
    """(method's ARI, its mean over SEEDS, baseline's ARI, themes, unsorted) on fixture `name`."""
    concerns, texts = read(name)
    found = find_themes(texts)
    ours = adjusted_rand_score(concerns, found.labels(len(texts)))
    seeds = [adjusted_rand_score(concerns, with_seed(s, texts).labels(len(texts))) for s in SEEDS]
    theirs = adjusted_rand_score(concerns, baseline(texts))
    return ours, float(np.mean(seeds)), theirs, len(found.themes), len(found.unsorted)


def tagged(concerns: list[str], per: int, seed: int, share: float = 1.0) -> list[int]:
    """`per` comments of each concern, drawn at random: the ones officials tag; with `share`
    below one, only in that share of the concerns (rounded up, drawn at random)."""
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    every = sorted(set(concerns))
    if share < 1:  # drawn only then, so that the full case draws the same tags as before
        every = sorted(rng.choice(every, int(np.ceil(share * len(every))), replace=False))
    for concern in every:
        ours = [i for i, c in enumerate(concerns) if c == concern]
        chosen += [int(i) for i in rng.choice(ours, min(per, len(ours)), replace=False)]
    return sorted(chosen)


def with_tags(
    name: str, per: int, share: float = 1.0, *, named: bool = False
) -> tuple[float, float]:
    """Mean over SEEDS of the ARI on the untagged comments (without, with `per` tags/concern in
    `share` of the concerns); the tags `named` as officials would (NAMES) or "T1", "T2" …"""
    concerns, texts = read(name)
    known = np.array(concerns)
    every = sorted(set(concerns))
    tag = {c: NAMES[c] if named else f"T{n + 1}" for n, c in enumerate(every)}
    before, after = [], []
    for seed in SEEDS:
        marked = tagged(concerns, per, seed, share)
        rest = np.setdiff1d(np.arange(len(texts)), marked)
        feedback = Feedback(tags={i: [tag[concerns[i]]] for i in marked})
        plain = with_seed(seed, texts).labels(len(texts))
        fed = with_seed(seed, texts, feedback).labels(len(texts))
        before.append(adjusted_rand_score(known[rest], plain[rest]))
        after.append(adjusted_rand_score(known[rest], fed[rest]))
    return float(np.mean(before)), float(np.mean(after))


def with_merges(name: str) -> tuple[float, float]:
    """Mean over SEEDS of the ARI before and after officials merged the themes of a first
    computation that are mostly about the same concern (their comments then come back as
    `Feedback.groups`, as the service passes merged themes to the next run)."""
    concerns, texts = read(name)
    before, after = [], []
    for seed in SEEDS:
        first = with_seed(seed, texts)
        groups: dict[int, str] = {}
        for theme in first.themes:
            main = Counter(concerns[p] for p in theme.members).most_common(1)[0][0]
            groups.update({p: main for p in theme.members})
        second = with_seed(seed, texts, Feedback(groups=groups))
        before.append(adjusted_rand_score(concerns, first.labels(len(texts))))
        after.append(adjusted_rand_score(concerns, second.labels(len(texts))))
    return float(np.mean(before)), float(np.mean(after))


def reviewed(name: str, *, edge: bool, rounds: int = 2) -> list[tuple[float, float, float]]:
    """Officials review what the themes page shows: in each of `rounds` reviews they tag each
    theme's three quotes, and with `edge` also the three untagged comments at its edge
    (services.edge), with the concern they are about, and the themes are computed again. Half
    the comments, drawn per seed, are never tagged and the ARI is measured on them, so that both
    ways are scored on the same comments. Per review, the mean over SEEDS of (comments tagged,
    ARI on the scored half before any review, ARI on it after this one)."""
    concerns, texts = read(name)
    known = np.array(concerns)
    rows = []
    for seed in SEEDS:
        scored = np.sort(np.random.default_rng(seed).permutation(len(texts))[: len(texts) // 2])
        hidden = set(scored.tolist())
        tags: dict[int, list[str]] = {}
        first = found = with_seed(seed, texts)
        scores = []
        for _review in range(rounds):
            for theme in found.themes:
                members = [p for p in theme.members if p not in hidden]
                quotes = services.representative(members, texts)
                shown = quotes + (services.edge(members, set(tags) | set(quotes)) if edge else [])
                tags.update({p: [f"T:{concerns[p]}"] for p in shown})
            found = with_seed(seed, texts, Feedback(tags=tags))
            scores.append(
                (
                    len(tags),
                    adjusted_rand_score(known[scored], first.labels(len(texts))[scored]),
                    adjusted_rand_score(known[scored], found.labels(len(texts))[scored]),
                )
            )
        rows.append(scores)
    return [tuple(float(x) for x in row) for row in np.mean(rows, axis=0)]


def review() -> None:
    print("fixture   shown per theme    review  tagged  ARI on the untagged half: before → after")
    for name in QUALITY:
        for edge in (False, True):
            shown = "quotes and edge" if edge else "quotes"
            for number, (count, before, after) in enumerate(reviewed(name, edge=edge), 1):
                print(f"{name:9} {shown:18} {number:6}  {count:6.0f}  {before:32.3f} → {after:.3f}")


def ceiling(name: str) -> tuple[float, float]:
    """ARI of a linear SVM and of logistic regression that learnt the concerns from nine tenths
    of fixture `name` and placed the last tenth (10-fold cross-validation), over the method's
    features: terms, key phrases and character n-grams; word beginnings; the corpus's word
    vectors; the municipal concepts (all four views side by side)."""
    concerns, texts = read(name)
    analyser = Analyser(texts)
    concepts = method.known_concepts(analyser)
    documents = method.with_concepts(analyser.documents, concepts)
    features = normalize(
        sparse.hstack(
            [
                method.vectors(texts, documents),
                method.beginnings(analyser),
                sparse.csr_matrix(method.word_vectors(documents)),
                method.concept_view(concepts),
            ]
        ).tocsr()
    )
    folds = StratifiedKFold(10, shuffle=True, random_state=SEEDS[0])
    svm, logistic = (
        adjusted_rand_score(concerns, cross_val_predict(model, features, concerns, cv=folds))
        for model in (LinearSVC(), LogisticRegression(C=10, max_iter=2000))
    )
    return svm, logistic


def synthetic(count: int, seed: int = 2026) -> list[str]:
    """`count` comments: fixture comments with a random share of another comment's words."""
    _concerns, texts = read("fixture")
    rng = np.random.default_rng(seed)
    split = [t.split() for t in texts]
    made = []
    for _ in range(count):
        words = list(split[rng.integers(len(split))])
        extra = split[rng.integers(len(split))]
        words += list(rng.choice(extra, size=min(len(extra), int(rng.integers(0, 4)))))
        rng.shuffle(words[1:])
        made.append(" ".join(words))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--speed-only", action="store_true", help="Skip the fixtures' ARI.")
    parser.add_argument("--quality-only", action="store_true", help="Skip the speed part.")
    parser.add_argument(
        "--thesaurus",
        metavar="DAT",
        help="Only compare the ARI with and without a MyThes thesaurus's synonyms as extra terms "
        "(Debian's mythes-sv: /usr/share/mythes/th_sv_SE_v2.dat).",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="Only print the ARI of classifiers trained on the fixtures' concerns.",
    )
    parser.add_argument(
        "--compare",
        action="append",
        metavar="NAME=VALUE",
        help="Only print the mean ARI over --seeds seeds per fixture, method.NAME set to VALUE "
        "(a Python literal; repeatable), e.g. --compare PROMINENT=1.1 for no finer concepts.",
    )
    parser.add_argument("--seeds", type=int, default=10, help="Seeds for --compare.")
    parser.add_argument(
        "--review",
        action="store_true",
        help="Only print the ARI after officials tagged what the themes page shows (two reviews).",
    )
    arguments = parser.parse_args()
    if arguments.compare is not None:
        compare(dict(setting.split("=", 1) for setting in arguments.compare), arguments.seeds)
        return
    if arguments.review:
        review()
        return
    if arguments.ceiling:
        print("fixture   ARI of classifiers trained on the concerns (10-fold): SVM  logistic")
        for name in QUALITY:
            svm, logistic = ceiling(name)
            print(f"{name:9} {'':52} {svm:5.3f}  {logistic:8.3f}")
        return
    if arguments.thesaurus:
        thesaurus(arguments.thesaurus)
        return
    if not arguments.speed_only:
        fixtures()
    if arguments.quality_only:
        return
    texts = synthetic(arguments.comments)
    started, cpu = time.monotonic(), time.process_time()
    found = find_themes(texts)
    took, used = time.monotonic() - started, time.process_time() - cpu
    print(
        f"{len(texts)} comments: {len(found.themes)} themes, {len(found.unsorted)} unsorted "
        f"({len(found.unsorted) / len(texts):.1%}) in {used:.1f} s of processor time "
        f"({took:.1f} s wall time)"
    )


def compare(settings: dict[str, str], seeds: int) -> None:
    """Mean and spread of the ARI over `seeds` seeds on each fixture, with the method's constants
    in `settings` changed: to see what one choice does on every fixture at once."""
    unknown = [name for name in settings if not name.isupper() or not hasattr(method, name)]
    if unknown:
        raise SystemExit(f"method has no constant {', '.join(unknown)}")
    kept = {name: getattr(method, name) for name in settings}
    print("settings:", ", ".join(f"{k}={v}" for k, v in settings.items()) or "the method's own")
    try:
        for name, value in settings.items():
            setattr(method, name, ast.literal_eval(value))
        means = []
        for name in QUALITY:
            concerns, texts = read(name)
            scores = [
                adjusted_rand_score(concerns, with_seed(seed, texts).labels(len(texts)))
                for seed in range(SEEDS[0], SEEDS[0] + seeds)
            ]
            means.append(float(np.mean(scores)))
            print(f"{name:9} {means[-1]:.3f} ± {np.std(scores):.3f}")
        print(f"{'mean':9} {np.mean(means):.3f}")
    finally:
        for name, value in kept.items():
            setattr(method, name, value)


def synonyms(path: str) -> dict[str, set[str]]:
    """Word → its synonyms, both ways, from a MyThes .dat file (ISO-8859-1: "word|n" and n lines
    "|syn|syn…"); phrases of several words are left out."""
    found: dict[str, set[str]] = {}
    lines = Path(path).read_text(encoding="iso-8859-1").splitlines()[1:]
    at = 0
    while at < len(lines):
        head, _, count = lines[at].rpartition("|")
        for line in lines[at + 1 : at + 1 + int(count)]:
            for word in line.split("|")[1:]:
                if word and " " not in word and word != head:
                    found.setdefault(head.casefold(), set()).add(word.casefold())
                    found.setdefault(word.casefold(), set()).add(head.casefold())
        at += 1 + int(count)
    return found


def thesaurus(path: str) -> None:
    """The method's ARI (mean of 5 seeds) as it is, and with each word's thesaurus synonyms that
    the corpus also holds added as terms (so that "sopor" and "skräp" share one)."""
    from dialog.themes import text

    table = synonyms(path)
    plain_terms = text.Analyser._terms

    def with_synonyms(self: text.Analyser, tokens: list[str]) -> list[str]:
        terms = plain_terms(self, tokens)
        for token in tokens:
            word = self.repair.get(token, token)
            for form in {word, text.simplemma.lemmatize(word, lang="sv").casefold()}:
                terms += [text.base_form(s) for s in table.get(form, ()) if s in self.known]
        return terms

    print("fixture   ARI without  with the thesaurus's synonyms (mean of 5 seeds)")
    for name in ("fixture", "heldout"):
        concerns, texts = read(name)
        scores = []
        for patched in (False, True):
            if patched:
                known = {w for t in texts for w in text.words(t)}
                text.Analyser.known = known | {text.fold(w) for w in known}  # type: ignore[attr-defined]
                text.Analyser._terms = with_synonyms  # type: ignore[method-assign]
            try:
                scores.append(
                    np.mean(
                        [
                            adjusted_rand_score(concerns, with_seed(s, texts).labels(len(texts)))
                            for s in SEEDS
                        ]
                    )
                )
            finally:
                text.Analyser._terms = plain_terms  # type: ignore[method-assign]
        print(f"{name:9} {scores[0]:11.3f}  {scores[1]:5.3f}")


def fixtures() -> None:
    print("fixture   ARI method  (mean of 5 seeds)  ARI baseline  themes  unsorted")
    for name in QUALITY:
        ours, mean, theirs, count, unsorted = quality(name)
        print(f"{name:9} {ours:10.3f}  {mean:17.3f}  {theirs:12.3f}  {count:6}  {unsorted:8}")
    print("\nofficials' feedback (mean of 5 seeds)  ARI on the untagged comments: without  with")
    for name in ("fixture", "heldout"):
        for per in TAGS_PER_CONCERN:
            before, after = with_tags(name, per)
            print(f"{name:9} {per:2} tagged per concern {'':16} {before:7.3f}  {after:5.3f}")
        before, after = with_tags(name, PARTIAL_TAGS, PARTIAL)
        partial = f"{PARTIAL_TAGS} tagged in {PARTIAL:.0%} of the concerns"
        print(f"{name:9} {partial:38} {before:7.3f}  {after:5.3f}")
    for name in QUALITY[2:]:
        for per in BLIND_TAGS:
            before, after = with_tags(name, per)
            print(f"{name:9} {per:2} tagged per concern {'':16} {before:7.3f}  {after:5.3f}")
    print("\nthe same, the tags named as officials would (NAMES: their words are seed phrases)")
    for name in ("fixture", "heldout"):
        for per, share in NAMED_ROWS:
            before, after = with_tags(name, per, share, named=True)
            row = f"{per} tagged" + (
                f" in {share:.0%} of the concerns" if share < 1 else " per concern"
            )
            print(f"{name:9} {row:38} {before:7.3f}  {after:5.3f}")
    print("\nofficials merged the themes of one concern (mean of 5 seeds)  ARI: before  after")
    for name in ("fixture", "heldout"):
        before, after = with_merges(name)
        print(f"{name:9} {'':50} {before:6.3f}  {after:5.3f}")


if __name__ == "__main__":
    main()
