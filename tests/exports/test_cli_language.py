"""`flask dialog export … --lang sv|en`: the XLSX a communicator writes at the command line has
its headers and coded values in the language asked for, as the web exports follow `?lang=`."""

import io

from openpyxl import load_workbook

from tests.exports.test_exports import dialogue  # noqa: F401


def workbook_rows(runner, tmp_path, *args):
    target = tmp_path / "out.xlsx"
    result = runner.invoke(args=["dialog", "export", *args, "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return list(load_workbook(io.BytesIO(target.read_bytes())).active.values)


def test_comments_in_swedish_by_default_and_in_english_when_asked(runner, tmp_path, dialogue):  # noqa: F811
    goal = ("--goal", str(dialogue.a.id))
    swedish = workbook_rows(runner, tmp_path, "comments", *goal)
    assert swedish == workbook_rows(runner, tmp_path, "comments", *goal, "--lang", "sv")
    first = dict(zip(swedish[0], swedish[1], strict=True))
    assert (first["Typ"], first["Kanal"], first["Status"]) == ("Mål", "Webbplatsen", "Publicerad")

    english = workbook_rows(runner, tmp_path, "comments", *goal, "--lang", "en")
    assert english[0][:2] == ("Comment no.", "Type")
    first = dict(zip(english[0], english[1], strict=True))
    assert (first["Type"], first["Channel"], first["Status"]) == (
        "Goal",
        "The website",
        "Published",
    )


def test_ratings_in_english(runner, tmp_path, dialogue):  # noqa: F811
    rows = workbook_rows(runner, tmp_path, "ratings", "--goal", str(dialogue.a.id), "--lang", "en")
    assert rows[0][4:7] == ("Question", "Answers (1–5)", "Don't know")
    assert {row[4] for row in rows[1:]} <= {"Importance", "Performance"} and len(rows) > 1


def test_the_language_is_only_the_files(runner, tmp_path, dialogue):  # noqa: F811
    """The command's own messages, and the next command, are not changed by --lang en."""
    workbook_rows(runner, tmp_path, "comments", "--goal", str(dialogue.a.id), "--lang", "en")
    rows = workbook_rows(runner, tmp_path, "ratings", "--goal", str(dialogue.a.id))
    assert rows[0][4] == "Fråga"


def test_an_unknown_language_is_refused_plainly(runner, tmp_path, dialogue):  # noqa: F811
    target = tmp_path / "out.xlsx"
    for kind in ("comments", "ratings"):
        result = runner.invoke(
            args=[
                "dialog",
                "export",
                kind,
                "--goal",
                str(dialogue.a.id),
                "--format",
                "xlsx",
                "--lang",
                "de",
                "-o",
                str(target),
            ]
        )
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--lang': 'de' is not one of 'sv', 'en'." in result.output
        assert "Traceback" not in result.output and not target.exists()
