"""Swedish and English text analysis for themes: words, lemmas, stems, corpus spelling repair.

A resident's comment is cut into words, stop words and numbers are dropped, each word is
lemmatised (simplemma, Swedish first, then English) and stemmed (Snowball), and what is left is
folded to plain letters (å, ä → a, ö → o) so that "battre" and "bättre" meet. Words the corpus
holds only once or twice are mapped to a frequent word one letter away (typos), and compounds
are split where both parts are words of the corpus ("cykelbanorna" → cykel + ban), as Koehn and
Knight's frequency-based splitter does.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import simplemma
import snowballstemmer
from stop_words import get_stop_words

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
#: Longer runs of letters are not words (pasted links, keyboard mashing).
MAX_WORD = 40
MIN_WORD = 2
#: A compound part is at least this long, so that "cykel" and "bana" split but "en" and "or" do not.
MIN_PART = 4
FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "a", "ø": "o", "é": "e", "ü": "u"})


#: How residents write rather than what about: opinion verbs, intensifiers, filler, which the
#: general stop-word lists lack; they tie comments on different concerns together.
FILLER = frozenset(
    """
    alldeles alls alltså behöva behöver behövs borde bra dålig dåligt faktiskt folk ganska
    gång gånger göras hej hela hälsningar jätte jättebra känner känns liksom lätt massa massor
    nån nånstans nåt ok okej saknar saknas se sen ser snälla svårt ta tar tror tycker typ vore
    väl överallt
    """.split()
)


@cache
def stop_words() -> frozenset[str]:
    """Swedish and English stop words and filler, also without diacritics ("nar" for "när")."""
    words = {w.casefold() for lang in ("swedish", "english") for w in get_stop_words(lang)}
    words |= FILLER
    return frozenset(words | {fold(w) for w in words})


def fold(word: str) -> str:
    """Plain letters: residents without a Swedish keyboard write "battre" for "bättre"."""
    return unicodedata.normalize("NFC", word).translate(FOLD)


def words(text: str) -> list[str]:
    """Case-folded words without stop words, numbers and dashes at the ends."""
    stop = stop_words()
    found = (w.strip("-") for w in WORD.findall(unicodedata.normalize("NFC", text.casefold())))
    return [w for w in found if MIN_WORD <= len(w) <= MAX_WORD and w not in stop]


@cache
def _stemmers() -> tuple[Any, Any]:  # snowballstemmer is untyped
    return snowballstemmer.stemmer("swedish"), snowballstemmer.stemmer("english")


@cache
def base_form(word: str) -> str:
    """The word's lemma (Swedish, else English), stemmed, folded: one key per inflection."""
    return fold(stem(word))


@cache
def stem(word: str) -> str:
    """The word's lemma (Swedish, else English), stemmed, with its diacritics."""
    lemma = simplemma.lemmatize(word, lang=("sv", "en")).casefold()
    swedish, _english = _stemmers()
    return str(swedish.stemWord(lemma))


@cache
def is_word(word: str) -> bool:
    """Whether the lemmatiser's Swedish or English dictionary knows the word."""
    return bool(simplemma.is_known(word, lang="sv") or simplemma.is_known(word, lang="en"))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def spelling_map(counts: Counter[str], *, common: int = 2) -> dict[str, str]:
    """Words no dictionary knows → the corpus's own word they most likely stand for.

    First the same word with its diacritics ("battre" → "bättre"), then a known word of the
    corpus one edit away (deletion, insertion, change, swap; words of five letters or more, so
    that short different words are not merged), the most frequent candidate winning.
    """
    accented: dict[str, str] = {}
    for word, _count in counts.most_common():
        accented.setdefault(fold(word), word)
    index: dict[str, list[str]] = {}
    for word, count in counts.items():
        if count >= common and len(word) >= 5 and is_word(word):
            for key in _deletes(fold(word)) | {fold(word)}:
                index.setdefault(key, []).append(word)
    repaired: dict[str, str] = {}
    for word in counts:
        if is_word(word):
            continue
        if is_word(accented[fold(word)]):
            repaired[word] = accented[fold(word)]
            continue
        if len(word) < 5:
            continue
        key = fold(word)
        candidates = {c for k in _deletes(key) | {key} for c in index.get(k, ())} - {word}
        if candidates:
            repaired[word] = max(candidates, key=lambda c: (counts[c], c))
    return repaired


@cache
def compound_parts(word: str) -> tuple[str, ...]:
    """The base forms of a compound's two parts when the dictionary knows both, else ()."""
    if len(word) < 2 * MIN_PART + 1 or not word.isalpha():
        return ()
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        if len(tail) < MIN_PART or not is_word(tail):
            continue
        for left in (head, head[:-1] if head.endswith("s") else ""):
            if len(left) >= MIN_PART and is_word(left):
                return (base_form(left), base_form(tail))
    return ()


class Analyser:
    """Turns a corpus of comments into lists of terms, repairing spelling from the corpus."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.surface: Counter[tuple[str, str]] = Counter()
        tokenised = [words(t) for t in texts]
        counts: Counter[str] = Counter(w for doc in tokenised for w in doc)
        self.repair = spelling_map(counts)
        self.documents = [self._terms(doc) for doc in tokenised]
        #: Each comment's words as repaired (for the municipal concepts, concepts.py).
        self.tokens = [[self.repair.get(w, w) for w in doc] for doc in tokenised]
        #: Each comment's words as repaired and folded (for the word-beginning view).
        self.words = [[fold(w) for w in doc] for doc in self.tokens]
        for word, count in counts.items():
            self.surface[(self.term(word), self.repair.get(word, word))] += count

    def term(self, word: str) -> str:
        return base_form(self.repair.get(word, word))

    def _terms(self, tokens: Iterable[str]) -> list[str]:
        terms: list[str] = []
        for token in tokens:
            word = self.repair.get(token, token)
            terms.append(base_form(word))
            terms.extend(compound_parts(word))
        return terms

    def terms_of(self, text: str) -> list[str]:
        """The terms of a text outside the corpus, spelled as the corpus repairs them."""
        return self._terms(words(text))

    def readable(self, term: str) -> str:
        """The most frequent way residents wrote a term, for labels ("cykelbanor")."""
        forms = [(n, word) for (found, word), n in self.surface.items() if found == term]
        return max(forms)[1] if forms else term
