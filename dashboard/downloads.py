"""Downloads of tables and charts.

Every file is generated lazily (Streamlit's deferred ``data=callable``): building Excel,
Parquet, a zip and two chart images on every rerun would cost more than the page itself.
The builders are plain functions of a DataFrame so tests can call them directly.

Tables download in exactly the shape shown (same rows, same columns, same headers); CSV is
UTF-8 with a BOM because Excel on Chinese Windows otherwise reads it as GBK.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.labels import COLUMN_LABELS, COLUMN_UNITS, SOURCE_LINE

XLSX_MAX_ROWS = 200_000
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "zip": "application/zip",
    "png": "image/png",
    "svg": "image/svg+xml",
}
LABEL_TO_COLUMN = {v: k for k, v in COLUMN_LABELS.items()}

TableSource = pd.DataFrame | Callable[[], pd.DataFrame]


@dataclass
class ExportInfo:
    """What a downloaded file says about itself."""

    name: str  # ASCII stem of the file names
    title: str
    filters: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # header -> unit/description
    build: str = ""
    page_url: str = ""


def _resolve(source: TableSource) -> pd.DataFrame:
    return source() if callable(source) else source


def to_csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, info: ExportInfo) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        df.to_excel(writer, sheet_name="数据", index=False)
        about = pd.DataFrame(
            {
                "项目": ["标题", "筛选", "行数", "数据版本", "生成时间", "来源"],
                "内容": [
                    info.title,
                    "；".join(info.filters) or "全部数据",
                    len(df),
                    info.build,
                    datetime.now().strftime("%Y-%m-%d %H:%M"),
                    SOURCE_LINE,
                ],
            }
        )
        about.to_excel(writer, sheet_name="说明", index=False)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame, info: ExportInfo) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"renda.title"] = info.title.encode()
    meta[b"renda.filters"] = json.dumps(info.filters, ensure_ascii=False).encode()
    table = table.replace_schema_metadata(meta)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def column_metadata(df: pd.DataFrame, info: ExportInfo) -> list[dict[str, str]]:
    cols = []
    for col in df.columns:
        source = LABEL_TO_COLUMN.get(str(col), str(col))
        unit = info.units.get(str(col)) or COLUMN_UNITS.get(source, "")
        cols.append({"name": str(col), "field": source, "dtype": str(df[col].dtype), "unit": unit})
    return cols


def source_documents(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Documents behind the rows, read from the database so paths and titles are exact."""
    col = next((c for c in ("doc_id", COLUMN_LABELS["doc_id"]) if c in df.columns), None)
    if col is None:
        return []
    ids = sorted({str(x) for x in df[col].dropna().unique()})
    if not ids:
        return []
    from dashboard import db

    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), 5000):
        chunk = ids[i : i + 5000]
        docs = db.query(
            "SELECT doc_id, title, path, published FROM documents"
            f" WHERE doc_id IN ({', '.join('?' * len(chunk))})"
            " ORDER BY doc_id",
            chunk,
            cache=False,
        )
        for r in docs.itertuples(index=False):
            out.append(
                {
                    "doc_id": r.doc_id,
                    "title": r.title,
                    "path": r.path,
                    "published": None if pd.isna(r.published) else str(r.published)[:10],
                }
            )
    return out


def metadata(df: pd.DataFrame, info: ExportInfo) -> dict[str, Any]:
    return {
        "title": info.title,
        "rows": len(df),
        "columns": column_metadata(df, info),
        "filters": info.filters,
        "units_note": "金额原始值为元、显示为万元；比率为百分数 0–100；≥ 表示原文为“多/余”等下限。",
        "data_build": info.build,
        "view_url": info.page_url,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "source": SOURCE_LINE,
        "source_documents": source_documents(df),
    }


README = """{title}
====================

本压缩包由“人大公报指标”分析看板导出，内容与看板上筛选后的表格完全一致。

文件
- data.csv：表格数据，UTF-8（带 BOM），可直接用 Excel 打开。
- metadata.json：列名、单位、所用筛选条件、数据版本与来源文档清单。
- README.txt：本说明。

筛选条件：{filters}
行数：{rows}
数据版本：{build}

说明
- 金额“原始值”以元为单位，“数值”列以万元显示；“≥”表示原文为“多”“余”等下限说法。
- 比率以百分数表示（0–100）。“推算”为系统根据原文数量计算的比率；
  “核对不一致”表示原文比率与原文数量不符，均保留未删。
- 每条指标可按“文档编号”和“起始位置/结束位置”回到原文核查。
"""


