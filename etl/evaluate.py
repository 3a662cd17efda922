"""Score the metrics table against a hand-made gold set (format: shared eval GUIDELINES.md).

A gold line names its document by file name and its number by ``quote`` inside a unique
``context`` of the ORIGINAL file, so matching happens in source offsets: each metric keeps
``raw_start``/``raw_end`` (its span in the decoded file), and the gold span is found by reading
the same file again. A prediction matches a gold line when the spans overlap and the values
agree; derived rates have no span of their own and are left out. Recall is over core lines
(results of work), precision over every prediction in the gold documents. Place and year are
scored over matched core lines (what regional comparisons and time lines are made of), and over
all matched lines beside it. The canonical indicator is scored both ways: accuracy over matched
core lines whose gold has an id (did we name it?), precision over matched predictions given an id
(is the id we gave right? a wrong id is worse than none).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.readers import IngestFailure, read_file

LEVELS = ("province", "city", "county", "town")
ATTRIBUTES = ("kind", "unit", "qualifier", "year", "name", "subject", "category", "core")


class GoldFormatError(ValueError):
    """A gold file that is not JSON lines; the message names the line."""


@dataclass
class Score:
    gold: int = 0
    gold_core: int = 0
    predicted: int = 0
    matched_pred: int = 0
    matched_gold: int = 0
    matched_core: int = 0
    unlocated: list[dict] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    wrong_value: list[tuple[dict, dict]] = field(default_factory=list)
    pairs: list[tuple[dict, dict]] = field(default_factory=list)
    ambiguous_names: list[str] = field(default_factory=list)

    @property
    def core_pairs(self) -> list[tuple[dict, dict]]:
        return [(g, p) for g, p in self.pairs if g.get("core")]

    @property
    def precision(self) -> float:
        return self.matched_pred / self.predicted if self.predicted else 0.0

    @property
    def recall_core(self) -> float:
        return self.matched_core / self.gold_core if self.gold_core else 0.0

    @property
    def recall_all(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall_core
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, key: str, core_only: bool = False) -> float:
        """Share of matched lines (core lines only, if asked) whose ``key`` agrees with the gold."""
        pairs = self.core_pairs if core_only else self.pairs
        return sum(_agree(g, p, key) for g, p in pairs) / len(pairs) if pairs else 0.0

    @property
    def indicator_accuracy(self) -> float:
        """Over matched core lines whose gold has an id: the share given that id."""
        scored = [(g, p) for g, p in self.core_pairs if g.get("indicator")]
        return sum(p["indicator"] == g["indicator"] for g, p in scored) / len(scored) if scored else 0.0

    @property
    def indicator_precision(self) -> float:
        """Over matched predictions given an id: the share whose id is the gold's."""
        scored = [(g, p) for g, p in self.pairs if p.get("indicator")]
        return sum(p["indicator"] == g.get("indicator") for g, p in scored) / len(scored) if scored else 0.0

    def wrong(self, key: str, core_only: bool = True) -> list[tuple[dict, dict]]:
        pairs = self.core_pairs if core_only else self.pairs
        return [(g, p) for g, p in pairs if not _agree(g, p, key)]

    def as_dict(self) -> dict:
        return {
            "precision": self.precision,
            "recall_core": self.recall_core,
            "recall_all": self.recall_all,
            "f1": self.f1,
            "gold": self.gold,
            "gold_core": self.gold_core,
            "predicted": self.predicted,
            "matched": len(self.pairs),
            "unlocated_gold": len(self.unlocated),
            "locality_accuracy": {lv: self.accuracy(lv, core_only=True) for lv in LEVELS},
            "locality_accuracy_all": {lv: self.accuracy(lv) for lv in LEVELS},
            "year_accuracy": self.accuracy("year", core_only=True),
            "indicator_accuracy": self.indicator_accuracy,
            "indicator_precision": self.indicator_precision,
            "attribute_accuracy": {a: self.accuracy(a) for a in ATTRIBUTES},
        }


