"""DuckDB files for the dashboard tests and benchmark.

``make_fixture_db`` writes a small, hand-made but realistic database with the DDL from
``etl/schema.py``: three provinces, cities and counties, five rate names, amounts with an
``at_least`` qualifier, a derived rate, a rate that fails its consistency check, a metric
with no resolved place, a document with no metrics, one whose text carries
``<script>alert(1)</script>`` and an ingest error. Every metric's offsets are computed from
the text, so ``quote == text[start:end]`` holds as the contract requires.

``make_synthetic_db`` fills a file with any number of metrics (1,000,000 for the
benchmark) in DuckDB SQL, so the generator itself takes seconds, not minutes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from etl.schema import DDL, DOCUMENT_COLUMNS, INDEXES, METRIC_COLUMNS, SCHEMA_VERSION  # noqa: E402

SCRIPT_TEXT = "<script>alert(1)</script>"
RUN_WARNING = "extraction workers stopped (a child process terminated abruptly); the rest was extracted here"

PLACES: dict[str, tuple[str, str | None, str | None]] = {
    # adcode: (province, city, county)
    "330000": ("浙江省", None, None),
    "330100": ("浙江省", "杭州市", None),
    "330106": ("浙江省", "杭州市", "西湖区"),
    "330200": ("浙江省", "宁波市", None),
    "330203": ("浙江省", "宁波市", "海曙区"),
    "210000": ("辽宁省", None, None),
    "210100": ("辽宁省", "沈阳市", None),
    "210102": ("辽宁省", "沈阳市", "和平区"),
    "210104": ("辽宁省", "沈阳市", "大东区"),
    "140000": ("山西省", None, None),
    "140100": ("山西省", "太原市", None),
    "140105": ("山西省", "太原市", "小店区"),
    "140200": ("山西省", "大同市", None),
}


@dataclass
class Doc:
    doc_id: str
    title: str
    published: date
    text: str
    adcode: str | None
    flags: str = ""
    path: str = ""
    metrics: list[dict[str, Any]] = field(default_factory=list)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    stops = "。；！？\n"
    s = start
    while s > 0 and text[s - 1] not in stops:
        s -= 1
    e = end
    while e < len(text) and text[e] not in stops:
        e += 1
    if e < len(text) and text[e] != "\n":
        e += 1
    return s, e


def _place(adcode: str | None) -> dict[str, Any]:
    if adcode is None:
        return {"province": None, "city": None, "county": None, "adcode": None, "place_level": None}
    province, city, county = PLACES[adcode]
    level = "county" if county else "city" if city else "province"
    return {"province": province, "city": city, "county": county, "adcode": adcode, "place_level": level}


def _add(
    doc: Doc,
    quote: str,
    *,
    kind: str,
    value: float | None,
    name: str,
    unit: str | None = None,
    unit_raw: str | None = None,
    qualifier: str = "exact",
    adcode: str | None = "doc",
    program: str = "其他",
    year: int | None = None,
    occurrence: int = 0,
    **extra: Any,
) -> None:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(quote, start + 1)
    end = start + len(quote)
    s0, s1 = _sentence_bounds(doc.text, start, end)
    place = _place(doc.adcode if adcode == "doc" else adcode)
    metric_id = hashlib.sha256(f"{doc.doc_id}:{start}:{end}:{name}".encode()).hexdigest()[:16]
    row: dict[str, Any] = {
        "metric_id": metric_id,
        "doc_id": doc.doc_id,
        "start": start,
        "end": end,
        "quote": quote,
        "sentence": doc.text[s0:s1],
        "sentence_start": s0,
        "sentence_end": s1,
        "raw_start": start,
        "raw_end": end,
        "page": None,
        "article": None,
        "kind": kind,
        "value": value,
        "unit": unit,
        "unit_raw": unit_raw or unit,
        "qualifier": qualifier,
        "name": name,
        "subject": None,
        "town": None,
        "program": program,
        "initiative": None,
        "year": year if year is not None else doc.published.year - 1,
        "derived": False,
        "core": True,
        "numerator": None,
        "denominator": None,
        "consistency": None,
        **place,
    }
    row.update(extra)
    doc.metrics.append(row)


def fixture_documents() -> list[Doc]:
    """The hand-made corpus; kept as data so tests can refer to its facts."""
    docs: list[Doc] = []

    a = Doc(
        "d0a1b2c3d4e5f601",
        "西湖区人大常委会关于2022年代表建议办理情况的报告",
        date(2023, 3, 10),
        "西湖区人大常委会关于2022年代表建议办理情况的报告\n"
        "2022年，区人大代表共提出建议356件，已全部办结，办结率100%，代表满意率98.6%。\n"
        "全区各级调解组织共调处矛盾纠纷1200件，化解1158件，化解率96.5%。\n"
        "区审计局审计查出问题金额3000多万元，已整改落实2800万元。\n",
        "330106",
        path="inbox/zj/xihu_2022.txt",
    )
    _add(a, "356件", kind="count", value=356, name="代表建议", unit="件", program="代表建议办理")
    _add(a, "办结率100%", kind="rate", value=100.0, name="办结率", unit="%", program="代表建议办理")
    _add(a, "满意率98.6%", kind="rate", value=98.6, name="满意率", unit="%", program="代表建议办理")
    _add(a, "1200件", kind="count", value=1200, name="调处矛盾纠纷", unit="件", program="矛盾纠纷调处")
    _add(a, "1158件", kind="count", value=1158, name="化解矛盾纠纷", unit="件", program="矛盾纠纷调处")
    _add(
        a,
        "化解率96.5%",
        kind="rate",
        value=96.5,
        name="化解率",
        unit="%",
        program="矛盾纠纷调处",
        numerator=1158,
        denominator=1200,
        consistency="ok",
    )
    _add(
        a,
        "3000多万元",
        kind="amount",
        value=30_000_000,
        name="审计查出问题金额",
        unit="元",
        unit_raw="万元",
        qualifier="at_least",
        program="审计整改监督",
    )
    _add(
        a,
        "2800万元",
        kind="amount",
        value=28_000_000,
        name="整改落实金额",
        unit="元",
        unit_raw="万元",
        program="审计整改监督",
    )
    docs.append(a)

    b = Doc(
        "d0a1b2c3d4e5f602",
        "海曙区2023年联络站工作情况通报",
        date(2024, 1, 15),
        "海曙区2023年联络站工作情况通报\n"
        "全年共受理群众诉求850件，解决率93.2%，答复率100%。\n"
        "街道代表联络站收集意见建议420条，办结率95%。\n"
        "区人大开展预算绩效监督，涉及资金1.2亿元。\n"
        "宁波市矛盾纠纷化解率97.1%。\n",
        "330203",
        path="inbox/zj/haishu_2023.html",
    )
    _add(b, "850件", kind="count", value=850, name="受理群众诉求", unit="件", program="联络站与代表督事")
    _add(b, "解决率93.2%", kind="rate", value=93.2, name="解决率", unit="%", program="联络站与代表督事")
    _add(b, "答复率100%", kind="rate", value=100.0, name="答复率", unit="%", program="联络站与代表督事")
    _add(b, "420条", kind="count", value=420, name="意见建议", unit="条", program="联络站与代表督事")
    _add(b, "办结率95%", kind="rate", value=95.0, name="办结率", unit="%", program="联络站与代表督事")
    _add(
        b,
        "1.2亿元",
        kind="amount",
        value=120_000_000,
        name="预算绩效监督资金",
        unit="元",
        unit_raw="亿元",
        program="预算绩效监督",
    )
    _add(
        b,
        "化解率97.1%",
        kind="rate",
        value=97.1,
        name="化解率",
        unit="%",
        adcode="330200",
        program="矛盾纠纷调处",
    )
    docs.append(b)

    c = Doc(
        "d0a1b2c3d4e5f603",
        "沈阳市人大常委会督办代表建议工作简报",
        date(2022, 2, 20),
        "沈阳市人大常委会督办代表建议工作简报\n"
        "和平区人大常委会督办代表建议128件，答复率100%，解决率85.2%，满意率97%。\n"
        "大东区受理矛盾纠纷540件，成功调解513件，化解率94%。\n"
        "其他单位办结率88%。\n",
        "210102",
        path="inbox/ln/shenyang_2021.pdf",
    )
    _add(c, "128件", kind="count", value=128, name="督办代表建议", unit="件", program="代表建议办理")
    _add(c, "答复率100%", kind="rate", value=100.0, name="答复率", unit="%", program="代表建议办理")
    _add(c, "解决率85.2%", kind="rate", value=85.2, name="解决率", unit="%", program="代表建议办理")
    _add(c, "满意率97%", kind="rate", value=97.0, name="满意率", unit="%", program="代表建议办理")
    _add(
        c,
        "540件",
        kind="count",
        value=540,
        name="受理矛盾纠纷",
        unit="件",
        adcode="210104",
        program="矛盾纠纷调处",
    )
    _add(
        c,
        "513件",
        kind="count",
        value=513,
        name="成功调解",
        unit="件",
        adcode="210104",
        program="矛盾纠纷调处",
    )
    _add(
        c,
        "化解率94%",
        kind="rate",
        value=94.0,
        name="化解率",
        unit="%",
        adcode="210104",
        program="矛盾纠纷调处",
    )
    _add(
        c,
        "成功调解513件",
        kind="rate",
        value=95.0,
        name="调解成功率",
        unit="%",
        adcode="210104",
        program="矛盾纠纷调处",
        derived=True,
        numerator=513,
        denominator=540,
        consistency="ok",
    )
    _add(c, "办结率88%", kind="rate", value=88.0, name="办结率", unit="%", adcode=None, program="其他")
    docs.append(c)

    d = Doc(
        "d0a1b2c3d4e5f604",
        "小店区数字化平台运行情况",
        date(2023, 1, 8),
        "小店区数字化平台运行情况\n"
        "平台全年办理群众反映问题2000余件，其中办结1800件，办结率95%。\n"
        "生态环境整治投入资金5000余万元。\n"
        "全省人大代表对办理工作满意率96%。\n",
        "140105",
        path="inbox/sx/xiaodian_2022.docx",
    )
    _add(
        d,
        "2000余件",
        kind="count",
        value=2000,
        name="办理群众反映问题",
        unit="件",
        qualifier="at_least",
        program="数字化平台",
    )
    _add(d, "1800件", kind="count", value=1800, name="办结问题", unit="件", program="数字化平台")
    _add(
        d,
        "办结率95%",
        kind="rate",
        value=95.0,
        name="办结率",
        unit="%",
        program="数字化平台",
        numerator=1800,
        denominator=2000,
        consistency="mismatch",
    )
    _add(
        d,
        "5000余万元",
        kind="amount",
        value=50_000_000,
        name="生态环境整治资金",
        unit="元",
        unit_raw="万元",
        qualifier="at_least",
        program="生态环境",
    )
    _add(
        d,
        "满意率96%",
        kind="rate",
        value=96.0,
        name="满意率",
        unit="%",
        adcode="140000",
        program="代表建议办理",
    )
    docs.append(d)

    e = Doc(
        "d0a1b2c3d4e5f605",
        "大同市人大代表建议答复情况",
        date(2022, 11, 30),
        "大同市人大代表建议答复情况\n"
        f"网页残留代码{SCRIPT_TEXT}未被清除。\n"
        "大同市人大代表建议答复率100%，解决率88.5%。\n",
        "140200",
        flags="html_residue",
        path="inbox/sx/datong_2022.html",
    )
    _add(e, "答复率100%", kind="rate", value=100.0, name="答复率", unit="%", program="代表建议办理")
    _add(e, "解决率88.5%", kind="rate", value=88.5, name="解决率", unit="%", program="代表建议办理")
    docs.append(e)

    f = Doc(
        "d0a1b2c3d4e5f606",
        "会议简讯",
        date(2023, 6, 1),
        "会议简讯：省人大常委会召开主任会议，研究部署下半年工作。\n",
        "330000",
        flags="garbled",
        path="inbox/zj/brief.txt",
    )
    docs.append(f)
    return docs


def _ddl_for_this_duckdb(stmt: str) -> str:
    """DuckDB 2.0 reserves ``at``; etl/schema.py (not ours) leaves ``ingest_errors.at``
    unquoted. Quote it here so the fixture builds; the column name stays ``at``."""
    return re.sub(r"^(\s*)at TIMESTAMP", r'\1"at" TIMESTAMP', stmt, flags=re.M)


def _create(con: duckdb.DuckDBPyConnection) -> None:
    for stmt in DDL:
        con.execute(_ddl_for_this_duckdb(stmt))
    for stmt in INDEXES:
        con.execute(stmt)


def _write_meta(con: duckdb.DuckDBPyConnection, build_id: str) -> None:
    con.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("schema_version", str(SCHEMA_VERSION)),
            ("build_id", build_id),
            ("built_at", datetime(2024, 5, 1, 10, 2).isoformat()),
        ],
    )


def make_fixture_db(path: str | os.PathLike[str], build_id: str = "fixture-1") -> Path:
    """Write the small realistic database; returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    docs = fixture_documents()
    run_id = "run-20240501-1000"
    con = duckdb.connect(str(path))
    try:
        _create(con)
        _write_meta(con, build_id)
        doc_rows = []
        metric_rows = []
        for doc in docs:
            place = _place(doc.adcode)
            doc_rows.append(
                {
                    "doc_id": doc.doc_id,
                    "path": doc.path or f"inbox/{doc.doc_id}.txt",
                    "title": doc.title,
                    "published": doc.published,
                    "text": doc.text,
                    "source_format": Path(doc.path).suffix.lstrip(".") or "txt",
                    "encoding": "utf-8",
                    "n_chars": len(doc.text),
                    "province": place["province"],
                    "city": place["city"],
                    "county": place["county"],
                    "adcode": place["adcode"],
                    "flags": doc.flags or None,
                    "n_metrics": len(doc.metrics),
                    "run_id": run_id,
                    "loaded_at": datetime(2024, 5, 1, 10, 1),
                }
            )
            metric_rows.extend(doc.metrics)
        con.executemany(
            f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})",
            [[r.get(c) for c in DOCUMENT_COLUMNS] for r in doc_rows],
        )
        cols = ", ".join(f'"{c}"' for c in METRIC_COLUMNS)
        con.executemany(
            f"INSERT INTO metrics ({cols}) VALUES ({', '.join('?' * len(METRIC_COLUMNS))})",
            [[r.get(c) for c in METRIC_COLUMNS] for r in metric_rows],
        )
        con.execute(
            "INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?)",
            [
                run_id,
                "inbox/sx/损坏文件.pdf",
                "PDF 无法解析：文件已损坏",
                "extract",
                datetime(2024, 5, 1, 10, 1, 30),
            ],
        )
        by_kind: dict[str, int] = {}
        for r in metric_rows:
            by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                datetime(2024, 5, 1, 10, 0),
                datetime(2024, 5, 1, 10, 2),
                "inbox/",
                len(docs) + 1,
                0,
                0,
                1,
                len(metric_rows),
                json.dumps(by_kind),
                123456,
                95.5,
                "0.1.0",
                json.dumps([RUN_WARNING], ensure_ascii=False),
            ],
        )
    finally:
        con.close()
    return path


