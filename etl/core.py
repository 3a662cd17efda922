"""Is a figure a reported result of work (core), or a rule, target, threshold, deadline or structural
fact? Analysts compare results; the others are kept but marked, and get no canonical indicator.

The cues are data (etl/data/not_core.tsv): words before a figure in its clause (不少于1次, 力争,
每月开展) or right after it (以上的, 内, 人组成). A figure that counts a noun no indicator counts
(7个代表监督小组, 十大功能模块: etl.canonical's head nouns) is a structural fact too.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import regex

from etl import canonical

DATA = Path(__file__).with_name("data") / "not_core.tsv"
_CLAUSE_BREAK = regex.compile(r"[，,；;：:。！？!?]")
_NOUN_AFTER = regex.compile(r"(?:以上|左右|余|多)?(?:的)?(?P<noun>[^\P{Han}的]{2,12})")


@dataclass(frozen=True)
class Cue:
    reason: str
    before: regex.Pattern | None  # must end where the figure starts
    after: regex.Pattern | None  # must start where the figure ends


@functools.lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    with open(DATA, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if r and not r[0].startswith("#")]
    out = []
    for n, (reason, before, after, *_) in enumerate(rows[1:], start=2):
        if before == after == "-":
            raise ValueError(f"{DATA.name}: cue {n} ({reason}) has neither a before nor an after pattern")
        out.append(
            Cue(
                reason,
                None if before == "-" else regex.compile(f"(?:{before})$"),
                None if after == "-" else regex.compile(after),
            )
        )
    return tuple(out)


def not_core_reason(sentence: str, start: int, end: int, unit: str | None = None) -> str | None:
    """Why the figure at ``sentence[start:end]`` is not a result of work, or None when it is."""
    clause_lo = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    for cue in cues():
        if cue.after is not None and not cue.after.match(sentence, end):
            continue
        if cue.before is not None and not cue.before.search(sentence, clause_lo, start):
            continue
        return cue.reason
    noun = _NOUN_AFTER.match(sentence, end)
    if noun and unit not in canonical.VERBAL_UNITS and canonical.load().has_uncounted_head(noun.group("noun")):
        return "structure"
    return None
