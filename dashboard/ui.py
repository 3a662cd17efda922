"""Small pieces every page uses: the no-database sentence, empty results, table display
with evidence links."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.filters import url_for
from dashboard.labels import COLUMN_LABELS, KIND_LABELS, LEVEL_LABELS, QUALIFIER_LABELS

EVIDENCE_PAGE = "evidence"
LINK_COLUMN = "原文核查"
# the columns of a table of rates (办理率对比 and the quality lists show the same rows)
RATE_TABLE_COLUMNS = (
    "locality",
    "name",
    "display",
    "value",
    "numerator",
    "denominator",
    "status",
    "program",
    "year",
    "quote",
    "title",
    "doc_id",
    "metric_id",
    "start",
    "end",
)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$=^>])")


def md_text(text: object) -> str:
    """Untrusted text for a markdown element: shown literally, never as HTML, links or images.

    ``<``/``&`` become entities (the raw ``<tag`` never reaches the page) and markdown
    punctuation is backslash-escaped; line breaks collapse, the texts shown are one-liners.
    """
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def require_database() -> bool:
    """Say so in a sentence when the ETL has not produced a file yet; pages then stop."""
    if db.db_key() is not None:
        return True
    st.info(
        f"还没有数据库文件（{db.db_path()}）。请先运行 ETL 生成指标库，例如 `indicators build inbox/`，"
        f"或用环境变量 {db.DB_ENV} 指向已有的文件。"
    )
    return False


def empty(sentence: str) -> None:
    st.info(sentence, icon=":material/info:")


def evidence_link(doc_id: str, metric_id: str | None = None) -> str:
    return url_for(EVIDENCE_PAGE, {"doc": doc_id, "m": metric_id})


def to_view(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The table as shown and downloaded: chosen columns, Chinese headers, readable codes."""
    out = df.loc[:, [c for c in columns if c in df.columns]].copy()
    if "kind" in out.columns:
        out["kind"] = out["kind"].map(lambda k: KIND_LABELS.get(k, k))
    if "qualifier" in out.columns:
        out["qualifier"] = out["qualifier"].map(lambda q: QUALIFIER_LABELS.get(q, q) if isinstance(q, str) else q)
    if "place_level" in out.columns:
        out["place_level"] = out["place_level"].map(lambda v: LEVEL_LABELS.get(v, v) if isinstance(v, str) else v)
    if "derived" in out.columns:
        out["derived"] = out["derived"].map(lambda d: "是" if d is True or d == 1 else "否")
    if "consistency" in out.columns:
        out["consistency"] = out["consistency"].map(
            lambda c: (
                {"ok": "一致", "mismatch": "不一致"}.get(c, "无法核对")
                if not isinstance(c, float) or c == c
                else "无法核对"
            )
        )
    return out.rename(columns={c: COLUMN_LABELS.get(c, c) for c in out.columns}).reset_index(drop=True)


def show_table(
    view: pd.DataFrame,
    *,
    key: str,
    links: pd.Series | None = None,
    height: int | str | None = None,
    column_config: dict[str, Any] | None = None,
) -> None:
    """Show the view; when ``links`` are given, a link column to the evidence page is added
    in front (display only: downloads carry the same rows without it)."""
    if height is None:  # fit short tables instead of drawing empty rows; long ones scroll
        height = min(600, 38 + 35 * max(1, len(view)))
    shown = view
    config: dict[str, Any] = dict(column_config or {})
    if links is not None and len(view):
        shown = view.copy()
        shown.insert(0, LINK_COLUMN, list(links))
        config[LINK_COLUMN] = st.column_config.LinkColumn(
            LINK_COLUMN, display_text="查看原文", help="在“原文核查”页打开这条指标所在的位置", width="small"
        )
    # the keyed container names the table for tests and for the page's CSS (st.dataframe
    # without selection carries no id of its own)
    with st.container(key=f"table_{key}"):
        st.dataframe(shown, hide_index=True, column_config=config, height=height, width="stretch")


def metric_links(df: pd.DataFrame) -> pd.Series:
    return pd.Series([evidence_link(d, m) for d, m in zip(df["doc_id"], df["metric_id"], strict=False)], index=df.index)
