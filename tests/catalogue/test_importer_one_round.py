"""One upload reports every problem: the deeper checks (dates, contrast, kinds, duplicates) run
on the parts of a file the schema found sound, also when it refused other parts.

They ran only once the whole file passed the schema, so an administrator with one schema
error and one bad date heard about the date only after fixing and uploading again."""

import copy
import json

import pytest
from sqlalchemy import func, select

from dialog.catalogue.importer import load_documents
from dialog.catalogue.importer.problems import Problem
from dialog.catalogue.importer.validation import find_problems
from dialog.catalogue.importer.wording import in_words
from dialog.catalogue.models import Municipality
from dialog.extensions import db

MAX = 2 * 1024 * 1024

#: A schema error in each plan (a missing title, a goal's committees as text, a date written
#: the wrong way) next to a deeper problem of each kind.
BROKEN = """\
municipality:
  name: Testby kommun
  slug: testby
  brand_colour: "#ffff00"
  districts: [Norr, norr, 7]
  committees:
    - {name: TFAB, full_name: Testby Fastighets AB}
    - {name: tfab, kind: union}
plans:
  - title: Mål 2025
    kind: proposal
    status: adopted
    dialogue: {opens: "2025-09-01", closes: "2025-08-01", ladder: consultation,
               influence: Prioriteringen}
    goals:
      - {code: "1", title: Trygga gator, committees: Tekniska nämnden}
      - {code: "1", title: Trygga parker}
  - status: current
    dialogue: {opens: "2025-02-30", ladder: dialogue, influence: Allt, readers: Nämnden}
    focus_areas:
      - {title: Trygghet, goals: [{title: Ett mål, dialogue: {opens: 1/9/2025}}]}
"""


def problems_for(tmp_path, text: str, name: str = "doc.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    documents, problems = load_documents([str(path)], MAX)
    if problems:
        assert documents == []
    return [p.removeprefix(f"{path}: ") for p in problems]


EXPECTED = [
    # The schema's problems, first,
    "The municipality, committee 2 “tfab”: the kind cannot be “union”. "
    "Use one of: committee, board, company.",
    "The municipality: the districts (item 3) must be text, not a number.",
    "Plan 1 “Mål 2025”, the dialogue window: who reads the input is missing.",
    "Plan 1 “Mål 2025”, goal 1 “1”: the committees must be a list, not text.",
    "Plan 2: the title is missing.",
    "Plan 2, focus area 1 “Trygghet”, goal 1 “Ett mål”, the dialogue window: "
    "the step on the participation ladder is missing.",
    "Plan 2, focus area 1 “Trygghet”, goal 1 “Ett mål”, the dialogue window: "
    "what residents can influence is missing.",
    "Plan 2, focus area 1 “Trygghet”, goal 1 “Ett mål”, the dialogue window: "
    "who reads the input is missing.",
    "Plan 2, focus area 1 “Trygghet”, goal 1 “Ett mål”, the dialogue window: "
    "the opening date is not a date. Write it as YYYY-MM-DD, e.g. 2026-03-31.",
    # then, in the same round, the deeper ones.
    "The municipality: the districts: “norr” is given twice.",
    "Plan 1 “Mål 2025”: the status “adopted” does not fit the kind “proposal”. "
    "Use one of: proposed, returned, archived.",
    "Plan 1 “Mål 2025”, goal 2 “1”: the code “1” is already used by goal 1 “Trygga gator”.",
    "Plan 1 “Mål 2025”, the dialogue window: the closing date is before the opening date.",
    "Plan 2, the dialogue window: the opening date “2025-02-30” is not a day in the calendar.",
    "The municipality, committee 2 “tfab”: the name “tfab” is already used by committee 1 “TFAB”.",
    "The municipality: the brand colour has too little contrast against white (#ffffff): "
    "1.07:1, and at least 4.5:1 is needed. Choose a darker colour.",
]


def test_schema_and_deeper_problems_are_reported_in_one_round(tmp_path):
    assert problems_for(tmp_path, BROKEN) == EXPECTED


def test_the_command_line_reports_both_rounds_at_once_and_writes_nothing(
    runner, tmp_path, app_context
):
    path = tmp_path / "doc.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(args=["dialog", "import", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        *(f"{path}: {line}" for line in EXPECTED),
        f"Nothing was imported: {len(EXPECTED)} problems.",
    ]
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 0


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # A value the schema refused is not judged again by the deeper checks.
        (("#ffff00", "yellow"), "the brand colour is not a colour"),
        (('closes: "2025-08-01"', "closes: 2025-13-45x"), "the closing date is not a date"),
        (("kind: proposal", "kind: draft"), "the kind cannot be “draft”"),
        (("status: adopted", "status: [adopted]"), "the status cannot be “['adopted']”"),
        (('code: "1", title: Trygga parker', "code: 1, title: Trygga parker"), "must be text"),
        (("name: TFAB,", "name: [TFAB],"), "the name must be text, not a list"),
    ],
)
def test_a_value_the_schema_refused_is_reported_once(tmp_path, change, expected):
    problems = problems_for(tmp_path, BROKEN.replace(*change))
    assert [line for line in problems if expected in line] != []
    assert len(problems) == len(EXPECTED)  # one line instead of the deeper check's


