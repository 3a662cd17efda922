"""AppTest tests for every dashboard page, on the small fixture database.

Each test opens a page the way a browser does (a page URL plus query parameters), checks
that filters change what is shown, that a download holds exactly the rows of its table,
and that the filters land in (and come back from) the URL.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dashboard_fixtures import RUN_WARNING, SCRIPT_TEXT, DownloadRecorder, fixture_documents, open_page

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
LINK = "原文核查"


@pytest.fixture
def env(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> DownloadRecorder:
    monkeypatch.setenv("INDICATORS_DB", str(fixture_db))
    return DownloadRecorder().install(monkeypatch)


def table(at: AppTest, key: str) -> pd.DataFrame:
    names = []
    for block in at.get("container"):
        block_id = getattr(block.proto, "id", "") or ""
        names.append(block_id)
        if block_id.endswith(f"table_{key}") and block.dataframe:
            return block.dataframe[0].value.drop(columns=[LINK], errors="ignore")
    raise KeyError(f"no table {key!r}; have {names}")


def has_table(at: AppTest, key: str) -> bool:
    try:
        table(at, key)
    except KeyError:
        return False
    return True


def csv_of(rec: DownloadRecorder, key: str) -> tuple[bytes, pd.DataFrame]:
    _, data = rec.get(f"dl_{key}_csv")
    return data, pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def same_rows(shown: pd.DataFrame, downloaded: pd.DataFrame) -> None:
    """The download has the table's columns and rows, in order (compared as text)."""
    assert list(downloaded.columns) == list(shown.columns)
    assert len(downloaded) == len(shown)
    norm = as_text(shown)
    for col in shown.columns:
        a = [_num(x) for x in norm[col]]
        b = [_num(x) for x in downloaded[col]]
        assert a == b, col


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(object).where(df.notna(), "").astype(str)


def _num(x: str) -> str:
    for t in (int, float):
        try:
            v = t(x)
        except ValueError:
            continue
        return repr(float(v))
    return {"True": "是", "False": "否"}.get(x, x)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# ---------------------------------------------------------------------------


def test_no_database_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDICATORS_DB", str(tmp_path / "missing.duckdb"))
    for page in ("overview", "rates", "amounts", "explorer", "evidence", "quality"):
        at = open_page(page)
        assert any("请先运行 ETL" in i.value for i in at.info), page
        assert not at.dataframe


def test_unreadable_database_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "indicators.duckdb"
    bad.write_bytes(b"not a duckdb file" * 100)
    monkeypatch.setenv("INDICATORS_DB", str(bad))
    at = open_page("rates")
    assert any("读取数据库出错" in e.value for e in at.error)


def test_overview_headline_map_and_table(env: DownloadRecorder) -> None:
    at = open_page("overview")
    m = metric_values(at)
    assert m["文档"] == "6" and m["指标"] == "31" and m["省份"] == "3"
    assert m["年份"] == "2021–2023"
    provinces = table(at, "overview_provinces")
    assert set(provinces["省份"]) == {"浙江省", "辽宁省", "山西省"}
    raw, down = csv_of(env, "overview_provinces")
    assert raw.startswith(b"\xef\xbb\xbf")
    same_rows(provinces, down)
    shown = table(at, "overview_quality")
    quality = dict(zip(shown["项目"], shown["数值"], strict=True))
    assert quality["核对不一致的比率"] == "1"
    assert quality["运行警告"] == RUN_WARNING  # a run that lost its worker pool says so


def test_overview_filters_from_url(env: DownloadRecorder) -> None:
    at = open_page("overview", prov="浙江省", fig="median_rate")
    assert at.multiselect(key="w_prov").value == ["浙江省"]
    assert at.radio(key="w_fig").value == "median_rate"
    assert metric_values(at)["指标"] == "15"
    provinces = table(at, "overview_provinces")
    assert list(provinces["省份"]) == ["浙江省"]
    # median of 化解率/解决率/办结率 in 浙江: 100, 96.5, 93.2, 95, 97.1 -> 96.5
    assert float(provinces["办理率中位数(%)"].iat[0]) == 96.5
    assert at.query_params["prov"] == "浙江省" and at.query_params["fig"] == "median_rate"


