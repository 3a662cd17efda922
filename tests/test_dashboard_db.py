"""dashboard.db: one build per page run, and no connection ever served a stale build."""

import os
from pathlib import Path

import duckdb
import pytest

from dashboard import db


def _build(path: Path, value: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT ? AS v", [value])
    con.close()


@pytest.fixture
def dbfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "indicators.duckdb"
    _build(path, 1)
    monkeypatch.setenv(db.DB_ENV, str(path))
    return path


def _swap(path: Path, value: int) -> None:
    new = path.with_name("new.duckdb")
    _build(new, value)
    os.replace(new, path)


def test_a_page_run_reads_one_build_even_across_a_swap(dbfile: Path) -> None:
    with db.pinned() as key:
        assert db.query("SELECT v FROM t", cache=False).iat[0, 0] == 1
        _swap(dbfile, 2)
        assert db.query("SELECT v FROM t", cache=False).iat[0, 0] == 1  # still the pinned build
        assert db.db_key() == key
    assert db.query("SELECT v FROM t", cache=False).iat[0, 0] == 2  # the next run sees the swap


def test_a_new_connection_never_gets_the_old_instance(dbfile: Path) -> None:
    old = db.connect(db.require_db())
    try:
        _swap(dbfile, 2)
        new = db.connect(db.require_db())
        assert new.execute("SELECT v FROM t").fetchone() == (2,)
        assert old.execute("SELECT v FROM t").fetchone() == (1,)
        new.close()
    finally:
        old.close()


def test_no_database_yields_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db.DB_ENV, str(tmp_path / "missing.duckdb"))
    with db.pinned() as key:
        assert key is None
    with pytest.raises(db.NoDatabase):
        db.require_db()
