"""`python -m bench.themes --compare NAME=VALUE`: the mean ARI per fixture with one of the method's
constants changed, and the constant as it was afterwards; `--review`: the ARI after officials
tagged what the themes page shows."""

import pytest

from bench import themes
from dialog.themes import method

pytestmark = pytest.mark.no_database


def test_compare_prints_every_fixture_and_restores_the_constant(capsys):
    kept = method.PROMINENT
    themes.compare({"PROMINENT": "1.1"}, seeds=1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "settings: PROMINENT=1.1"
    assert [line.split()[0] for line in lines[1:]] == [*themes.QUALITY, "mean"]
    assert all(0 <= float(line.split()[1]) <= 1 for line in lines[1:])
    assert method.PROMINENT == kept


def test_compare_refuses_what_is_not_a_constant_of_the_method():
    with pytest.raises(SystemExit, match="NOPE, find_themes"):
        themes.compare({"NOPE": "1", "find_themes": "None"}, seeds=1)


def test_a_review_tags_what_the_page_shows_and_the_edge_adds_to_it(monkeypatch):
    monkeypatch.setattr(themes, "SEEDS", (2026,))
    quotes = themes.reviewed("fixture", edge=False, rounds=1)
    both = themes.reviewed("fixture", edge=True, rounds=1)
    (tagged, before, after), (more, _, _) = quotes[0], both[0]
    assert 3 * 5 <= tagged < more <= 6 * tagged  # three per theme, and up to three more each
    assert -1 <= before <= 1 and -1 <= after <= 1
