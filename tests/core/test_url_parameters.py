"""Every route's path parameters: out-of-range ids and control characters are 404, never 5xx."""

import re

import pytest

from tests.factories import make_goal, make_user, sign_in
from tests.security.payloads import NON_ASCII_DIGITS

#: `<name>` or `<converter:name>` or `<converter(args):name>` in a rule.
PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
#: Too large for the columns, and digits to str.isdigit that are not ASCII: "²" (int() refuses
#: it), Arabic-Indic one and twelve (int() reads them).
BAD_IDS = [str(2**31), str(2**63), "9" * 30, *NON_ASCII_DIGITS, "\u0661"]
BAD_TEXTS = ["a%00b", "%00", "a%1Fb", "a%7F", "a%C2%85b"]  # NUL, US, DEL, NEL (C1)


def _paths(rule: str) -> list[str]:
    """The rule with one bad value at a time and harmless values for the other parameters."""
    parameters = PARAMETER.findall(rule)
    paths = []
    for index, (converter, _name) in enumerate(parameters):
        bad_values = BAD_IDS if converter == "int" else BAD_TEXTS
        for bad in bad_values:
            values = iter(
                bad if i == index else ("1" if conv == "int" else "x")
                for i, (conv, _n) in enumerate(parameters)
            )
            paths.append(PARAMETER.sub(lambda _m, v=values: next(v), rule))
    return paths


def _requests(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for path in _paths(rule.rule):
                yield method, path


def test_the_walk_covers_every_kind_of_parameter(app):
    rules = [rule.rule for rule in app.url_map.iter_rules()]
    assert any("<int:" in rule for rule in rules)
    assert any(re.search(r"<\w+>", rule) for rule in rules)
    assert any("<path:" in rule for rule in rules)


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "visitor"])
def test_bad_path_parameters_are_404_on_every_route(app, client, app_context, signed_in):
    """Werkzeug's int takes 2**31 and 2**63 (PostgreSQL, SQLite then fail); text takes NUL."""
    make_goal()
    if signed_in:
        make_user()
        sign_in(client)
    answers = {(method, path): client.open(path, method=method) for method, path in _requests(app)}
    wrong = {key: r.status_code for key, r in answers.items() if r.status_code != 404}
    assert wrong == {}
    assert len(answers) > 100
    if signed_in:
        page = answers["GET", f"/mal/{2**31}"].get_data(as_text=True)
        assert "Sidan hittades inte" in page and "Mina sidor" in page


def test_ids_within_range_still_reach_the_view(client, app_context):
    goal = make_goal()
    assert client.get(f"/mal/{goal.id}").status_code == 200
    assert client.get(f"/mal/{2**31 - 1}").status_code == 404
    assert client.get("/mal/-1").status_code == 404


def test_ordinary_text_parameters_still_reach_the_view(client, app_context):
    make_goal()
    assert client.get("/kommun/testkommun").status_code == 200
    assert client.get("/kommun/g%C3%A4stkommun").status_code == 404
    response = client.get("/static/css/dialog.css")
    response.close()
    assert response.status_code == 200


def test_safe_next_falls_back_to_the_configured_home(app, monkeypatch):
    from dialog.core.urls import safe_next

    with app.test_request_context():
        assert safe_next("//evil.example") == "/"
        assert safe_next("/mal/1") == "/mal/1"
        assert safe_next("https://evil.example", "mine.my_page") == "/mina-sidor"
        monkeypatch.setitem(app.config, "HOME_ENDPOINT", "accounts.rules")
        assert safe_next("//evil.example") == "/regler"
