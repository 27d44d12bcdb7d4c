"""The lexicon of municipal concepts: matching words to concepts, and its use by the method."""

from collections import Counter

import numpy as np
import pytest
from scipy import sparse
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from dialog.themes import method
from dialog.themes.concepts import Lexicon, finer, lexicon
from dialog.themes.text import Analyser

pytestmark = pytest.mark.no_database


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


def test_the_second_rounds_flaws_are_gone():
    # "kör" (drives) is driving, not choirs; "körsång" still is culture.
    assert "kultur" not in concepts_of("kör") | concepts_of("körer")
    assert concepts_of("körsång") == {"kultur"}
    # Children are in every area, not only equality.
    assert concepts_of("barnen") == set()
    # "vågar" (dare) is not "vägar" (roads), though both fold to "vagar".
    assert concepts_of("vågar") == set()
    assert concepts_of("vägar") == {"biltrafik"}


def test_a_missing_diacritic_may_stand_for_one_but_not_another():
    # Written without one of its diacritics, a word still reaches its concept…
    assert "snorojning" in concepts_of("snoröjningen")
    assert "tillganglighet" in concepts_of("tillganglighet")
    # …but a letter written with a diacritic is that letter: "långa" (long) is not "langa" (to
    # deal drugs), "både" (both) not "bad" (bathing), "tillgång" (access) not "gäng" (gangs).
    assert concepts_of("långa") == set()
    assert concepts_of("både") == set()
    assert "trygghet" not in concepts_of("tillgång")
    own = Lexicon({"a": {"sv": "A", "en": "A", "words": "gäng"}})
    assert own.of("gang") == {"a"}
    assert own.of("gång") == frozenset()
    assert own.of("tillgång") == frozenset()  # nor as the end of a compound
    assert own.of("ungdomsgäng") == {"a"}


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


#: Two concerns inside one lexicon area ("Kollektivtrafik"), beside two concerns of other areas
#: whose comments share no word (PLANTED).
FINER = {
    "biljettpris": [
        "Busskortet är alldeles för dyrt för pensionärer",
        "Biljetterna kostar för mycket, sänk priset",
        "Priset på månadskortet har höjts igen",
        "Dyra biljetter gör att folk tar bilen",
        "Sänk priset på busskort för unga",
        "Det är för dyrt att åka buss med hela familjen",
        "Biljettpriset borde halveras, det är dyrt",
        "Månadskortet är dyrt jämfört med bensinen",
        "Billigare busskort för pensionärer vore bra",
        "Priset för en enkelbiljett är orimligt dyrt",
        "Kostar för mycket att pendla med tåget, sänk priset",
        "Billigare biljetter så fler åker kollektivt",
    ],
    "kvallsturer": [
        "Nattbussen går för sällan på helgerna",
        "Inga bussar efter midnatt från centrum på natten",
        "Fler avgångar sent på kvällen",
        "Sista bussen går redan klockan tio på kvällen",
        "Nattbuss till förorterna på fredagar och lördagar",
        "Kvällsturerna har dragits in, inga avgångar sent",
        "Det går ingen buss hem sent på natten",
        "Tätare avgångar på kvällar och nätter",
        "Nattrafiken med buss sent på kvällen måste bli bättre",
        "På natten får man gå hem för att bussen inte går",
        "Sena kvällsavgångar saknas helt",
        "Bussen slutar gå för tidigt på kvällen",
    ],
    "tillganglighet": PLANTED["tillganglighet"],
    "parker": PLANTED["parker"],
}


def test_concerns_finer_than_a_concept_are_told_apart_by_their_words():
    concerns = [c for c, texts in FINER.items() for _ in texts]
    texts = [t for ts in FINER.values() for t in ts]
    labels = method.find_themes(texts).labels(len(texts))
    main = {
        c: np.bincount(labels[[i for i, k in enumerate(concerns) if k == c]] + 1).argmax()
        for c in FINER
    }
    # Ticket prices and evening buses are both public transport, but two themes…
    assert main["biljettpris"] != main["kvallsturer"]
    # …while a concern written in different words throughout stays one theme.
    assert adjusted_rand_score(concerns, labels) >= 0.6


