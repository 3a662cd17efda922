"""Tables in normalised text → what each cell's figure is: its unit, the words that name it, its year.

A table cell holds a bare number (``3,215``) whose unit and meaning are in its column header
(``接待群众（人次）``, ``金额（万元）``, ``办结率``, ``增长%``) or in a caption (``单位：万元``); under
columns headed by years (``2022年 | 2023年``) the row label names the figure and the header dates it.
The readers write a row of a Word table, or of a PDF table that PyMuPDF finds, as tab-separated
cells, and trafilatura writes an HTML table as ``| a | b |`` rows, so a table is a run of such
lines with the same number of cells whose first row is a header of short words.
Pure functions over one document's text: spans in, cells out.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from etl.quantities import MULTIPLIERS, Quantity, parse_number, scaled
from etl.units import UNIT_PATTERN, Unit, unit_info

_PIPE_ROW = regex.compile(r"^\s*\|(.*)\|\s*$")
_RULE_ROW = regex.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")  # |---|---|
# 接待群众(人次), 金额(万元), 办结率(%): NFKC has made the brackets ASCII
_BRACKET_UNIT = regex.compile(r"^(?P<name>.*?)\s*\((?:单位[:：]?)?\s*(?P<unit>[^()]{1,6})\)$")
_CAPTION_UNIT = regex.compile(r"单位\s*[:：]\s*(?P<unit>[^\s,，;；)）|]{1,6})")
_MULTIPLIED_UNIT = regex.compile(rf"^(?P<mult>万亿|万|亿)?(?P<unit>{UNIT_PATTERN})$")
_RATE_HEADER = regex.compile(r"(?:率|比例|比重|占比)$")
# 件数, 人数, 项目个数: a header that names a count says its unit (个 when it does not)
_COUNT_HEADER = regex.compile(r"(?P<unit>人次|件|人|次|个|项|条|户|家|场)?数$")
# 预算数, 执行数 under 单位：万元 are money, not counts
_MONEY_HEADER = regex.compile(r"预算|决算|执行|金额|资金|收入|支出|投资|经费|资产|产值|总额|额$")
_LEADING_YEAR = regex.compile(r"^(?P<year>(?:19|20)\d{2})\s*年?度?")
_PERIOD = regex.compile(r"^(?:第?[一二三四1-4]季度|[上下]半年|全年|[1-9]\d?(?:-|至)[1-9]\d?月)$")
_BARE_NUMBER = regex.compile(r"\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*")
_YEAR_VALUE = regex.compile(r"(?:19|20)\d{2}")
# 序号, 完成年限, 排名, 备注: columns whose numbers are not figures
_NOT_FIGURES = regex.compile(r"序号|编号|年份|年度|年限|期限|时限|月份|届次|排名|名次|代码|电话|邮编|日期|时间|备注")
_LIST_MARKER = regex.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.])")
_PLACE_END = regex.compile(r"(?:省|市|区|县|镇|乡|街道|村|社区|旗|盟|州)$")
_MAX_HEADER_CELL = 24
_MAX_LABEL = 40
_CAPTION_LINES = 2  # a caption (2024年…统计表, 单位：万元) is at most this many lines above the table


@dataclass(frozen=True)
class Column:
    header: str | None  # the header's words without unit and year (接待群众); None: the row label names it
    unit: Unit | None  # None: a column of years whose unit the row label gives
    unit_raw: str | None  # as written: 万元
    factor: float  # 万元: 10000
    year: int | None  # a column headed 2022年 or 2023年收到建议(件)


@dataclass(frozen=True)
class Row:
    start: int  # offset of the row's first character: where the segmenter's sentence starts
    cells: tuple[tuple[int, int], ...]  # spans of the cells in the text
    columns: tuple[Column | None, ...]  # one per cell: None where the header says no figure
    caption: tuple[int, int]  # the lines just above the table


@dataclass(frozen=True)
class Tables:
    rows: dict[int, Row]  # data rows by their start
    lines: frozenset[int]  # the starts of every table line, header and rule included


@dataclass(frozen=True)
class Figure:
    quantity: Quantity  # offsets relative to the row's sentence
    header: str | None  # the words that name it; None outside any headed column
    year: int | None  # the year its column or row header states


def find(text: str) -> Tables:
    """Every table of the text: its data rows, and all its lines (never headings nor prose)."""
    if "\t" not in text and "|" not in text:
        return Tables({}, frozenset())
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    rows: dict[int, Row] = {}
    starts: set[int] = set()
    block: list[tuple[int, list[tuple[int, int]]]] = []  # (line index, cells)
    for i, (start, end) in enumerate([*lines, (len(text), len(text))]):
        cells = _cells(text, start, end) if i < len(lines) else None
        if cells == []:  # the |---| rule under a header belongs to the table
            starts.add(_first_char(text, start, end))
            continue
        if cells is not None and (not block or len(cells) == len(block[-1][1])):
            block.append((i, cells))
            continue
        _close(text, lines, block, rows, starts)
        block = [(i, cells)] if cells is not None else []
    return Tables(rows, frozenset(starts))


def _first_char(text: str, start: int, end: int) -> int:
    line = text[start:end]
    return start + len(line) - len(line.lstrip())


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Cell spans of a table line (two cells at least), [] for a |---| rule, None for prose."""
    line = text[start:end]
    if _RULE_ROW.match(line):
        return []
    pipe = _PIPE_ROW.match(line)
    if pipe:
        inner, sep = pipe.start(1), "|"
        parts = line[inner : pipe.end(1)].split(sep)
    elif "\t" in line.strip():
        inner, sep = 0, "\t"
        parts = line.split(sep)
    else:
        return None
    spans, pos = [], start + inner
    for part in parts:
        lead = len(part) - len(part.lstrip())
        spans.append((pos + lead, pos + lead + len(part.strip())))
        pos += len(part) + len(sep)
    return spans if len(spans) >= 2 else None


