"""Every class of import error: one line per problem, in words, and nothing written.

Outside a request the lines are in English (the msgids); test_importer_wording.py has both
languages."""

import json

import pytest
from sqlalchemy import func, select

from dialog.catalogue.importer import load_documents
from dialog.catalogue.models import Municipality
from dialog.extensions import db

MAX = 2 * 1024 * 1024

VALID = """\
municipality: {name: Testby kommun, slug: testby}
plans:
  - title: Mål 2025
    status: adopted
    focus_areas:
      - code: "1"
        title: Trygghet
        goals:
          - {code: "1:1", title: Trygga gator, kind: goal}
"""


def problems_for(tmp_path, text: str | bytes, name: str = "doc.yaml") -> list[str]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    documents, problems = load_documents([str(path)], MAX)
    if problems:
        assert documents == []
    return [p.removeprefix(f"{path}: ") for p in problems]


def test_a_valid_document_has_no_problems(tmp_path):
    assert problems_for(tmp_path, VALID) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("title: Trygga gator, ", ""),
            "Plan 1 “Mål 2025”, focus area 1 “1”, goal 1 “1:1”: the title is missing.",
        ),
        (
            ("status: adopted", "status: adopted\n    colour: blue"),
            "Plan 1 “Mål 2025”: “colour” is not a field the import knows. Check the spelling.",
        ),
        (
            ("status: adopted", "status: decided"),
            "Plan 1 “Mål 2025”: the status cannot be “decided”. "
            "Use one of: proposed, returned, adopted, current, archived.",
        ),
        (
            ("kind: goal", "kind: wish"),
            "Plan 1 “Mål 2025”, focus area 1 “1”, goal 1 “1:1”: the kind cannot be “wish”. "
            "Use one of: goal, assignment, aspect.",
        ),
        (
            ('code: "1:1"', "code: 1:1"),
            "Plan 1 “Mål 2025”, focus area 1 “1”, goal 1 “Trygga gator”: "
            "the code must be text, not a number.",
        ),
        (
            ("title: Trygghet", 'title: "   "'),
            "Plan 1 “Mål 2025”, focus area 1 “1”: the title has no text.",
        ),
        (
            ("slug: testby", "slug: Test By"),
            "The municipality: the web name (slug) may only have lowercase a–z, digits 0–9 "
            "and “-”.",
        ),
    ],
)
def test_each_schema_problem_names_its_field(tmp_path, change, expected):
    assert problems_for(tmp_path, VALID.replace(*change)) == [expected]


def test_each_missing_field_of_a_dialogue_window_is_named_once(tmp_path):
    """Found on the administrators' walk: a window without what residents can influence and
    who reads their views listed each of the two problems twice, and counted four."""
    text = VALID.replace(
        "status: adopted", "status: adopted\n    dialogue: {opens: '2026-12-01', ladder: dialogue}"
    )
    where = "Plan 1 “Mål 2025”, the dialogue window: "
    assert problems_for(tmp_path, text) == [
        where + "what residents can influence is missing.",
        where + "who reads the input is missing.",
    ]


def test_wrong_container_types(tmp_path):
    assert problems_for(tmp_path, "municipality: {name: X}\nplans: {}\n") == [
        "The plans must be a list, not a group of fields (key: value)."
    ]
    assert problems_for(tmp_path, "- just\n- a list\n") == [
        "The document must be a group of fields (key: value), not a list."
    ]
    assert problems_for(tmp_path, "municipality: {name: X}\nplans: [Mål]\n") == [
        "Plan 1 must be a group of fields (key: value), not text."
    ]


def test_duplicate_codes_are_reported(tmp_path):
    text = VALID + '          - {code: "1:1", title: Trygga parker}\n'
    assert problems_for(tmp_path, text) == [
        "Plan 1 “Mål 2025”, focus area 1 “1”, goal 2 “1:1”: the code “1:1” is already used by "
        "goal 1 “Trygga gator”."
    ]


def test_duplicate_plan_slugs_are_reported(tmp_path):
    text = VALID + "  - {title: Mål 2025, status: proposed}\n"
    assert problems_for(tmp_path, text) == [
        "Plan 2 “Mål 2025”: the web name (slug) “mal-2025” is already used by plan 1 “Mål 2025”."
    ]


