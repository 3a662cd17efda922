"""The units a metric can carry, and what kind of metric each one makes.

A number is a candidate metric only when a unit follows it, so these tables are the main guard
against dates, ordinals and codes. The knowledge is data beside the code: ``data/units.tsv``
(rates, money, physical measures, durations) and ``data/measure_words.tsv`` (the counting words,
量词, a bulletin counts things in: 件, 票, 册, 辆 ...). Each entry says which characters or words
must not follow it, because then it is the first half of another word (条例, 支出, 所有, 期间,
三次产业).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

_DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Unit:
    surface: str  # as matched, simplified script
    symbol: str  # canonical unit stored in metrics.unit
    kind: str  # count, rate, amount, measure, duration, other
    factor: float = 1.0


@dataclass(frozen=True)
class _Entry:
    unit: Unit
    not_before: str  # characters
    not_before_words: tuple[str, ...]
    only_before: str  # characters; empty: anywhere


def _rows(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def load_entries() -> list[_Entry]:
    """Both tables, as read from the data files (the tests check them)."""
    out = [
        _Entry(
            Unit(r["surface"], r["symbol"], r["kind"], float(r["factor"] or 1)),
            r["not_before"],
            tuple(r["not_before_words"].split()),
            r["only_before"],
        )
        for r in _rows("units.tsv")
    ]
    out += [
        _Entry(Unit(r["word"], r["symbol"], "count"), r["not_before"], tuple(r["not_before_words"].split()), "")
        for r in _rows("measure_words.tsv")
    ]
    return out


def _guard(entry: _Entry) -> str:
    """The lookahead that keeps a unit from being the first half of another word."""
    if entry.only_before:
        return f"(?=(?:以)?[{regex.escape(entry.only_before)}])"
    stops = [regex.escape(w) for w in entry.not_before_words]
    if entry.not_before:
        stops.append(f"[{regex.escape(entry.not_before)}]")
    return f"(?!{'|'.join(stops)})" if stops else ""


_ENTRIES = load_entries()
_BY_SURFACE = {e.unit.surface: e.unit for e in _ENTRIES}
_FIRST_CHARS = "".join(sorted({e.unit.surface[0] for e in _ENTRIES}))
# the first-character lookahead lets the regex engine drop a position before it tries a hundred words
UNIT_PATTERN = (
    f"(?=[{regex.escape(_FIRST_CHARS)}])(?:"
    + "|".join(regex.escape(e.unit.surface) + _guard(e) for e in sorted(_ENTRIES, key=lambda e: -len(e.unit.surface)))
    + ")"
)


@lru_cache(maxsize=512)
def unit_info(surface: str) -> Unit:
    """The Unit for a matched surface form; an unknown surface is a plain count unit."""
    return _BY_SURFACE.get(surface, Unit(surface, surface, "count"))


@lru_cache(maxsize=1)
def people_nouns() -> tuple[str, ...]:
    """Nouns for people (群众, 居民): 惠及20多万群众 counts people without a counting word."""
    words = (_DATA / "people_nouns.txt").read_text(encoding="utf-8").split("\n")
    return tuple(sorted({w.strip() for w in words if w.strip() and not w.startswith("#")}, key=len, reverse=True))


METRIC_KIND = {
    "count": "count",
    "rate": "rate",
    "amount": "amount",
    "measure": "measure",
    "duration": "other",
    "other": "other",
}
