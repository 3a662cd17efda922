"""The indicators command as a person uses it: etl, eval, export."""

import json
from pathlib import Path

import pandas as pd
import pytest

from etl.cli import main
from tests.bulletins import GOLD, HANGZHOU


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    (tmp_path / "hz.txt").write_text(HANGZHOU, encoding="utf-8")
    db = tmp_path / "m.duckdb"
    assert main(["etl", str(tmp_path / "hz.txt"), "--db", str(db), "--quiet"]) == 0
    return db


def test_etl_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "hz.txt").write_text(HANGZHOU, encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    main(["etl", str(tmp_path), "--db", str(tmp_path / "m.duckdb"), "--quiet"])
    out = capsys.readouterr().out
    assert "documents: 1 read, 0 unchanged, 0 skipped, 1 failed" in out
    assert "metrics written:" in out and "count" in out
    assert "error:" in out and "bad.pdf" in out


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    assert main(["etl", str(tmp_path / "nope"), "--db", str(tmp_path / "m.duckdb"), "--quiet"]) == 1


def test_eval_scores_against_gold(loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD), encoding="utf-8")
    main(["eval", "--gold", str(gold), "--db", str(loaded), "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert figures["gold"] == 5 and figures["unlocated_gold"] == 1
    assert figures["recall_core"] == pytest.approx(4 / 5)
    assert figures["locality_accuracy"]["county"] == 1.0
    assert 0 < figures["precision"] < 1  # the file has figures the small gold set leaves out
    main(["eval", "--gold", str(gold), "--db", str(loaded)])
    text = capsys.readouterr().out
    assert "misses (1)" in text and text.rstrip().splitlines()[-1].startswith("attribute accuracy")
    assert "indicator: accuracy" in text


def test_eval_names_the_line_of_a_broken_gold_file(loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD[0], ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--db", str(loaded)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "gold.jsonl:2: not a JSON line" in err[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_export_formats_and_filters(loaded: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"x.{fmt}"
    assert main(["export", "--db", str(loaded), "--format", fmt, "--out", str(out), "--county", "临平区"]) == 0
    df = {
        "csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"),
        "xlsx": pd.read_excel,
        "parquet": pd.read_parquet,
        "jsonl": lambda p: pd.read_json(p, lines=True),
    }[fmt](out)
    assert len(df) > 0 and set(df["county"]) == {"临平区"}
    if fmt == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_eval_finds_sources_from_another_directory(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    main(["eval", "--gold", str(gold), "--db", str(loaded), "--json"])
    assert json.loads(capsys.readouterr().out)["unlocated_gold"] == 1  # only the line made to fail