def test_rates_filters_url_and_download(env: DownloadRecorder) -> None:
    at = open_page("rates")
    shown = table(at, "rates_table")
    assert set(shown["指标名称"]) <= {"化解率", "解决率", "办结率", "答复率", "满意率"}
    assert {"浙江省·杭州市·西湖区", "辽宁省·沈阳市·和平区", "山西省·太原市·小店区"} <= set(shown["地方"])
    # a rate failing its consistency check is marked, not hidden
    flagged = shown[shown["标记"] == "核对不一致"]
    assert list(flagged["地方"]) == ["山西省·太原市·小店区"] and flagged["分母"].iat[0] == 2000

    at.multiselect(key="w_prov").set_value(["浙江省"]).run()
    shown = table(at, "rates_table")
    assert set(shown["地方"]) == {"浙江省·杭州市·西湖区", "浙江省·宁波市", "浙江省·宁波市·海曙区"}
    assert at.query_params["prov"] == "浙江省"
    raw, down = csv_of(env, "rates_table")
    assert raw.startswith(b"\xef\xbb\xbf")
    same_rows(shown, down)

    # the same view from its URL, in a new session
    again = open_page("rates", **{k: v for k, v in at.query_params.items()})
    pd.testing.assert_frame_equal(table(again, "rates_table"), shown)


def test_rates_cascading_places_and_derived(env: DownloadRecorder) -> None:
    at = open_page("rates", prov="辽宁省", rate=["化解率", "调解成功率"])
    assert at.multiselect(key="w_city").options == ["沈阳市"]
    assert sorted(at.multiselect(key="w_county").options) == ["和平区", "大东区"]
    shown = table(at, "rates_table")
    derived = shown[shown["标记"] == "推算"]
    assert list(derived["指标名称"]) == ["调解成功率"]
    assert (derived["分子"].iat[0], derived["分母"].iat[0]) == (513, 540)
    # a city no longer under the chosen province is dropped from the filter and the URL
    at2 = open_page("rates", prov="辽宁省", city=["沈阳市", "杭州市"])
    assert at2.multiselect(key="w_city").value == ["沈阳市"]
    assert at2.query_params["city"] == "沈阳市"


def test_rates_empty_result_is_a_sentence(env: DownloadRecorder) -> None:
    at = open_page("rates", prov="山西省", rate="化解率")
    assert any("没有符合的比率" in i.value for i in at.info)
    assert not at.dataframe


def test_rates_click_handler() -> None:
    sys.path.insert(0, str(ROOT))
    from dashboard.pages import rates

    assert rates.picked_metric({"selection": {"pick": [{"metric_id": "abc"}]}}) == "abc"
    assert rates.picked_metric({"selection": {"pick": []}}) is None
    assert rates.picked_metric({"selection": {"pick": {"metric_id": ["x"]}}}) == "x"


def test_amounts_region_program_drill_and_heatmap(env: DownloadRecorder) -> None:
    at = open_page("amounts")
    regions = table(at, "amounts_region_table")
    totals = dict(zip(regions["省份"], regions["合计"], strict=True))
    assert totals == {"浙江省": "≥17800万元", "山西省": "≥5000万元"}
    progs = table(at, "amounts_program_table")
    assert dict(zip(progs["工作领域"], progs["合计"], strict=True))["审计整改监督"] == "≥5800万元"
    heat = table(at, "amounts_heat_table")
    assert sorted(zip(heat["省份"], heat["工作领域"], strict=True)) == [
        ("山西省", "生态环境"),
        ("浙江省", "审计整改监督"),
        ("浙江省", "预算绩效监督"),
    ]
    _, down = csv_of(env, "amounts_region_table")
    same_rows(regions, down)
    _, xlsx = env.get("dl_amounts_region_table_xlsx")
    pd.testing.assert_frame_equal(pd.read_excel(io.BytesIO(xlsx), sheet_name="数据"), regions, check_dtype=False)

    drilled = open_page("amounts", dp="浙江省")
    cities = table(drilled, "amounts_region_table")
    assert dict(zip(cities["城市"], cities["合计"], strict=True)) == {
        "宁波市": "12000万元",
        "杭州市": "≥5800万元",
    }
    county = open_page("amounts", dp="浙江省", dc="杭州市")
    assert list(table(county, "amounts_region_table")["区县"]) == ["西湖区"]

    counts = open_page("amounts", kind="count", prov="辽宁省")
    assert dict(zip(*[table(counts, "amounts_region_table")[c] for c in ("省份", "合计")], strict=True)) == {
        "辽宁省": "1181件"
    }