@pytest.mark.no_database
def test_a_name_without_text_does_not_also_lack_a_slug(tmp_path):
    text = 'municipality: {name: "  "}\nplans: [{title: " ", status: adopted}]\n'
    assert problems_for(tmp_path, text) == [
        "The municipality: the name has no text.",
        "Plan 1: the title has no text.",
    ]
    no_letters = 'municipality: {name: "!!"}\nplans: [{title: "??", status: adopted, x: 1}]\n'
    assert problems_for(tmp_path, no_letters) == [
        "Plan 1 “??”: “x” is not a field the import knows. Check the spelling.",
        "The municipality: the web name (slug) is missing, and the name has no letters or "
        "digits to make one from.",
        "Plan 1 “??”: the web name (slug) is missing, and the title has no letters or digits to "
        "make one from.",
    ]


#: Every kind of part a goal document has, each valid, and three planted deeper problems.
FULL = {
    "municipality": {
        "name": "Testby kommun",
        "slug": "testby",
        "vision": "Ett Testby för alla.",
        "en": {"vision": "A Testby for everyone."},
        "logo": {"file": "kommuner/exempelstad.svg", "alt": "Testby kommun"},
        "brand_colour": "#ffff00",
        "contact": {"address": "Box 1", "email": "info@testby.se", "phone": "0123-45 67 00"},
        "data_controller": {"name": "Kommunstyrelsen", "email": "ks@testby.se"},
        "accessibility_contact": {"email": "webb@testby.se"},
        "mail_sender": {"name": "Testby kommun", "address": "dialog@testby.se"},
        "districts": ["Norr", "Söder"],
        "committees": [
            {"name": "TFAB", "full_name": "Testby Fastighets AB", "kind": "company"},
            {"name": "Kommunstyrelsen", "kind": "board"},
        ],
        "comment_max_length": 2000,
    },
    "plans": [
        {
            "title": "Mål 2025",
            "slug": "mal-2025",
            "kind": "governing",
            "status": "adopted",
            "period": "2025-2028",
            "dialogue_level": "both",
            "en": {"title": "Goals 2025"},
            "focus_areas": [
                {
                    "code": "1",
                    "kind": "focus_area",
                    "title": "Trygghet",
                    "en": {"title": "Safety"},
                    "goals": [
                        {
                            "code": "1:1",
                            "title": "Trygga gator",
                            "kind": "assignment",
                            "committees": ["TFAB", "Kommunstyrelsen"],
                            "dialogue": {
                                "opens": "2025-01-01",
                                "closes": "2025-03-01",
                                "ladder": "dialogue",
                                "influence": "Allt.",
                                "readers": "Nämnden.",
                                "en": {"influence": "All."},
                            },
                        }
                    ],
                }
            ],
            "goals": [{"title": "Ren luft"}],
        },
        {
            "title": "Mål 2030",
            "status": "proposed",
            "dialogue": {
                "opens": "2025-09-01",
                "closes": "2025-08-01",
                "ladder": "consultation",
                "influence": "Prioriteringen.",
                "readers": "Kommunstyrelsen.",
            },
        },
        {"title": "Förslag", "kind": "proposal", "status": "adopted"},
    ],
}
#: Each planted problem (by its code), and the parts it is read from: changing any other part
#: keeps it.
READ_FROM = {
    "contrast": [("municipality", "brand_colour")],
    "closes_before_opens": [("plans", 1, "dialogue", "opens"), ("plans", 1, "dialogue", "closes")],
    "status_kind": [("plans", 2, "status"), ("plans", 2, "kind")],
}
PLANTED = {found: READ_FROM[found.code] for found in find_problems(FULL)}
#: Values of each type, put in place of every part of FULL in turn.
MALFORMED = [None, True, 0, 2.5, "", "x", "2025-02-30", "#ffff00", [], [None], ["x"], [[]]]
MALFORMED += [{}, {"x": 1}, {"title": 1, "code": []}, {"opens": "2025-02-30", "name": {}}]


