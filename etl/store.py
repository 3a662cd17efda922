"""DuckDB writes that never leave a half-written database behind.

A run copies the current file to a temporary file beside it, writes there, checkpoints, and
swaps it in with ``os.replace`` (atomic on POSIX). A run killed at any point leaves the old file
untouched and readable; the dashboard, which opens short-lived read-only connections, sees either
the old build or the new one, never a mix. A lock file keeps two runs from racing each other.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from etl.schema import DDL, DOCUMENT_COLUMNS, INDEXES, METRIC_COLUMNS, MIGRATIONS, SCHEMA_VERSION


class SchemaTooNew(RuntimeError):
    """The file was written by a newer release; refuse rather than corrupt it."""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and upgrade an older file step by step."""
    for stmt in DDL:
        con.execute(stmt)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = int(row[0]) if row else SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(f"database schema v{version} is newer than this release (v{SCHEMA_VERSION})")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        for stmt in MIGRATIONS.get(target, ()):
            con.execute(stmt)
    for stmt in INDEXES:
        con.execute(stmt)
    set_meta(con, "schema_version", str(SCHEMA_VERSION))


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


@contextlib.contextmanager
def _lock(db_path: Path) -> Iterator[None]:
    lock_path = db_path.with_name(db_path.name + ".lock")
    with open(lock_path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


_BASE_MEMORY_MB = 32


@contextlib.contextmanager
def building(db_path: str | os.PathLike) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a fresh copy of ``db_path``; swapped in only if the block succeeds."""
    final = Path(db_path)
    final.parent.mkdir(parents=True, exist_ok=True)
    with _lock(final):
        tmp = final.with_name(f".{final.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        if final.exists():
            shutil.copy2(final, tmp)
        # a bounded buffer pool: the ETL's memory must not grow with the size of the database
        con = duckdb.connect(str(tmp), config={"memory_limit": f"{_BASE_MEMORY_MB}MB", "threads": 2})
        try:
            ensure_schema(con)
            yield con
            set_meta(con, "build_id", uuid.uuid4().hex)
            con.execute("CHECKPOINT")
            con.close()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            raise
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


def _fit_memory(con: duckdb.DuckDBPyConnection, text_chars: int) -> None:
    """DuckDB keeps each string in one block and holds a batch's strings while inserting them: a
    100 MB text file would not fit the small pool the ETL runs with, so the pool is sized to the
    batch (the pipeline keeps batches small, so this only grows for a huge document)."""
    need_mb = _BASE_MEMORY_MB + (2 * 4 * text_chars) // 1_000_000  # ≤ 4 bytes a character in UTF-8
    con.execute(f"SET memory_limit = '{need_mb}MB'")


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """path → doc_id of what is loaded, to tell unchanged, changed and duplicate files apart."""
    return dict(con.execute("SELECT path, doc_id FROM documents").fetchall())


def replace_documents(con: duckdb.DuckDBPyConnection, documents: list[dict], metrics: list[dict]) -> None:
    """Load documents and their metrics, replacing any earlier version of the same path or text."""
    if not documents:
        return
    _fit_memory(con, sum(len(d["text"] or "") for d in documents))
    docs = pd.DataFrame(documents, columns=list(DOCUMENT_COLUMNS))
    mets = pd.DataFrame(metrics, columns=list(METRIC_COLUMNS))
    mets["derived"] = mets["derived"].astype(bool)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("new_docs", docs)
        con.register("new_metrics", mets)
        stale = (
            "SELECT doc_id FROM documents "
            "WHERE path IN (SELECT path FROM new_docs) OR doc_id IN (SELECT doc_id FROM new_docs)"
        )
        con.execute(f"DELETE FROM metrics WHERE doc_id IN ({stale})")
        con.execute(f"DELETE FROM documents WHERE doc_id IN ({stale})")
        cols = ", ".join(f'"{c}"' for c in DOCUMENT_COLUMNS)
        con.execute(f"INSERT INTO documents ({cols}) SELECT {cols} FROM new_docs")
        mcols = ", ".join(f'"{c}"' for c in METRIC_COLUMNS)
        con.execute(f"INSERT INTO metrics ({mcols}) SELECT {mcols} FROM new_metrics")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("new_docs")
        con.unregister("new_metrics")


def record_error(con: duckdb.DuckDBPyConnection, run_id: str, path: str, error: str, stage: str) -> None:
    con.execute("INSERT INTO ingest_errors VALUES (?, ?, ?, ?, now())", [run_id, path, error, stage])


def record_run(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    cols = list(row)
    con.execute(f"INSERT INTO runs ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", list(row.values()))
