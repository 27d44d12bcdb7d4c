"""The CSV writer's formula check, over every cell or over the columns that can hold text."""

import csv
import io

from dialog.exports import writers

COLUMNS = ("id", "kind", "text")


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(text).removeprefix("\ufeff"))))


def test_every_cell_is_checked_when_no_text_columns_are_named() -> None:
    rows = [(1, "=fixed", "=SUM(A1)"), (2, "plain", "-minus")]
    read = _read("".join(writers.csv_chunks(COLUMNS, rows)))
    assert read == [list(COLUMNS), ["1", "'=fixed", "'=SUM(A1)"], ["2", "plain", "'-minus"]]


def test_only_the_named_text_columns_are_checked() -> None:
    rows = [(1, "-fixed", "plain"), (2, "+fixed", "@cell"), (3, "x", "\tTab")]
    read = _read("".join(writers.csv_chunks(COLUMNS, rows, text={"text"})))
    # A row whose text needs it is neutralised in every cell, as without `text`.
    assert read[1:] == [["1", "-fixed", "plain"], ["2", "'+fixed", "'@cell"], ["3", "x", "'\tTab"]]


def test_the_rows_come_out_in_chunks_of_chunk_rows() -> None:
    rows = [(i, "k", "t") for i in range(writers.CHUNK_ROWS * 2 + 1)]
    chunks = list(writers.csv_chunks(COLUMNS, rows, text={"text"}))
    assert len(chunks) == 4  # the header and three chunks
    assert len(_read("".join(chunks))) == len(rows) + 1
