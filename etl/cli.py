"""``indicators``: etl, eval, export and serve, the commands analysts and CI run."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from etl import evaluate, export, pipeline

DEFAULT_SEEDS = "seeds"


def _cmd_etl(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    paths = args.paths or [DEFAULT_SEEDS]
    missing = [p for p in paths if not os.path.exists(p)]
    bar = tqdm(desc="reading", unit=" files", disable=args.quiet, file=sys.stderr)
    summary = pipeline.run(
        paths,
        args.db,
        workers=args.workers,
        progress=lambda item: (bar.update(1), bar.set_postfix_str(item.path[-40:])),
    )
    bar.close()
    for line in summary.lines():
        print(line)
    print(f"database: {args.db}")
    # missing inputs are errors the caller should notice; one bad file among many is not
    return (
        1
        if missing or (summary.documents_failed and not summary.documents_read and not summary.documents_unchanged)
        else 0
    )


def _cmd_eval(args: argparse.Namespace) -> int:
    gold = evaluate.load_gold(args.gold)
    result = evaluate.score(gold, args.db)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(evaluate.report(result, limit=args.limit)))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    filters = export.Filters(
        provinces=tuple(args.province),
        cities=tuple(args.city),
        counties=tuple(args.county),
        kinds=tuple(args.kind),
        programs=tuple(args.program),
        names=tuple(args.name),
        year_from=args.year_from,
        year_to=args.year_to,
        include_derived=not args.no_derived,
    )
    df = export.query(args.db, filters)
    out = args.out or f"indicators.{args.format}"
    export.write(df, out, args.format)
    print(f"{len(df)} rows → {out}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    env = {**os.environ, "INDICATORS_DB": os.path.abspath(args.db)}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.maxUploadSize",
        "20",
    ]
    return subprocess.call(cmd, env=env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="indicators", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("etl", help="read bulletins into the DuckDB file")
    p.add_argument("paths", nargs="*", help=f"files, folders or .zip archives (default: {DEFAULT_SEEDS}/)")
    p.add_argument("--db", default=pipeline.DEFAULT_DB)
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        help="extraction processes (default 0: one per core, up to 4, once the input passes 4 MB)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_etl)

    p = sub.add_parser("eval", help="score the database against a gold JSONL")
    p.add_argument("--gold", required=True)
    p.add_argument("--db", default=pipeline.DEFAULT_DB)
    p.add_argument("--json", action="store_true", help="machine-readable figures only")
    p.add_argument("--limit", type=int, default=50, help="misses / false positives listed")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("export", help="write the metrics table as csv, xlsx, parquet or jsonl")
    p.add_argument("--format", choices=export.FORMATS, default="csv")
    p.add_argument("--out", help="output file (default indicators.<format>)")
    p.add_argument("--db", default=pipeline.DEFAULT_DB)
    for name in ("province", "city", "county", "kind", "program", "name"):
        p.add_argument(f"--{name}", action="append", default=[], help="repeatable filter")
    p.add_argument("--year-from", type=int)
    p.add_argument("--year-to", type=int)
    p.add_argument("--no-derived", action="store_true", help="leave out rates computed from counts")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("serve", help="serve the dashboard on the DuckDB file")
    p.add_argument("--db", default=pipeline.DEFAULT_DB)
    p.add_argument("--port", type=int, default=8501)
    p.add_argument(
        "--address",
        default="127.0.0.1",
        help="interface to listen on (default: this machine only; 0.0.0.0 to share on the network)",
    )
    p.set_defaults(func=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, evaluate.GoldFormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
