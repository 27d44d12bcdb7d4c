"""Importing comments from other channels: every kind of problem is reported with its line and
column and nothing is written; a valid file is stored once, however often it is imported."""

import io
import json
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from dialog.catalogue.models import District
from dialog.channels.services import import_file, publish
from dialog.core.audit import AuditEntry
from dialog.core.permissions import NotAllowed
from dialog.extensions import db
from dialog.participation.models import Comment, CommentChannel
from tests.factories import make_goal, make_user

TODAY = date(2026, 12, 4)


@pytest.fixture
def goal(app_context):
    found = make_goal()
    db.session.add(District(municipality_id=found.plan.municipality_id, name="Centrum", position=1))
    db.session.commit()
    return found


def run(goal, text: str, name: str = "blanketter.csv", channel=None):
    with app_context_locale():
        return import_file(goal, name, text.encode("utf-8"), None, channel, today=TODAY)


def app_context_locale():
    from flask_babel import force_locale

    return force_locale("en")


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment)) or 0


def lines(problems) -> list[str]:
    with app_context_locale():
        return [str(problem) for problem in problems]


GOOD = (
    "text,channel,received_on,ref,district,age_band\n"
    "Fler bänkar i parken,paper,2026-11-02,P-1,Centrum,65-79\n"
    '"Belysningen på gångvägen, tack",meeting,2026-11-03,M-1,,\n'
    "Bättre städning,email,,E-7,,30-44\n"
)


def test_a_valid_file_is_stored_with_every_column(goal):
    result, problems = run(goal, GOOD)
    assert problems == []
    assert (result.added, result.existing) == (3, 0)
    db.session.commit()
    first = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    assert first.author_id is None and first.author is None
    assert first.channel == CommentChannel.PAPER
    assert first.received_on == date(2026, 11, 2)
    assert first.district.name == "Centrum" and first.age_band.value == "65-79"
    assert first.published_at is None and not first.is_public
    second = db.session.scalar(select(Comment).filter_by(source_ref="M-1"))
    assert second.body == "Belysningen på gångvägen, tack"
    entry = db.session.scalar(select(AuditEntry).filter_by(action="comments.import"))
    assert entry.after["added"] == 3 and entry.target_id == goal.id


def test_importing_the_same_file_again_adds_nothing(goal):
    run(goal, GOOD)
    db.session.commit()
    result, problems = run(goal, GOOD)
    assert problems == [] and (result.added, result.existing) == (0, 3)
    assert stored() == 3


def test_rows_without_a_reference_are_recognised_again_and_repeats_kept(goal):
    text = "text,channel\nBra!,paper\nBra!,paper\nMer grönt,paper\n"
    assert run(goal, text)[0].added == 3  # two forms said the same: both count
    db.session.commit()
    again, _ = run(goal, text)
    assert (again.added, again.existing) == (0, 3)
    more, _ = run(goal, text + "Bra!,paper\n")
    assert (more.added, more.existing) == (1, 3)


def test_semicolons_and_a_byte_order_mark_are_read(goal):
    result, problems = run(goal, '\ufefftext;channel;ref\n"Fler bussar; tätare";paper;P-9\n')
    assert problems == [] and result.added == 1
    assert db.session.scalar(select(Comment.body)) == "Fler bussar; tätare"


def test_more_values_than_columns(goal):
    result, problems = run(goal, "text;channel\nFler bussar; tätare;paper\n")
    assert result is None
    assert lines(problems) == [
        "line 2: more values than the header has columns",
        "line 2, column channel: unknown channel 'tätare' "
        "(use paper, meeting, email, phone, survey, other)",
    ]