def _close(
    text: str,
    lines: list[tuple[int, int]],
    block: list[tuple[int, list[tuple[int, int]]]],
    rows: dict[int, Row],
    starts: set[int],
) -> None:
    """Read a run of table lines: a caption row (trafilatura's <caption>), a header, data rows."""
    caption_text = ""
    if block and sum(s < e for s, e in block[0][1]) == 1:  # | 单位：万元 |  |  |
        caption_text = " ".join(text[s:e] for s, e in block[0][1])
        starts.add(_first_char(text, *lines[block[0][0]]))
        block = block[1:]
    if len(block) < 2:
        return
    header_index, header_cells = block[0]
    headers = [text[s:e] for s, e in header_cells]
    if not _is_header(headers):
        return
    first, taken = header_index, 0
    while first > 0 and taken < _CAPTION_LINES and _cells(text, *lines[first - 1]) is None:
        first -= 1
        taken += lines[first][1] > lines[first][0]  # blank lines do not count
    caption = (lines[first][0], lines[header_index][0])
    units = list(_CAPTION_UNIT.finditer(text[caption[0] : caption[1]] + caption_text))
    columns = tuple(_column(h, units[-1]["unit"] if units else None) for h in headers)
    for i, cells in block:
        starts.add(_first_char(text, *lines[i]))
        if i == header_index or cells[0][1] - cells[0][0] > _MAX_LABEL:
            continue
        first_char = _first_char(text, *lines[i])
        rows[first_char] = Row(first_char, tuple(cells), columns, caption)


def _is_header(headers: list[str]) -> bool:
    """Short words, not figures, and not a numbered paragraph (一、\\t宁波市试点情况)."""
    if not any(headers) or _LIST_MARKER.match(headers[0]):
        return False
    return all(len(h) <= _MAX_HEADER_CELL and not _BARE_NUMBER.fullmatch(h) and "。" not in h for h in headers)


