"""Unit tests for the dashboard's building blocks: formats, evidence escaping, SQL filters,
the per-build query cache, downloads and the shipped map."""

from __future__ import annotations

import contextlib
import html
import io
import itertools
import json
import os
import re
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from dashboard_fixtures import SCRIPT_TEXT, fixture_documents, make_fixture_db  # noqa: E402

from dashboard import db, downloads, filters, highlight, labels, queries  # noqa: E402


@pytest.fixture
def use_db(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INDICATORS_DB", str(fixture_db))
    return fixture_db


# --- formats -----------------------------------------------------------------


def test_value_formats_keep_units_and_qualifiers() -> None:
    assert labels.fmt_value("amount", 30_000_000, "元", "at_least") == "≥3000万元"
    assert labels.fmt_value("amount", 120_000_000, "元", "exact") == "12000万元"
    assert labels.fmt_value("rate", 96.5, "%", "exact") == "96.5%"
    assert labels.fmt_value("count", 2000, "件", "more_than") == ">2000件"
    assert labels.fmt_value("count", 15.25, "人", "about") == "约15.25人"
    assert labels.fmt_wan(178_000_000, lower_bound=True) == "≥17800万元"


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["amount", "rate", "count", "measure"]),
    value=st.floats(min_value=0, max_value=1e12, allow_nan=False).map(lambda v: round(v, 1)),
    qualifier=st.sampled_from(list(labels.QUALIFIER_PREFIX)),
    unit=st.sampled_from(["件", "元", "%", "人", ""]),
)
def test_sql_display_matches_python(kind: str, value: float, qualifier: str, unit: str) -> None:
    con = duckdb.connect()
    try:
        got = con.execute(
            f"SELECT {labels.sql_display('m')} FROM (SELECT ? AS kind, ?::DOUBLE AS value, ? AS qualifier,"
            " ? AS unit) m",
            [kind, value, qualifier, unit],
        ).fetchone()[0]
    finally:
        con.close()
    assert got == labels.fmt_value(kind, value, unit, qualifier)


# --- evidence ----------------------------------------------------------------


def test_evidence_escapes_untrusted_text() -> None:
    text = f"前文{SCRIPT_TEXT}后文，化解率96%。<img src=x onerror=alert(2)>"
    start = text.index("化解率96%")
    spans = [highlight.Span("m1", start, start + 6, "rate", 'label "<b>"')]
    out = highlight.render(text, spans, "m1")
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&quot;&lt;b&gt;&quot;" in out  # even the tooltip is escaped
    assert out.count("ev-selected") == 1
    ex = highlight.excerpt(text, start, start + 6, context=10)
    assert "<script>" not in ex and "化解率96%" in ex


def _visible_text(markup: str) -> str:
    body = markup.split('<div class="ev-text">', 1)[1].rsplit("</div>", 1)[0]
    body = re.sub(r'<span class="ev-pin"[^>]*>▶</span>', "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("人大化解率96%<>&\"'件\n ")), min_size=1, max_size=60),
    data=st.data(),
)
def test_render_keeps_text_and_marks_every_span(text: str, data: st.DataObject) -> None:
    n = len(text)
    spans = []
    for i in range(data.draw(st.integers(0, 5))):
        a = data.draw(st.integers(0, n - 1))
        b = data.draw(st.integers(a + 1, n))
        spans.append(highlight.Span(f"m{i}", a, b, data.draw(st.sampled_from(list(highlight.KIND_COLOURS))), "x"))
    selected = spans[0].metric_id if spans else None
    out = highlight.render(text, spans, selected)
    assert _visible_text(out) == text  # nothing lost, nothing injected
    covered = {i for s in spans for i in range(s.start, s.end)}
    marked = sum(len(html.unescape(m)) for m in re.findall(r"<mark[^>]*>(.*?)</mark>", out, flags=re.S))
    assert marked == len(covered)  # every character of every span, and nothing else, is marked
    if selected:
        assert out.count("ev-selected") == 1


