"""The language a resident wrote a comment in, told from its words, for `lang` in the page.

Comments store no language, and the language the resident used the site in is not kept with the
comment (`User.language` is today's choice, not the one at writing), so the words decide:
simplemma, which the themes already use, gives the share of the text's words that are Swedish
and English. Only a clear answer is used; a short or mixed text, or one in another language,
gets None and takes the page's language, as every comment did before: a wrong `lang` would be
worse than none (WCAG 3.1.2 asks only for what can be determined).
"""

from functools import lru_cache

import simplemma

#: The languages told apart: the site's own two.
LANGUAGES = ("sv", "en")
#: At least this share of the words must be known in the language...
FLOOR = 0.5
#: ... and the other's share at most this part of it (many English words are Swedish forms
#: too: "The bus should run more often" is 5/7 Swedish). On the themes fixtures (600 comments,
#: tests/themes/data) this marks 589 Swedish and all 8 English ones right, none wrong.
RATIO = 0.75


@lru_cache(maxsize=4096)
def language_of(text: str) -> str | None:
    """Swedish or English ("sv", "en") when the words (links left out) clearly say so, else None.
    Kept per text: a page of comments is rendered again after every write, mostly the same."""
    # low_memory: 15 MB instead of 125 MB in each web process; about 0.2 ms a new text, and
    # 0.4 s once per process to open the word lists (measured on the themes fixtures).
    shares = dict(simplemma.langdetect(text, lang=LANGUAGES, low_memory=True))
    first, second = (shares.get(code, 0.0) for code in LANGUAGES)
    if first >= FLOOR and second <= first * RATIO:
        return LANGUAGES[0]
    if second >= FLOOR and first <= second * RATIO:
        return LANGUAGES[1]
    return None