def test_duplicate_titles_without_code_are_reported(tmp_path):
    text = VALID + "    goals:\n      - {title: Ren luft}\n      - {title: ren  LUFT}\n"
    assert problems_for(tmp_path, text) == [
        "Plan 1 “Mål 2025”, goal 2 “ren LUFT”: the title is the same as that of goal 1 "
        "“Ren luft”, and neither has a code. Give one of them a code."
    ]


def test_duplicate_committees_are_reported(tmp_path):
    text = VALID.replace(
        "kind: goal", "kind: assignment, committees: [Tekniska nämnden, tekniska  nämnden]"
    )
    assert problems_for(tmp_path, text) == [
        "Plan 1 “Mål 2025”, focus area 1 “1”, goal 1 “1:1”: the committees: “tekniska  nämnden” "
        "is given twice."
    ]


def test_duplicate_yaml_keys_are_reported(tmp_path):
    text = VALID.replace("status: adopted", "status: adopted\n    status: proposed")
    [problem] = problems_for(tmp_path, text)
    assert problem.startswith("not valid YAML at line 5, column 5: duplicate key 'status'")


def test_invalid_yaml_gives_line_and_column(tmp_path):
    [problem] = problems_for(tmp_path, VALID.replace("title: Trygghet", "title: [Trygghet"))
    assert problem.startswith("not valid YAML at line ")
    assert "column" in problem


def test_invalid_json_gives_line_and_column(tmp_path):
    assert problems_for(tmp_path, '{"municipality": {\n  "name": }', "doc.json") == [
        "not valid JSON at line 2, column 11: Expecting value"
    ]


def test_not_utf8(tmp_path):
    assert problems_for(tmp_path, VALID.encode("latin-1")) == [
        "not UTF-8 (invalid byte at position 69)"
    ]


def test_file_too_large(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(VALID)
    _documents, problems = load_documents([str(path)], 10)
    assert problems == [f"{path}: file too large ({len(VALID.encode())} bytes, at most 10)"]


def test_unknown_file_type_and_missing_file(tmp_path):
    assert problems_for(tmp_path, VALID, "doc.txt") == [
        "unknown file type “.txt” (use .yaml, .yml or .json)"
    ]
    _documents, problems = load_documents([str(tmp_path / "absent.yaml")], MAX)
    assert problems == [f"{tmp_path / 'absent.yaml'}: cannot be read (No such file or directory)"]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = VALID.replace("status: adopted", "status: nope").replace("title: Trygghet", "titel: x")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 3  # unknown status, unknown key and missing title, all at once
    assert "Plan 1 “Mål 2025”, focus area 1 “1”: the title is missing." in problems


def test_json_documents_are_accepted(tmp_path):
    data = {
        "municipality": {"name": "Testby kommun"},
        "plans": [{"title": "Mål", "status": "proposed", "goals": [{"title": "Ett mål"}]}],
    }
    assert problems_for(tmp_path, json.dumps(data), "doc.json") == []


def test_cli_writes_nothing_when_any_file_is_wrong(runner, tmp_path, app_context):
    """One line per problem, in Swedish unless --lang en is given."""
    good = tmp_path / "good.yaml"
    good.write_text(VALID)
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("testby", "annanby").replace("status: adopted", "status: x"))
    result = runner.invoke(args=["dialog", "import", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{bad}: Styrdokument 1 ”Mål 2025”: statusen kan inte vara ”x”. "
        "Använd något av: proposed, returned, adopted, current, archived.",
        "Inget importerades: 1 problem.",
    ]
    english = runner.invoke(args=["dialog", "import", "--lang", "en", str(good), str(bad)])
    assert english.exit_code == 1
    assert english.output.splitlines() == [
        f"{bad}: Plan 1 “Mål 2025”: the status cannot be “x”. "
        "Use one of: proposed, returned, adopted, current, archived.",
        "Nothing was imported: 1 problem.",
    ]
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 0


def test_two_files_may_not_define_the_same_plan(runner, tmp_path, app_context):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(VALID)
    second.write_text(VALID)
    result = runner.invoke(args=["dialog", "import", "--lang", "en", str(first), str(second)])
    assert result.exit_code == 1
    assert (
        f"{second}: Plan 1 “Mål 2025”: the web name (slug) “mal-2025” is already used by "
        f"a plan in {first}."
    ) in result.output


WINDOW = """\
municipality: {name: Testby kommun, slug: testby, districts: [Norr, Söder]}
plans:
  - title: Mål 2025
    status: adopted
    dialogue: {opens: 2025-09-01, closes: "2025-11-30", ladder: consultation,
               influence: Prioriteringen, readers: Kommunstyrelsen}
    goals:
      - {title: Trygga gator, dialogue: {opens: "2025-10-01", ladder: dialogue,
                                         influence: Allt, readers: Nämnden}}
"""


def test_dialogue_windows_and_districts_are_valid(tmp_path):
    assert problems_for(tmp_path, WINDOW) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('closes: "2025-11-30"', 'closes: "2025-02-30"'),
            "Plan 1 “Mål 2025”, the dialogue window: the closing date “2025-02-30” is not a day "
            "in the calendar.",
        ),
        (
            ('closes: "2025-11-30"', "closes: 30/11/2025"),
            "Plan 1 “Mål 2025”, the dialogue window: the closing date is not a date. "
            "Write it as YYYY-MM-DD, e.g. 2026-03-31.",
        ),
        (
            ('closes: "2025-11-30"', 'closes: "2025-08-01"'),
            "Plan 1 “Mål 2025”, the dialogue window: the closing date is before the opening date.",
        ),
        (
            ("ladder: consultation", "ladder: shouting"),
            "Plan 1 “Mål 2025”, the dialogue window: the step on the participation ladder "
            "cannot be “shouting”. Use one of: information, consultation, dialogue, influence, "
            "codetermination.",
        ),
        (
            (", readers: Nämnden", ""),
            "Plan 1 “Mål 2025”, goal 1 “Trygga gator”, the dialogue window: who reads the input "
            "is missing.",
        ),
        (
            ("[Norr, Söder]", "[Norr, norr]"),
            "The municipality: the districts: “norr” is given twice.",
        ),
        (
            ("slug: testby,", "slug: testby, comment_max_length: 20000,"),
            "The municipality: the longest comment allowed must be at most 10000.",
        ),
    ],
)
def test_dialogue_window_problems(tmp_path, change, expected):
    assert expected in problems_for(tmp_path, WINDOW.replace(*change))


