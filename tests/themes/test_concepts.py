"""The lexicon of municipal concepts: matching words to concepts, and its use by the method."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from dialog.themes import method
from dialog.themes.concepts import Lexicon, lexicon
from dialog.themes.text import Analyser


def concepts_of(word: str) -> set[str]:
    return set(lexicon().of(word.casefold()))


def test_the_lexicon_names_each_concept_in_both_languages():
    found = lexicon().concepts
    assert 30 <= len(found) <= 50
    assert all(c.sv and c.en for c in found.values())
    assert found["kollektivtrafik"].en == "Public transport"


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("bussarna", "kollektivtrafik"),  # inflection
        ("Bussen", "kollektivtrafik"),
        ("rullatorn", "tillganglighet"),
        ("bänkarna", "tillganglighet"),
        ("bankarna", "tillganglighet"),  # written without ä
        ("aldreboendet", "aldreomsorg"),
        ("snoröjningen", "snorojning"),
        ("busshållplatsen", "kollektivtrafik"),  # compound: the lexicon has "hållplats"
        ("busshallplatsen", "kollektivtrafik"),
        ("cykelparkeringsplatserna", "cykel"),  # compound: the lexicon has "cykel"…
        ("cykelparkeringsplatserna", "parkering"),  # …and "parkeringsplatserna"
        ("wheelchair", "tillganglighet"),  # English
        ("potholes", "snorojning"),
        ("streetlights", "belysning"),
    ],
)
def test_words_reach_their_concept(word, concept):
    assert concept in concepts_of(word)


def test_words_outside_the_lexicon_reach_nothing():
    assert concepts_of("hej") == set()
    assert concepts_of("kommunen") == set()
    # "hund" begins it, but "ratals" is no word: not a compound of "hund".
    assert concepts_of("hundratals") == set()


def test_a_stem_two_concepts_share_decides_nothing():
    # Stemmed and folded, "hastighet" and "hästar" are both "hast".
    assert concepts_of("hastigheten") == {"trafiksakerhet"}
    assert concepts_of("hästarna") == {"djur"}


def test_a_lexicon_of_ones_own():
    own = Lexicon(
        {
            "a": {"sv": "A", "en": "A", "words": "gungbräda och"},
            "b": {"sv": "B", "en": "B", "words": "-trampolin"},
        }
    )
    assert own.of("gungbrädan") == {"a"}
    assert own.of("och") == frozenset()  # stop words in the lexicon are ignored
    assert own.of_words(["trampoliner", "gungbrädor", "hej"]) == ["b", "a"]


#: Three concerns, each comment in other words than the rest of its concern, so that only the
#: knowledge that these words are one concept can group them.
PLANTED = {
    "tillganglighet": [
        "Svårt att ta sig fram med rullatorn här",
        "Hissen vid stationen är trasig igen",
        "Fler bänkar att vila på längs vägen",
        "Trottoarkanterna är för höga för rullstolar",
        "Min permobil fastnar i gatstenen",
        "Ramper saknas vid entrén",
        "Ledstänger i trappan vore bra",
        "Synskadade behöver ledstråk",
        "Vi med funktionsnedsättning glöms bort",
        "Kullerstenen är omöjlig med barnvagn",
        "Sittplatser efter halva promenaden",
        "Gångbanan är smal och ojämn",
    ],
    "kollektivtrafik": [
        "Busskortet är alldeles för dyrt",
        "Tidtabellen stämmer aldrig",
        "Spårvagnen kommer för sällan",
        "Hållplatsen saknar väntkur",
        "Pendeltåget är alltid försenat",
        "Fler avgångar på kvällen",
        "Chauffören körde förbi mig",
        "Tunnelbanan är överfull",
        "Biljetterna borde vara billigare",
        "Nattbuss till förorten",
        "Linjen lades ner i våras",
        "Resecentrum är rörigt",
    ],
    "parker": [
        "Fäll inte träden i allén",
        "Gräsmattan klipps för sällan",
        "Fler blommor i rabatterna",
        "Grönområdet bakom skolan måste sparas",
        "Skogen är vår lunga",
        "Ekarna är hundratals år gamla",
        "Buskarna har växt igen",
        "Odlingslotter åt alla",
        "Grillplatsen i parken",
        "Ängen ska inte bebyggas",
        "Naturreservatet behöver skötas",
        "Dammen med änderna är fin",
    ],
}


def test_the_lexicon_groups_concerns_written_in_different_words():
    concerns = [c for c, texts in PLANTED.items() for _ in texts]
    texts = [t for ts in PLANTED.values() for t in ts]
    found = method.find_themes(texts)
    assert adjusted_rand_score(concerns, found.labels(len(texts))) >= 0.8
    # No word repeats within a concern: the labels are residents' words of the concept.
    assert all(theme.label for theme in found.themes)


def test_comments_that_hit_no_concept_still_form_themes():
    texts = [
        "Fyrverkerierna på nyårsafton skrämmer",
        "Förbjud fyrverkerier vid nyår",
        "Fyrverkerier hela natten efter nyår",
        "Raketer och smällare vid nyår",
        "Julgranen borde tändas tidigare",
        "Julgranen saknar stjärna",
        "Större julgran i år",
        "Julgranens kulor är fina",
    ] * 2
    analyser = Analyser(texts)
    assert not any(method.known_concepts(analyser))
    found = method.find_themes(texts)
    labels = found.labels(len(texts))
    assert len(found.themes) >= 2
    assert len(set(labels[[0, 1, 2, 8, 9, 10]])) == 1
    assert len(set(labels[[4, 5, 6, 12, 13, 14]])) == 1
    assert labels[0] != labels[4]


def test_concept_view_of_a_corpus_without_concepts_is_empty():
    view = method.concept_view([[], [], []])
    assert view.shape[0] == 3
    assert not np.asarray(view.sum(axis=1)).any()


def test_a_theme_whose_comments_share_no_word_is_named_by_its_concept_words():
    texts = PLANTED["tillganglighet"]
    analyser = Analyser(texts)
    label = method.concept_words(analyser, np.arange(len(texts)))
    assert len(label) == 3
    assert all(any(word in text.casefold() for text in texts) for word in label)
