"""Altair charts. Each builder takes the already-aggregated frame and a width, so the same
function draws the chart on screen (width None: the container's) and in exports (fixed)."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from dashboard.labels import STATUS_DERIVED, STATUS_MISMATCH, STATUS_ORIGINAL

ASSETS = Path(__file__).resolve().parent / "assets"
MAP_FILE = ASSETS / "china_provinces.geojson"
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
STATUS_SHAPES = {STATUS_ORIGINAL: "circle", STATUS_DERIVED: "triangle-up", STATUS_MISMATCH: "cross"}


def _height(n_rows: int, per_row: int, axes: int, cap: int = 1600) -> int:
    """Streamlit fits the whole chart (axes included) into ``height``: leave room for axes,
    or a two-bar chart collapses to a line."""
    return max(170, min(cap, axes + per_row * n_rows))


def _width(chart: Any, width: int | None) -> Any:
    return chart.properties(width=width) if width else chart


@lru_cache(maxsize=1)
def _map_layers() -> tuple[str, str, dict[str, str]]:
    """The province and boundary-line collections as JSON text (parsed by Vega in the browser:
    passing text instead of Python lists keeps Altair from walking 30,000 coordinates on
    every rerun), plus name -> adcode."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    provinces = [f for f in data["features"] if f["properties"].get("kind") == "province"]
    lines = [f for f in data["features"] if f["properties"].get("kind") == "line"]
    names = {f["properties"]["name"]: f["properties"]["adcode"] for f in provinces}
    dump = lambda feats: json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)  # noqa: E731
    return dump(provinces), dump(lines), names


def province_adcodes() -> dict[str, str]:
    return dict(_map_layers()[2])


def map_chart(
    stats: pd.DataFrame,
    value_col: str,
    value_title: str,
    *,
    width: int | None = None,
    height: int = 460,
    scheme: str = "blues",
) -> alt.LayerChart:
    """Provinces shaded by ``value_col``; provinces without data stay grey.

    ``stats`` needs columns adcode, province and ``value_col`` (plus optional extra tooltip
    columns metrics/median_rate)."""
    prov_json, line_json, _ = _map_layers()
    fmt = alt.DataFormat(type="json", property="features")
    shapes = alt.Data(values=prov_json, format=fmt)
    base = (
        alt.Chart(shapes)
        .mark_geoshape(fill="#e9ecef", stroke="white", strokeWidth=0.6)
        .encode(tooltip=[alt.Tooltip("properties.name:N", title="省份")])
    )
    lookup_cols = [c for c in ("province", value_col, "metrics", "median_rate") if c in stats.columns]
    lookup_cols = list(dict.fromkeys(lookup_cols))
    tooltip = [alt.Tooltip("properties.name:N", title="省份")]
    if "metrics" in stats.columns:
        tooltip.append(alt.Tooltip("metrics:Q", title="指标条数", format=","))
    if "median_rate" in stats.columns:
        tooltip.append(alt.Tooltip("median_rate:Q", title="办理率中位数(%)", format=".1f"))
    data = stats[["adcode", *[c for c in lookup_cols if c != "adcode"]]].dropna(subset=["adcode"])
    shaded = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="white", strokeWidth=0.6)
        .transform_lookup(lookup="properties.adcode", from_=alt.LookupData(data, "adcode", lookup_cols))
        .transform_filter(f"isValid(datum['{value_col}'])")
        .encode(
            color=alt.Color(
                f"{value_col}:Q",
                title=value_title,
                scale=alt.Scale(scheme=scheme),
                legend=alt.Legend(orient="bottom-left", direction="vertical"),
            ),
            tooltip=tooltip,
        )
    )
    lines = alt.Chart(alt.Data(values=line_json, format=fmt)).mark_geoshape(
        filled=False, stroke="#6c757d", strokeWidth=1
    )
    chart = (
        alt.layer(base, shaded, lines)
        .project(type="conicEqualArea", parallels=[25, 47], rotate=[-105, 0, 0])
        .properties(height=height)
    )
    return _width(chart, width)


