"""How the summaries write their numbers."""

import pytest

from dialog.insights.presentation import percent, status_row
from dialog.participation.models import CommentStatus


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


ROWS = {
    "sv": {
        "published": "Publicerade kommentarer och svar",
        "pending": "Kommentarer och svar som väntar på moderering",
        "rejected": "Avvisade kommentarer och svar",
        "hidden": "Kommentarer och svar som en moderator har dolt",
        "withdrawn": "Tillbakadragna kommentarer och svar",
    },
    "en": {
        "published": "Published comments and replies",
        "pending": "Comments and replies awaiting moderation",
        "rejected": "Rejected comments and replies",
        "hidden": "Comments and replies hidden by a moderator",
        "withdrawn": "Withdrawn comments and replies",
    },
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_status_row_is_named_as_a_whole_in_the_plural(app, language):
    """The figures' rows read "Kommentarer och svar, status: Publicerad" (a singular status
    after a plural noun); each status now names its row as one would say it."""
    with app.test_request_context(f"/?lang={language}"):
        assert {status.value: status_row(status) for status in CommentStatus} == ROWS[language]
