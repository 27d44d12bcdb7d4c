"""The sentence saying what sets an opinion group apart reads right in every case: the walk-through
found "fick 4 eller 5 av bara 0 % i gruppen" and "bara 89 % … 97 %"."""

import pytest

from dialog.insights.groups.presentation import apart_text

CASES = [
    # (higher, group share, rest share, Swedish, English)
    (
        True,
        0.6,
        0.2,
        "fick 4 eller 5 av 60 % i gruppen, jämfört med 20 % bland de andra",
        "rated 4 or 5 by 60 % of the group, compared with 20 % of the others",
    ),
    (
        True,
        1.0,
        0.4,
        "fick 4 eller 5 av alla i gruppen, jämfört med 40 % bland de andra",
        "rated 4 or 5 by everyone in the group, compared with 40 % of the others",
    ),
    (
        True,
        0.3,
        0.0,
        "fick 4 eller 5 av 30 % i gruppen och av ingen annan",
        "rated 4 or 5 by 30 % of the group and by no one else",
    ),
    (
        True,
        1.0,
        0.0,
        "fick 4 eller 5 av alla i gruppen och av ingen annan",
        "rated 4 or 5 by everyone in the group and by no one else",
    ),
    (
        False,
        0.0,
        0.7,
        "fick 4 eller 5 av ingen i gruppen men av 70 % bland de andra",
        "rated 4 or 5 by no one in the group but by 70 % of the others",
    ),
    (
        False,
        0.0,
        1.0,
        "fick 4 eller 5 av ingen i gruppen men av alla andra",
        "rated 4 or 5 by no one in the group but by everyone else",
    ),
    (
        False,
        0.2,
        0.6,
        "fick 4 eller 5 av bara 20 % i gruppen men av 60 % bland de andra",
        "rated 4 or 5 by only 20 % of the group but by 60 % of the others",
    ),
    (
        False,
        0.25,
        1.0,
        "fick 4 eller 5 av bara 25 % i gruppen men av alla andra",
        "rated 4 or 5 by only 25 % of the group but by everyone else",
    ),
    (
        False,
        0.89,
        0.97,
        "fick 4 eller 5 av 89 % i gruppen, en mindre andel än bland de andra (97 %)",
        "rated 4 or 5 by 89 % of the group, a smaller share than among the others (97 %)",
    ),
    (
        False,
        0.5,
        1.0,
        "fick 4 eller 5 av 50 % i gruppen, medan alla andra gav 4 eller 5",
        "rated 4 or 5 by 50 % of the group, while everyone else did",
    ),
    (
        False,
        0.002,
        0.3,
        "fick 4 eller 5 av bara < 1 % i gruppen men av 30 % bland de andra",
        "rated 4 or 5 by only < 1 % of the group but by 30 % of the others",
    ),
]


@pytest.mark.parametrize(("higher", "group", "rest", "sv", "en"), CASES)
def test_what_sets_a_group_apart_in_both_languages(app, higher, group, rest, sv, en):
    for language, expected in (("sv", sv), ("en", en)):
        with app.test_request_context(f"/?lang={language}"):
            assert apart_text(higher, group, rest) == expected