def _parts(node, path=()):
    """The path of every part of the document (the document itself first)."""
    yield path
    if isinstance(node, dict | list):
        for key, child in node.items() if isinstance(node, dict) else enumerate(node):
            yield from _parts(child, (*path, key))


def _kind(value) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    return "number" if isinstance(value, int | float) else type(value).__name__


def _changed(path, value=None, delete=False):
    document = copy.deepcopy(FULL)
    if not path:
        return value
    node = document
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return document


def _overlaps(first, second) -> bool:
    shorter = min(len(first), len(second))
    return first[:shorter] == second[:shorter]


@pytest.mark.no_database
def test_the_full_document_has_only_its_planted_problems():
    assert [(p.code, p.path) for p in PLANTED] == [
        ("closes_before_opens", ("plans", 1, "dialogue", "closes")),
        ("status_kind", ("plans", 2, "status")),
        ("contrast", ("municipality", "brand_colour")),
    ]


@pytest.mark.no_database
def test_any_malformed_part_gives_a_list_of_problems_and_never_an_exception():
    """Every part of a full document in turn replaced by a value of each type, or left out:
    the problems are a list, said in words, each once; a part of the wrong type is among
    them; and each planted deeper problem is still found unless it is read from that part."""
    cases = [(path, value, False) for path in _parts(FULL) for value in MALFORMED]
    cases += [(path, None, True) for path in _parts(FULL) if path and isinstance(path[-1], str)]
    for path, value, delete in cases:
        document = _changed(path, value, delete)
        found = find_problems(document)
        assert isinstance(found, list), (path, value)
        assert all(isinstance(p, Problem) for p in found), (path, value)
        assert len(found) == len(set(found)), (path, value)
        lines = [in_words(p, document) for p in found]
        assert all(line and isinstance(line, str) for line in lines), (path, value)
        if not delete and _kind(value) != _kind(_get(FULL, path)):
            assert any(p.path[: len(path)] == path for p in found), (path, value)
        for planted, read_from in PLANTED.items():
            if not any(_overlaps(path, part) for part in read_from):
                assert planted in found, (path, value, delete, planted)


def _get(document, path):
    for key in path:
        document = document[key]
    return document


@pytest.mark.no_database
def test_malformed_documents_through_the_reader(tmp_path):
    """The same through the files an import reads, as JSON and as YAML."""
    documents = [
        [],
        "text",
        {"municipality": [], "plans": {}},
        {"municipality": {"name": 1, "committees": {}}, "plans": [[]]},
        {"municipality": {"logo": [], "brand_colour": 7, "districts": "Norr"}, "plans": [None]},
        {"municipality": {"name": "X"}, "plans": [{"focus_areas": [[], {"goals": {}}]}]},
        {"municipality": {"name": "X"}, "plans": [{"goals": [{"dialogue": []}], "slug": 1}]},
        {"municipality": {"name": "X"}, "plans": [{"dialogue": {"opens": 1, "closes": []}}]},
        {"plans": [{"title": "A", "status": "current", "kind": "proposal", "dialogue_level": 3}]},
    ]
    for index, document in enumerate(documents):
        for name, text in [("doc.json", json.dumps(document)), ("doc.yaml", json.dumps(document))]:
            problems = problems_for(tmp_path, text, f"{index}-{name}")
            assert problems and all(isinstance(line, str) for line in problems), document
    last = problems_for(tmp_path, json.dumps(documents[-1]), "last.json")
    assert "Plan 1 “A”: the status “current” does not fit the kind “proposal”. Use one of: " in (
        " ".join(last)
    )


@pytest.mark.no_database
def test_a_list_or_mapping_as_a_yaml_key_is_a_problem_not_an_exception(tmp_path):
    """`? [a]` makes a list the key of a mapping: the check for keys given twice put it in a
    set and raised TypeError."""
    assert problems_for(tmp_path, "? [a]\n: b\n") == [
        "not valid YAML at line 1, column 3: a list or mapping cannot be a key"
    ]
    assert problems_for(tmp_path, "municipality: {name: X}\nplans: [{? {a: 1} : b}]\n") == [
        "not valid YAML at line 2, column 12: a list or mapping cannot be a key"
    ]


@pytest.mark.no_database
def test_a_key_that_is_a_number_is_named_as_the_unknown_field(tmp_path):
    """It was taken for an item's number: "“municipality” is not a field the import knows"."""
    assert problems_for(tmp_path, "municipality: {name: X, 3: y}\nplans: []\n") == [
        "The municipality: “3” is not a field the import knows. Check the spelling."
    ]
