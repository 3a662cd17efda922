"""Access to the DuckDB file the ETL writes.

The ETL builds a new file beside the old one and swaps it in with ``os.replace``. So the
dashboard never keeps a connection: every query opens a short-lived read-only connection
and closes it before the script run ends. Results are cached under the file's identity
(path, inode, mtime, size): a swap gives a new identity, so stale results are never served
and nobody has to clear a cache by hand.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
DB_ENV = "INDICATORS_DB"
DEFAULT_DB = "data/indicators.duckdb"


class NoDatabase(RuntimeError):
    """The DuckDB file does not exist (yet): the ETL has not run."""


@dataclass(frozen=True)
class DbKey:
    """Identity of one build of the database file; part of every cache key."""

    path: str
    inode: int
    mtime_ns: int
    size: int


def db_path() -> Path:
    raw = os.environ.get(DB_ENV) or DEFAULT_DB
    path = Path(raw).expanduser()
    return path if path.is_absolute() else ROOT / path


def db_key() -> DbKey | None:
    """Stat the file on every call: cheap, and it notices a swap at the next rerun."""
    path = db_path()
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return None
    return DbKey(str(path), st_.st_ino, st_.st_mtime_ns, st_.st_size)


def require_db() -> DbKey:
    key = db_key()
    if key is None:
        raise NoDatabase(str(db_path()))
    return key


def connect(key: DbKey) -> duckdb.DuckDBPyConnection:
    # read_only lets the ETL's writer and many dashboard sessions coexist; threads are capped
    # so one heavy query cannot take both cores of the analysts' server.
    return duckdb.connect(key.path, read_only=True, config={"threads": 2})


def _run(key: DbKey, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
    con = connect(key)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


@st.cache_data(max_entries=2048, ttl=3600, show_spinner=False)
def _cached(key: DbKey, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
    return _run(key, sql, params)


def query(sql: str, params: Sequence[Any] = (), *, cache: bool = True) -> pd.DataFrame:
    """Run one parameterised query against the current build; cached per build.

    ``cache=False`` is for downloads of large filtered tables, which would otherwise sit in
    the cache at full size.
    """
    key = require_db()
    args = tuple(params)
    if cache:
        return _cached(key, sql, args)
    return _run(key, sql, args)


def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    df = query(sql, params)
    if df.empty:
        return None
    value = df.iat[0, 0]
    return None if pd.isna(value) else value


def build_label(key: DbKey | None = None) -> str:
    """Short description of the build for download metadata and chart source lines."""
    key = key or db_key()
    if key is None:
        return "（无数据库）"
    try:
        meta = query("SELECT key, value FROM meta")
    except duckdb.Error:
        meta = pd.DataFrame(columns=["key", "value"])
    values = dict(zip(meta["key"], meta["value"], strict=False))
    build = values.get("build_id") or values.get("built_at") or ""
    return f"{Path(key.path).name} {build}".strip()