# --- filters and SQL ---------------------------------------------------------


def test_url_helpers() -> None:
    assert filters._parse_range(["2019-2023"]) == (2019, 2023)
    assert filters._parse_range(["2023-2019"]) == (2019, 2023)
    assert filters._parse_range(["x"]) is None
    assert filters.LIST.parse(["a", "", "a", "b"]) == ["a", "b"]
    assert filters.url_for("evidence", {"doc": "d1", "m": None}) == "evidence?doc=d1"
    assert filters.url_for("rates", {"prov": ["浙江省", "辽宁省"]}) == (
        "rates?prov=%E6%B5%99%E6%B1%9F%E7%9C%81&prov=%E8%BE%BD%E5%AE%81%E7%9C%81"
    )


def test_where_uses_parameters_only(use_db: Path) -> None:
    evil = "浙江省' OR 1=1 --"
    f = queries.MetricFilter(provinces=(evil,), text="'; DROP TABLE metrics; --", years=(2020, 2024))
    w = queries.where(f)
    assert evil not in w.sql and "DROP" not in w.sql
    assert w.sql.count("?") == len(w.params)
    assert queries.explorer_count(f) == 0
    assert queries.explorer_count(queries.MetricFilter()) == 31


def test_queries_aggregate_in_sql(use_db: Path) -> None:
    f = queries.MetricFilter(provinces=("浙江省",))
    h = queries.headline(f)
    assert (h["metrics"], h["provinces"], h["localities"]) == (15, 1, 3)
    prov = queries.by_province(queries.MetricFilter(), ("化解率", "解决率", "办结率"))
    assert dict(zip(prov["province"], prov["median_rate"], strict=True))["浙江省"] == 96.5
    rows = queries.rate_rows(queries.MetricFilter(names=("化解率",)), top=2)
    assert rows["locality"].nunique() == 2 and list(rows["loc_rank"].unique()) == [1, 2]
    totals = queries.totals_by(queries.MetricFilter(kinds=("amount",)), "province")
    assert dict(zip(totals["grp"], totals["lower_bound"], strict=True)) == {"浙江省": True, "山西省": True}
    cons = queries.MetricFilter(consistency=("none",), kinds=("rate",))
    assert queries.explorer_count(cons) == 14  # 17 rates: 2 checked ok, 1 mismatch
    assert queries.MetricFilter(provinces=("浙江省",), years=(2021, 2022)).describe() == [
        "省份：浙江省",
        "年份：2021–2022",
    ]


def test_document_spans_match_quotes(use_db: Path) -> None:
    for doc in fixture_documents():
        stored = queries.document(doc.doc_id)
        assert stored is not None
        for r in queries.document_metrics(doc.doc_id).itertuples():
            assert stored["text"][r.start : r.end] == r.quote


# --- the database file: short-lived connections, cache per build ------------------


def _open_files() -> set[str]:
    fd_dir = Path("/proc/self/fd")
    out = set()
    for fd in fd_dir.iterdir():
        with contextlib.suppress(OSError):
            out.add(os.readlink(fd))
    return out


def test_no_connection_is_kept_and_a_swap_invalidates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_fixture_db(tmp_path / "indicators.duckdb", build_id="first")
    monkeypatch.setenv("INDICATORS_DB", str(path))
    assert queries.explorer_count(queries.MetricFilter()) == 31
    assert db.build_label().endswith("first")
    assert str(path) not in _open_files(), "the dashboard must not hold the file open"

    # the ETL builds beside and swaps in with os.replace
    new = tmp_path / "indicators.duckdb.new"
    make_fixture_db(new, build_id="second")
    con = duckdb.connect(str(new))
    con.execute("DELETE FROM metrics WHERE kind = 'amount'")
    con.close()
    os.replace(new, path)
    assert queries.explorer_count(queries.MetricFilter()) == 27
    assert db.build_label().endswith("second")


