"""Each class of import problem, in the words an administrator reads, in Swedish and English.

Found on the administrators' walk: the problems read like paths into the file
(`plans[0].goals[1].code: wrong type (expected string, got integer)`). A line now says where
(the plan, focus area and goal by number and name), which field, and what is wrong.
"""

import pytest
from flask_babel import force_locale

from dialog.catalogue.importer import load_documents

DOCUMENT = """\
municipality:
  name: Testby kommun
  slug: testby
  brand_colour: "#1D5B3A"
  logo: {file: kommuner/exempelstad.svg, alt: Testby kommun}
  contact: {email: info@testby.se, phone: 0123-45 67 00, website: "https://testby.se"}
  comment_max_length: 2000
  districts: [Norr, Söder]
  committees:
    - {name: TFAB, full_name: Testby Fastighets AB, kind: company}
    - {name: Kommunstyrelsen, kind: board}
plans:
  - title: Mål 2025
    kind: governing
    status: adopted
    dialogue: {opens: "2025-09-01", closes: "2025-11-30", ladder: consultation,
               influence: Prioriteringen, readers: Kommunstyrelsen}
    focus_areas:
      - code: "1"
        title: Trygghet
        goals:
          - {code: "1:1", title: Trygga gator, kind: goal}
          - {title: Fler hyresrätter, kind: assignment, committees: [TFAB]}
"""
P1 = ("Plan 1 “Mål 2025”", "Styrdokument 1 ”Mål 2025”")
GOAL = (
    "Plan 1 “Mål 2025”, focus area 1 “1”, goal 1 “1:1”",
    "Styrdokument 1 ”Mål 2025”, fokusområde 1 ”1”, mål 1 ”1:1”",
)
TOWN = ("The municipality", "Kommunen")

