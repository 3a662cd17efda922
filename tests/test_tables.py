"""Table cells read with their column headers: units, names, places and years. Tables written for the tests."""

import io

import docx

from etl.metrics import extract
from etl.normalise import normalise
from etl.pipeline import extract_source
from etl.readers import read_bytes
from etl.tables import cell_quantities, find_rows

TAB_TABLE = (
    "2023年各县代表联络站工作情况\n"
    "（单位：万元）\n"
    "序号\t县区\t接待群众（人次）\t办结率\t争取资金\n"
    "1\t桐庐县\t1,215\t96.5\t320\n"
    "2\t淳安县\t876\t95.1%\t58.5\n"
    "注：数据截至2023年12月31日。\n"
)


def cells(text: str) -> list[list[tuple[str, float, str]]]:
    rows = find_rows(text)
    return [[(text[q.start : q.end], q.value, q.unit.symbol) for q, _ in cell_quantities(text, row, 0)]
            for row in rows.values()]


def test_bare_cells_take_the_unit_of_their_header_or_caption() -> None:
    text = normalise(TAB_TABLE).text
    # 序号 is no figure; 96.5 is a rate by its 率-word; 争取资金 takes the caption's 万元;
    # 95.1% has its own unit and is left to the sentence reader
    assert cells(text) == [
        [("1,215", 1215, "人次"), ("96.5", 96.5, "%"), ("320", 3_200_000, "元")],
        [("876", 876, "人次"), ("58.5", 585_000, "元")],
    ]


def test_markdown_rows_from_html_pages() -> None:
    text = "| 街道 | 收集意见（条） | 金额（亿元） |\n|---|---|---|\n| 九堡街道 | 412 | 1.5 |\n"
    assert cells(normalise(text).text) == [[("412", 412, "条"), ("1.5", 150_000_000, "元")]]


def test_what_is_not_a_table_with_a_header() -> None:
    assert find_rows("代表\t建议12件\n") == {}  # one line
    assert find_rows("1\t2\t3\n4\t5\t6\n") == {}  # no header says what the figures are
    broken = "县区\t接待群众（人次）\t办结率\n桐庐县\t1215\n"  # a row that lost a cell
    assert find_rows(broken) == {}


def test_table_figures_are_named_placed_and_dated() -> None:
    text = "杭州人大信息\n" + TAB_TABLE
    result = extract(text, "doc")
    rows = [(m["quote"], m["name"], m["county"], m["year"], m["kind"]) for m in result.metrics]
    assert rows == [
        ("1,215", "接待群众人次", "桐庐县", 2023, "count"), ("96.5", "办结率", "桐庐县", 2023, "rate"),
        ("320", "争取资金", "桐庐县", 2023, "amount"),
        ("876", "接待群众人次", "淳安县", 2023, "count"), ("95.1%", "办结率", "淳安县", 2023, "rate"),
        ("58.5", "争取资金", "淳安县", 2023, "amount"),
    ]
    assert all(result.text[m["start"] : m["end"]] == m["quote"] for m in result.metrics)


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
    assert [(m["quote"], m["name"], m["county"]) for m in metrics] == [
        ("126", "收到建议数", "海曙区"), ("89%", "解决率", "海曙区"),
        ("98", "收到建议数", "北仑区"), ("91%", "解决率", "北仑区"),
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
        ("3,215", "接待群众人次", "越秀区", 2024), ("96.5%", "办结率", "越秀区", 2024),
        ("2,876", "接待群众人次", "海珠区", 2024), ("95.1%", "办结率", "海珠区", 2024),
    ]
