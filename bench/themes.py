"""`make bench` (third part): themes for 100,000 comments, and their quality on the fixtures.

1. Quality: the adjusted Rand index (ARI) between the known concerns of the hand-written
   fixtures (tests/themes/data) and the themes found, beside a plain baseline: TF-IDF of the
   words and k-means, with k from 2 to 20 chosen by the silhouette. Unsorted comments count as
   one group of their own. Also the ARI after officials tagged a share of the comments with their
   concern and the themes were computed again (the feedback the method takes).
2. Speed: the method (text analysis, vectors, grouping, labels) on 100,000 comments drawn from
   the fixture's sentences with words recombined, so that no two are the same text.
"""

import argparse
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, silhouette_score

from dialog.themes.method import Feedback, find_themes
from tests.themes.fixture import read


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


def quality(name: str, tagged_share: float = 0.0, seed: int = 2026) -> tuple[float, float, int]:
    """(method's ARI, baseline's ARI, themes found) on fixture `name`."""
    concerns, texts = read(name)
    feedback = Feedback()
    if tagged_share:
        rng = np.random.default_rng(seed)
        chosen = rng.choice(len(texts), int(tagged_share * len(texts)), replace=False)
        feedback = Feedback(tags={int(i): [concerns[i]] for i in chosen})
    found = find_themes(texts, feedback)
    ours = adjusted_rand_score(concerns, found.labels(len(texts)))
    return ours, adjusted_rand_score(concerns, baseline(texts)), len(found.themes)


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
    arguments = parser.parse_args()
    if not arguments.speed_only:
        fixtures()
    texts = synthetic(arguments.comments)
    started, cpu = time.monotonic(), time.process_time()
    found = find_themes(texts)
    took, used = time.monotonic() - started, time.process_time() - cpu
    print(
        f"{len(texts)} comments: {len(found.themes)} themes, {len(found.unsorted)} unsorted "
        f"in {took:.1f} s ({used:.1f} s of processor time)"
    )


def fixtures() -> None:
    print("fixture   ARI method  ARI baseline  themes")
    for name in ("fixture", "heldout"):
        ours, theirs, count = quality(name)
        print(f"{name:9} {ours:10.3f}  {theirs:12.3f}  {count:6}")
        for share in (0.1, 0.2):
            ours, _, count = quality(name, share)
            print(f"{name:9} {ours:10.3f}  (with {share:.0%} of comments tagged by officials)")


if __name__ == "__main__":
    main()