def test_missing_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDICATORS_DB", str(tmp_path / "nope.duckdb"))
    assert db.db_key() is None
    with pytest.raises(db.NoDatabase):
        db.query("SELECT 1")


def test_relative_path_is_under_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INDICATORS_DB", raising=False)
    assert db.db_path() == ROOT / "data" / "indicators.duckdb"


# --- downloads ------------------------------------------------------------------


@pytest.fixture
def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "地方": ["浙江省·杭州市", "辽宁省"],
            "数值": ["≥3000万元", "96.5%"],
            "原始值": [3e7, 96.5],
            "文档编号": ["d0a1b2c3d4e5f601", "d0a1b2c3d4e5f603"],
        }
    )


def test_table_files(sample: pd.DataFrame, use_db: Path) -> None:
    info = downloads.ExportInfo("t", "测试表", ["省份：浙江省"], {"原始值": "元"}, "b1")
    csv = downloads.to_csv(sample)
    assert csv.startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig"), sample)
    pd.testing.assert_frame_equal(pd.read_excel(io.BytesIO(downloads.to_xlsx(sample, info)), sheet_name="数据"), sample)
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(downloads.to_parquet(sample, info)))
    assert table.to_pandas().equals(sample)
    assert json.loads(table.schema.metadata[b"renda.filters"]) == ["省份：浙江省"]
    with zipfile.ZipFile(io.BytesIO(downloads.to_zip(sample, info))) as zf:
        meta = json.loads(zf.read("metadata.json"))
        readme = zf.read("README.txt").decode()
    assert meta["rows"] == 2 and meta["filters"] == ["省份：浙江省"]
    assert [c["name"] for c in meta["columns"]] == list(sample.columns)
    assert next(c for c in meta["columns"] if c["name"] == "原始值")["unit"] == "元"
    assert [d["title"] for d in meta["source_documents"]] == [
        "西湖区人大常委会关于2022年代表建议办理情况的报告",
        "沈阳市人大常委会督办代表建议工作简报",
    ]
    assert "省份：浙江省" in readme


def test_chart_exports_carry_title_filters_unit_source(sample: pd.DataFrame) -> None:
    import altair as alt

    chart = alt.Chart(sample).mark_bar().encode(x="原始值:Q", y="地方:N").properties(width=400)
    spec = downloads.export_spec(chart, title="测试图", filters=["省份：浙江省"], unit="万元")
    text = json.dumps(spec, ensure_ascii=False)
    for needle in ("测试图", "筛选：省份：浙江省", "单位：万元", labels.SOURCE_LINE):
        assert needle in text
    png = downloads.chart_png(spec)
    assert png.startswith(b"\x89PNG")
    svg = downloads.chart_svg(spec)
    assert svg.lstrip().startswith("<svg") and "测试图" in svg and "单位：万元" in svg


# --- the shipped map ----------------------------------------------------------------


def test_map_asset_is_small_and_keyed_by_adcode() -> None:
    from dashboard import charts

    path = charts.MAP_FILE
    assert path.stat().st_size < 1.5 * 1024 * 1024
    data = json.loads(path.read_text(encoding="utf-8"))
    provinces = [f for f in data["features"] if f["properties"]["kind"] == "province"]
    assert len(provinces) == 34
    codes = {f["properties"]["adcode"]: f["properties"]["name"] for f in provinces}
    assert codes["330000"] == "浙江省" and codes["210000"] == "辽宁省" and codes["140000"] == "山西省"
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    for f in provinces:
        for poly in f["geometry"]["coordinates"]:
            ext = poly[0]
            assert ext[0] == ext[-1]
            area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ext))
            assert area < 0, f"{f['properties']['name']}: exterior ring must be clockwise for d3-geo"
    assert charts.province_adcodes()["浙江省"] == "330000"
