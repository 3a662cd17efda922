"""Tables in normalised text → the unit and name of each column, and figures in bare cells.

A table cell holds a bare number (``3,215``) whose unit and meaning are in its column header
(``接待群众（人次）``, ``金额（万元）``, ``办结率``) or in a caption line (``单位：万元``). The readers
write a Word table row as tab-separated cells and trafilatura writes an HTML table as
``| a | b |`` rows, so a table is a run of such lines whose first row is a header of words.
Pure functions over one document's text: spans in, cells out.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from etl.quantities import MULTIPLIERS, Quantity, parse_number, scaled
from etl.units import UNIT_PATTERN, Unit, unit_info

_PIPE_ROW = regex.compile(r"^\s*\|(.*)\|\s*$")
_RULE_ROW = regex.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")  # |---|---|
# 接待群众(人次), 金额(万元), 办结率(%): NFKC has made the brackets ASCII
_HEADER_UNIT = regex.compile(r"^(?P<name>.*?)\s*\((?:单位[:：]?)?\s*(?P<unit>[^()]{1,6})\)$")
_CAPTION_UNIT = regex.compile(r"单位\s*[:：]\s*(?P<unit>[^\s,，;；)）]{1,6})")
_MULTIPLIED_UNIT = regex.compile(rf"^(?P<mult>万亿|万|亿)?(?P<unit>{UNIT_PATTERN})$")
_RATE_HEADER = regex.compile(r"(?:率|比例|比重|占比)$")
# 件数, 人数, 次数: a header that names a count carries its unit
_COUNT_HEADER = regex.compile(r"(?P<unit>人次|件|人|次|个|项|条|户|家|场)数$")
_BARE_NUMBER = regex.compile(r"\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*")
# 序号, 年份, 排名: columns whose numbers are not figures
_NOT_FIGURES = regex.compile(r"序号|编号|年份|年度|排名|名次|代码|电话|邮编|日期|时间")
_CAPTION_LINES = 2  # a caption (单位：万元) sits this many lines above the table, at most
_MAX_LABEL = 40


@dataclass(frozen=True)
class Column:
    header: str  # the header cell without its unit: 接待群众
    unit: Unit
    unit_raw: str  # as the header writes it: 万元
    factor: float  # 万元: 10000


@dataclass(frozen=True)
class Row:
    start: int  # offsets into the text of the row's line, without its leading space
    end: int
    cells: tuple[tuple[int, int], ...]  # spans of the cells, in the text
    columns: tuple[Column | None, ...]  # one per cell: None where the header gives no unit
    caption: tuple[int, int]  # the lines just above the table (2024年各区…统计; 单位：万元)


def find_rows(text: str) -> dict[int, Row]:
    """Every data row of every table with a header, by the offset of its first cell."""
    if "\t" not in text and "|" not in text:
        return {}
    rows: dict[int, Row] = {}
    block: list[tuple[int, int, list[tuple[int, int]]]] = []
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for i, (start, end) in enumerate([*lines, (len(text), len(text))]):
        cells = _cells(text, start, end) if i < len(lines) else None
        if cells is not None:
            if cells:  # the |---| rule under a header is no row
                block.append((start, end, cells))
            continue
        if len(block) >= 2:
            rows.update(_table_rows(text, block, _caption(lines, block[0][0])))
        block = []
    return rows


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Cell spans of a table line (two cells at least), [] for a |---| rule, None for prose."""
    line = text[start:end]
    if _RULE_ROW.match(line):
        return []
    pipe = _PIPE_ROW.match(line)
    if pipe:
        inner, sep = pipe.start(1), "|"
        parts = line[inner : pipe.end(1)].split(sep)
    elif "\t" in line:
        inner, sep = 0, "\t"
        parts = line.split(sep)
    else:
        return None
    spans, pos = [], start + inner
    for part in parts:
        lead = len(part) - len(part.lstrip())
        spans.append((pos + lead, pos + len(part.rstrip())))
        pos += len(part) + len(sep)
    return spans if len(spans) >= 2 else None


def _caption(lines: list[tuple[int, int]], table_start: int) -> tuple[int, int]:
    i = bisect.bisect_left(lines, (table_start, table_start))
    return (lines[max(0, i - _CAPTION_LINES)][0], table_start) if i else (table_start, table_start)


def _table_rows(text: str, block: list[tuple[int, int, list[tuple[int, int]]]],
                caption: tuple[int, int]) -> dict[int, Row]:
    _, _, header_cells = block[0]
    headers = [text[s:e] for s, e in header_cells]
    if any(_BARE_NUMBER.fullmatch(h) for h in headers) or not any(headers):
        return {}  # a first row of figures: no header says what they are
    units = list(_CAPTION_UNIT.finditer(text, *caption))  # 单位：万元 above the table
    columns = tuple(_column(h, units[-1]["unit"] if units else None) for h in headers)
    out = {}
    for start, end, cells in block[1:]:
        if len(cells) != len(columns) or cells[0][1] - cells[0][0] > _MAX_LABEL:
            continue  # a merged or broken row: which column is which is not known
        first = start + len(text[start:end]) - len(text[start:end].lstrip())  # where its sentence starts
        out[first] = Row(first, end, tuple(cells), columns, caption)
    return out


def _column(header: str, caption: str | None) -> Column | None:
    """The unit of a header cell: its own (人次), a 率-word, a count noun, or the caption's."""
    if _NOT_FIGURES.search(header):
        return None
    m = _HEADER_UNIT.match(header)
    name, surface = (m["name"], m["unit"]) if m else (header, None)
    if surface in ("%", "％"):
        return Column(name, unit_info("%"), "%", 1.0)
    if surface is None and _RATE_HEADER.search(header):
        return Column(header, unit_info("%"), "%", 1.0)
    if surface is None:
        count = _COUNT_HEADER.search(header)
        surface = count["unit"] if count else caption
    unit = _MULTIPLIED_UNIT.match(surface) if surface else None
    if unit is None or not name:
        return None
    return Column(name, unit_info(unit["unit"]), surface, MULTIPLIERS[unit["mult"]] * unit_info(unit["unit"]).factor)


def cell_quantities(text: str, row: Row, offset: int) -> list[tuple[Quantity, Column]]:
    """The bare numbers of a row under a header with a unit, as quantities relative to ``offset``
    (the start of the sentence the row is read as)."""
    out = []
    for (s, e), column in zip(row.cells[1:], row.columns[1:], strict=True):
        if column is None:
            continue
        m = _BARE_NUMBER.fullmatch(text, s, e)
        value = parse_number(m["num"]) if m else None
        if value is None:
            continue
        start, end = m.start("num") - offset, m.end("num") - offset
        out.append((Quantity(start, end, scaled(value, column.factor), column.unit, column.unit_raw, "exact"),
                    column))
    return out


def column_at(row: Row, position: int) -> Column | None:
    """The column of the cell holding ``position`` (an offset in the text)."""
    for (s, e), column in zip(row.cells, row.columns, strict=True):
        if s <= position < e:
            return column
    return None
