"""The metrics table for people who never open the dashboard: CSV, Excel, Parquet or JSONL.

CSV is written UTF-8 with a BOM so Excel on Chinese Windows opens it without mojibake.
Filters become SQL parameters, never pasted text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import duckdb
import pandas as pd

FORMATS = ("csv", "xlsx", "parquet", "jsonl")
EXPORT_COLUMNS = (
    "metric_id",
    "doc_id",
    "path",
    "province",
    "city",
    "county",
    "town",
    "adcode",
    "year",
    "program",
    "initiative",
    "kind",
    "name",
    "subject",
    "value",
    "unit",
    "unit_raw",
    "qualifier",
    "derived",
    "consistency",
    "numerator",
    "denominator",
    "quote",
    "sentence",
    "start",
    "end",
    "page",
)


@dataclass(frozen=True)
class Filters:
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    include_derived: bool = True

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        for column, values in (
            ("m.province", self.provinces),
            ("m.city", self.cities),
            ("m.county", self.counties),
            ("m.kind", self.kinds),
            ("m.program", self.programs),
            ("m.name", self.names),
        ):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.year_from is not None:
            clauses.append("m.year >= ?")
            params.append(self.year_from)
        if self.year_to is not None:
            clauses.append("m.year <= ?")
            params.append(self.year_to)
        if not self.include_derived:
            clauses.append("NOT m.derived")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query(db_path: str | os.PathLike, filters: Filters) -> pd.DataFrame:
    where, params = filters.where()
    cols = ", ".join("d.path" if c == "path" else f'm."{c}"' for c in EXPORT_COLUMNS)
    sql = (
        f"SELECT {cols} FROM metrics m JOIN documents d USING (doc_id){where} "
        "ORDER BY m.province, m.city, m.county, m.doc_id, m.start"
    )
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params).df()
    finally:
        con.close()


def write(df: pd.DataFrame, out: str | os.PathLike, fmt: str) -> None:
    if fmt == "csv":
        df.to_csv(out, index=False, encoding="utf-8-sig")
    elif fmt == "xlsx":
        df.to_excel(out, index=False, sheet_name="metrics")
    elif fmt == "parquet":
        df.to_parquet(out, index=False)
    elif fmt == "jsonl":
        df.to_json(out, orient="records", lines=True, force_ascii=False, date_format="iso")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
