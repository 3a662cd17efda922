"""Tables in normalised text → what each cell's figure is: its unit, the words that name it, its year.

A table cell holds a bare number (``3,215``) whose unit and meaning are in its column header
(``接待群众（人次）``, ``金额（万元）``, ``办结率``, ``增长%``) or in a caption (``单位：万元``); under
columns headed by years (``2022年 | 2023年``) the row label names the figure and the header dates it.
The readers write a row of a Word table, or of a PDF table that PyMuPDF finds, as tab-separated
cells, and trafilatura writes an HTML table as ``| a | b |`` rows, so a table is a run of such
lines with the same number of cells whose first row is a header of short words.
Pure functions over one document's text: spans in, cells out.

Some pages reach us with a table flattened to one cell per line, its rows between lines that hold
a single ``|`` (``|`` / ``上城区 |`` / ``126 |`` / ``+9 |`` / ``|`` ...); such a run is read as the
same table, each row from the line of its first cell. A cell may hold a signed change (``+9``,
``-37``) under a header that says ``增减`` or ``增长``; without a unit of its own, such a column
takes the unit of the column before it.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from etl import numerals, quantities
from etl.quantities import MULTIPLIERS, Quantity, scaled
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
_BARE_NUMBER = regex.compile(r"\s*(?P<num>[-+−]?\d+(?:,\d{3})*(?:\.\d+)?)\s*")
# 增减, 比上年增长, 同比: a column of changes, in the unit of the column before it when it states none
_CHANGE_HEADER = regex.compile(r"(?:增减|增长|增加|减少|变化|变动|同比|环比|比上年|较上年)")
_FLAT_SEPARATOR = regex.compile(r"^\s*\|\s*$")
_FLAT_CELL = regex.compile(r"^\s*(?:\|\s*(?P<a>[^|]+?)|(?P<b>[^|]+?)\s*\|)\s*$")
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
    line_end: int | None = None  # a flattened row: the end of its first line (its sentence)


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
    _flattened(text, lines, rows, starts)
    return Tables(rows, frozenset(starts))


def _flat_cell(text: str, start: int, end: int) -> tuple[int, int] | None:
    m = _FLAT_CELL.match(text[start:end])
    if m is None:
        return None
    group = "a" if m["a"] is not None else "b"
    return start + m.start(group), start + m.end(group)


def _flattened(text: str, lines: list[tuple[int, int]], rows: dict[int, Row], starts: set[int]) -> None:
    """Tables written one cell per line, rows between ``|`` lines: the same number of cells in
    every row, two at least, the first row a header."""
    i = 0
    while i < len(lines):
        if not _FLAT_SEPARATOR.match(text[slice(*lines[i])]):
            i += 1
            continue
        groups: list[list[int]] = []  # line indexes of each row's cells
        seps, j = [i], i + 1
        while j < len(lines):
            group = []
            while j < len(lines) and _flat_cell(text, *lines[j]) is not None:
                group.append(j)
                j += 1
            if not group:
                break
            groups.append(group)
            if j < len(lines) and _FLAT_SEPARATOR.match(text[slice(*lines[j])]):
                seps.append(j)
                j += 1
            else:
                break
        width = len(groups[0]) if groups else 0
        run = [g for g in groups if len(g) == width]
        if width >= 2 and len(run) >= 2 and len(run) == len(groups):
            _flat_table(text, lines, run, rows, starts)
            for k in seps:
                starts.add(_first_char(text, *lines[k]))
        i = max(j, i + 1)


def _flat_table(
    text: str, lines: list[tuple[int, int]], groups: list[list[int]], rows: dict[int, Row], starts: set[int]
) -> None:
    spans = [[_flat_cell(text, *lines[k]) for k in g] for g in groups]
    headers = [text[s:e] for s, e in spans[0]]
    if not _is_header(headers):
        return
    first = groups[0][0]
    taken = 0
    while first > 0 and taken < _CAPTION_LINES + 1 and lines[first - 1][1] > lines[first - 1][0]:
        first -= 1
        taken += 1
    caption = (lines[first][0], lines[groups[0][0]][0])
    units = list(_CAPTION_UNIT.finditer(text[caption[0] : caption[1]]))
    columns = _columns(headers, units[-1]["unit"] if units else None)
    for group, cells in zip(groups, spans, strict=True):
        for k in group:
            starts.add(_first_char(text, *lines[k]))
        if group is groups[0]:
            continue
        head = _first_char(text, *lines[group[0]])
        rows[head] = Row(head, tuple(cells), columns, caption, lines[group[0]][1])
        for k in group[1:]:  # the other lines of the row: their cells are read with the row
            rest = _first_char(text, *lines[k])
            rows[rest] = Row(rest, (), (), caption)


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
    columns = _columns(headers, units[-1]["unit"] if units else None)
    for i, cells in block:
        starts.add(_first_char(text, *lines[i]))
        if i == header_index or cells[0][1] - cells[0][0] > _MAX_LABEL:
            continue
        first_char = _first_char(text, *lines[i])
        rows[first_char] = Row(first_char, tuple(cells), columns, caption)


def _columns(headers: list[str], caption_unit: str | None) -> tuple[Column | None, ...]:
    """Each header's column; a column of changes without a unit takes the one of the column before."""
    out: list[Column | None] = []
    for header in headers:
        column = _column(header, caption_unit)
        if column is None and header.strip() and _CHANGE_HEADER.search(header) and not _NOT_FIGURES.search(header):
            before = next((c for c in reversed(out) if c is not None and c.unit is not None), None)
            if before is not None:
                column = Column(
                    f"{before.header or ''}{header.strip()}", before.unit, before.unit_raw, before.factor, None
                )
        out.append(column)
    return tuple(out)


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
    if not row.cells:
        return []  # a line of a flattened row: its cells are read with the row's first line
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
            if column is not None and row.line_end is not None and s >= row.line_end:
                # a flattened row's cell on a line of its own: what the sentence reader finds in it
                header = column.header or label_words
                for q in quantities.find(text[s:e]):
                    shifted = Quantity(
                        q.start + s - offset, q.end + s - offset, q.value, q.unit, q.unit_raw, q.qualifier
                    )
                    out.append(Figure(shifted, header, column.year or label_year))
            continue
        if column.header is None:  # under a column of years: the label names and may measure it
            column = _unit_column(label_words, label_unit or column.unit_raw, column.year) if label_words else None
            if column is None:
                continue
        value = numerals.read(m["num"]).value
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