def _values_agree(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= max(0.01, 0.01 * abs(b))


def _norm(v):
    return None if v in ("", None) else v


def _agree(g: dict, p: dict, key: str) -> bool:
    if key == "core":
        return bool(g.get("core")) == bool(p.get("core"))
    return _norm(g.get(key)) == _norm(p.get(key))


def _source_text(path: str) -> str | None:
    outer, _, member = path.partition("!")
    if not os.path.exists(outer):
        return None
    for item in read_file(outer):
        if not isinstance(item, IngestFailure) and item.path.partition("!")[2] == member:
            return item.text
    return None


def load_gold(path: str | os.PathLike) -> list[dict]:
    """Gold lines; GoldFormatError names the first line that is not a JSON object with doc and quote."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{n}: not a JSON line ({exc.msg})") from None
            if not isinstance(item, dict) or not {"doc", "quote", "context"} <= item.keys():
                raise GoldFormatError(f"{path}:{n}: a gold line needs doc, quote and context")
            out.append(item)
    return out


def score(gold: list[dict], db_path: str | os.PathLike) -> Score:
    """Match predictions to gold lines document by document; see the module docstring."""
    result = Score()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        docs = con.execute("SELECT doc_id, coalesce(abs_path, path) FROM documents").fetchall()
        # gold lines name documents by file name; with two loaded files of one name the later
        # path wins, and the report says so
        by_name: dict[str, tuple[str, str]] = {}
        for doc_id, p in docs:
            name = Path(p.split("!")[-1]).name
            if name in by_name:
                result.ambiguous_names.append(name)
            by_name[name] = (doc_id, p)
        gold_by_doc: dict[str, list[dict]] = defaultdict(list)
        for g in gold:
            gold_by_doc[g["doc"]].append(g)
        cols = [
            "metric_id",
            "raw_start",
            "raw_end",
            "quote",
            "value",
            "kind",
            "unit",
            "qualifier",
            "year",
            "name",
            "subject",
            "indicator",
            "category",
            "core",
            *LEVELS,
        ]
        for name, lines in gold_by_doc.items():
            result.gold += len(lines)
            result.gold_core += sum(bool(g.get("core")) for g in lines)
            if name not in by_name:
                result.misses.extend(g for g in lines)
                continue
            doc_id, path = by_name[name]
            raw = _source_text(path)
            preds = [
                dict(zip(cols, row, strict=True))
                for row in con.execute(
                    f"SELECT {', '.join(cols)} FROM metrics WHERE doc_id = ? AND NOT derived ORDER BY raw_start",
                    [doc_id],
                ).fetchall()
            ]
            result.predicted += len(preds)
            _match_document(result, lines, preds, raw or "")
    finally:
        con.close()
    return result


def _match_document(result: Score, lines: list[dict], preds: list[dict], raw: str) -> None:
    used: set[int] = set()
    for g in lines:
        c = raw.find(g["context"])
        q = raw.find(g["quote"], c) if c >= 0 else -1
        if q < 0:
            result.unlocated.append(g)
            result.misses.append(g)
            continue
        gs, ge = q, q + len(g["quote"])
        overlapping = [i for i, p in enumerate(preds) if i not in used and p["raw_start"] < ge and gs < p["raw_end"]]
        agree = [i for i in overlapping if _values_agree(preds[i]["value"], g["value"])]
        if not agree:
            result.misses.append(g)
            if overlapping:
                result.wrong_value.append((g, preds[overlapping[0]]))
            continue
        i = agree[0]
        used.add(i)
        p = preds[i]
        result.matched_pred += 1
        result.matched_gold += 1
        result.matched_core += bool(g.get("core"))
        result.pairs.append((g, p))
    result.false_positives.extend(p for i, p in enumerate(preds) if i not in used)


def _place(d: dict) -> str:
    return "/".join(str(d.get(lv)) for lv in LEVELS[:3])


def report(s: Score, *, limit: int = 50) -> list[str]:
    """Details first, the summary last (so `tail` shows the figures)."""
    out: list[str] = []
    if s.misses:
        out.append(f"misses ({len(s.misses)}):")
        out += [
            f"  {g['doc']}  {g['quote']}  [{'core' if g.get('core') else 'non-core'}]  …{g['context']}…"
            for g in s.misses[:limit]
        ]
    if s.false_positives:
        out.append(f"false positives ({len(s.false_positives)}):")
        out += [
            f"  {p['quote']} = {p['value']:g} {p['unit'] or ''} ({p['kind']}, {p['name']})"
            for p in s.false_positives[:limit]
        ]
    wrong_place = [(g, p) for g, p in s.core_pairs if any(not _agree(g, p, lv) for lv in LEVELS[:3])]
    if wrong_place:
        out.append(f"wrong or missing place, core ({len(wrong_place)}):")
        out += [
            f"  {g['doc']}  {g['quote']}: gold {_place(g)} vs {_place(p)}  …{g['context']}…"
            for g, p in wrong_place[:limit]
        ]
    wrong_year = s.wrong("year")
    if wrong_year:
        out.append(f"wrong or missing year, core ({len(wrong_year)}):")
        out += [
            f"  {g['doc']}  {g['quote']}: gold {g.get('year')} vs {p['year']}  …{g['context']}…"
            for g, p in wrong_year[:limit]
        ]
    wrong_id = [
        (g, p)
        for g, p in s.pairs
        if _norm(g.get("indicator")) != _norm(p.get("indicator")) and (p.get("indicator") or g.get("core"))
    ]
    if wrong_id:
        out.append(f"wrong or missing indicator ({len(wrong_id)}):")
        out += [
            f"  {g['doc']}  {g['quote']}: gold {g.get('indicator')} vs {p.get('indicator')}"
            f" (name {p['name']})  …{g['context']}…"
            for g, p in wrong_id[:limit]
        ]
    if s.ambiguous_names:
        out.append(f"warning: several loaded files share a name: {', '.join(sorted(set(s.ambiguous_names)))}")
    loc = "  ".join(f"{lv} {s.accuracy(lv, core_only=True):.3f}" for lv in LEVELS)
    loc_all = "  ".join(f"{lv} {s.accuracy(lv):.3f}" for lv in LEVELS)
    attrs = "  ".join(f"{a} {s.accuracy(a):.3f}" for a in ATTRIBUTES)
    out += [
        "",
        f"gold lines: {s.gold} ({s.gold_core} core), unlocated in source: {len(s.unlocated)}",
        f"predicted (not derived): {s.predicted}, matched: {len(s.pairs)}, wrong value: {len(s.wrong_value)}",
        f"precision: {s.precision:.3f}",
        f"recall (core): {s.recall_core:.3f}",
        f"recall (all): {s.recall_all:.3f}",
        f"F1 (precision, core recall): {s.f1:.3f}",
        f"indicator: accuracy {s.indicator_accuracy:.3f} (core lines with an id)  "
        f"precision {s.indicator_precision:.3f} (predictions given an id)",
        f"locality accuracy (core): {loc}  year {s.accuracy('year', core_only=True):.3f}",
        f"locality accuracy (all): {loc_all}",
        f"attribute accuracy (all): {attrs}",
    ]
    return out