def rates_chart(df: pd.DataFrame, *, width: int | None = None, selectable: bool = True) -> alt.LayerChart:
    """One row per locality (ranked by its median, drawn as a grey tick), one point per rate
    metric; colour = rate name, shape = 原文/推算/核对不一致 so flagged rates are marked, not
    hidden. A click on a point selects its metric_id (the page then opens the evidence)."""
    n_loc = max(1, df["locality"].nunique())
    lowest = float(df["value"].min()) if len(df) else 0.0
    domain = [
        max(0.0, math.floor(lowest / 5) * 5 - 5),
        max(100.0, float(df["value"].max()) if len(df) else 100.0),
    ]
    y = alt.Y(
        "locality:N",
        title=None,
        sort=alt.SortField("loc_rank", order="ascending"),
        axis=alt.Axis(labelLimit=260),
    )
    base = alt.Chart(df)
    ticks = (
        base.transform_aggregate(loc_median="min(loc_median)", loc_rank="min(loc_rank)", groupby=["locality"])
        .mark_tick(color="#6c757d", thickness=2, size=18, opacity=0.7)
        .encode(
            x=alt.X("loc_median:Q", scale=alt.Scale(domain=domain)),
            y=y,
            tooltip=[alt.Tooltip("locality:N", title="地方"), alt.Tooltip("loc_median:Q", title="中位数(%)")],
        )
    )
    points = base.mark_point(filled=True, size=90, opacity=0.85).encode(
        x=alt.X("value:Q", title="比率（%）", scale=alt.Scale(domain=domain)),
        y=y,
        color=alt.Color("name:N", title="指标"),
        shape=alt.Shape(
            "status:N",
            title="标记",
            scale=alt.Scale(domain=list(STATUS_SHAPES), range=list(STATUS_SHAPES.values())),
        ),
        tooltip=[
            alt.Tooltip("locality:N", title="地方"),
            alt.Tooltip("name:N", title="指标"),
            alt.Tooltip("display:N", title="数值"),
            alt.Tooltip("numerator:Q", title="分子", format=","),
            alt.Tooltip("denominator:Q", title="分母", format=","),
            alt.Tooltip("status:N", title="标记"),
            alt.Tooltip("year:Q", title="年份", format="d"),
            alt.Tooltip("quote:N", title="原文"),
            alt.Tooltip("sentence:N", title="句子"),
        ],
    )
    if selectable:
        points = points.add_params(alt.selection_point(name="pick", fields=["metric_id"], on="click", clear="dblclick"))
    chart = alt.layer(ticks, points).properties(height=max(280, _height(n_loc, 26, 90)))
    return _width(chart, width)


def bar_chart(
    df: pd.DataFrame,
    *,
    value_col: str,
    value_title: str,
    label_col: str = "grp",
    label_title: str = "",
    width: int | None = None,
    tooltip_extra: list[Any] | None = None,
) -> alt.Chart:
    n = max(1, len(df))
    chart = (
        alt.Chart(df)
        .mark_bar(color="#3a7bd5")
        .encode(
            x=alt.X(f"{value_col}:Q", title=value_title),
            y=alt.Y(f"{label_col}:N", title=label_title or None, sort="-x", axis=alt.Axis(labelLimit=220)),
            tooltip=[
                alt.Tooltip(f"{label_col}:N", title=label_title or "分组"),
                alt.Tooltip("total_display:N", title="合计"),
                alt.Tooltip("n:Q", title="条数"),
                *(tooltip_extra or []),
            ],
        )
        .properties(height=_height(n, 26, 80))
    )
    return _width(chart, width)


def heat_chart(df: pd.DataFrame, *, value_col: str, value_title: str, width: int | None = None) -> alt.Chart:
    n = max(1, df["grp"].nunique())
    chart = (
        alt.Chart(df)
        .mark_rect()
        .encode(
            x=alt.X("program:N", title="工作领域", axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("grp:N", title=None, sort=alt.SortField("grp_order", order="ascending")),
            color=alt.Color(f"{value_col}:Q", title=value_title, scale=alt.Scale(scheme="oranges")),
            tooltip=[
                alt.Tooltip("grp:N", title="地区"),
                alt.Tooltip("program:N", title="工作领域"),
                alt.Tooltip("total_display:N", title="合计"),
                alt.Tooltip("n:Q", title="条数"),
            ],
        )
        .properties(height=_height(n, 28, 110))
    )
    return _width(chart, width)
