"""Access to the DuckDB file the ETL writes.

The ETL builds a new file beside the old one and swaps it in with ``os.replace``. So the
dashboard never keeps a connection between reruns. Within one page run, ``pinned()`` opens one
read-only connection and every query of the run goes through it: an open connection keeps
reading the build it opened even after a swap, so a page never mixes figures from two builds
(a total from the new file beside rows from the old). Results are cached under the build's
identity (path, inode, mtime, size): a swap gives a new identity, so stale results are never
served and nobody has to clear a cache by hand.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence
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
    """The build a query would read: the pinned one during a page run, else the file's now."""
    pin = getattr(_local, "pin", None)
    if pin is not None:
        return pin[0]
    return _stat_key()


def _stat_key() -> DbKey | None:
    """Stat the file: cheap, and it notices a swap at the next rerun."""
    path = db_path()
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return None
    return DbKey(str(path), st_.st_ino, st_.st_mtime_ns, st_.st_size)


_local = threading.local()  # Streamlit runs each session's script in its own thread


def _open_current() -> tuple[DbKey, duckdb.DuckDBPyConnection] | None:
    """A connection and the identity of the build it reads (stat before and after opening)."""
    for _ in range(10):
        before = _stat_key()
        if before is None:
            return None
        con = connect(before)
        if _stat_key() == before:
            return before, con
        con.close()  # swapped while opening: try again on the new file
    raise RuntimeError("the database file keeps changing; try again")


@contextlib.contextmanager
def pinned() -> Iterator[DbKey | None]:
    """One build for a whole page run (see the module docstring); nests, closes at the end."""
    if getattr(_local, "pin", None) is not None:
        yield _local.pin[0]
        return
    opened = _open_current()
    _local.pin = opened
    try:
        yield opened[0] if opened else None
    finally:
        _local.pin = None
        if opened:
            opened[1].close()


def require_db() -> DbKey:
    pin = getattr(_local, "pin", None)
    if pin is not None:
        return pin[0]
    key = db_key()
    if key is None:
        raise NoDatabase(str(db_path()))
    return key


def connect(key: DbKey) -> duckdb.DuckDBPyConnection:
    """A read-only connection of its own to the file at ``key.path``.

    ``duckdb.connect(path)`` shares one database instance per path within a process, so a
    session opening the file after a swap would be handed the instance another session still
    holds on the old build. Attaching the file to a private in-memory database opens it anew.
    Threads are capped so one heavy query cannot take both cores of the analysts' server.
    """
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        con.execute("ATTACH ? AS build (READ_ONLY)", [key.path])
        con.execute("USE build")
    except BaseException:
        con.close()
        raise
    return con


def _run(key: DbKey, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
    pin = getattr(_local, "pin", None)
    if pin is not None and pin[0] == key:
        return pin[1].execute(sql, list(params)).df()
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
