"""Municipal concepts: what a word is about, from a curated lexicon (data/concepts.toml).

A corpus of a few hundred comments cannot teach that "rullator", "hiss" and "bänkar" are one
concern, nor "busskort" and "tidtabell": that is knowledge of the world. The lexicon supplies it
for the areas Swedish municipalities work in (traffic, schools, elderly care, parks, …), each
concept with everyday Swedish words, compounds, colloquial forms and common English equivalents.

Provenance and licence: data/concepts.toml is the Dialog project's own work, written from general
knowledge of Swedish municipal services and the municipal areas of operation (as Kolada/SKR group
them), without consulting the quality fixtures (tests/themes/data); it is licensed as Dialog is.
Its second round (2026-12-06, dated in its header) only fixed three flaws seen after measuring.
data/finer.toml splits each area into the concerns an official would summarise a dialogue about it
by (fares, frequency, stops, …; 288 in all), written the same day by two writers who saw only the
areas; the method uses an area's finer concepts where the dialogue is about that area.

Words are matched through the same normalisation as the method's terms (text.py: lower case,
lemma, Snowball stem, diacritics folded), so "bussarna", "Bussen" and "bussen" all hit public
transport; a word the lexicon lacks is read as a compound whose longest known beginning and end
count ("busshållplatsen" → hållplats; "cykelparkeringen" → cykel and parkering) when the rest is
a word too, so that "hundratals" is not read as "hund". A whole word may lack diacritics the
lexicon's has ("bankarna" for "bänkarna") but not have others ("vågar", dares, is not "vägar",
roads).
"""

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import simplemma

from dialog.themes.text import MIN_PART, base_form, fold, is_word, stem, stop_words

DATA = Path(__file__).resolve().parent / "data" / "concepts.toml"
#: Each area's finer concerns ("Kollektivtrafik": fares, frequency, …), each with its `parent`.
FINER = DATA.with_name("finer.toml")
#: Marks a concept among a comment's terms; no word has it (text.WORD takes letters only).
MARK = "concept:"


@dataclass(frozen=True)
class Concept:
    key: str
    sv: str
    en: str


class Lexicon:
    """Concepts by word: whole words by form, lemma or a stem no other concept shares; compounds
    by their beginning and end; each as the resident may have spelled it without diacritics."""

    def __init__(self, entries: dict[str, dict[str, str]]) -> None:
        self.concepts = {
            key: Concept(key, entry["sv"], entry["en"]) for key, entry in entries.items()
        }
        #: The area each concept belongs to: its `parent` in data/finer.toml, else itself.
        self.parent = {key: entry.get("parent", key) for key, entry in entries.items()}
        stop = stop_words()
        whole: dict[str, dict[str, set[str]]] = {}
        stems: dict[str, dict[str, set[str]]] = {}
        stem_forms: dict[str, dict[str, set[str]]] = {}
        parts: dict[str, dict[str, set[str]]] = {}
        for key, entry in entries.items():
            for raw in entry["words"].split():
                word = raw.casefold().strip("-")
                if len(word) < 2 or word in stop:
                    continue
                for form in (word, lemma(word, folded=False)):
                    whole.setdefault(fold(form), {}).setdefault(form, set()).add(key)
                stems.setdefault(base_form(word), {}).setdefault(lemma(word), set()).add(key)
                stem_forms.setdefault(base_form(word), {}).setdefault(stem(word), set()).add(key)
                for form in (word, stem(word)):
                    if len(form) >= MIN_PART:
                        parts.setdefault(fold(form), {}).setdefault(form, set()).add(key)
        #: Folded form → the lexicon's forms with their diacritics → concepts.
        self.whole = {
            folded: {form: frozenset(keys) for form, keys in forms.items()}
            for folded, forms in whole.items()
        }
        # A stem shared by words of other concepts ("hastighet", "hästar" → "hast") says nothing.
        self.stems = {
            folded: {form: frozenset(keys) for form, keys in stem_forms[folded].items()}
            for folded, by in stems.items()
            if len({frozenset(keys) for keys in by.values()}) == 1
        }
        self.parts = {
            folded: {form: frozenset(keys) for form, keys in forms.items()}
            for folded, forms in parts.items()
        }
        self.of = cache(self._of)

    def _part(self, word: str, rest: str) -> bool:
        """Whether the rest of a compound is a word ("hållplatsen"), also after a linking s."""
        return any(
            len(r) >= MIN_PART - 1 and (is_word(r) or fold(r) in self.parts)
            for r in (rest, rest[1:] if rest.startswith("s") else "")
        )

    def _of(self, word: str) -> frozenset[str]:
        """The concepts of one case-folded word (empty when the lexicon knows none)."""
        found = _spelled(self.whole, word) or _spelled(self.whole, lemma(word, folded=False))
        found = found or _spelled(self.stems, stem(word))
        if found:
            return found
        hits: set[str] = set()
        for cut in range(MIN_PART - 1, len(word) - MIN_PART + 1):  # longest end first
            tail = _spelled(self.parts, word[cut:])
            if tail and self._part(word, word[:cut]):
                hits |= tail
                break
        else:
            stemmed = stem(word)
            for cut in range(MIN_PART - 1, len(stemmed) - MIN_PART + 1):
                tail = _spelled(self.parts, stemmed[cut:])
                if tail and self._part(word, word[:cut]):
                    hits |= tail
                    break
        for cut in range(len(word) - MIN_PART + 1, MIN_PART - 1, -1):  # longest beginning first
            head = _spelled(self.parts, word[:cut])
            if head and self._part(word, word[cut:]):
                hits |= head
                break
        return frozenset(hits)

    def lists(self, word: str) -> bool:
        """Whether the lexicon lists the case-folded word, or has it as a listed word's lemma,
        not only its stem or a part of it (theme labels ask it of verbs: "cykla" and "parkera"
        name a concern; "betala", and "planerat" beside a listed "planerar", do not)."""
        return bool(_spelled(self.whole, word))

    def of_words(self, words: Iterable[str]) -> list[str]:
        """The concept keys the words hit, once per word and concept, in order of the words."""
        return [key for word in words for key in sorted(self.of(word))]


def _spelled(index: dict[str, dict[str, frozenset[str]]], written: str) -> frozenset[str]:
    """The concepts of the lexicon's forms that a resident's spelling may stand for (`index`:
    folded form → form → concepts): the same letters, except that a letter written without its
    diacritic may stand for one with it ("snoröjning" for "snöröjning"), but never one letter with
    a diacritic for another ("vågar", dare, is not "vägar", roads)."""
    found: frozenset[str] = frozenset()
    for form, keys in index.get(fold(written), {}).items():
        if all(a == b or a == fold(b) for a, b in zip(written, form, strict=True)):
            found |= keys
    return found


@cache
def lemma(word: str, *, folded: bool = True) -> str:
    """The word's lemma (Swedish, else English), not stemmed; folded unless asked not to be."""
    found = simplemma.lemmatize(word, lang=("sv", "en")).casefold()
    return fold(found) if folded else found


@cache
def lexicon() -> Lexicon:
    """The vendored lexicon, read once per process."""
    with DATA.open("rb") as file:
        return Lexicon(tomllib.load(file))


@cache
def finer(areas: frozenset[str]) -> Lexicon:
    """The finer concerns of these areas (data/finer.toml): a lexicon of their own, so that a stem
    or compound part of another area's finer concepts takes no word from them."""
    return Lexicon({key: entry for key, entry in _finer().items() if entry["parent"] in areas})


@cache
def _finer() -> dict[str, dict[str, str]]:
    with FINER.open("rb") as file:
        return tomllib.load(file)