#: (the change to DOCUMENT, the line in English, the line in Swedish), one per class.
CASES = {
    "missing": (
        ("title: Trygga gator, ", ""),
        f"{GOAL[0]}: the title is missing.",
        f"{GOAL[1]}: titeln saknas.",
    ),
    "unknown key": (
        ("status: adopted", "status: adopted\n    colour: blue"),
        f"{P1[0]}: “colour” is not a field the import knows. Check the spelling.",
        f"{P1[1]}: ”colour” är inget fält som importen känner till. Kontrollera stavningen.",
    ),
    "wrong type": (
        ('code: "1:1"', "code: 1:1"),
        "Plan 1 “Mål 2025”, focus area 1 “1”, goal 1 “Trygga gator”: the code must be text, "
        "not a number.",
        "Styrdokument 1 ”Mål 2025”, fokusområde 1 ”1”, mål 1 ”Trygga gator”: koden måste vara "
        "text, inte ett tal.",
    ),
    "not one of the values": (
        ("kind: goal", "kind: wish"),
        f"{GOAL[0]}: the kind cannot be “wish”. Use one of: goal, assignment, aspect.",
        f"{GOAL[1]}: typen kan inte vara ”wish”. Använd något av: goal, assignment, aspect.",
    ),
    "empty text": (
        ("title: Trygghet", 'title: "  "'),
        "Plan 1 “Mål 2025”, focus area 1 “1”: the title has no text.",
        "Styrdokument 1 ”Mål 2025”, fokusområde 1 ”1”: titeln har ingen text.",
    ),
    "not a date": (
        ('closes: "2025-11-30"', "closes: 30/11/2025"),
        f"{P1[0]}, the dialogue window: the closing date is not a date. Write it as YYYY-MM-DD, "
        "e.g. 2026-03-31.",
        f"{P1[1]}, dialogperioden: slutdatumet är inget datum. Skriv det som ÅÅÅÅ-MM-DD, "
        "t.ex. 2026-03-31.",
    ),
    "not a slug": (
        ("slug: testby", "slug: Test By"),
        f"{TOWN[0]}: the web name (slug) may only have lowercase a–z, digits 0–9 and “-”.",
        f"{TOWN[1]}: webbnamnet (slug) får bara innehålla små bokstäver a–z, siffror 0–9 och ”-”.",
    ),
    "not an e-mail address": (
        ("info@testby.se", "info(at)testby.se"),
        f"{TOWN[0]}, the contact details: the e-mail address is not an e-mail address.",
        f"{TOWN[1]}, kontaktuppgifterna: e-postadressen är ingen e-postadress.",
    ),
    "not a phone number": (
        ("0123-45 67 00", "ring oss"),
        f"{TOWN[0]}, the contact details: the phone number is not a phone number. Use digits, "
        "spaces, “-” and “+”.",
        f"{TOWN[1]}, kontaktuppgifterna: telefonnumret är inget telefonnummer. Använd siffror, "
        "mellanslag, ”-” och ”+”.",
    ),
    "not a web address": (
        ('"https://testby.se"', "testby.se"),
        f"{TOWN[0]}, the contact details: the website is not a web address. Write it with "
        "https://, e.g. https://lund.se.",
        f"{TOWN[1]}, kontaktuppgifterna: webbplatsen är ingen webbadress. Skriv den med "
        "https://, t.ex. https://lund.se.",
    ),
    "not a colour": (
        ('"#1D5B3A"', "green"),
        f"{TOWN[0]}: the brand colour is not a colour. Write it as #rrggbb, e.g. #00507a.",
        f"{TOWN[1]}: profilfärgen är ingen färg. Skriv den som #rrggbb, t.ex. #00507a.",
    ),
    "not an image": (
        ("kommuner/exempelstad.svg", "kommuner/logo.gif"),
        f"{TOWN[0]}, the logo: the file must be an SVG or PNG file under static/, "
        "e.g. kommuner/lund.svg.",
        f"{TOWN[1]}, logotypen: filen måste vara en SVG- eller PNG-fil under static/, "
        "t.ex. kommuner/lund.svg.",
    ),
    "no such file": (
        ("kommuner/exempelstad.svg", "kommuner/saknas.svg"),
        f"{TOWN[0]}, the logo: the file “kommuner/saknas.svg” is not a file under static/.",
        f"{TOWN[1]}, logotypen: filen ”kommuner/saknas.svg” finns inte som fil under static/.",
    ),
    "too small": (
        ("comment_max_length: 2000", "comment_max_length: 0"),
        f"{TOWN[0]}: the longest comment allowed must be at least 1.",
        f"{TOWN[1]}: den längsta tillåtna kommentaren måste vara minst 1.",
    ),
    "too large": (
        ("comment_max_length: 2000", "comment_max_length: 20000"),
        f"{TOWN[0]}: the longest comment allowed must be at most 10000.",
        f"{TOWN[1]}: den längsta tillåtna kommentaren får vara högst 10000.",
    ),
    "too long": (
        ("title: Mål 2025", f"title: Mål {'x' * 500}"),
        f"Plan 1 “Mål {'x' * 35}…”: the title is too long (at most 500 characters).",
        f"Styrdokument 1 ”Mål {'x' * 35}…”: titeln har för många tecken (högst 500).",
    ),
    "no fields": (
        ("  comment_max_length: 2000", "  accessibility_contact: {}\n  comment_max_length: 2000"),
        f"{TOWN[0]}: the accessibility contact is empty. Give at least one of its fields.",
        f"{TOWN[1]}: kontakten för tillgänglighet har inga fält. Ange minst ett av dem.",
    ),
    "no slug": (
        ("title: Mål 2025", "title: '?!'"),
        "Plan 1 “?!”: the web name (slug) is missing, and the title has no letters or digits "
        "to make one from.",
        "Styrdokument 1 ”?!”: webbnamnet (slug) saknas, och titeln har inga bokstäver eller "
        "siffror att göra ett av.",
    ),
    "duplicate": (
        (
            "{title: Fler hyresrätter, kind: assignment",
            '{code: "1:1", title: Fler hyresrätter, kind: assignment',
        ),
        "Plan 1 “Mål 2025”, focus area 1 “1”, goal 2 “1:1”: the code “1:1” is already used by "
        "goal 1 “Trygga gator”.",
        "Styrdokument 1 ”Mål 2025”, fokusområde 1 ”1”, mål 2 ”1:1”: koden ”1:1” används redan "
        "av mål 1 ”Trygga gator”.",
    ),
    "given twice": (
        ("[Norr, Söder]", "[Norr, norr]"),
        f"{TOWN[0]}: the districts: “norr” is given twice.",
        f"{TOWN[1]}: kommundelarna: ”norr” står två gånger.",
    ),
    "same title": (
        ('{code: "1:1", title: Trygga gator', "{title: fler  HYRESRÄTTER"),
        "Plan 1 “Mål 2025”, focus area 1 “1”, goal 2 “Fler hyresrätter”: the title is the same "
        "as that of goal 1 “fler HYRESRÄTTER”, and neither has a code. Give one of them a code.",
        "Styrdokument 1 ”Mål 2025”, fokusområde 1 ”1”, mål 2 ”Fler hyresrätter”: titeln är "
        "densamma som för mål 1 ”fler HYRESRÄTTER”, och ingen av dem har en kod. Ge en av dem "
        "en kod.",
    ),
    "status and kind": (
        ("kind: governing", "kind: background"),
        f"{P1[0]}: the status “adopted” does not fit the kind “background”. Use one of: current, "
        "archived.",
        f"{P1[1]}: statusen ”adopted” passar inte typen ”background”. Använd något av: current, "
        "archived.",
    ),
    "focus areas to open": (
        ("status: adopted", "status: adopted\n    dialogue_level: focus_areas\n    goals: []"),
        None,
        None,
    ),
    "no such day": (
        ('closes: "2025-11-30"', 'closes: "2025-02-30"'),
        f"{P1[0]}, the dialogue window: the closing date “2025-02-30” is not a day in the "
        "calendar.",
        f"{P1[1]}, dialogperioden: slutdatumet ”2025-02-30” finns inte i kalendern.",
    ),
    "closes before it opens": (
        ('closes: "2025-11-30"', 'closes: "2025-08-01"'),
        f"{P1[0]}, the dialogue window: the closing date is before the opening date.",
        f"{P1[1]}, dialogperioden: slutdatumet är före startdatumet.",
    ),
    "contrast": (
        ('"#1D5B3A"', '"#7FB2E5"'),
        f"{TOWN[0]}: the brand colour has too little contrast against white (#ffffff): 2.23:1, "
        "and at least 4.5:1 is needed. Choose a darker colour.",
        f"{TOWN[1]}: profilfärgen har för låg kontrast mot vitt (#ffffff): 2,23:1, och minst "
        "4,5:1 behövs. Välj en mörkare färg.",
    ),
}
del CASES["focus areas to open"]  # needs sections instead of focus areas: its own test below


