"""Municipal concepts: what a word is about, from a curated lexicon (data/concepts.toml).

A corpus of a few hundred comments cannot teach that "rullator", "hiss" and "bänkar" are one
concern, nor "busskort" and "tidtabell": that is knowledge of the world. The lexicon supplies it
for the areas Swedish municipalities work in (traffic, schools, elderly care, parks, …), each
concept with everyday Swedish words, compounds, colloquial forms and common English equivalents.

Provenance and licence: data/concepts.toml is the Dialog project's own work, written from general
knowledge of Swedish municipal services and the municipal areas of operation (as Kolada/SKR group
them), without consulting the quality fixtures (tests/themes/data); it is licensed as Dialog is.

Words are matched through the same normalisation as the method's terms (text.py: lower case,
lemma, Snowball stem, diacritics folded), so "bussarna", "Bussen" and "bussen" all hit public
transport; a word the lexicon lacks is read as a compound whose longest known beginning and end
count ("busshållplatsen" → hållplats; "cykelparkeringen" → cykel and parkering) when the rest is
a word too, so that "hundratals" is not read as "hund".
"""

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import simplemma

from dialog.themes.text import MIN_PART, base_form, fold, is_word, stop_words

DATA = Path(__file__).resolve().parent / "data" / "concepts.toml"
#: Marks a concept among a comment's terms; no word has it (text.WORD takes letters only).
MARK = "concept:"


@dataclass(frozen=True)
class Concept:
    key: str
    sv: str
    en: str


class Lexicon:
    """Concepts by word: whole words by folded form, lemma or a stem no other concept shares;
    compounds by their folded beginning and end."""

    def __init__(self, entries: dict[str, dict[str, str]]) -> None:
        self.concepts = {
            key: Concept(key, entry["sv"], entry["en"]) for key, entry in entries.items()
        }
        stop = stop_words()
        whole: dict[str, set[str]] = {}
        stems: dict[str, dict[str, set[str]]] = {}
        parts: dict[str, set[str]] = {}
        for key, entry in entries.items():
            for raw in entry["words"].split():
                word = raw.casefold().strip("-")
                if len(word) < 2 or word in stop:
                    continue
                for form in (fold(word), lemma(word)):
                    whole.setdefault(form, set()).add(key)
                stems.setdefault(base_form(word), {}).setdefault(lemma(word), set()).add(key)
                for form in (fold(word), base_form(word)):
                    if len(form) >= MIN_PART:
                        parts.setdefault(form, set()).add(key)
        self.whole = {form: frozenset(keys) for form, keys in whole.items()}
        # A stem shared by words of other concepts ("hastighet", "hästar" → "hast") says nothing.
        self.stems = {
            stem: frozenset(set.union(*by.values()))
            for stem, by in stems.items()
            if len({frozenset(keys) for keys in by.values()}) == 1
        }
        self.parts = {form: frozenset(keys) for form, keys in parts.items()}
        self.of = cache(self._of)

    def _part(self, word: str, rest: str) -> bool:
        """Whether the rest of a compound is a word ("hållplatsen"), also after a linking s."""
        return any(
            len(r) >= MIN_PART - 1 and (is_word(r) or fold(r) in self.parts)
            for r in (rest, rest[1:] if rest.startswith("s") else "")
        )

    def _of(self, word: str) -> frozenset[str]:
        """The concepts of one case-folded word (empty when the lexicon knows none)."""
        found = self.whole.get(fold(word)) or self.whole.get(lemma(word))
        found = found or self.stems.get(base_form(word))
        if found:
            return found
        folded = fold(word)
        hits: set[str] = set()
        for cut in range(MIN_PART - 1, len(folded) - MIN_PART + 1):  # longest end first
            tail = folded[cut:]
            if tail in self.parts and self._part(word, word[:cut]):
                hits |= self.parts[tail]
                break
        else:
            stem = base_form(word)
            for cut in range(MIN_PART - 1, len(stem) - MIN_PART + 1):
                if stem[cut:] in self.parts and self._part(word, word[:cut]):
                    hits |= self.parts[stem[cut:]]
                    break
        for cut in range(len(folded) - MIN_PART + 1, MIN_PART - 1, -1):  # longest beginning first
            if folded[:cut] in self.parts and self._part(word, word[cut:]):
                hits |= self.parts[folded[:cut]]
                break
        return frozenset(hits)

    def of_words(self, words: Iterable[str]) -> list[str]:
        """The concept keys the words hit, once per word and concept, in order of the words."""
        return [key for word in words for key in sorted(self.of(word))]


@cache
def lemma(word: str) -> str:
    """The word's lemma (Swedish, else English), folded but not stemmed."""
    return fold(simplemma.lemmatize(word, lang=("sv", "en")).casefold())


@cache
def lexicon() -> Lexicon:
    """The vendored lexicon, read once per process."""
    with DATA.open("rb") as file:
        return Lexicon(tomllib.load(file))