def test_missing_text_unknown_channel_and_impossible_date(goal):
    text = (
        "text,channel,received_on,ref\n"
        ",paper,2026-11-02,P-1\n"
        "Text,papper-ish,2026-11-02,P-2\n"
        "Text,paper,2026-02-30,P-3\n"
        "Text,paper,2 nov,P-4\n"
        "Text,paper,2027-01-01,P-5\n"
    )
    result, problems = run(goal, text)
    assert result is None and stored() == 0
    assert lines(problems) == [
        "line 2, column text: the text is missing",
        "line 3, column channel: unknown channel 'papper-ish' "
        "(use paper, meeting, email, phone, survey, other)",
        "line 4, column received_on: 2026-02-30 is not a date in the calendar",
        "line 5, column received_on: '2 nov' is not a date (write YYYY-MM-DD)",
        "line 6, column received_on: 2027-01-01 is in the future",
    ]


def test_a_duplicate_reference_in_the_file(goal):
    text = "text,channel,ref\nEtt,paper,P-1\nTvå,paper,P-2\nTre,paper,P-1\nFyra,email,P-1\n"
    result, problems = run(goal, text)
    assert result is None and stored() == 0
    assert lines(problems) == [
        "line 4, column ref: the reference 'P-1' for paper is also on line 2"
    ]


def test_a_reference_imported_before_with_another_text(goal):
    run(goal, "text,channel,ref\nEtt,paper,P-1\n")
    db.session.commit()
    result, problems = run(goal, "text,channel,ref\nNågot annat,paper,P-1\nNy,paper,P-2\n")
    assert result is None and stored() == 1
    assert lines(problems) == [
        "line 2, column ref: the reference 'P-1' was imported earlier with another text"
    ]


def test_too_long_text_unknown_district_and_age_band(goal):
    text = f"text,channel,district,age_band\n{'x' * 10_001},paper,,\nKort,paper,Norr,12-15\n"
    result, problems = run(goal, text)
    assert result is None and stored() == 0
    assert lines(problems) == [
        "line 2, column text: the text is 10001 characters long; at most 10000",
        "line 3, column district: unknown district 'Norr' (the districts: centrum)",
        "line 3, column age_band: unknown age band '12-15' "
        "(use 0-17, 18-29, 30-44, 45-64, 65-79, 80+)",
    ]


def test_unknown_columns_and_no_text_column(goal):
    result, problems = run(goal, "comment,channel,namn\nHej,paper,Anna\n")
    assert result is None and stored() == 0
    assert lines(problems) == [
        "line 1, column 1: unknown column 'comment' "
        "(the columns are: text, channel, received_on, ref, district, age_band)",
        "line 1, column 3: unknown column 'namn' "
        "(the columns are: text, channel, received_on, ref, district, age_band)",
        "line 1: the file has no column 'text' (the comment itself)",
    ]


def test_a_missing_channel_needs_a_default(goal):
    text = "text,ref\nFrån ett möte,M-1\n"
    assert lines(run(goal, text)[1]) == [
        "line 2, column channel: the channel is missing "
        "(paper, meeting, email, phone, survey, other)"
    ]
    result, problems = run(goal, text, channel=CommentChannel.MEETING)
    assert problems == [] and result.added == 1
    assert db.session.scalar(select(Comment.channel)) == CommentChannel.MEETING


def test_swedish_channel_names_are_understood(goal):
    result, problems = run(goal, "text,channel\nEtt,papper\nTvå,möte\nTre,e-post\n")
    assert problems == [] and result.added == 3


def test_swedish_column_names_are_understood(goal):
    text = (
        "Synpunkt;Kanal;Inkommen;Referens;Kommundel;Åldersgrupp\n"
        "Fler bänkar i parken;papper;2026-11-02;P-1;Centrum;65-79\n"
    )
    result, problems = run(goal, text)
    assert problems == [] and result.added == 1
    comment = db.session.scalars(select(Comment)).one()
    assert (comment.channel, comment.source_ref) == (CommentChannel.PAPER, "P-1")
    result, problems = run(goal, json.dumps([{"kommentar": "Två", "kanal": "möte"}]), "a.json")
    assert problems == [] and result.added == 1


