"""China's administrative divisions (行政区划) and a fast place-name matcher for running text.

The table is built offline by ``scripts/build_gazetteer.py`` from jionlp's maintained tree, which
also decides which short forms are safe to match (so 平安 in 平安建设 is not 平安区). This module
only loads it and matches.

Matching rules:

* full names match (浙江省, 海曙区, 鸬鸟镇); towns only by full name and only from 3 characters;
* short forms and former names match as listed in the table (北仑, 襄樊);
* a name flagged ``bounded`` in the table, and any two-character name with a one-character stem
  (和县, 高县), matches only at the start of the text, after a non-Han character, or right after
  another place: otherwise 提高县级 would contain 高县 and 市和县两级 would contain 和县;
* a name does not match where a neighbouring character glues its edge into a more common word, as
  listed in the table's ``context`` (资金安排 holds 金安, 机制和政策 holds 和政, 促进乡村 holds 促进乡).

``find`` has to keep up with a whole corpus sentence by sentence, so it never loops over names:
it walks the text's character pairs in C (``pairwise`` + a set test), and only at the few
positions whose pair starts some name does it try that pair's name lengths, longest first.
Input is expected in Simplified script; never run OpenCC over names (it turns 乾安 into 干安).
"""

from __future__ import annotations

import csv
import functools
import gc
import gzip
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, count, pairwise
from pathlib import Path

DATA = Path(__file__).with_name("data") / "gazetteer.tsv.gz"
COLUMNS = (
    "level",
    "name",
    "adcode",
    "province",
    "city",
    "county",
    "town",
    "aliases",
    "former",
    "parent_adcode",
    "match",
    "context",
)
LEVELS = ("province", "city", "county", "town")
_RANK = {level: i for i, level in enumerate(LEVELS)}
_SUFFIX_CHARS = frozenset("省市区县旗盟镇乡")
MIN_TOWN_MATCH = 3


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # official full simplified name, e.g. 海曙区
    level: str  # "province" | "city" | "county" | "town"
    adcode: str | None  # 6-digit code; for a town None (also where the source has none: Taiwan)
    province: str  # full names of the chain
    city: str | None
    county: str | None
    town: str | None
    parent_adcode: str | None = None  # the nearest coded unit above; what a town's code() reports

    def code(self) -> str | None:
        """Own adcode, or for a town its county's (its city's where there is no county, 东莞)."""
        return self.parent_adcode if self.level == "town" else self.adcode

    def chain(self) -> tuple[str, ...]:
        """Names from province down to this place, the key children() is indexed by."""
        return tuple(n for n in (self.province, self.city, self.county, self.town) if n)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]  # every place this surface can name, most likely reading first
    is_alias: bool  # matched a short form rather than the full name


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _order(hits: list[tuple[Place, bool, str]]) -> list[tuple[Place, bool, str]]:
    """Full-name readings first, then higher levels (吉林 is the province before the city)."""
    if len(hits) == 1:
        return hits
    hits.sort(key=lambda h: (h[1], _RANK[h[0].level], h[0].code() or "~", h[0].chain()))
    first = {id(h[0]): h for h in reversed(hits)}  # a place listed twice keeps its best reading
    return [h for h in hits if first[id(h[0])] is h]


