"""Table cells read with their headers: units, names, years, places. Tables written for the tests."""

import io

import docx

from etl.metrics import extract
from etl.normalise import normalise
from etl.pipeline import extract_source
from etl.readers import read_bytes
from etl.tables import figures, find

TAB_TABLE = (
    "2023年各县代表联络站工作情况\n"
    "（单位：万元）\n"
    "序号\t县区\t接待群众（人次）\t办结率\t争取资金\t项目数\t完成年限\n"
    "1\t桐庐县\t1,215\t96.5\t320\t12\t2025\n"
    "2\t淳安县\t876\t95.1%\t58.5\t7\t2026\n"
)


def cells(text: str) -> list[list[tuple[str, float, str, str | None, int | None]]]:
    """(number, value, unit, header, year) of the bare cells of every data row."""
    text = normalise(text).text
    return [
        [
            (text[f.quantity.start : f.quantity.end], f.quantity.value, f.quantity.unit.symbol, f.header, f.year)
            for f in figures(text, row, 0, [])
        ]
        for row in find(text).rows.values()
    ]


def metrics_of(text: str) -> list[tuple]:
    result = extract(text, "doc")
    assert all(result.text[m["start"] : m["end"]] == m["quote"] for m in result.metrics)
    return [(m["quote"], m["name"], m["county"] or m["city"], m["year"], m["kind"]) for m in result.metrics]


def test_bare_cells_take_the_unit_of_their_header_or_caption() -> None:
    # 序号 and 完成年限 are no figures; 96.5 is a rate by its 率-word; 争取资金 takes the caption's
    # 万元 and 项目数 does not (a count); 95.1% has its own unit and is left to the sentence reader
    assert cells(TAB_TABLE) == [
        [
            ("1,215", 1215, "人次", "接待群众", None),
            ("96.5", 96.5, "%", "办结率", None),
            ("320", 3_200_000, "元", "争取资金", None),
            ("12", 12, "个", "项目数", None),
        ],
        [
            ("876", 876, "人次", "接待群众", None),
            ("58.5", 585_000, "元", "争取资金", None),
            ("7", 7, "个", "项目数", None),
        ],
    ]


def test_headers_of_years_periods_and_percent_signs() -> None:
    budget = "单位：亿元\n指标\t2022年\t2023年\t增长%\n一般公共预算收入\t120.5\t123.8\t2.7\n"
    assert cells(budget) == [
        [
            ("120.5", 1.205e10, "元", "一般公共预算收入", 2022),
            ("123.8", 1.238e10, "元", "一般公共预算收入", 2023),
            ("2.7", 2.7, "%", "增长", None),
        ]
    ]
    dated = "区县\t2023年收到建议（件）\t建议数（件）\n上城区\t126\t98\n"
    assert cells(dated) == [[("126", 126, "件", "收到建议", 2023), ("98", 98, "件", "建议数", None)]]
    by_year = "| 年份 | 收到建议（件） | 办结率 |\n|---|---|---|\n| 2021 | 320 | 98% |\n| 2022 | 356 | 99% |\n"
    assert metrics_of("宁波市人大信息\n" + by_year) == [
        ("320", "收到建议数", "宁波市", 2021, "count"),
        ("98%", "办结率", "宁波市", 2021, "rate"),
        ("356", "收到建议数", "宁波市", 2022, "count"),
        ("99%", "办结率", "宁波市", 2022, "rate"),
    ]


def test_markdown_rows_and_a_caption_row_from_html_pages() -> None:
    text = "| 单位：亿元 |  |  |\n| 街道 | 收集意见（条） | 资金 |\n|---|---|---|\n| 九堡街道 | 412 | 1.5 |\n"
    assert cells(text) == [[("412", 412, "条", "收集意见", None), ("1.5", 150_000_000, "元", "资金", None)]]


def test_what_is_not_a_table_with_a_header() -> None:
    assert find("代表\t建议12件\n").rows == {}  # one line
    assert find("1\t2\t3\n4\t5\t6\n").rows == {}  # no header says what the figures are
    numbered = "(一)\t立法工作。全年审议法规12件。\n(二)\t监督工作。听取报告16个。\n"
    assert find(numbered).rows == {}  # numbered paragraphs with a tab
    # two tables one after the other: the second header starts a table of its own
    two = "县区\t收到建议（件）\n桐庐县\t12\n街道\t接待群众（人次）\t办结率\n城南街道\t300\t98%\n"
    assert [[c[3] for c in row] for row in cells(two)] == [["收到建议"], ["接待群众"]]


def test_numbered_headings_with_a_tab_stay_headings() -> None:
    text = (
        "宁波市人大信息\n本期刊登两区代表建议办理工作。\n"
        "一、\t海曙区试点情况\n海曙区收到建议126件。\n二、\t北仑区推广情况\n北仑区收到建议98件。\n"
    )
    assert [m["article"] for m in extract(text, "x").metrics] == ["一、\t海曙区试点情况", "二、\t北仑区推广情况"]


def test_table_figures_are_named_placed_and_dated() -> None:
    text = "杭州人大信息\n" + TAB_TABLE + "县区\t收到建议（件）\t办结率\n淳安县\t12\t100%\n合计\t224\t99%\n"
    assert metrics_of(text) == [
        ("1,215", "接待群众人次", "桐庐县", 2023, "count"),
        ("96.5", "办结率", "桐庐县", 2023, "rate"),
        ("320", "争取资金", "桐庐县", 2023, "amount"),
        ("12", "项目数", "桐庐县", 2023, "count"),
        ("876", "接待群众人次", "淳安县", 2023, "count"),
        ("95.1%", "办结率", "淳安县", 2023, "rate"),
        ("58.5", "争取资金", "淳安县", 2023, "amount"),
        ("7", "项目数", "淳安县", 2023, "count"),
        ("12", "收到建议数", "淳安县", None, "count"),
        ("100%", "办结率", "淳安县", None, "rate"),
        # a total row is the place the table is about, not the row above it
        ("224", "收到建议数", "杭州市", None, "count"),
        ("99%", "办结率", "杭州市", None, "rate"),
    ]


