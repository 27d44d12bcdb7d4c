"""`make bench`'s summary part still runs: it renders the plan summary through the view's own
function, so a change of that function's arguments broke it once without any test noticing."""

import subprocess
import sys
from pathlib import Path

import pytest

# The benchmark makes its own SQLite database whichever database the suite runs on.
pytestmark = pytest.mark.no_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_summary_benchmark_runs_on_a_small_sqlite_database(tmp_path):
    finished = subprocess.run(  # noqa: S603 (our own module, fixed arguments)
        [sys.executable, "-m", "bench.summaries", "--database", "sqlite", "--residents", "50",
         "--comments", "100", "--ratings", "200", "--repeat", "1",
         "--output", str(tmp_path / "results.md")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-2000:]
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "plan summary" in table and "CSV export, every comment (100 rows)" in table
