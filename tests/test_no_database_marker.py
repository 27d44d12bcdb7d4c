"""The `no_database` marker: such a test cannot connect to any database, and the PostgreSQL run
leaves it to the SQLite run (tests/conftest.py)."""

from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine

from tests import conftest


@pytest.mark.no_database
def test_a_test_marked_no_database_cannot_connect(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'any.sqlite'}")
    with pytest.raises(AssertionError, match="marked no_database"):
        engine.connect()
    engine.dispose()


def test_an_unmarked_test_connects(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'any.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    engine.dispose()


class Item(SimpleNamespace):
    def get_closest_marker(self, name):
        return name if name in self.markers else None

    def add_marker(self, marker):
        self.markers.add(marker.name)


@pytest.mark.parametrize(("database", "kept"), [("sqlite", ["a", "b"]), ("postgresql", ["b"])])
def test_only_the_sqlite_run_keeps_tests_marked_no_database(monkeypatch, database, kept):
    monkeypatch.setenv("DIALOG_TEST_DATABASE", database)
    items = [Item(name="a", markers={"no_database"}), Item(name="b", markers=set())]
    deselected = []
    config = SimpleNamespace(
        hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items))
    )
    conftest.pytest_collection_modifyitems(config, items)
    assert [item.name for item in items] == kept
    assert [item.name for item in deselected] == (["a"] if database == "postgresql" else [])