def lines(tmp_path, text: str, language: str, name: str = "doc.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with force_locale(language):
        documents, problems = load_documents([str(path)], 1_000_000)
    assert documents == [] or not problems
    return [line.removeprefix(f"{path}: ") for line in problems]


def test_the_document_is_valid(tmp_path, app_context):
    assert lines(tmp_path, DOCUMENT, "sv") == []


@pytest.mark.parametrize("case", list(CASES))
def test_each_class_of_problem_in_english(tmp_path, app_context, case):
    change, english, _swedish = CASES[case]
    assert lines(tmp_path, DOCUMENT.replace(*change), "en") == [english]


@pytest.mark.parametrize("case", list(CASES))
def test_each_class_of_problem_in_swedish(tmp_path, app_context, case):
    change, _english, swedish = CASES[case]
    assert lines(tmp_path, DOCUMENT.replace(*change), "sv") == [swedish]


def test_a_dialogue_level_without_focus_areas(tmp_path, app_context):
    text = DOCUMENT.replace("status: adopted", "status: adopted\n    dialogue_level: both")
    text = text.replace(
        'code: "1"\n        title: Trygghet', "title: Trygghet\n        kind: section"
    )
    assert lines(tmp_path, text, "en") == [
        f"{P1[0]}: the dialogue level “both” needs at least one focus area (kind focus_area). "
        "Sections and drivers of change are not open for dialogue."
    ]
    assert lines(tmp_path, text, "sv") == [
        f"{P1[1]}: dialognivån ”both” kräver minst ett fokusområde (typen focus_area). Avsnitt "
        "och förändringstryck öppnas inte för dialog."
    ]


def test_a_plan_defined_in_two_files(tmp_path, app_context):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(DOCUMENT, encoding="utf-8")
    second.write_text(DOCUMENT, encoding="utf-8")
    found = {}
    for language in ("en", "sv"):
        with force_locale(language):
            found[language] = load_documents([str(first), str(second)], 1_000_000)[1]
    assert found["en"] == [
        f"{second}: {P1[0]}: the web name (slug) “mal-2025” is already used by a plan in {first}."
    ]
    assert found["sv"] == [
        f"{second}: {P1[1]}: webbnamnet (slug) ”mal-2025” används redan av ett styrdokument i "
        f"{first}."
    ]


def test_the_wrong_kind_of_value_is_named_in_words(tmp_path, app_context):
    assert lines(tmp_path, "- a\n- list\n", "sv") == [
        "Dokumentet måste vara en grupp fält (nyckel: värde), inte en lista."
    ]
    assert lines(tmp_path, "municipality: {name: X}\nplans: [Mål]\n", "sv") == [
        "Styrdokument 1 måste vara en grupp fält (nyckel: värde), inte text."
    ]
    committee = DOCUMENT.replace("committees: [TFAB]", "committees: [TFAB, 7]")
    assert lines(tmp_path, committee, "en") == [
        "Plan 1 “Mål 2025”, focus area 1 “1”, goal 2 “Fler hyresrätter”: committee 2 must be "
        "text, not a number."
    ]


def test_problems_with_the_file_itself(tmp_path, app_context):
    assert lines(tmp_path, "a: [b", "sv")[0].startswith("inte giltig YAML på rad 1, kolumn 6: ")
    assert lines(tmp_path, '{"a": }', "sv", "doc.json") == [
        "inte giltig JSON på rad 1, kolumn 7: Expecting value"
    ]
    assert lines(tmp_path, DOCUMENT, "sv", "doc.txt") == [
        "okänd filtyp ”.txt” (använd .yaml, .yml eller .json)"
    ]
    path = tmp_path / "latin.yaml"
    path.write_bytes("namn: Malmö".encode("latin-1"))
    with force_locale("sv"):
        assert load_documents([str(path)], 1_000_000)[1] == [
            f"{path}: inte UTF-8 (ogiltig byte på position 10)"
        ]
        assert load_documents([str(path)], 5)[1] == [
            f"{path}: filen är för stor (11 byte, högst 5)"
        ]
