"""The ETL run: every figure traceable, bad files reported not fatal, reruns idempotent."""

import os
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

import duckdb

from etl import pipeline
from etl.pipeline import run
from tests.bulletins import HANGZHOU, TRADITIONAL

ROOT = Path(__file__).resolve().parent.parent


def _rows(db: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "hz.txt").write_bytes(HANGZHOU.encode("gb18030"))
    (src / "nb.txt").write_text(TRADITIONAL, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    return src


def test_run_reads_good_files_and_reports_bad_ones(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    summary = run([_corpus(tmp_path)], db)
    assert (summary.documents_read, summary.documents_failed) == (2, 3)
    assert {Path(p).name for p, _ in summary.errors} == {"empty.txt", "picture.txt", "broken.pdf"}
    assert all("\n" not in why for _, why in summary.errors)
    assert len(_rows(db, "SELECT * FROM ingest_errors")) == 3
    # every metric points at its own characters, in the normalised text and in the source
    sql = 'SELECT m.quote, d.text, m.start, m."end" FROM metrics m JOIN documents d USING (doc_id)'
    for quote, text, start, end in _rows(db, sql):
        assert text[start:end] == quote
    values = dict(_rows(db, "SELECT quote, value FROM metrics WHERE NOT derived"))
    assert values["1260万元"] == 12_600_000 and values["45件"] == 45 and values["96%"] == 96
    assert not any("0571" in q or "86001234" in q for q in values)


def test_places_years_and_programs(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    run([_corpus(tmp_path)], db)
    sql = "SELECT quote, province, city, county, adcode, year, program FROM metrics WHERE NOT derived"
    rows = {q: rest for q, *rest in _rows(db, sql)}
    assert rows["320件"][:4] == ["浙江省", "杭州市", "余杭区", "330110"]
    assert rows["320件"][4] == 2022
    assert rows["1260万元"][2] == "临平区"
    assert rows["45件"][:3] == ["浙江省", "宁波市", "海曙区"]
    assert rows["45件"][5] == "矛盾纠纷调处"


def test_rates_are_checked_and_derived(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    run([_corpus(tmp_path)], db)
    checked = _rows(db, "SELECT numerator, denominator, consistency FROM metrics WHERE quote = '90%'")
    assert checked == [(288.0, 320.0, "ok")]


def test_rerun_writes_nothing_new_and_ids_are_stable(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    src = _corpus(tmp_path)
    run([src], db)
    before = _rows(db, "SELECT metric_id, quote, value FROM metrics ORDER BY metric_id")
    again = run([src], db)
    assert (again.documents_read, again.documents_unchanged, again.metrics_written) == (0, 2, 0)
    assert _rows(db, "SELECT metric_id, quote, value FROM metrics ORDER BY metric_id") == before
    fresh = tmp_path / "fresh.duckdb"
    run([src], fresh)
    assert _rows(fresh, "SELECT metric_id, quote, value FROM metrics ORDER BY metric_id") == before


def test_changed_file_replaces_and_twin_is_skipped(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    src = _corpus(tmp_path)
    run([src], db)
    (src / "hz.txt").write_bytes(HANGZHOU.replace("320件", "330件").encode("gb18030"))
    (src / "copy.txt").write_text(TRADITIONAL, encoding="utf-8")
    summary = run([src], db)
    assert summary.documents_read == 1 and summary.documents_skipped == 1
    quotes = [q for (q,) in _rows(db, "SELECT quote FROM metrics WHERE NOT derived")]
    assert "330件" in quotes and "320件" not in quotes
    assert len(_rows(db, "SELECT * FROM documents")) == 2


def test_zip_and_script_text(tmp_path: Path) -> None:
    archive = tmp_path / "bulletins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a/hz.txt", HANGZHOU.encode("utf-8"))
        zf.writestr("a/xss.txt", "<script>alert(1)</script>南湖区:收到建议12件。".encode())
    db = tmp_path / "m.duckdb"
    summary = run([archive], db)
    assert summary.documents_read == 2
    texts = [t for (t,) in _rows(db, "SELECT text FROM documents")]
    assert any("<script>alert(1)</script>" in t for t in texts)  # stored as text, escaped by the UI


def test_garbled_document_is_flagged_not_extracted(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "bad.txt").write_text("æ”¶åˆ°å»ºè®®12ä»¶ï¼Œè§£å†³çŽ‡90%ã€‚" * 5, encoding="utf-8")
    db = tmp_path / "m.duckdb"
    summary = run([src], db)
    assert summary.flagged and summary.metrics_written == 0
    assert _rows(db, "SELECT stage FROM ingest_errors") == [("quality",)]


def test_killed_cli_run_leaves_previous_database(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    run([_corpus(tmp_path)], db)
    before = _rows(db, "SELECT count(*) FROM metrics")
    big = tmp_path / "big"
    big.mkdir()
    for i in range(400):
        (big / f"d{i}.txt").write_text(HANGZHOU.replace("320件", f"{i + 1}件") * 20, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "etl", str(big), "--db", str(db), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2.0)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _rows(db, "SELECT count(*) FROM metrics") == before
    summary = run([big], db)
    assert summary.documents_read == 400 and summary.documents_failed == 0


def test_a_200_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "huge.txt", "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    (src / "hz.txt").write_text(HANGZHOU, encoding="utf-8")
    t0 = time.perf_counter()
    summary = run([src], tmp_path / "m.duckdb")
    assert time.perf_counter() - t0 < 20
    assert summary.documents_read == 1
    assert [(Path(p).name, why.split(":")[0]) for p, why in summary.errors] == [("huge.txt", "file too large")]


def test_pdf_figures_keep_their_page(tmp_path: Path) -> None:
    import pymupdf

    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "杭州人大信息 第1页", fontname="china-s")
    page = pdf.new_page()
    page.insert_text((72, 72), "余杭区人大常委会收集意见建议320件。", fontname="china-s")
    pdf.save(tmp_path / "b.pdf")
    db = tmp_path / "m.duckdb"
    run([tmp_path / "b.pdf"], db)
    assert _rows(db, "SELECT quote, page, county FROM metrics WHERE NOT derived") == [("320件", 2, "余杭区")]


def test_a_document_the_database_refuses_is_reported_and_the_rest_is_loaded(tmp_path: Path, monkeypatch) -> None:
    from etl import store

    real = store.replace_documents

    def refuse_hangzhou(con, documents, metrics):
        if any(d["path"].endswith("hz.txt") for d in documents):
            raise duckdb.OutOfMemoryException("Out of Memory Error: failed to pin block")
        real(con, documents, metrics)

    monkeypatch.setattr(store, "replace_documents", refuse_hangzhou)
    db = tmp_path / "m.duckdb"
    summary = run([_corpus(tmp_path)], db)
    assert summary.documents_read == 1
    assert any(p.endswith("hz.txt") and "could not be stored" in why for p, why in summary.errors)
    assert _rows(db, "SELECT count(*) FROM documents WHERE path LIKE '%nb.txt'") == [(1,)]
    assert _rows(db, "SELECT count(*) FROM documents WHERE path LIKE '%hz.txt'") == [(0,)]
    assert _rows(db, "SELECT stage FROM ingest_errors WHERE path LIKE '%hz.txt'") == [("load",)]
    loaded = _rows(db, "SELECT count(*) FROM metrics")[0][0]
    assert loaded == summary.metrics_written > 0


_METRICS_SQL = "SELECT metric_id, quote, value, name, county FROM metrics ORDER BY metric_id"


def test_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    run([src], tmp_path / "one.duckdb")
    summary = run([src], tmp_path / "two.duckdb", workers=2)  # real spawned processes
    assert (summary.documents_read, summary.documents_failed) == (2, 3)
    assert _rows(tmp_path / "two.duckdb", _METRICS_SQL) == _rows(tmp_path / "one.duckdb", _METRICS_SQL)


class _ThreadPool(ThreadPoolExecutor):
    """Stands in for the process pool so a test can watch how much input it has taken."""

    def __init__(self, max_workers: int, mp_context=None) -> None:
        super().__init__(max_workers)


def _documents(n: int, taken: list[int]):
    from etl.readers import read_bytes

    (template,) = read_bytes("hz.txt", HANGZHOU.encode())
    for i in range(n):
        taken.append(i)
        yield replace(template, path=f"doc{i}.txt", doc_id=f"{i:016x}")


def test_auto_workers_stay_in_process_for_small_input(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "available_cpus", lambda: 8)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", None)  # would fail if a pool were started
    taken: list[int] = []
    outcomes = list(pipeline._extracted(_documents(3, taken), "r", 0, pipeline.RunSummary("r")))
    assert len(outcomes) == 3 and all(not isinstance(o, str) for _, o in outcomes)


def test_auto_workers_start_for_large_input_and_read_ahead_boundedly(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "available_cpus", lambda: 2)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", _ThreadPool)
    monkeypatch.setattr(pipeline, "_AUTO_PARALLEL_BYTES", 1)
    taken: list[int] = []
    outcomes = pipeline._extracted(_documents(2000, taken), "r", 0, pipeline.RunSummary("r"))
    first_src, first = next(outcomes)
    assert first_src.path == "doc0.txt" and not isinstance(first, str)
    window = 2 * pipeline._CHUNKS_IN_FLIGHT * pipeline._CHUNK_DOCS
    assert len(taken) <= window + pipeline._CHUNK_DOCS  # not the whole corpus, as Executor.map would
    assert [src.path for src, _ in outcomes] == [f"doc{i}.txt" for i in range(1, 2000)]


class _BrokenPool(_ThreadPool):
    def submit(self, fn, *args):
        future: Future = Future()
        future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        return future


def test_a_dead_worker_pool_loses_no_document(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", _BrokenPool)
    summary = pipeline.RunSummary("r")
    taken: list[int] = []
    outcomes = list(pipeline._extracted(_documents(50, taken), "r", 2, summary))
    assert [src.path for src, _ in outcomes] == [f"doc{i}.txt" for i in range(50)]
    assert all(not isinstance(o, str) for _, o in outcomes)
    assert any("workers stopped" in w for w in summary.warnings)


def test_a_dead_worker_pool_is_recorded_with_the_run(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", _BrokenPool)
    db = tmp_path / "m.duckdb"
    summary = run([_corpus(tmp_path)], db, workers=2)
    assert summary.documents_read > 0
    with duckdb.connect(str(db), read_only=True) as con:
        (warnings,) = con.execute("SELECT warnings FROM runs").fetchone()
    assert "workers stopped" in warnings
