"""A theme's label in the words its comments use.

The method describes a theme by its most characteristic terms (method.describe), and terms are
base forms: stems, and the parts of split compounds ("hållplatserna" gives a term "ern" when the
splitter cuts off the ending). A label shows, for each term, the word the theme's own comments
use for it most often: the same word's commonest inflection, else the commonest compound that
holds the term, spelt with å, ä and ö when some resident wrote them. A term that no comment of
the theme writes as a whole word is left out, so that a label is never a stem or a fragment.
Names keep their capital ("Lund", "Höjeån"): a word is in lower case when any resident wrote it
so, or when the only capitals it has begin a sentence and the dictionary knows it as a common word
("Förtätning behövs." gives "förtätning"); else as residents capitalised it.

A label names the concern, so it leaves out words that say how residents write rather than what
about: general verbs ("ringer", "bor", "jobbar"), general adjectives ("enda", "lokala") and the
municipality's word for itself ("kommunen"), listed in data/label_filler.toml, and the words of the
municipality's own name ("Lund" in Lund's dialogues, given by the caller). A word of the name that
is also a common word ("Mark" and mark, land; "Berg" and berg; "Lund" and lund, a grove) is left
out only where residents write it as a name, with its capital inside a sentence at least as often
as in lower case: in Marks kommun "Bussen till Mark" loses "Mark", but a theme on selling "mark"
to builders keeps it. The words of the name in lower case ("kommun", "stad") are always left out.
Words are compared whole, never by stem, so "marken" is no word of "Mark".

A verb says what residents want done, seldom about what: "diskuterats, händer", "betala" or
"mätas" name no concern. A form of a verb (the dictionary's lemma ends in -a, it knows the verb's
present or past tense, and the word ends as a form of it: "diskuterats", "händer", "byta") is
left out unless the lexicon of municipal concepts lists it ("cykla", "parkera", "pendla", "städa"
name a concern); a bare "-a" word that the dictionary also knows as a noun ("skola": "skolor") is
a noun. The next key phrase takes a skipped one's place; a theme whose key phrases name nothing
is labelled by its commonest other words; when its comments hold none either ("Håller helt med,
samma sak där jag bor."), by the opening words of its comment nearest the centre that residents
can read, in quotation marks, which says more than "sak"; failing that, by the words residents
wrote: a theme always has a label.

A label says what a concern is about, not when or how often: a form of a time or frequency word
("kvällen", "kvällarna", "helgerna", "sommaren", "veckan", "åren", "sällan", "mornings": its
Swedish or English lemma is in the [time] group of data/label_filler.toml) gives way to the
theme's words that name something ("kvällen, belysning" is "belysning"); time words make a label
only when nothing else of the theme does, before a quotation ("helgerna" says more than "sak").

In a run, two labels that begin with the same word look like one theme twice to an official
(`lead_apart`): the smaller theme's leading word gives way to its next key word that no other
label begins with ("bussarna, linjen" beside "bussarna, hållplatsen" becomes "linjen, bussarna");
themes with the same key words keep them (`distinct` tells them apart, else a number).

The lists and these rules act on labels alone: the grouping (method.py, text.py's stop words)
does not read them, so the themes found, and their adjusted Rand index, stay as they were.
"""

import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path

import simplemma

from dialog.themes.concepts import lexicon
from dialog.themes.text import WORD, base_form, compound_parts, fold, is_word, words

#: Words in a label.
SIZE = 3
#: Comments read per theme (nearest its centre first): enough to see how residents write it.
READ = 500
#: Shorter words ("kl", "ok") say little on their own.
SHORTEST = 3
#: Words no label shows (see the module docstring), with why, by group.
FILLER = Path(__file__).resolve().parent / "data" / "label_filler.toml"
#: The group of FILLER that lists time and frequency words by lemma (module docstring).
TIME = "time"
#: A quoted label is cut at a word boundary after at most this many characters.
QUOTE = 60
#: How forms of a Swedish verb end after its stem ("diskuter|ats", "händ|er", "byt|a"); not the
#: bare stem, an imperative ("mät") that is as often a noun ("sol" is no form of "sola").
VERB_ENDINGS = frozenset("a ar ade ades at ats as er de des te tes t ts s es ande ende".split())


