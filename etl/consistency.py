"""Counts and rates that report the same work, checked against each other.

``收集问题305件……已经解决和基本解决271件,解决率为89%``: 271/305 = 88.9%, consistent with 89%.
Where a passage gives a rate and the counts behind it, the rate gets its numerator,
denominator and an ``ok``/``mismatch`` verdict; where it gives a total and a resolved count but no
rate (``上报问题建议463件,解决417件``), a derived rate is added and marked ``derived``.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.indicators import NEGATIONS

# rate word -> verbs whose count is its numerator
RATE_VERBS: dict[str, tuple[str, ...]] = {
    "解决率": ("解决",),
    "化解率": ("化解",),
    "办结率": ("办结",),
    "答复率": ("答复", "回复"),
    "满意率": ("满意",),
    "落实率": ("落实",),
    "采纳率": ("采纳",),
    "整改率": ("整改",),
    "调解成功率": ("调解成功",),
    "调处率": ("调处",),
}
# verbs that introduce the total a rate is taken over
TOTAL_VERBS = ("收集", "收到", "上报", "提出", "受理", "交办", "列入", "共", "征集", "反映", "汇总", "梳理")
_TOLERANCE = 1.0  # percentage points: bulletins round rates to whole percent


@dataclass(frozen=True)
class Figure:
    """What the check needs of a metric: its position, kind, value, unit and indicator name."""

    index: int  # position in the caller's list
    start: int
    kind: str
    value: float
    unit: str | None
    name: str | None


@dataclass(frozen=True)
class Check:
    index: int  # the rate checked
    numerator: float
    denominator: float
    consistency: str  # ok or mismatch


@dataclass(frozen=True)
class DerivedRate:
    name: str
    value: float
    numerator_index: int
    denominator_index: int


def _is_total(f: Figure) -> bool:
    return f.kind == "count" and f.name is not None and f.name.startswith(TOTAL_VERBS)


def _numerator_for(rate_name: str, counts: list[Figure]) -> Figure | None:
    verbs = RATE_VERBS.get(rate_name, ())
    for f in counts:
        # 无法解决3件 counts what was not solved: never the numerator of 解决率
        if f.name and any(v in f.name for v in verbs) and not f.name.startswith(NEGATIONS):
            return f
    return None


def check_passage(figures: list[Figure]) -> tuple[list[Check], list[DerivedRate]]:
    """Check the rates of one passage (a paragraph) against its counts; derive missing rates."""
    counts = [f for f in figures if f.kind == "count"]
    rates = [f for f in figures if f.kind == "rate" and f.unit == "%"]
    checks: list[Check] = []
    for rate in rates:
        num = _numerator_for(rate.name or "", [c for c in counts if c.start < rate.start])
        if num is None:
            continue
        totals = [c for c in counts if c.start < num.start and _is_total(c) and c.unit == num.unit]
        if not totals or totals[-1].value <= 0 or totals[-1].value < num.value:
            continue
        den = totals[-1]
        computed = 100 * num.value / den.value
        verdict = "ok" if abs(computed - rate.value) <= _TOLERANCE else "mismatch"
        checks.append(Check(rate.index, num.value, den.value, verdict))
    derived: list[DerivedRate] = []
    stated = {r.name for r in rates}
    for i, total in enumerate(counts):
        if not _is_total(total) or total.value <= 0:
            continue
        following = counts[i + 1 :]
        nxt_total = next((j for j, c in enumerate(following) if _is_total(c)), len(following))
        for candidate in following[:nxt_total]:
            for rate_name, verbs in RATE_VERBS.items():
                if rate_name in stated or candidate.unit != total.unit or candidate.value > total.value:
                    continue
                if candidate.name and candidate.name.startswith(verbs):
                    derived.append(
                        DerivedRate(
                            rate_name, round(100 * candidate.value / total.value, 2), candidate.index, total.index
                        )
                    )
                    stated.add(rate_name)
    return checks, derived


def apply_checks(rows: list[dict], checks: list[Check]) -> None:
    """Write the verdicts into the metric rows (dicts with the metrics-table columns), in place."""
    for c in checks:
        rows[c.index].update(numerator=c.numerator, denominator=c.denominator, consistency=c.consistency)
