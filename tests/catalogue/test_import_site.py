"""The municipality's own site, kinds, committees and English texts in the import format."""

from sqlalchemy import select

from dialog.catalogue.importer import load_documents
from dialog.catalogue.importer.site import contrast
from dialog.catalogue.models import Committee, FocusArea, Goal, Municipality, Plan
from dialog.extensions import db

DOCUMENT = """\
municipality:
  name: Testby kommun
  slug: testby
  logo: {file: kommuner/exempelstad.svg, alt: Testby kommun}
  brand_colour: "#1D5B3A"
  contact: {address: "Box 1\\n123 45 Testby", email: info@testby.se, phone: 0123-45 67 00}
  data_controller: {name: Kommunstyrelsen i Testby, email: ks@testby.se}
  data_protection_officer: {name: Dataskyddsombudet, email: dso@testby.se}
  accessibility_contact: {email: webb@testby.se}
  mail_sender: {name: Testby kommun, address: dialog@testby.se}
  en: {vision: A Testby for everyone.}
  vision: Ett Testby för alla.
  committees:
    - {name: TFAB, full_name: Testby Fastighets AB, kind: company}
    - {name: Kommunstyrelsen, kind: board}
plans:
  - title: Mål 2025
    kind: governing
    status: adopted
    en: {title: Goals 2025}
    focus_areas:
      - kind: section
        title: Uppdrag
        en: {title: Assignments, description: Tasks for the companies.}
        goals:
          - title: Fler hyresrätter
            kind: assignment
            committees: [Testby Fastighets AB, kommunstyrelsen]
            en: {title: More rental flats}
            dialogue:
              opens: "2025-01-01"
              ladder: consultation
              influence: Hur uppdraget genomförs.
              readers: Bolagets styrelse.
              en: {influence: How the task is carried out.}
"""