def label(
    phrases: Sequence[str],
    texts: Sequence[str],
    own: Collection[str] = (),
    quotable: Sequence[str] = (),
) -> str:
    """Up to SIZE words residents wrote for the theme's key phrases, most characteristic first.

    `phrases` are the method's key phrases, `texts` the theme's comments nearest the centre first,
    `own` the words of the municipality's name as the name writes them (own_words), `quotable`
    those of `texts` that residents can read (published), nearest the centre first.
    """
    return ", ".join(label_words(phrases, texts, own, quotable)[:SIZE])


def label_words(
    phrases: Sequence[str],
    texts: Sequence[str],
    own: Collection[str] = (),
    quotable: Sequence[str] = (),
) -> list[str]:
    """Every word `label` could show, in its order: the first SIZE are the label, the rest tell
    it apart from another theme's label (`distinct`); or a quotation alone (module docstring)."""
    whole: defaultdict[str, Counter[str]] = defaultdict(Counter)
    inside: defaultdict[str, Counter[str]] = defaultdict(Counter)
    written: defaultdict[str, Counter[str]] = defaultdict(Counter)
    inside_sentences: Counter[str] = Counter()
    for text in texts[:READ]:
        normal = unicodedata.normalize("NFC", text)
        for match in WORD.finditer(normal):
            found = match.group().strip("-")
            written[found.casefold()][found] += 1
            if not _begins_sentence(normal, match.start()):
                inside_sentences[found] += 1
        for word in words(text):
            whole[base_form(word)][word] += 1
            for part in compound_parts(word):
                inside[part][word] += 1
    shown = [_written(phrase.casefold(), whole, inside) for phrase in phrases]
    named = list(dict.fromkeys(word for word in shown if word and len(word) >= SHORTEST))
    skip = filler() | {word.casefold() for word in own if _as_name(word, written, inside_sentences)}
    keys = [word for word in named if _names(word, skip)]  # the key phrases that name something
    chosen = [word for word in keys if not time_word(word)]
    if not chosen:  # else its commonest words that do, else time words, else a quote, else…
        every = [_commonest(forms) for forms in sorted(whole.values(), key=lambda f: -f.total())]
        common = [w for w in every if len(w) >= SHORTEST and _names(w, skip)]
        chosen = [w for w in common if not time_word(w)] or keys or common
        if not chosen and quotable:
            return [quote(quotable[0])]
        chosen = chosen or named or every  # else what they wrote
    return [_cased(word, written, inside_sentences) for word in chosen]


def _names(word: str, skip: Collection[str]) -> bool:
    """Whether a (case-folded) word may name a theme: no filler, and no verb the lexicon lacks."""
    return word not in skip and (not verb_form(word) or lexicon().lists(word))


@cache
def time_word(word: str) -> bool:
    """Whether a case-folded word is a form of a time or frequency word (module docstring): it,
    or its Swedish or English lemma, is in data/label_filler.toml's [time] group."""
    known = time_words()
    return word in known or any(
        simplemma.lemmatize(word, lang=lang).casefold() in known for lang in ("sv", "en")
    )


@cache
def verb_form(word: str) -> bool:
    """Whether a case-folded word is a form of a Swedish verb (module docstring)."""
    lemma = simplemma.lemmatize(word, lang="sv").casefold()
    stem = lemma[:-1]
    if len(lemma) < 3 or not lemma.endswith("a") or not word.startswith(stem):
        return False
    if word[len(stem) :] not in VERB_ENDINGS or not _forms_of(stem, lemma, ("ar", "er", "ade")):
        return False
    return word != lemma or not _forms_of(stem, lemma, ("or", "an", "orna"))