def to_zip(df: pd.DataFrame, info: ExportInfo) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.csv", to_csv(df))
        zf.writestr("metadata.json", json.dumps(metadata(df, info), ensure_ascii=False, indent=2, default=str))
        zf.writestr(
            "README.txt",
            README.format(
                title=info.title,
                filters="；".join(info.filters) or "全部数据",
                rows=len(df),
                build=info.build,
            ),
        )
    return buf.getvalue()


def _buttons(stem: str, key: str, formats: Sequence[tuple[str, str, Callable[[], bytes], dict]]) -> None:
    """One download button per (label, extension, builder, extra options); a file is built only
    when its button is clicked."""
    for label, ext, build, extra in formats:
        st.download_button(
            label, build, file_name=f"{stem}.{ext}", mime=MIME[ext], key=f"dl_{key}_{ext}", on_click="ignore", **extra
        )


def table_downloads(
    source: TableSource,
    info: ExportInfo,
    *,
    key: str,
    n_rows: int | None = None,
    container: Any = None,
    label: str = "下载表格",
) -> None:
    """Four download buttons for one table; nothing is built until a button is pressed."""
    box = container if container is not None else st
    rows_note = f"（{n_rows} 行）" if n_rows is not None else ""
    stem = f"{info.name}_{datetime.now():%Y%m%d}"
    too_big = n_rows is not None and n_rows > XLSX_MAX_ROWS
    xlsx_note = {"disabled": too_big, "help": f"超过 {XLSX_MAX_ROWS} 行时请下载 CSV 或 Parquet" if too_big else None}
    formats = (  # (button, extension, file builder, extra button options); built only when clicked
        ("CSV（Excel 可直接打开）", "csv", lambda: to_csv(_resolve(source)), {}),
        ("Excel (.xlsx)", "xlsx", lambda: to_xlsx(_resolve(source), info), xlsx_note),
        ("Parquet", "parquet", lambda: to_parquet(_resolve(source), info), {}),
        ("ZIP（CSV + 说明）", "zip", lambda: to_zip(_resolve(source), info), {}),
    )
    with box.popover(f"{label}{rows_note}", icon=":material/download:"):
        _buttons(stem, key, formats)


# ---------------------------------------------------------------------------
# charts


def _altair_lock() -> Any:
    """Streamlit switches Altair's global data transformer under this lock; take it too."""
    try:
        from streamlit.elements.vega_charts import _altair_globals_lock

        return _altair_globals_lock
    except ImportError:  # pragma: no cover - private name moved
        import contextlib

        return contextlib.nullcontext()


def export_spec(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    filters: Sequence[str],
    unit: str,
    source: str = SOURCE_LINE,
    width: int = 760,
) -> dict[str, Any]:
    """The chart as a standalone Vega-Lite spec with title, filters, unit and source drawn on it."""
    subtitle = ["筛选：" + ("；".join(filters) if filters else "全部数据"), f"单位：{unit}"]
    footer = (
        alt.Chart(pd.DataFrame({"t": [source]}))
        .mark_text(align="left", baseline="top", fontSize=11, color="#555")
        .encode(text="t:N", x=alt.value(0), y=alt.value(0))
        .properties(width=width, height=16)
    )
    composed = (
        alt.vconcat(chart, footer, spacing=8)
        .properties(
            title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start", fontSize=16, subtitleFontSize=11),
            padding=12,
            background="white",
        )
        .configure_view(stroke=None)
    )
    with _altair_lock(), alt.data_transformers.enable("default"), alt.theme.enable("default"):
        return composed.to_dict()


def chart_png(spec: dict[str, Any]) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=2)


def chart_svg(spec: dict[str, Any]) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)


def chart_downloads(
    build: Callable[[int], alt.TopLevelMixin],
    *,
    name: str,
    title: str,
    filters: Sequence[str],
    unit: str,
    key: str,
    container: Any = None,
) -> None:
    """PNG and SVG buttons; ``build(width)`` makes the chart again at a fixed export width."""
    box = container if container is not None else st
    stem = f"{name}_{datetime.now():%Y%m%d}"
    filters = list(filters)

    def spec() -> dict[str, Any]:
        return export_spec(build(760), title=title, filters=filters, unit=unit)

    with box.popover("下载图片", icon=":material/image:"):
        _buttons(
            stem, key, (("PNG", "png", lambda: chart_png(spec()), {}), ("SVG", "svg", lambda: chart_svg(spec()), {}))
        )