# ---------------------------------------------------------------------------
# synthetic database for the benchmark

SYN_PROVINCES: tuple[tuple[str, str], ...] = (
    ("110000", "北京市"),
    ("120000", "天津市"),
    ("130000", "河北省"),
    ("140000", "山西省"),
    ("150000", "内蒙古自治区"),
    ("210000", "辽宁省"),
    ("220000", "吉林省"),
    ("230000", "黑龙江省"),
    ("310000", "上海市"),
    ("320000", "江苏省"),
    ("330000", "浙江省"),
    ("340000", "安徽省"),
    ("350000", "福建省"),
    ("360000", "江西省"),
    ("370000", "山东省"),
    ("410000", "河南省"),
    ("420000", "湖北省"),
    ("430000", "湖南省"),
    ("440000", "广东省"),
    ("450000", "广西壮族自治区"),
    ("460000", "海南省"),
    ("500000", "重庆市"),
    ("510000", "四川省"),
    ("520000", "贵州省"),
    ("530000", "云南省"),
    ("540000", "西藏自治区"),
    ("610000", "陕西省"),
    ("620000", "甘肃省"),
    ("630000", "青海省"),
    ("640000", "宁夏回族自治区"),
    ("650000", "新疆维吾尔自治区"),
)
SYN_RATES = ("化解率", "解决率", "办结率", "答复率", "满意率", "调解成功率")
SYN_PROGRAMS = (
    "代表建议办理",
    "矛盾纠纷调处",
    "审计整改监督",
    "预算绩效监督",
    "联络站与代表督事",
    "数字化平台",
    "生态环境",
    "其他",
)


