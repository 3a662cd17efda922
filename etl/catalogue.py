"""The analysts' indicator catalogue: what each canonical indicator id means, as data.

Analysts put one indicator side by side for many places (宁波's 建议办结率 next to 成都's), so every
figure the ETL reads is given the id of the catalogue entry it is, or none. The entries live in
``etl/data/indicators.tsv`` (one row each: id, title, kind, canonical unit, domain, program, and for
rates how they are formed), so adding an indicator is one row and one test, not code. The
dashboard reads titles and definitions from here too.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "indicators.tsv"
COLUMNS = ("id", "title", "kind", "unit", "domain", "program", "basis", "numerator", "denominator", "definition")
KINDS = ("count", "rate", "amount")
# how a rate is formed: a share of a total (numerator ÷ denominator) or the growth of an amount
BASES = ("share", "growth")


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str  # a short title for charts and tables
    kind: str  # count, rate or amount
    unit: str  # canonical unit: 件, 个, 人次 ... for counts, % for rates, 元 for amounts
    domain: str  # the analysts' grouping (代表建议, 矛盾纠纷 ...)
    program: str  # the line of work (etl.programs label) it belongs to
    basis: str | None  # rates only: share or growth
    numerator: str | None  # rates only: the count (or amount) it divides, or the amount that grows
    denominator: str | None  # share rates only: the total it divides by
    definition: str  # one sentence written for analysts


class Catalogue:
    """The entries by id, in file order."""

    def __init__(self, entries: list[Indicator]) -> None:
        self._by_id: dict[str, Indicator] = {}
        for e in entries:
            if e.id in self._by_id:
                raise ValueError(f"{DATA.name}: indicator id {e.id!r} is listed twice")
            self._by_id[e.id] = e
        # a count's rate: 办结建议数 → 建议办结率 (what a rate named from its numerator becomes)
        self._rate_of: dict[str, str] = {
            e.numerator: e.id for e in entries if e.kind == "rate" and e.basis == "share" and e.numerator
        }
        # an amount's growth rate: 一般公共预算收入 → 一般公共预算收入增长率
        self._growth_of: dict[str, str] = {
            e.numerator: e.id for e in entries if e.kind == "rate" and e.basis == "growth" and e.numerator
        }

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, indicator_id: str | None) -> Indicator | None:
        return self._by_id.get(indicator_id) if indicator_id else None

    def rate_of(self, count_id: str | None) -> str | None:
        """The share rate whose numerator is ``count_id`` (办结建议数 → 建议办结率), if any."""
        return self._rate_of.get(count_id) if count_id else None

    def growth_of(self, amount_id: str | None) -> str | None:
        """The growth rate of ``amount_id`` (一般公共预算收入 → 一般公共预算收入增长率), if any."""
        return self._growth_of.get(amount_id) if amount_id else None


def parse(lines: list[list[str]]) -> Catalogue:
    """Rows of the TSV (header first) → a Catalogue; ValueError names the bad row."""
    if not lines or tuple(lines[0]) != COLUMNS:
        raise ValueError(f"{DATA.name}: expected columns {', '.join(COLUMNS)}")
    entries = []
    for n, row in enumerate(lines[1:], start=2):
        if len(row) != len(COLUMNS):
            raise ValueError(f"{DATA.name}:{n}: {len(row)} fields, expected {len(COLUMNS)}")
        f = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))
        entries.append(
            Indicator(
                f["id"],
                f["title"],
                f["kind"],
                f["unit"],
                f["domain"],
                f["program"],
                f["basis"] or None,
                f["numerator"] or None,
                f["denominator"] or None,
                f["definition"],
            )
        )
    return Catalogue(entries)


@functools.lru_cache(maxsize=1)
def load() -> Catalogue:
    """The shipped catalogue, read once per process."""
    with open(DATA, encoding="utf-8", newline="") as fh:
        return parse(list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)))