def _forms_of(stem: str, lemma: str, endings: Sequence[str]) -> bool:
    """Whether the dictionary knows the stem with one of the endings as a form of the lemma."""
    return any(
        simplemma.is_known(stem + end, lang="sv")
        and simplemma.lemmatize(stem + end, lang="sv").casefold() == lemma
        for end in endings
    )


def quote(text: str) -> str:
    """The comment's first sentence in quotation marks, cut after a word near QUOTE characters."""
    first = re.split(r"(?<=[.!?])\s", " ".join(unicodedata.normalize("NFC", text).split()))[0]
    if len(first) > QUOTE:
        cut = first.rfind(" ", 0, QUOTE + 1)
        first = first[: cut if cut > 0 else QUOTE].rstrip(",;:–- ") + "…"
    return f"”{first}”"


def distinct(lists: Sequence[Sequence[str]], taken: Collection[str] = ()) -> list[str]:
    """Labels for a run's themes from their `label_words`, none the same as another or as an
    official's own name in `taken` (which is never changed).

    Two themes can share their commonest words: each label that clashes gets the theme's next
    word that the themes it clashes with do not use ("buss, hållplats, linje, skolan" beside
    "buss, hållplats, linje, nattbuss"), else their labels do not show; only a theme with no such
    word is told apart by a number ("buss, hållplats, linje (2)"). Before that, no two labels
    begin with the same word where a theme has another (`lead_apart`).
    """
    lists = lead_apart(lists, taken)
    names = [", ".join(words[:SIZE]) for words in lists]
    fixed = {name.casefold(): _split(name) for name in taken}
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        groups[name.casefold()].append(i)
    longer = list(names)
    for key, members in groups.items():
        if len(members) < 2 and key not in fixed:
            continue
        for i in members:
            others = [lists[j] for j in members if j != i]
            used = {w.casefold() for words in others for w in words} | fixed.get(key, set())
            shown = {w.casefold() for words in others for w in words[:SIZE]} | fixed.get(key, set())
            rest = lists[i][SIZE:]
            extra = next((w for w in rest if w.casefold() not in used), None) or next(
                (w for w in rest if w.casefold() not in shown), None
            )
            if extra is not None:
                longer[i] = f"{names[i]}, {extra}"
        for i in members:  # a word that still leaves two alike tells nothing apart
            if sum(longer[j].casefold() == longer[i].casefold() for j in members) > 1:
                longer[i] = names[i]
    return number_apart(longer, taken)


def lead_apart(lists: Sequence[Sequence[str]], taken: Collection[str] = ()) -> list[list[str]]:
    """The `label_words` of a run's themes (largest first), no two beginning with the same word.

    A theme whose first word (in any inflection: "bussen", "bussarna") already begins the label
    of a larger theme or an official's own name in `taken` puts first its next word that neither
    begins another theme's label nor is shown in the label it shares the word with ("bussarna,
    hållplatsen, linjen" beside "bussarna, hållplatsen, skolan" gives "linjen, bussarna,
    hållplatsen"): the shared word stays in the label, behind. A theme with no such word keeps
    its order, since its words are the other's too (`distinct` then adds a word, or a number).
    """
    firsts = [_lead(words[0]) if words else "" for words in lists]
    claimed = {_lead(name) for name in taken} - {""}
    shown: defaultdict[str, set[str]] = defaultdict(set)  # words of the labels a word begins
    for name in taken:
        shown[_lead(name)] |= {_lead(word) for word in name.split(",")}
    apart = []
    for i, given in enumerate(lists):
        ordered = list(given)
        first = firsts[i]
        if first and first in claimed:
            others = claimed | {lead for j, lead in enumerate(firsts) if j != i}
            free = [
                k
                for k, word in enumerate(ordered)
                if k and _lead(word) not in others and _lead(word) not in shown[first]
            ]
            if free:
                ordered = [ordered[free[0]], *ordered[: free[0]], *ordered[free[0] + 1 :]]
        if ordered:
            claimed.add(_lead(ordered[0]))
            shown[_lead(ordered[0])] |= {_lead(word) for word in ordered[:SIZE]}
        apart.append(ordered)
    return apart


