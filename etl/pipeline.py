"""Files → DuckDB: the ETL run. One broken file never stops it; it is reported and recorded.

``run`` streams documents from the readers, skips what is already loaded (same path, same
bytes), extracts the rest (optionally in worker processes), and writes in batches into a copy of
the database that is swapped in at the end (``store.building``), so memory stays flat however
large the corpus and a killed run leaves the previous database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import time
import traceback
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from itertools import chain, islice

import duckdb

from etl import store
from etl.metrics import extract
from etl.readers import IngestFailure, SourceDocument, iter_sources

DEFAULT_DB = "data/indicators.duckdb"
# Reader flags meaning the text is not what the author wrote: such a document is kept and shown
# in the quality report, but no figure is read from it.
GARBLED_FLAGS = frozenset({"replacement_chars", "pdf_cid", "mojibake", "no_text_layer", "low_cjk"})
# A batch is written when it holds this many documents or characters (text and evidence
# sentences), whichever comes first: memory stays flat with many small files and with a few huge ones.
_BATCH_DOCS = 200
_BATCH_CHARS = 4_000_000
# ``workers=0`` (the CLI's default) picks the number of processes itself: one while the input is
# small, since a worker costs about a second to start (imports, gazetteer), else one per core.
_AUTO_PARALLEL_BYTES = 4_000_000
_AUTO_MAX_WORKERS = 4  # each worker holds its own gazetteer (~250 MB)
_CHUNK_DOCS = 8  # documents sent to a worker at a time
_CHUNKS_IN_FLIGHT = 8  # chunks queued per worker: enough that none waits while this process writes


@dataclass
class RunSummary:
    run_id: str
    documents_read: int = 0
    documents_unchanged: int = 0
    documents_skipped: int = 0
    documents_failed: int = 0
    metrics_written: int = 0
    metrics_by_kind: Counter = field(default_factory=Counter)
    bytes_read: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    flagged: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the run itself, not one file

    def lines(self) -> list[str]:
        """The closing summary a person reads at the end of a run."""
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.metrics_by_kind.items())) or "none"
        mb = self.bytes_read / 1e6
        out = [
            f"documents: {self.documents_read} read, {self.documents_unchanged} unchanged, "
            f"{self.documents_skipped} skipped, {self.documents_failed} failed",
            f"metrics written: {self.metrics_written} ({kinds})",
            f"input: {mb:.2f} MB in {self.seconds:.1f} s ({mb / self.seconds if self.seconds else 0:.2f} MB/s)",
        ]
        out += [f"skipped: {path}: {why}" for path, why in self.skipped]
        out += [f"flagged: {path}: {why}" for path, why in self.flagged]
        out += [f"error: {path}: {why}" for path, why in self.errors]
        out += [f"warning: {why}" for why in self.warnings]
        return out


def software_version() -> str:
    try:
        return version("renda-indicators")
    except PackageNotFoundError:
        return "dev"


def extract_source(src: SourceDocument, run_id: str) -> tuple[dict, list[dict]]:
    """One decoded document → its documents row and metrics rows (no I/O)."""
    garbled = sorted(set(src.flags) & GARBLED_FLAGS)
    result = extract(src.text, src.doc_id, published=src.published, page_starts=src.page_starts)
    metrics = [] if garbled else result.metrics
    place = result.place
    doc = {
        "doc_id": src.doc_id,
        "path": src.path,
        "title": src.title,
        "published": src.published,
        "text": result.text,
        "source_format": src.source_format,
        "encoding": src.encoding,
        "n_chars": len(result.text),
        "province": place.province,
        "city": place.city,
        "county": place.county,
        "adcode": place.adcode,
        "flags": ",".join(src.flags) or None,
        "n_metrics": len(metrics),
        "run_id": run_id,
        "loaded_at": dt.datetime.now(),
        "abs_path": _absolute(src.path),
        "url": None,
        "place_source": None,
        "year": result.year,
        "lost_share": None,
    }
    return doc, metrics


def _safe_extract(args: tuple[SourceDocument, str]) -> tuple[SourceDocument, tuple[dict, list[dict]] | str]:
    src, run_id = args
    try:
        return src, extract_source(src, run_id)
    except Exception as exc:  # one bad document must not stop the run; the reason is recorded
        where = traceback.extract_tb(exc.__traceback__)[-1]
        place = f"{os.path.basename(where.filename)}:{where.lineno}"
        return src, f"extraction failed: {type(exc).__name__}: {exc} ({place})"


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use (containers, taskset)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _auto_workers(jobs: Iterator[tuple[SourceDocument, str]]) -> tuple[int, Iterator[tuple[SourceDocument, str]]]:
    """Read ahead until the input is known to be large enough to repay starting workers."""
    cpus = min(available_cpus(), _AUTO_MAX_WORKERS)
    if cpus <= 1:
        return 1, jobs
    ahead: list[tuple[SourceDocument, str]] = []
    size = 0
    for job in jobs:
        ahead.append(job)
        size += job[0].size
        if size >= _AUTO_PARALLEL_BYTES:
            return cpus, chain(ahead, jobs)
    return 1, iter(ahead)


def _extracted(todo: Iterable[SourceDocument], run_id: str, workers: int, summary: RunSummary) -> Iterator[tuple]:
    jobs: Iterator[tuple[SourceDocument, str]] = ((src, run_id) for src in todo)
    if workers <= 0:
        workers, jobs = _auto_workers(jobs)
    if workers <= 1:
        yield from map(_safe_extract, jobs)
        return
    # spawn, not fork: this process already runs DuckDB's threads, and a forked child can inherit
    # a lock one of them held
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        # Executor.map would submit the whole corpus at once; a bounded window keeps memory flat
        pending: deque[tuple[tuple, Future]] = deque()
        chunks = iter(lambda: tuple(islice(jobs, _CHUNK_DOCS)), ())
        for chunk in chain(chunks, [()]):
            if chunk:
                pending.append((chunk, pool.submit(_extract_chunk, chunk)))
            while pending and (not chunk or len(pending) >= workers * _CHUNKS_IN_FLIGHT):
                done, future = pending.popleft()
                try:
                    yield from future.result()
                except BrokenProcessPool as exc:  # a worker was killed (out of memory?) or crashed
                    summary.warnings.append(
                        f"extraction workers stopped ({exc}); the rest of the run was extracted in this process"
                    )
                    queued = [job for chunk, _ in pending for job in chunk]
                    yield from map(_safe_extract, chain(done, queued, jobs))
                    return


def _extract_chunk(jobs: tuple[tuple[SourceDocument, str], ...]) -> list[tuple]:
    return [_safe_extract(job) for job in jobs]


def run(
    paths: Sequence[str | os.PathLike],
    db_path: str | os.PathLike = DEFAULT_DB,
    *,
    workers: int = 1,
    progress: Callable[[SourceDocument | IngestFailure], None] | None = None,
    max_bytes: int | None = None,
) -> RunSummary:
    """Load ``paths`` (files, folders, zips) into ``db_path``; see the module docstring.

    ``workers``: 1 extracts in this process, n > 1 in n processes, 0 chooses by input size."""
    own = os.path.abspath(db_path)
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    items = (
        item
        for item in iter_sources(paths, **kwargs)
        # the database and its lock file, when it sits in an input folder
        if not _is_own_file(item.path, own)
    )
    return load(items, db_path, inputs=[str(p) for p in paths], workers=workers, progress=progress)


def load(
    items: Iterable[SourceDocument | IngestFailure],
    db_path: str | os.PathLike = DEFAULT_DB,
    *,
    inputs: Sequence[str] = (),
    workers: int = 1,
    progress: Callable[[SourceDocument | IngestFailure], None] | None = None,
) -> RunSummary:
    """Load already-read documents (files from disk, or uploads read with ``read_bytes``)."""
    summary = RunSummary(run_id=uuid.uuid4().hex[:12])
    started_at, t0 = dt.datetime.now(), time.perf_counter()
    with store.building(db_path) as con:
        by_path = store.known_documents(con)
        path_of = {doc_id: path for path, doc_id in by_path.items()}  # content → where it is loaded
        seen_now: dict[str, str] = {}

        def to_extract() -> Iterator[SourceDocument]:
            for item in items:
                if progress:
                    progress(item)
                if isinstance(item, IngestFailure):
                    summary.documents_failed += 1
                    summary.errors.append((item.path, item.error))
                    store.record_error(con, summary.run_id, item.path, item.error, item.stage)
                    continue
                summary.bytes_read += item.size
                if by_path.get(item.path) == item.doc_id:
                    summary.documents_unchanged += 1
                    continue
                twin = seen_now.get(item.doc_id) or path_of.get(item.doc_id)
                if twin and twin != item.path:
                    summary.documents_skipped += 1
                    summary.skipped.append((item.path, f"same content as {twin}"))
                    continue
                seen_now[item.doc_id] = item.path
                yield item

        batch: list[_Extracted] = []
        batch_chars = 0
        for src, outcome in _extracted(to_extract(), summary.run_id, workers, summary):
            if isinstance(outcome, str):
                summary.documents_failed += 1
                summary.errors.append((src.path, outcome))
                store.record_error(con, summary.run_id, src.path, outcome, "extract")
                continue
            doc, rows = outcome
            batch.append((src, doc, rows))
            batch_chars += doc["n_chars"] + sum(len(r["sentence"]) for r in rows)
            if len(batch) >= _BATCH_DOCS or batch_chars >= _BATCH_CHARS:
                _write(con, batch, summary)
                batch, batch_chars = [], 0
        _write(con, batch, summary)
        summary.seconds = time.perf_counter() - t0
        store.record_run(
            con,
            {
                "run_id": summary.run_id,
                "started": started_at,
                "finished": dt.datetime.now(),
                "inputs": json.dumps(list(inputs), ensure_ascii=False),
                "documents_read": summary.documents_read,
                "documents_unchanged": summary.documents_unchanged,
                "documents_skipped": summary.documents_skipped,
                "documents_failed": summary.documents_failed,
                "metrics_written": summary.metrics_written,
                "metrics_by_kind": json.dumps(dict(summary.metrics_by_kind), ensure_ascii=False),
                "bytes_read": summary.bytes_read,
                "seconds": summary.seconds,
                "software_version": software_version(),
                "warnings": json.dumps(summary.warnings, ensure_ascii=False),
            },
        )
    return summary


_Extracted = tuple[SourceDocument, dict, list[dict]]  # a document, its documents row, its metric rows


def _write(con: duckdb.DuckDBPyConnection, batch: list[_Extracted], summary: RunSummary) -> None:
    """Load a batch; if the database refuses it, load its documents one by one so that only the
    document it cannot take is lost, and that one is reported and recorded."""
    if not batch:
        return
    try:
        store.replace_documents(con, [doc for _, doc, _ in batch], [r for _, _, rows in batch for r in rows])
        written = batch
    except duckdb.Error:
        written = []
        for item in batch:
            src, doc, rows = item
            try:
                store.replace_documents(con, [doc], rows)
                written.append(item)
            except duckdb.Error as exc:
                why = f"could not be stored: {type(exc).__name__}: {str(exc).splitlines()[0]}"
                summary.documents_failed += 1
                summary.errors.append((src.path, why))
                store.record_error(con, summary.run_id, src.path, why, "load")
    for src, _, rows in written:
        summary.documents_read += 1
        summary.metrics_written += len(rows)
        summary.metrics_by_kind.update(r["kind"] for r in rows)
        garbled = sorted(set(src.flags) & GARBLED_FLAGS)
        if garbled:
            why = f"text looks garbled ({', '.join(garbled)}); no figures read"
            summary.flagged.append((src.path, why))
            store.record_error(con, summary.run_id, src.path, why, "quality")


def _absolute(path: str) -> str | None:
    """Absolute form of a file path (an archive member keeps its ``!member`` part); uploads have none."""
    outer, sep, member = path.partition("!")
    if not os.path.exists(outer):
        return None
    return os.path.abspath(outer) + sep + member


def _is_own_file(path: str, db_path: str) -> bool:
    """The database itself and the files beside it that it writes (.lock, .wal)."""
    outer = os.path.abspath(path.split("!", 1)[0])
    return outer == db_path or outer.startswith(db_path + ".")