def _column(header: str, caption_unit: str | None) -> Column | None:
    """What a header says of its cells: unit (its own, a 率-word, a count noun, or the caption's),
    the words that name them, and a year."""
    if not header.strip() or _NOT_FIGURES.search(header):
        return None  # an empty cell of a header written over two rows says nothing
    lead = _LEADING_YEAR.match(header)
    year = int(lead["year"]) if lead else None
    words = header[lead.end() :].strip() if lead else header
    m = _BRACKET_UNIT.match(words)
    name, surface = (m["name"].strip(), m["unit"]) if m else (words, None)
    if (lead and not name) or _PERIOD.match(name):  # 2022年, 第一季度: the row label names the figure
        return _unit_column(None, surface or caption_unit, year, allow_none=True)
    if surface in ("%", "%"):
        return Column(name, unit_info("%"), "%", 1.0, year)
    if surface is None and name.endswith("%"):  # 完成预算%, 比上年增长%
        return Column(name.rstrip("%").strip() or name, unit_info("%"), "%", 1.0, year)
    if surface is None and _RATE_HEADER.search(name):
        return Column(name, unit_info("%"), "%", 1.0, year)
    if surface is None:
        surface = _implied_unit(name, caption_unit)
    return _unit_column(name, surface, year)


def _implied_unit(name: str, caption_unit: str | None) -> str | None:
    """单位：万元 reaches the money columns (预算数, 争取资金), not 项目数; 单位：件 reaches them all;
    without a caption, 件数/项目个数 say their own unit."""
    caption = _MULTIPLIED_UNIT.match(caption_unit) if caption_unit else None
    if caption is not None and unit_info(caption["unit"]).kind != "amount":
        return caption_unit
    if caption is not None and _MONEY_HEADER.search(name):
        return caption_unit
    count = _COUNT_HEADER.search(name)
    return (count["unit"] or "个") if count else None


def _unit_column(name: str | None, surface: str | None, year: int | None, allow_none: bool = False) -> Column | None:
    unit = _MULTIPLIED_UNIT.match(surface) if surface else None
    if unit is None:
        return Column(name, None, None, 1.0, year) if allow_none else None
    info = unit_info(unit["unit"])
    return Column(name, info, surface, MULTIPLIERS[unit["mult"]] * info.factor, year)


def figures(text: str, row: Row, offset: int, found: list[Quantity]) -> list[Figure]:
    """A row's figures: the quantities the sentence reader ``found`` in it (relative to ``offset``,
    where the row's sentence starts), each with its column, and the bare numbers of its cells."""
    label = text[row.cells[0][0] : row.cells[0][1]]
    label_year = int(label[:4]) if _YEAR_VALUE.fullmatch(label.removesuffix("年")) else None
    label_words, label_unit = _label(label)
    out = []
    cell_of = [(s - offset, e - offset, c) for (s, e), c in zip(row.cells, row.columns, strict=True)]
    for q in found:
        cell = next(((s, e, c) for s, e, c in cell_of if s <= q.start and q.end <= e), None)
        if cell is None:
            continue  # 126\t件: a figure read across two cells
        column = cell[2]
        header = (column.header or label_words) if column is not None else None
        out.append(Figure(q, header, (column.year if column else None) or label_year))
    for (s, e), column in zip(row.cells[1:], row.columns[1:], strict=True):
        m = _BARE_NUMBER.fullmatch(text, s, e) if column is not None else None
        if m is None:
            continue
        if column.header is None:  # under a column of years: the label names and may measure it
            column = _unit_column(label_words, label_unit or column.unit_raw, column.year) if label_words else None
            if column is None:
                continue
        value = parse_number(m["num"])
        if value is None or (column.unit.kind == "amount" and _YEAR_VALUE.fullmatch(m["num"])):
            continue  # a year in a money column is a date
        quantity = Quantity(
            m.start("num") - offset,
            m.end("num") - offset,
            scaled(value, column.factor),
            column.unit,
            column.unit_raw,
            "exact",
        )
        out.append(Figure(quantity, column.header, column.year or label_year))
    return sorted(out, key=lambda f: f.quantity.start)


def _label(label: str) -> tuple[str | None, str | None]:
    """The row label's words and its own unit: 一般公共预算收入(万元) → (一般公共预算收入, 万元);
    none for a year, a number or a place (湖滨街道 names where, not what)."""
    if _YEAR_VALUE.fullmatch(label.removesuffix("年")) or _BARE_NUMBER.fullmatch(label) or _PLACE_END.search(label):
        return None, None
    m = _BRACKET_UNIT.match(label)
    return (m["name"].strip() or None, m["unit"]) if m else (label.strip() or None, None)
