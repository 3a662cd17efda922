"""Numerals written by people who are not us: Microsoft Recognizers-Text's Chinese number and percent
specs, each expected number put into a bulletin sentence with a unit and run through the whole
extraction (``etl.metrics.extract``). Reports right / wrong value / missed; a wrong value is the
one outcome that must never happen.

The spec files are third-party material and are not kept in this project: the script downloads
them when the network allows, else give their paths.

    .venv/bin/python benchmarks/peer_numerals.py [--number NumberModel.json] [--percent PercentModel.json] [-v]

Cases left out, as issue 16 says: numbers with spaces inside, fractions (分之, /, 又) and ranges;
percentages above 100 %.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from collections import Counter
from pathlib import Path

_SPECS = "https://raw.githubusercontent.com/microsoft/Recognizers-Text/master/Specs/Number/Chinese/"
NUMBER_SENTENCE = "全年共收到代表建议{N}件。"
PERCENT_SENTENCE = "全市代表建议办结率为{N}。"


def load(path: str | None, name: str) -> list[dict]:
    """The spec's cases from ``path``, or downloaded; exits with one line when neither works."""
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    try:
        with urllib.request.urlopen(_SPECS + name, timeout=10) as response:
            return json.loads(response.read().decode("utf-8-sig"))
    except (OSError, ValueError) as exc:
        option = name.removesuffix("Model.json").lower()
        sys.exit(f"peer_numerals: cannot download {name} ({exc.__class__.__name__}); give its path with --{option}")


def _percent_value(value: str) -> float:
    return float(value.rstrip("%"))


def cases(number: list[dict], percent: list[dict]) -> list[tuple[str, str, float]]:
    """(sentence template, numeral as written, expected value) for every case in scope."""
    out = []
    for case in number:
        for result in case.get("Results", []):
            text = result["Text"]
            if any(c.isspace() for c in text) or any(
                mark in text for mark in ("分之", "/", "／", "又", "到", "至", "~")
            ):
                continue
            out.append((NUMBER_SENTENCE, text, float(result["Resolution"]["value"])))
    for case in percent:
        for result in case.get("Results", []):
            text = result["Text"]
            value = _percent_value(result["Resolution"]["value"])
            if any(c.isspace() for c in text) or value > 100:
                continue
            out.append((PERCENT_SENTENCE, text, value))
    return out


def judge(template: str, numeral: str, expected: float) -> tuple[str, list[tuple[str, float]]]:
    """right, wrong (a figure over the numeral with another value) or missed."""
    from etl.metrics import extract

    start = template.index("{N}")
    end = start + len(numeral)
    result = extract(template.replace("{N}", numeral), "peer")
    over = [
        (m["quote"], m["value"]) for m in result.metrics if not m["derived"] and m["start"] < end and start < m["end"]
    ]
    if not over:
        return "missed", over
    if all(abs(v - expected) <= 1e-9 * max(1.0, abs(expected)) for _, v in over):
        return "right", over
    return "wrong", over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--number", help="path of Specs/Number/Chinese/NumberModel.json")
    parser.add_argument("--percent", help="path of Specs/Number/Chinese/PercentModel.json")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every case that is not right")
    args = parser.parse_args(argv)
    number = load(args.number, "NumberModel.json")
    percent = load(args.percent, "PercentModel.json")
    tally: dict[str, Counter] = {"number": Counter(), "percent": Counter()}
    for template, numeral, expected in cases(number, percent):
        suite = "number" if template == NUMBER_SENTENCE else "percent"
        verdict, over = judge(template, numeral, expected)
        tally[suite][verdict] += 1
        if args.verbose and verdict != "right":
            print(f"  {verdict:6} {suite:7} {numeral!r} expected {expected:g}, got {over}")
    total = tally["number"] + tally["percent"]
    for name, counts in [*tally.items(), ("all", total)]:
        n = sum(counts.values())
        print(
            f"{name:8} cases {n:4}  right {counts['right']:4} ({counts['right'] / max(n, 1):.3f})"
            f"  wrong value {counts['wrong']:3}  missed {counts['missed']:3}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