# the columns the synthetic documents fill, in order; later columns stay NULL
SYNTHETIC_DOC_COLUMNS = ", ".join(DOCUMENT_COLUMNS[: DOCUMENT_COLUMNS.index("loaded_at") + 1])


def make_synthetic_db(
    path: str | os.PathLike[str],
    n_metrics: int = 1_000_000,
    metrics_per_doc: int = 50,
    seed: int = 7,
) -> Path:
    """Write a database of ``n_metrics`` metrics spread over 31 provinces, ~300 cities and
    ~2,500 counties, built in SQL; the text of each document is the concatenation of its
    metric sentences so offsets stay exact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".building")
    for p in (tmp, path):
        if p.exists():
            p.unlink()
    n_docs = max(1, n_metrics // metrics_per_doc)
    con = duckdb.connect(str(tmp))
    try:
        _create(con)
        _write_meta(con, f"synthetic-{n_metrics}-{seed}")
        con.execute(f"SELECT setseed({(seed % 100) / 100})")
        con.execute("CREATE TEMP TABLE prov(pi INTEGER, adcode VARCHAR, name VARCHAR)")
        con.executemany("INSERT INTO prov VALUES (?, ?, ?)", [(i, a, n) for i, (a, n) in enumerate(SYN_PROVINCES)])
        con.execute("CREATE TEMP TABLE rates(ri INTEGER, name VARCHAR)")
        con.executemany("INSERT INTO rates VALUES (?, ?)", list(enumerate(SYN_RATES)))
        con.execute("CREATE TEMP TABLE progs(gi INTEGER, name VARCHAR)")
        con.executemany("INSERT INTO progs VALUES (?, ?)", list(enumerate(SYN_PROGRAMS)))
        # one place per document: province, city (10 per province), county (8 per city)
        con.execute(
            f"""
            CREATE TEMP TABLE docplace AS
            SELECT d AS di,
                   (hash(d, 1) % 31)::INTEGER AS pi,
                   (hash(d, 2) % 10)::INTEGER AS ci,
                   (hash(d, 3) % 9)::INTEGER AS ki,      -- 8 = no county (city-level document)
                   (2016 + hash(d, 4) % 9)::INTEGER AS yr
            FROM range({n_docs}) t(d)
            """
        )
        con.execute(
            f"""
            CREATE TEMP TABLE m0 AS
            SELECT i,
                   (i // {metrics_per_doc})::INTEGER % {n_docs} AS di,
                   (i % {metrics_per_doc})::INTEGER AS seq,
                   CASE WHEN hash(i, 5) % 10 < 3 THEN 'rate'
                        WHEN hash(i, 5) % 10 < 6 THEN 'count'
                        WHEN hash(i, 5) % 10 < 8 THEN 'amount'
                        WHEN hash(i, 5) % 10 < 9 THEN 'measure' ELSE 'other' END AS kind,
                   (hash(i, 6) % 6)::INTEGER AS ri,
                   (hash(i, 7) % 8)::INTEGER AS gi,
                   hash(i, 8) % 1000 AS r8,
                   hash(i, 9) % 100 AS r9
            FROM range({n_metrics}) t(i)
            """
        )
        con.execute(
            """
            CREATE TEMP TABLE m1 AS
            SELECT m0.*, dp.pi, dp.ci, dp.ki, dp.yr, p.name AS province, p.adcode AS padcode,
                   rates.name AS rate_name, progs.name AS program,
                   CASE kind
                     WHEN 'rate' THEN round(60 + (r8 % 400) / 10.0, 1)
                     WHEN 'count' THEN (10 + r8 * 7)::DOUBLE
                     WHEN 'amount' THEN (r8 + 1) * 100000.0
                     ELSE (r8 % 50 + 1)::DOUBLE END AS value
            FROM m0
            JOIN docplace dp ON dp.di = m0.di
            JOIN prov p ON p.pi = dp.pi
            JOIN rates ON rates.ri = m0.ri
            JOIN progs ON progs.gi = m0.gi
            """
        )
        con.execute(
            """
            CREATE TEMP TABLE m2 AS
            SELECT *,
                   CASE kind
                     WHEN 'rate' THEN rate_name || cast(value AS VARCHAR) || '%'
                     WHEN 'count' THEN cast(value::BIGINT AS VARCHAR)
                                       || CASE WHEN r9 < 10 THEN '余件' ELSE '件' END
                     WHEN 'amount' THEN cast((value / 10000)::BIGINT AS VARCHAR)
                                        || CASE WHEN r9 < 20 THEN '多万元' ELSE '万元' END
                     ELSE cast(value::BIGINT AS VARCHAR) || '个' END AS quote,
                   replace(replace(substr(province, 1, 2), '内蒙', '内蒙古'), '黑龙', '黑龙江') AS pshort
            FROM m1
            """
        )
        con.execute(
            """
            CREATE TEMP TABLE m3 AS
            SELECT *,
                   pshort || '第' || (ci + 1) || '市' AS city,
                   CASE WHEN ki < 8 THEN pshort || (ci + 1) || '市第' || (ki + 1) || '区' END AS county,
                   program || '工作中，' AS prefix
            FROM m2
            """
        )
        con.execute(
            """
            CREATE TEMP TABLE m4 AS
            SELECT *, prefix || quote || '。' AS sent,
                   coalesce(sum(length(prefix || quote || '。')) OVER (
                       PARTITION BY di ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                       AS sent_start
            FROM m3
            """
        )
        con.execute(
            """
            INSERT INTO metrics
            SELECT lpad(printf('%x', i), 16, '0') AS metric_id,
                   'd' || lpad(printf('%x', di), 15, '0') AS doc_id,
                   (sent_start + length(prefix))::INTEGER AS start,
                   (sent_start + length(prefix) + length(quote))::INTEGER AS "end",
                   quote, sent AS sentence, sent_start::INTEGER, (sent_start + length(sent))::INTEGER,
                   (sent_start + length(prefix))::INTEGER,
                   (sent_start + length(prefix) + length(quote))::INTEGER,
                   NULL, NULL, kind, value,
                   CASE kind WHEN 'rate' THEN '%' WHEN 'count' THEN '件'
                             WHEN 'amount' THEN '元' ELSE '个' END,
                   CASE kind WHEN 'rate' THEN '%' WHEN 'count' THEN '件'
                             WHEN 'amount' THEN '万元' ELSE '个' END,
                   CASE WHEN kind = 'count' AND r9 < 10 THEN 'at_least'
                        WHEN kind = 'amount' AND r9 < 20 THEN 'at_least'
                        WHEN r9 > 97 THEN 'about' ELSE 'exact' END,
                   CASE kind WHEN 'rate' THEN rate_name WHEN 'count' THEN program || '件数'
                             WHEN 'amount' THEN program || '金额' ELSE '其他指标' END,
                   NULL,
                   CASE WHEN r9 = 0 THEN NULL ELSE province END,
                   CASE WHEN r9 = 0 THEN NULL ELSE city END,
                   CASE WHEN r9 = 0 THEN NULL ELSE county END,
                   NULL,
                   CASE WHEN r9 = 0 THEN NULL
                        WHEN county IS NOT NULL THEN left(padcode, 2) || lpad(cast(ci + 1 AS VARCHAR), 2, '0')
                                                     || lpad(cast(ki + 1 AS VARCHAR), 2, '0')
                        ELSE left(padcode, 2) || lpad(cast(ci + 1 AS VARCHAR), 2, '0') || '00' END,
                   CASE WHEN r9 = 0 THEN NULL WHEN county IS NOT NULL THEN 'county' ELSE 'city' END,
                   program, NULL, yr,
                   (kind = 'rate' AND r9 BETWEEN 40 AND 44),
                   TRUE,
                   CASE WHEN kind = 'rate' AND r9 BETWEEN 40 AND 59 THEN 1000 END,
                   CASE WHEN kind = 'rate' AND r9 BETWEEN 40 AND 59
                        THEN CASE WHEN r9 BETWEEN 55 AND 59 THEN round(value * 10 * 0.9)
                                  ELSE round(value * 10) END
                   END,
                   CASE WHEN kind = 'rate' AND r9 BETWEEN 40 AND 54 THEN 'ok'
                        WHEN kind = 'rate' AND r9 BETWEEN 55 AND 59 THEN 'mismatch' END,
                   NULL, NULL, NULL  -- indicator, category, duplicate_of
            FROM m4
            """
        )
        con.execute(
            f"""
            INSERT INTO documents ({SYNTHETIC_DOC_COLUMNS})
            SELECT doc_id, 'synthetic/' || doc_id || '.txt',
                   any_value(province) || any_value(city) || '人大工作通报',
                   make_date(any_value(year) + 1, 1 + (hash(doc_id) % 12)::INTEGER, 1),
                   string_agg(sentence, '' ORDER BY start), 'txt', 'utf-8',
                   sum(length(sentence))::INTEGER, any_value(province), any_value(city), any_value(county),
                   any_value(adcode), CASE WHEN hash(doc_id) % 50 = 0 THEN 'garbled' END,
                   count(*)::INTEGER, 'run-synthetic', TIMESTAMP '2024-05-01 10:00:00'
            FROM metrics GROUP BY doc_id
            """
        )
        con.execute(
            f"""
            INSERT INTO documents ({SYNTHETIC_DOC_COLUMNS})
            SELECT 'e' || lpad(printf('%x', i), 15, '0'), 'synthetic/empty' || i || '.txt', '空白文档' || i,
                   DATE '2023-01-01', '本文没有可提取的指标。', 'txt', 'utf-8', 11, NULL, NULL, NULL, NULL,
                   'no_text', 0, 'run-synthetic', TIMESTAMP '2024-05-01 10:00:00'
            FROM range(20) t(i)
            """
        )
        con.execute(
            """
            INSERT INTO ingest_errors
            SELECT 'run-synthetic', 'synthetic/broken' || i || '.pdf', '无法解析', 'extract',
                   TIMESTAMP '2024-05-01 10:00:00'
            FROM range(15) t(i)
            """
        )
        con.execute(
            f"""
            INSERT INTO runs VALUES ('run-synthetic', TIMESTAMP '2024-05-01 10:00:00',
                TIMESTAMP '2024-05-01 10:30:00', 'synthetic/', {n_docs + 35}, 0, 0, 15, {n_metrics},
                '{{}}', 0, 1800.0, '0.1.0', '[]')
            """
        )
    finally:
        con.close()
    os.replace(tmp, path)
    return path


if __name__ == "__main__":  # pragma: no cover - manual use
    import argparse

    parser = argparse.ArgumentParser(description="write a dashboard test database")
    parser.add_argument("out")
    parser.add_argument("--synthetic", type=int, default=0, help="number of metrics (0 = small fixture)")
    args = parser.parse_args()
    if args.synthetic:
        print(make_synthetic_db(args.out, args.synthetic))
    else:
        print(make_fixture_db(args.out))


# ---------------------------------------------------------------------------
# AppTest helpers


class DownloadRecorder:
    """Captures the deferred download callables an AppTest run registers.

    AppTest builds its mock runtime's ``MediaFileManager`` afresh on every run and drops it
    afterwards, so the bytes behind a ``st.download_button(data=callable)`` are otherwise
    unreachable from a test. Install with ``recorder.install(monkeypatch)``.
    """

    def __init__(self) -> None:
        self.by_element: dict[str, tuple[str | None, Any]] = {}

    def install(self, monkeypatch: Any) -> DownloadRecorder:
        from streamlit.runtime.media_file_manager import MediaFileManager
        from streamlit.testing.v1 import app_test

        recorder = self

        class RecordingMediaFileManager(MediaFileManager):
            def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):  # type: ignore[no-untyped-def]
                recorder.by_element[element_id] = (file_name, data_callable)
                return super().add_deferred(
                    data_callable, mimetype, coordinates, file_name=file_name, element_id=element_id
                )

        monkeypatch.setattr(app_test, "MediaFileManager", RecordingMediaFileManager)
        return self

    def clear(self) -> None:
        self.by_element.clear()

    def get(self, key: str) -> tuple[str | None, bytes]:
        """(file name, bytes) of the download button whose key is ``key``."""
        matches = [v for k, v in self.by_element.items() if k == key or k.endswith(f"-{key}")]
        if not matches:
            raise KeyError(f"no download registered for {key!r}; have {sorted(self.by_element)}")
        name, fn = matches[-1]
        data = fn()
        return name, data.encode("utf-8") if isinstance(data, str) else bytes(data)


# --- a real `streamlit run` server, for browser and serve-while-writing tests -----------------


@contextlib.contextmanager
def streamlit_server(db: Path, log_path: Path) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` on a free localhost port; yields its base URL and always
    stops it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {**os.environ, "INDICATORS_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    args = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard" / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not server_healthy(base):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start (exit {proc.poll()}); see {log_path}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def server_healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def open_page(page: str, *, timeout: float = 60, **params: str | list[str]) -> AppTest:
    """A fresh session opening ``/<page>?params`` (what a pasted link does); it must not raise."""
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=timeout)
    at.switch_page(f"pages/{page}.py")
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, (page, params, [e.value for e in at.exception])
    return at