def _lead(text: str) -> str:
    """The base form of the first word of a label or name; none for a quotation."""
    found = WORD.search(unicodedata.normalize("NFC", text))
    return "" if text.startswith("”") or found is None else base_form(found.group().casefold())


def _split(name: str) -> set[str]:
    return {word.strip().casefold() for word in name.split(",") if word.strip()}


def own_words(name: str) -> frozenset[str]:
    """The words of a municipality's name as it writes them, also without a genitive s ("Lunds
    kommun" gives "Lunds", "Lund", "kommun"): in its own dialogue its name says nothing."""
    found = set(WORD.findall(unicodedata.normalize("NFC", name)))
    return frozenset(found | {word[:-1] for word in found if word.endswith("s")})


def _as_name(own: str, written: dict[str, Counter[str]], inside_sentences: Counter[str]) -> bool:
    """Whether a word of the municipality's name is used as its name in these comments: always
    for a word the name writes in lower case ("kommun"); for a capitalised one ("Mark"), unless
    residents write it in lower case inside sentences more often than with its capital (mark,
    land). A word only ever seen first in a sentence, where anything has a capital, is the name."""
    word = own.casefold()
    if own == word:
        return True
    lower = inside_sentences[word]
    capital = sum(inside_sentences[form] for form in written.get(word, ()) if form != word)
    return capital >= lower


@cache
def filler() -> frozenset[str]:
    """The words of data/label_filler.toml, in lower case, exactly as written there (but for
    the [time] group's lemmas, `time_words`)."""
    return frozenset(
        word for name, found in _filler_groups().items() if name != TIME for word in found
    )


@cache
def time_words() -> frozenset[str]:
    """The lemmas of time and frequency words, data/label_filler.toml's [time] group."""
    return _filler_groups()[TIME]


@cache
def _filler_groups() -> dict[str, frozenset[str]]:
    groups = tomllib.loads(FILLER.read_text(encoding="utf-8"))
    return {
        name: frozenset(unicodedata.normalize("NFC", w).casefold() for w in group["words"].split())
        for name, group in groups.items()
    }


def _begins_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` is the first of the text or of a sentence in it."""
    before = text[:start].rstrip(" \t\"'«»”“(")
    return not before or before[-1] in ".!?:\n"


def _cased(word: str, written: dict[str, Counter[str]], inside_sentences: Collection[str]) -> str:
    """The word in lower case when a resident wrote it so, or when its capital only ever begins a
    sentence and the dictionary knows the word; else as most residents capitalised it."""
    forms = written.get(word)
    if not forms or word in forms:
        return word
    capitalised = forms.most_common(1)[0][0]
    if capitalised not in inside_sentences and is_word(word):
        return word
    return capitalised


def _written(
    phrase: str, whole: dict[str, Counter[str]], inside: dict[str, Counter[str]]
) -> str | None:
    """The commonest whole word of the comments for a phrase (a word or a bare term)."""
    for index in (whole, inside):
        for key in dict.fromkeys((phrase, base_form(phrase))):
            if index.get(key):
                return _commonest(index[key])
    return None


def _commonest(counts: Counter[str]) -> str:
    """The commonest word, "hyresratter" and "hyresrätter" counting as one, spelt with å, ä, ö."""
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for word, count in counts.items():
        spellings[fold(word)][word] += count
    group = max(spellings.values(), key=lambda found: found.total())
    return max(group, key=lambda word: (word != fold(word), group[word]))


def number_apart(names: Sequence[str], taken: Collection[str] = ()) -> list[str]:
    """The names, a later one that repeats an earlier one or a name in `taken` numbered."""
    seen = {name.casefold() for name in taken}
    found = []
    for name in names:
        numbered, count = name, 1
        while numbered.casefold() in seen:
            count += 1
            numbered = f"{name} ({count})"
        seen.add(numbered.casefold())
        found.append(numbered)
    return found
