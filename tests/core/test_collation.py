"""Names sorted as a reader of the page expects (dialog.core.collation)."""

import random

from dialog.core.collation import sort_key, sorted_by_name

NAMES = ["Öja", "zebra", "Åby", "Ängby", "apple", "Alby", "Éden", "eden", "Ødegaard", "Über"]


def shuffled(names: list[str]) -> list[str]:
    names = list(names)
    random.Random(7).shuffle(names)
    return names


def test_swedish_puts_a_ring_a_umlaut_o_umlaut_after_z_and_case_together():
    assert sorted_by_name(shuffled(NAMES), str, "sv") == [
        "Alby",
        "apple",
        "eden",
        "Éden",
        "Über",  # ü is y in Swedish
        "zebra",
        "Åby",
        "Ängby",
        "Ødegaard",  # ø is ö
        "Öja",
    ]


def test_english_puts_every_accent_with_its_letter():
    assert sorted_by_name(shuffled(NAMES), str, "en") == [
        "Åby",
        "Alby",
        "Ängby",
        "apple",
        "eden",
        "Éden",
        "Ødegaard",
        "Öja",
        "Über",
        "zebra",
    ]


def test_the_order_does_not_depend_on_the_order_given_and_no_name_is_none():
    for language in ("sv", "en"):
        one = sorted_by_name(NAMES, str, language)
        assert sorted_by_name(reversed(NAMES), str, language) == one
        assert sorted_by_name(shuffled(NAMES), str, language) == one
    assert sort_key(None, "sv") == sort_key("", "sv")
    assert sort_key("zz", "sv") < sort_key("å", "sv") < sort_key("ä", "sv") < sort_key("ö", "sv")
    assert sort_key("Ärla", "en") < sort_key("Åtgärd", "en") < sort_key("bo", "en")
