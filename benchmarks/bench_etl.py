"""End-to-end ETL throughput (MB of input per second, one process) and peak memory.

Builds a corpus of varied bulletins (seed paragraphs reshuffled, every number and district
changed, some files GBK, some HTML — no byte copies, which the ETL would skip as unchanged),
then runs ``indicators etl`` on it in a child process and reads the child's peak RSS. It runs
two corpus sizes so you can see that peak memory does not grow with the corpus.

    .venv/bin/python benchmarks/bench_etl.py --mb 50 --small-mb 10
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.gazetteer import load as load_gazetteer  # noqa: E402


def _seed_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paragraphs += [p for p in path.read_text("utf-8").split("\n") if len(p.strip()) > 20]
    return paragraphs


def build_corpus(out: Path, megabytes: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    paragraphs = _seed_paragraphs()
    counties = [p for p in load_gazetteer() if p.level == "county"]
    out.mkdir(parents=True, exist_ok=True)
    total, i = 0, 0
    target = int(megabytes * 1e6)
    while total < target:
        county = rng.choice(counties)
        body = "\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(12, 30))))
        body = regex.sub(r"\d+", lambda m: str(rng.randint(1, 5000)), body)
        body = regex.sub(r"[\p{Han}]{2}区", county.name, body, count=3)
        title = f"{county.name}人大信息 第{i}期"
        if i % 5 == 0:
            data = (
                f"<html><head><title>{title}</title></head><body><nav>首页 | 关于</nav><article><h1>{title}</h1>"
                + "".join(f"<p>{p}</p>" for p in body.split("\n"))
                + "</article><footer>版权所有</footer></body></html>"
            )
            path, raw = out / f"doc{i:05d}.html", data.encode("utf-8")
        elif i % 5 == 1:
            path, raw = out / f"doc{i:05d}.txt", f"{title}\n{body}".encode("gb18030")
        else:
            path, raw = out / f"doc{i:05d}.txt", f"{title}\n{body}".encode()
        path.write_bytes(raw)
        total += len(raw)
        i += 1
    return total


def measure(corpus: Path, nbytes: int, workers: int = 1) -> tuple[float, float, float]:
    """(MB/s, seconds, peak RSS MB) of one `indicators etl` child process."""
    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "etl.cli", "etl", str(corpus), "--db", str(db), "--quiet", "--workers", str(workers)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    shutil.rmtree(db.parent, ignore_errors=True)
    return nbytes / 1e6 / seconds, seconds, peak_mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="size of the large corpus")
    ap.add_argument("--small-mb", type=float, default=10.0, help="size of the small corpus (memory check)")
    ap.add_argument("--keep", action="store_true", help="keep the corpus under benchmarks/corpus/")
    ap.add_argument(
        "--workers",
        type=int,
        default=1,
        help="extraction processes (the target is for 1; 0 is the CLI default: one per core)",
    )
    args = ap.parse_args()
    base = ROOT / "benchmarks" / "corpus"
    results = []
    for label, size in (("small", args.small_mb), ("large", args.mb)):
        corpus = base / label
        shutil.rmtree(corpus, ignore_errors=True)
        nbytes = build_corpus(corpus, size)
        # each size in a fresh interpreter so ru_maxrss is that run's own peak
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); from benchmarks.bench_etl import measure; "
            f"from pathlib import Path; print(*measure(Path({str(corpus)!r}), {nbytes}, {args.workers}))"
        )
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
        mbps, seconds, peak = map(float, out.stdout.split())
        results.append((label, nbytes / 1e6, mbps, seconds, peak))
        if not args.keep:
            shutil.rmtree(corpus, ignore_errors=True)
    for label, mb, mbps, seconds, peak in results:
        print(
            f"{label}: {mb:.1f} MB in {seconds:.1f} s = {mbps:.2f} MB/s, peak RSS {peak:.0f} MB"
            f" (workers={args.workers}; RSS of the largest process)"
        )


if __name__ == "__main__":
    main()
