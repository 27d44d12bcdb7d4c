"""How the summaries write their numbers."""

import pytest

from dialog.insights.presentation import percent


@pytest.mark.parametrize(
    ("share", "written"),
    [
        (0, "0 %"),
        (3 / 772, "< 1 %"),
        (0.04, "4 %"),
        (769 / 772, "> 99 %"),
        (1, "100 %"),
    ],
)
def test_a_share_that_rounds_to_none_or_all_says_it_is_not(app, share, written):
    """3 answers of 772 were "0 %" in the ratings table, as if nobody had given them."""
    with app.test_request_context("/?lang=en"):
        assert percent(share) == written