def test_the_dialogue_level_must_name_a_level_the_plan_has(tmp_path):
    both = VALID.replace("status: adopted", "status: adopted\n    dialogue_level: both")
    assert problems_for(tmp_path, both) == []
    unknown = VALID.replace("status: adopted", "status: adopted\n    dialogue_level: all")
    assert problems_for(tmp_path, unknown) == [
        "Plan 1 “Mål 2025”: the dialogue level cannot be “all”. "
        "Use one of: goals, focus_areas, both."
    ]
    sections = both.replace("title: Trygghet", "title: Mål\n        kind: section")
    assert problems_for(tmp_path, sections) == [
        "Plan 1 “Mål 2025”: the dialogue level “both” needs at least one focus area "
        "(kind focus_area). Sections and drivers of change are not open for dialogue."
    ]


def test_names_are_one_line_and_titles_have_no_control_characters(tmp_path):
    """A name goes into a mail's subject and From header: a line break, tab or control
    character in it is refused, each on its own line, and nothing is written."""
    text = (
        VALID.replace(
            "{name: Testby kommun,",
            '{name: "Testby\\nkommun", committees: [{name: "A\\tB"}],',
        )
        .replace("title: Trygga gator", 'title: "Trygga\\egator"')
        .replace("status: adopted", 'status: adopted\n    en: {title: "Goals\\u2028line"}')
    )
    assert problems_for(tmp_path, text) == [
        "The municipality, committee 1 “A B”: the name must be one line: remove the line "
        "breaks, tabs and invisible control characters.",
        "The municipality: the name must be one line: remove the line breaks, tabs and "
        "invisible control characters.",
        "Plan 1 “Mål 2025”, focus area 1 “1”, goal 1 “1:1”: the title has invisible control "
        "characters. Remove them.",
    ]


def test_a_title_may_wrap_over_lines_in_the_file(tmp_path):
    """Titles are stored as one line (importer.apply), so a folded title is no problem."""
    text = VALID.replace("title: Trygga gator", 'title: "Trygga\\n\\tgator"')
    assert problems_for(tmp_path, text) == []