def test_explorer_search_filters_and_full_download(env: DownloadRecorder) -> None:
    at = open_page("explorer")
    assert len(table(at, "explorer_table")) == 31
    at.text_input(key="w_q").set_value("化解率").run()
    shown = table(at, "explorer_table")
    # the search covers the quote and its sentence: the rates and the counts beside them
    assert len(shown) == 8
    assert all("化解率" in q or "化解率" in s for q, s in zip(shown["原文片段"], shown["所在句子"], strict=True))
    assert set(shown[shown["类别"] == "比率"]["指标名称"]) == {"化解率", "调解成功率"}
    assert at.query_params["q"] == "化解率"
    raw, down = csv_of(env, "explorer_table")
    assert raw.startswith(b"\xef\xbb\xbf")
    same_rows(shown, down)
    _, pq = env.get("dl_explorer_table_parquet")
    same_rows(shown, as_text(pd.read_parquet(io.BytesIO(pq))))
    _, zdata = env.get("dl_explorer_table_zip")
    with zipfile.ZipFile(io.BytesIO(zdata)) as zf:
        assert set(zf.namelist()) == {"data.csv", "metadata.json", "README.txt"}
        meta = json.loads(zf.read("metadata.json"))
        assert zf.read("data.csv").startswith(b"\xef\xbb\xbf")
    assert meta["rows"] == 8 and "搜索：化解率" in meta["filters"]
    assert {d["doc_id"] for d in meta["source_documents"]} == set(shown["文档编号"])
    assert any(c["name"] == "原始值" and c["unit"] for c in meta["columns"])

    # numbers are shown with units, qualifiers kept
    amounts = open_page("explorer", kind="amount")
    assert set(table(amounts, "explorer_table")["数值"]) == {
        "≥3000万元",
        "2800万元",
        "12000万元",
        "≥5000万元",
    }
    derived = open_page("explorer", der="yes")
    assert list(table(derived, "explorer_table")["标记"]) == ["推算"]


def test_evidence_escapes_text_and_marks_span(env: DownloadRecorder) -> None:
    docs = {d.doc_id: d for d in fixture_documents()}
    script_doc = next(d for d in docs.values() if SCRIPT_TEXT in d.text)
    metric = script_doc.metrics[0]
    at = open_page("evidence", m=metric["metric_id"])  # a link with only the metric finds its document
    assert at.selectbox(key="w_doc").value == script_doc.doc_id
    assert at.selectbox(key="w_m").value == metric["metric_id"]
    body = "".join(h.value for h in at.html)
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'class="sel"' in body and "ev-selected" in body
    listed = table(at, "evidence_metrics")
    assert len(listed) == len(script_doc.metrics)
    _, down = csv_of(env, "evidence_metrics")
    same_rows(listed, down)
    assert at.query_params["doc"] == script_doc.doc_id and at.query_params["m"] == metric["metric_id"]


def test_evidence_highlights_every_span(env: DownloadRecorder) -> None:
    doc = fixture_documents()[0]
    at = open_page("evidence", doc=doc.doc_id)
    body = "".join(h.value for h in at.html)
    assert body.count("<mark") >= len(doc.metrics)
    assert "ev-selected" not in body


def test_quality_lists(env: DownloadRecorder) -> None:
    at = open_page("quality")
    m = metric_values(at)
    assert (m["导入错误"], m["无指标文档"], m["未识别地点"], m["核对不一致"], m["推算比率"]) == (
        "1",
        "1",
        "1",
        "1",
        "1",
    )
    assert list(table(at, "quality_errors")["文件路径"]) == ["inbox/sx/损坏文件.pdf"]
    assert list(table(at, "quality_no_metrics")["文档标题"]) == ["会议简讯"]
    assert list(table(at, "quality_mismatch")["地方"]) == ["山西省·太原市·小店区"]
    assert list(table(at, "quality_derived")["指标名称"]) == ["调解成功率"]
    assert list(table(at, "quality_no_place")["地方"]) == ["（未识别地点）"]
    _, down = csv_of(env, "quality_mismatch")
    same_rows(table(at, "quality_mismatch"), down)
    # the year filter narrows the metric lists
    narrowed = open_page("quality", yr="2023-2023")
    assert not has_table(narrowed, "quality_mismatch")
    assert narrowed.slider(key="w_yr").value == (2023, 2023)


def test_filters_follow_the_user_across_pages(env: DownloadRecorder) -> None:
    at = open_page("rates", prov="浙江省")
    at.switch_page("pages/explorer.py").run()
    assert at.multiselect(key="w_prov").value == ["浙江省"]
    assert at.query_params["prov"] == "浙江省"
    assert len(table(at, "explorer_table")) == 15
    at.switch_page("pages/amounts.py").run()
    assert list(table(at, "amounts_region_table")["省份"]) == ["浙江省"]
    # the clear button empties the filters and the URL
    at.button(key="reset_filters").click().run()
    assert at.multiselect(key="w_prov").value == []
    assert "prov" not in at.query_params


def test_default_page_link_restores_view(env: DownloadRecorder) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["prov"] = "辽宁省"
    at.query_params["yr"] = "2021-2021"
    at.run()
    assert not at.exception
    assert at.title[0].value == "概览"
    assert metric_values(at)["指标"] == "8"
    assert at.query_params == {"prov": "辽宁省", "yr": "2021-2021"}