def test_a_column_named_in_both_languages_appears_twice(goal):
    result, problems = run(goal, "text,kanal,channel\nHej,papper,paper\n")
    assert result is None and stored() == 0
    assert lines(problems) == ["line 1, column channel: the column 'channel' appears twice"]


def test_file_level_problems(goal):
    assert lines(run(goal, "", "tom.csv")[1]) == ["The file is empty."]
    assert lines(run(goal, "text\n", "bara-rubrik.csv")[1]) == ["The file holds no comments."]
    assert lines(run(goal, "x", "fil.txt")[1]) == [
        "The file type '.txt' cannot be read: use .csv, .xlsx or .json."
    ]
    with app_context_locale():
        raw = import_file(goal, "latin1.csv", "text\nBänk\n".encode("latin-1"), None, today=TODAY)
        assert "not UTF-8" in str(raw[1][0])
        broken = import_file(goal, "fel.xlsx", b"not a zip", None, today=TODAY)
        assert lines(broken[1]) == ["The file is not an Excel workbook (.xlsx)."]
    assert stored() == 0


def test_json_items(goal):
    items = [
        {"text": "Fler träd", "channel": "survey", "ref": 17, "received_on": "2026-10-01"},
        {"text": "", "channel": "survey"},
        {"text": "Hej", "channel": "phone", "author": "Anna"},
        "bara text",
    ]
    result, problems = run(goal, json.dumps(items), "enkat.json")
    assert result is None
    assert lines(problems) == [
        "item 3, column author: unknown column "
        "(the columns are: text, channel, received_on, ref, district, age_band)",
        "item 4: not an object with the columns as keys",
        "item 2, column text: the text is missing",
    ]
    good, problems = run(goal, json.dumps(items[:1]), "enkat.json")
    assert problems == [] and good.added == 1
    assert db.session.scalar(select(Comment.source_ref)) == "17"


def test_xlsx_with_dates_as_cells(goal):
    book = Workbook()
    sheet = book.active
    sheet.append(["Text", "Channel", "Received_on", "Ref"])
    sheet.append(["Cykelparkering vid stationen", "paper", date(2026, 11, 20), 1001])
    sheet.append([None, None, None, None])
    sheet.append([None, "paper", None, 1002])
    buffer = io.BytesIO()
    book.save(buffer)
    with app_context_locale():
        result, problems = import_file(goal, "formular.xlsx", buffer.getvalue(), None, today=TODAY)
    assert lines(problems) == ["line 4, column text: the text is missing"]
    sheet.delete_rows(4)
    buffer = io.BytesIO()
    book.save(buffer)
    result, problems = import_file(goal, "formular.xlsx", buffer.getvalue(), None, today=TODAY)
    assert problems == [] and result.added == 1
    found = db.session.scalar(select(Comment))
    assert (found.source_ref, found.received_on) == ("1001", date(2026, 11, 20))


def test_problems_in_swedish(goal):
    from flask_babel import force_locale

    with force_locale("sv"):
        _, problems = import_file(goal, "a.csv", b"text,channel\n,paper\n", None, today=TODAY)
        assert [str(p) for p in problems] == ["rad 2, kolumn text: texten saknas"]


def test_only_importers_may_import_and_publish(goal):
    resident = make_user()
    with pytest.raises(NotAllowed):
        import_file(goal, "a.csv", GOOD.encode(), resident, today=TODAY)
    run(goal, GOOD)
    db.session.commit()
    comment = db.session.scalar(select(Comment).filter_by(source_ref="P-1"))
    with pytest.raises(NotAllowed):
        publish(comment, resident)
    assert comment.published_at is None


def test_a_large_file_is_stored_in_batches(goal):
    text = "text,channel,ref\n" + "".join(f"Synpunkt {n},survey,S-{n}\n" for n in range(1201))
    assert run(goal, text)[0].added == 1201
    db.session.commit()
    again, _ = run(goal, text)
    assert (again.added, again.existing) == (0, 1201)
    assert stored() == 1201