def test_a_row_is_one_sentence_and_a_figure_never_spans_two_cells() -> None:
    text = (
        "杭州人大信息\n区县\t进展情况\t接待群众（人次）\t办结率\n上城区\t已办结。\t326\t98%\n"
        "区县\t数量（件）\t单位\n西湖区\t126\t件\n"
    )
    result = extract(text, "x")
    for m in result.metrics:
        assert m["sentence_start"] <= m["start"] and m["end"] <= m["sentence_end"]
    assert [(m["quote"], m["name"]) for m in result.metrics] == [
        ("326", "接待群众人次"),
        ("98%", "办结率"),
        ("126", "数量"),
    ]


def test_a_word_table_is_read_cell_by_cell() -> None:
    document = docx.Document()
    document.add_paragraph("宁波市人大常委会2024年代表建议办理情况")
    table = document.add_table(rows=3, cols=3)
    rows = [("区县", "收到建议（件）", "解决率"), ("海曙区", "126", "89%"), ("北仑区", "98", "91%")]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    (source,) = read_bytes("report.docx", buffer.getvalue())
    _, metrics = extract_source(source, "run")
    assert [(m["quote"], m["name"], m["subject"], m["county"]) for m in metrics] == [
        ("126", "收到建议数", "建议", "海曙区"),
        ("89%", "解决率", None, "海曙区"),
        ("98", "收到建议数", "建议", "北仑区"),
        ("91%", "解决率", None, "北仑区"),
    ]


def test_an_html_table_is_read_cell_by_cell() -> None:
    page = (
        "<html><head><title>广州人大信息</title></head><body><article><h1>广州人大信息</h1>"
        "<p>2024年上半年各区代表联络站工作情况如下，各区人大常委会依托联络站密切联系群众。</p>"
        "<table><tr><th>区</th><th>接待群众（人次）</th><th>办结率</th></tr>"
        "<tr><td>越秀区</td><td>3,215</td><td>96.5%</td></tr>"
        "<tr><td>海珠区</td><td>2,876</td><td>95.1%</td></tr></table>"
        "<p>以上数据由各区人大常委会报送。</p></article></body></html>"
    ).encode()
    (source,) = read_bytes("page.html", page)
    _, metrics = extract_source(source, "run")
    assert [(m["quote"], m["name"], m["county"], m["year"]) for m in metrics] == [
        ("3,215", "接待群众人次", "越秀区", 2024),
        ("96.5%", "办结率", "越秀区", 2024),
        ("2,876", "接待群众人次", "海珠区", 2024),
        ("95.1%", "办结率", "海珠区", 2024),
    ]


def test_a_header_over_two_rows_and_periods_by_place_name_nothing() -> None:
    two_rows = "区县\t代表建议\t\n\t件数\t办结率\n上城区\t126\t100%\n"
    assert all(f[3] != "上城区" for row in cells(two_rows) for f in row)
    assert metrics_of("杭州人大信息\n" + two_rows)[0][1] != "上城区"  # the found 100% is not named by its row
    quarters = "单位：件\n街道\t第一季度\t第二季度\n湖滨街道\t12\t15\n"
    assert cells(quarters) == [[]]  # a place says where, not what was counted


FLAT_TABLE = (
    "宁波市人大信息\n"
    "2023年各区代表建议办理情况\n"
    "|\n区县 |\n收到建议（件） |\n比上年增减 |\n办结率 |\n"
    "|\n海曙区 |\n126 |\n+9 |\n98.5% |\n"
    "|\n江北区 |\n98 |\n-37 |\n100% |\n"
    "|\n"
    "以上数据由代表工作委员会统计。\n"
)


def test_a_table_flattened_to_one_cell_per_line_is_read_as_a_table() -> None:
    assert metrics_of(FLAT_TABLE) == [
        ("126", "收到建议数", "海曙区", 2023, "count"),
        ("+9", "收到建议比上年增减数", "海曙区", 2023, "count"),
        ("98.5%", "办结率", "海曙区", 2023, "rate"),
        ("98", "收到建议数", "江北区", 2023, "count"),
        ("-37", "收到建议比上年增减数", "江北区", 2023, "count"),
        ("100%", "办结率", "江北区", 2023, "rate"),
    ]
    values = {m["quote"]: m["value"] for m in extract(FLAT_TABLE, "doc").metrics}
    assert values["+9"] == 9 and values["-37"] == -37


def test_signed_changes_take_the_unit_of_the_column_before() -> None:
    text = (
        "| 县区 | 受理信访（件次） | 增减 | 化解率 | 同比 |\n|---|---|---|---|---|\n"
        "| 淳安县 | 1,215 | -37 | 96.5 | +2.1 |\n"
    )
    assert cells(text) == [
        [
            ("1,215", 1215, "件次", "受理信访", None),
            ("-37", -37, "件次", "受理信访增减", None),
            ("96.5", 96.5, "%", "化解率", None),
            ("+2.1", 2.1, "%", "化解率同比", None),
        ]
    ]


def test_single_cell_rows_between_pipes_are_no_table() -> None:
    # photo captions of a web page, one per row (seed 001): no header, no figures from them
    text = "|\n▲北仑“人大代表民生夜询会”举行。(陆东旭 摄) |\n|\n▲奉化人大开展主题接待活动。(陈晔 摄) |\n"
    assert find(normalise(text).text).rows == {}