def test_the_concept_view_breaks_ties_by_words():
    # Four comments of one concept: in the concept view alone all are equally near each other.
    known = sparse.csr_matrix(np.ones((4, 1), dtype=np.float32))
    terms = normalize(np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]], dtype=np.float32))
    rows, cols, _ = method.neighbours(method.with_words(known, terms), 1)
    assert dict(zip(rows.tolist(), cols.tolist(), strict=True)) == {0: 1, 1: 0, 2: 3, 3: 2}


def test_an_area_most_comments_hit_is_the_goals_subject():
    texts = ["Bussen är försenad", "Tåget är inställt", "Busskortet är dyrt"] * 3
    texts += ["Parken är fin", "Träden i parken"]
    found = method.known_concepts(Analyser(texts))
    assert not any("concept:kollektivtrafik" in concepts for concepts in found)
    # Its finer concerns stand in for it: delays, trains, fares.
    assert "concept:kollektivtrafik_forseningar" in found[0]
    assert "concept:kollektivtrafik_tag" in found[1]
    assert "concept:kollektivtrafik_biljetter" in found[2]
    # Parks, in a fifth of the comments, are one of the dialogue's areas: the area and its own
    # finer concepts count.
    assert all("concept:parker" in concepts for concepts in found[9:])
    assert any(key.startswith("concept:parker_") for key in found[10])


def test_an_area_few_comments_hit_gets_no_finer_concepts():
    texts = ["Parken är fin", "Träden i parken", "Gräsmattan i parken"] * 4 + ["Bussen är sen"]
    found = method.known_concepts(Analyser(texts))
    assert found[-1] == ["concept:kollektivtrafik"]


def test_the_finer_lexicon_splits_every_area():
    areas = lexicon().concepts
    known = finer(frozenset(areas))
    per_area = Counter(known.parent.values())
    assert set(per_area) == set(areas)
    assert all(3 <= n <= 9 for n in per_area.values())
    assert all(c.sv and c.en for c in known.concepts.values())
    assert known.of("månadskortet") == {"kollektivtrafik_biljetter"}
    # Only the areas asked for: another area's finer words reach nothing.
    assert finer(frozenset({"parker"})).of("månadskortet") == frozenset()


def test_the_concept_view_weighs_concepts_by_the_comments_words_not_their_rarity():
    concepts = [["a"]] * 4 + [["a", "b"]] + [["b"]] * 2 + [["c"]] * 3 + [["d"], ["d"]]
    view = method.concept_view(concepts).toarray()
    # "d" is hit in two comments only: stray words, no column; "c" in three is one.
    assert view.shape == (12, 3)
    assert not view[10:].any()
    # No idf: a comment that hits "a" (in five comments) and "b" (in three) once each is as
    # near to both.
    assert view[4][0] == pytest.approx(view[4][1])


def test_the_concept_view_says_nothing_about_comments_that_hit_no_concept():
    # Three views of noise, and a concept view of two clear groups.
    rng = np.random.default_rng(0)
    views = [normalize(rng.random((40, 5))).astype(np.float32) for _ in range(3)]
    groups = np.repeat(np.eye(2, dtype=np.float32), 20, axis=0)
    views.append(normalize(groups + 0.01 * rng.random((40, 2)).astype(np.float32)))
    none, every = np.zeros(40, dtype=bool), np.ones(40, dtype=bool)
    heard = method.communities(views, every)
    assert adjusted_rand_score(groups[:, 0], heard) > 0.5
    # Comments that hit no concept are grouped as if there were no concept view.
    assert (method.communities(views, none) == method.communities(views[:3], none)).all()
