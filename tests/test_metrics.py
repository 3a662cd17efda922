"""One document → metric rows, end to end without I/O, on bulletins written for the tests."""

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.metrics import extract

SICHUAN = """成都市人大常委会
人大工作简报
2023年第8期

郫都区:“代表夜话”架起连心桥
今年以来,郫都区人大常委会组织开展“代表夜话”活动46场,收集群众意见建议513条,已办结476条,办结率达到92.8%。
各镇(街道)人大依托代表之家接待选民2300余人次。

简阳市:聚焦审计整改强化监督
简阳市人大常委会持续跟踪审计查出问题整改,推动整改问题128个,追回资金合计2685.6万元。
"""

GUANGDONG_TOWN = """佛山市顺德区人大常委会工作动态
2022年,大良街道人大工委推动解决民生实事23件,群众满意率达96%。
"""


def _by_quote(rows: list[dict]) -> dict[str, dict]:
    return {r["quote"]: r for r in rows if not r["derived"]}


def test_figures_places_and_years_of_another_province() -> None:
    result = extract(SICHUAN, "sc")
    rows = _by_quote(result.metrics)
    assert set(rows) >= {"46场", "513条", "476条", "92.8%", "2300余人次", "128个", "2685.6万元"}
    assert not any(q.startswith("2023") or q.startswith("第8") for q in rows)
    assert (rows["46场"]["province"], rows["46场"]["city"], rows["46场"]["county"]) == ("四川省", "成都市", "郫都区")
    assert rows["2300余人次"]["county"] == "郫都区"  # carried from the article
    assert rows["2685.6万元"]["county"] == "简阳市"
    assert rows["2685.6万元"]["value"] == 26_856_000
    assert rows["2300余人次"]["qualifier"] == "at_least"
    assert rows["92.8%"]["name"] == "办结率"
    assert (rows["92.8%"]["numerator"], rows["92.8%"]["denominator"], rows["92.8%"]["consistency"]) == (
        476.0,
        513.0,
        "ok",
    )
    assert rows["46场"]["initiative"] == "代表夜话"
    assert result.place.city == "成都市"


def test_every_row_points_at_its_characters() -> None:
    result = extract(SICHUAN, "sc")
    for r in result.metrics:
        assert result.text[r["start"] : r["end"]] == r["quote"]
        assert SICHUAN[r["raw_start"] : r["raw_end"]] == r["quote"]  # this text needs no normalising


def test_town_level_figure() -> None:
    rows = _by_quote(extract(GUANGDONG_TOWN, "gd").metrics)
    r = rows["23件"]
    assert (r["province"], r["city"], r["county"], r["town"]) == ("广东省", "佛山市", "顺德区", "大良街道")
    assert r["place_level"] == "town" and r["adcode"] == "440606"
    assert r["year"] == 2022


def test_a_rate_after_a_full_stop_is_of_what_its_paragraph_counted() -> None:
    text = "湖南省长沙市人大常委会\n全年共收到代表建议318件。经测评，满意的301件，答复率为100%。\n另开展视察活动9次。\n"
    rows = _by_quote(extract(text, "hn").metrics)
    assert rows["301件"]["subject"] == rows["100%"]["subject"] == "代表建议"
    assert rows["301件"]["name"] == "满意件数"
    assert rows["9次"]["subject"] != "代表建议"  # a new paragraph starts afresh


def test_ids_are_stable_and_unique() -> None:
    a, b = extract(SICHUAN, "sc"), extract(SICHUAN, "sc")
    ids = [r["metric_id"] for r in a.metrics]
    assert ids == [r["metric_id"] for r in b.metrics] and len(ids) == len(set(ids))


PIECES = [
    "會(huì)議",
    "收到建議",
    "１２３",
    "45件",
    "3.5万元",
    "办结率98%",
    "，",
    "。",
    "\n",
    "\n\n",
    " ",
    "北侖區",
    "杭州市",
    "第十三届",
    "2021年",
    "千余人次",
    "“三零”",
    "《规定》",
    "开",
    "展",
    "0571-88886666",
    "三分之二",
]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_extraction_never_crashes_and_quotes_are_exact(pieces: list[str]) -> None:
    raw = "".join(pieces)
    result = extract(raw, "prop")
    for r in result.metrics:
        assert result.text[r["start"] : r["end"]] == r["quote"]
        assert 0 <= r["raw_start"] <= r["raw_end"] <= len(raw)
        assert r["kind"] in {"count", "rate", "amount", "measure", "other"}