class Gazetteer:
    def __init__(self, rows: Iterable[Sequence[str]]) -> None:
        """``rows`` are the table's data rows, in ``COLUMNS`` order."""
        self._places: list[Place] = []
        self._by_code: dict[str, Place] = {}
        self._children: dict[tuple[str, ...], list[Place]] = defaultdict(list)
        # surface -> (place, matched a short form, match flag: "" | "bounded" | "none")
        hits: dict[str, list[tuple[Place, bool, str]]] = defaultdict(list)
        # surface -> (characters that may not precede it, nor follow it)
        self._context: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for row in rows:
            level, name, adcode, province, city, county, town, aliases, former, parent, match, context = row
            place = Place(
                name, level, adcode or None, province, city or None, county or None, town or None, parent or None
            )
            self._places.append(place)
            if adcode:
                self._by_code[adcode] = place
            if level != "province":  # a municipality's chain (北京市, 北京市) is its districts' key
                self._children[place.chain()[:-1]].append(place)
            if level == "town" and len(name) < MIN_TOWN_MATCH:
                match = "none"
            hits[name].append((place, False, match))
            forms = [f for f in (*aliases.split("|"), *former.split("|")) if f]
            for form in forms:
                hits[form].append((place, True, ""))
            if context:
                for form, item in zip((name, *forms), context.split("|"), strict=True):
                    if item:
                        left, right = item.split("/")
                        self._context[form] = (frozenset(left), frozenset(right))
        self._names: dict[str, tuple[Place, ...]] = {}
        # surface -> (candidates, is_alias, bounded)
        self._index: dict[str, tuple[tuple[Place, ...], bool, bool]] = {}
        lengths: dict[tuple[str, str], set[int]] = defaultdict(set)
        for surface, found in hits.items():
            if len(found) == 1:  # the common case, kept cheap for load time
                ((place, alias, flag),) = found
                self._names[surface] = (place,)
                if flag == "none":
                    continue
                entry = ((place,), alias, flag == "bounded")
            else:
                ordered = _order(found)
                self._names[surface] = tuple(p for p, _, _ in ordered)
                usable = [h for h in ordered if h[2] != "none"]
                if not usable:
                    continue
                entry = (
                    tuple(p for p, _, _ in usable),
                    all(h[1] for h in usable),
                    all(h[2] == "bounded" for h in usable),
                )
            if len(surface) == 2 and surface[1] in _SUFFIX_CHARS:
                entry = (entry[0], entry[1], True)
            self._index[surface] = entry
            lengths[surface[0], surface[1]].add(len(surface))
        self._starts = {pair: tuple(sorted(ns, reverse=True)) for pair, ns in lengths.items()}

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping place mentions, leftmost-longest, in text order."""
        starts, index, context = self._starts, self._index, self._context
        found: list[Mention] = []
        end = 0
        for i in compress(count(), map(starts.__contains__, pairwise(text))):
            if i < end:
                continue
            for n in starts[text[i], text[i + 1]]:
                surface = text[i : i + n]
                entry = index.get(surface)
                if entry is None:
                    continue
                follows_text = i != end  # not at the start, nor right after another place
                if entry[2] and follows_text and _is_han(text[i - 1]):
                    continue
                if surface in context:
                    left, right = context[surface]
                    if (follows_text and text[i - 1] in left) or text[i + n : i + n + 1] in right:
                        continue
                found.append(Mention(i, i + n, surface, entry[0], entry[1]))
                end = i + n
                break
        return found

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Places called ``name`` (full name, short form or former name), most likely first."""
        return self._names.get(name, ())

    def provinces(self) -> list[Place]:
        return sorted((p for p in self._places if p.level == "province"), key=lambda p: p.adcode or "")

    def children(self, place: Place) -> list[Place]:
        """Units directly below ``place``: a municipality's districts, a county's towns."""
        return list(self._children.get(place.chain(), ()))

    def by_code(self, adcode: str) -> Place | None:
        return self._by_code.get(adcode)

    def surfaces(self) -> Iterable[str]:
        """Every name, short form and former name the table knows (e.g. to protect from OpenCC)."""
        return self._names.keys()

    def __iter__(self) -> Iterator[Place]:
        """Every place, depth-first as in the table: a province, then each city with its counties."""
        return iter(self._places)


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The shared gazetteer; built once per process from the shipped table.

    The cyclic GC is paused while building: the ~200k new objects hold no cycles, and letting it
    rescan them as they pile up doubles the load time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with gzip.open(DATA, "rt", encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh, delimiter="\t")
            if next(rows) != list(COLUMNS):
                raise ValueError(f"{DATA}: unexpected columns; rebuild with scripts/build_gazetteer.py")
            return Gazetteer(rows)
    finally:
        if was_enabled:
            gc.enable()
