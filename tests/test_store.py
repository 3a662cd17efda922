"""The database is replaced whole or not at all, and knows its schema version."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl import store
from etl.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent


def _doc(doc_id: str, path: str) -> dict:
    return {"doc_id": doc_id, "path": path, "text": "收到建议12件。", "n_metrics": 1}


def _metric(doc_id: str, mid: str) -> dict:
    return {
        "metric_id": mid,
        "doc_id": doc_id,
        "start": 4,
        "end": 7,
        "quote": "12件",
        "kind": "count",
        "value": 12.0,
        "derived": False,
    }


def test_build_swaps_in_a_complete_file(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with store.building(db) as con:
        store.replace_documents(con, [_doc("a", "a.txt")], [_metric("a", "m1")])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM metrics").fetchone() == (1,)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    con.close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_failure_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with store.building(db) as con:
        store.replace_documents(con, [_doc("a", "a.txt")], [_metric("a", "m1")])
    with pytest.raises(RuntimeError), store.building(db) as con:
        store.replace_documents(con, [_doc("b", "b.txt")], [_metric("b", "m2")])
        raise RuntimeError("boom")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT doc_id FROM documents").fetchall() == [("a",)]
    con.close()


def test_changed_file_replaces_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with store.building(db) as con:
        store.replace_documents(con, [_doc("a", "a.txt")], [_metric("a", "m1")])
    with store.building(db) as con:
        store.replace_documents(con, [_doc("a2", "a.txt")], [_metric("a2", "m2")])
        assert con.execute("SELECT doc_id FROM documents").fetchall() == [("a2",)]
        assert con.execute("SELECT metric_id FROM metrics").fetchall() == [("m2",)]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with store.building(db) as con:
        store.set_meta(con, "schema_version", str(SCHEMA_VERSION + 1))
        with pytest.raises(store.SchemaTooNew):
            store.ensure_schema(con)
        store.set_meta(con, "schema_version", str(SCHEMA_VERSION))


def test_sigkill_mid_write_leaves_the_previous_database(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with store.building(db) as con:
        store.replace_documents(con, [_doc("a", "a.txt")], [_metric("a", "m1")])
    script = (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r})\n"
        "from etl import store\n"
        f"with store.building({str(db)!r}) as con:\n"
        '    con.execute("DELETE FROM metrics")\n'
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM metrics").fetchone() == (1,)
    con.close()
    # the next run completes and cleans nothing it should not
    with store.building(db) as con:
        store.replace_documents(con, [_doc("b", "b.txt")], [_metric("b", "m2")])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM metrics").fetchone() == (2,)
    con.close()
    time.sleep(0)


def _old_file(path: Path, version: int, *statements: str) -> Path:
    """A database as an older release left it: its schema version and its tables of the time."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(version)])
    for statement in statements:
        con.execute(statement)
    con.close()
    return path


def test_an_older_file_is_migrated(tmp_path: Path) -> None:
    db = _old_file(
        tmp_path / "old.duckdb",
        1,
        "CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, title VARCHAR, "
        "published DATE, text VARCHAR NOT NULL, source_format VARCHAR, encoding VARCHAR, n_chars INTEGER, "
        "province VARCHAR, city VARCHAR, county VARCHAR, adcode VARCHAR, flags VARCHAR, n_metrics INTEGER, "
        "run_id VARCHAR, loaded_at TIMESTAMP)",
        "INSERT INTO documents (doc_id, path, text) VALUES ('a', 'a.txt', '旧文本')",
    )
    with store.building(db) as con:
        store.replace_documents(con, [_doc("b", "b.txt")], [_metric("b", "m1")])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    rows = con.execute("SELECT doc_id, abs_path FROM documents ORDER BY doc_id").fetchall()
    assert rows == [("a", None), ("b", None)]
    con.close()


def test_a_document_larger_than_the_buffer_pool_is_stored(tmp_path: Path) -> None:
    # 12 million characters are ~36 MB of UTF-8, more than the ETL's 32 MB pool; DuckDB keeps a
    # string in one block, so the pool must grow for this batch
    text = "人大代表建议办理" * 1_500_000
    db = tmp_path / "big.duckdb"
    with store.building(db) as con:
        store.replace_documents(con, [{"doc_id": "big", "path": "big.txt", "text": text}], [])
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT length(text) FROM documents").fetchone() == (len(text),)
    finally:
        con.close()


def test_a_version_2_runs_table_gains_warnings(tmp_path: Path) -> None:
    db = _old_file(
        tmp_path / "v2.duckdb",
        2,
        "CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, "
        "inputs VARCHAR, documents_read INTEGER, documents_unchanged INTEGER, documents_skipped INTEGER, "
        "documents_failed INTEGER, metrics_written INTEGER, metrics_by_kind VARCHAR, bytes_read BIGINT, "
        "seconds DOUBLE, software_version VARCHAR)",
        "INSERT INTO runs (run_id) VALUES ('old')",
    )
    with store.building(db) as con:
        store.record_run(con, {"run_id": "new", "warnings": '["extraction workers stopped"]'})
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT run_id, warnings FROM runs ORDER BY run_id").fetchall() == [
        ("new", '["extraction workers stopped"]'),
        ("old", None),
    ]
    con.close()


def test_a_version_3_file_gains_indicator_and_document_place_columns(tmp_path: Path) -> None:
    db = _old_file(
        tmp_path / "v3.duckdb",
        3,
        "CREATE TABLE metrics (metric_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL, start INTEGER NOT NULL, "
        '"end" INTEGER NOT NULL, quote VARCHAR NOT NULL, kind VARCHAR NOT NULL, value DOUBLE, name VARCHAR, '
        "derived BOOLEAN NOT NULL DEFAULT FALSE)",
        'INSERT INTO metrics (metric_id, doc_id, start, "end", quote, kind, value, name) '
        "VALUES ('old', 'a', 0, 3, '12件', 'count', 12, '收到建议数')",
        "CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, text VARCHAR NOT NULL)",
    )
    with store.building(db) as con:
        cols = {r[0] for r in con.execute("DESCRIBE metrics").fetchall()}
        assert {"indicator", "category", "duplicate_of"} <= cols
        doc_cols = {r[0] for r in con.execute("DESCRIBE documents").fetchall()}
        assert {"url", "place_source", "year", "lost_share"} <= doc_cols
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT name, indicator, category, duplicate_of FROM metrics").fetchall() == [
        ("收到建议数", None, None, None)
    ]
    con.close()