def problems_for(tmp_path, text: str, name: str = "doc.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _documents, problems = load_documents([str(path)], 1_000_000)
    return [line.split(": ", 1)[1] for line in problems]


def run_import(runner, tmp_path, text, name="doc.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["dialog", "import", str(path)])


def test_site_settings_kinds_and_english_are_stored(runner, tmp_path, app_context):
    result = run_import(runner, tmp_path, DOCUMENT)
    assert result.exit_code == 0, result.output
    town = db.session.scalar(select(Municipality).filter_by(slug="testby"))
    assert town.brand_colour == "#1d5b3a" and town.logo_file == "kommuner/exempelstad.svg"
    assert town.contact_address == "Box 1\n123 45 Testby" and town.contact_phone == "0123-45 67 00"
    assert (town.controller_name, town.dpo_email) == ("Kommunstyrelsen i Testby", "dso@testby.se")
    assert (town.accessibility_email, town.mail_sender_address) == (
        "webb@testby.se",
        "dialog@testby.se",
    )
    assert town.vision_en == "A Testby for everyone."
    plan = db.session.scalar(select(Plan))
    assert (plan.kind, plan.status, plan.title_en) == ("governing", "adopted", "Goals 2025")
    area = db.session.scalar(select(FocusArea))
    assert (area.kind, area.title_en) == ("section", "Assignments")
    goal = db.session.scalar(select(Goal))
    assert goal.title_en == "More rental flats"
    assert (
        goal.window.influence_en == "How the task is carried out."
        and goal.window.readers_en is None
    )
    # A goal may name a committee by its full name; the declared one is used, not a new one.
    assert sorted(c.name for c in goal.committees) == ["Kommunstyrelsen", "TFAB"]
    tfab = db.session.scalar(select(Committee).filter_by(name="TFAB"))
    assert (tfab.kind, tfab.display_name) == ("company", "Testby Fastighets AB (TFAB)")


def test_export_and_reimport_keep_everything(runner, tmp_path, app_context):
    assert run_import(runner, tmp_path, DOCUMENT).exit_code == 0
    exported = tmp_path / "export.yaml"
    runner.invoke(args=["dialog", "export-catalogue", "testby", "-o", str(exported)])
    text = exported.read_text(encoding="utf-8")
    for fragment in ("brand_colour: '#1d5b3a'", "kind: section", "full_name: Testby Fastighets AB"):
        assert fragment in text
    assert "title: More rental flats" in text and "influence: How the task is carried out." in text
    again = runner.invoke(args=["dialog", "import", str(exported)])
    assert again.exit_code == 0 and again.output.strip() == "No changes."


def test_an_old_file_without_kinds_still_imports(runner, tmp_path, app_context):
    old = "municipality: {name: Gammelby}\nplans:\n  - {title: Förslaget, status: proposed}\n"
    assert run_import(runner, tmp_path, old).exit_code == 0
    assert db.session.scalar(select(Plan.kind)) == "proposal"


def test_a_brand_colour_without_enough_contrast_is_refused(tmp_path):
    light = DOCUMENT.replace('"#1D5B3A"', '"#7FB2E5"')
    assert problems_for(tmp_path, light) == [
        "The municipality: the brand colour has too little contrast against white (#ffffff): "
        "2.23:1, and at least 4.5:1 is needed. Choose a darker colour."
    ]
    # Passes against white (4.6:1) but not against the light tint of the footer.
    almost = DOCUMENT.replace('"#1D5B3A"', '"#767676"')
    [problem] = problems_for(tmp_path, almost)
    assert "against the light tint (#f2f5f7)" in problem
    assert problems_for(tmp_path, DOCUMENT.replace('"#1D5B3A"', "blue")) == [
        "The municipality: the brand colour is not a colour. Write it as #rrggbb, e.g. #00507a."
    ]


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_site_settings_are_checked(tmp_path):
    cases = [
        ("kommuner/exempelstad.svg", "kommuner/saknas.svg"),
        ("kommuner/exempelstad.svg", "../secret.svg"),
        ("kommuner/exempelstad.svg", "kommuner/logo.gif"),
        ("info@testby.se", "info(at)testby.se"),
        ("0123-45 67 00", "ring oss"),
        ("{name: Dataskyddsombudet, email: dso@testby.se}", "{email: dso@testby.se}"),
        ("{email: webb@testby.se}", "{}"),
    ]
    found = [problems_for(tmp_path, DOCUMENT.replace(old, new)) for old, new in cases]
    logo = (
        "The municipality, the logo: the file must be an SVG or PNG file under static/, "
        "e.g. kommuner/lund.svg."
    )
    assert found == [
        ["The municipality, the logo: the file “kommuner/saknas.svg” is not a file under static/."],
        [logo],
        [logo],
        ["The municipality, the contact details: the e-mail address is not an e-mail address."],
        [
            "The municipality, the contact details: the phone number is not a phone number. "
            "Use digits, spaces, “-” and “+”."
        ],
        ["The municipality, the data protection officer: the name is missing."],
        ["The municipality: the accessibility contact is empty. Give at least one of its fields."],
    ]


def test_a_status_must_fit_the_kind_of_document(tmp_path):
    wrong = DOCUMENT.replace("kind: governing", "kind: background")
    assert problems_for(tmp_path, wrong) == [
        "Plan 1 “Mål 2025”: the status “adopted” does not fit the kind “background”. "
        "Use one of: current, archived."
    ]
    unknown = DOCUMENT.replace("kind: section", "kind: chapter")
    assert problems_for(tmp_path, unknown) == [
        "Plan 1 “Mål 2025”, focus area 1 “Uppdrag”: the kind cannot be “chapter”. "
        "Use one of: focus_area, section, change_pressure."
    ]


def test_committees_are_declared_once(tmp_path):
    twice = DOCUMENT.replace("{name: Kommunstyrelsen, kind: board}", "{name: testby fastighets AB}")
    assert problems_for(tmp_path, twice) == [
        "The municipality, committee 2 “testby fastighets AB”: the name “testby fastighets AB” "
        "is already used by committee 1 “TFAB”."
    ]


def test_nothing_is_written_when_one_of_two_files_has_a_problem(runner, tmp_path, app_context):
    good = tmp_path / "good.yaml"
    good.write_text(DOCUMENT, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(DOCUMENT.replace("testby", "annanby").replace('"#1D5B3A"', '"#eeeeee"'))
    result = runner.invoke(args=["dialog", "import", str(good), str(bad)])
    assert result.exit_code == 1 and "profilfärgen har för låg kontrast" in result.output
    assert db.session.scalar(select(Municipality)) is None
