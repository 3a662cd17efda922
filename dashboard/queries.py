"""All SQL the dashboard runs.

Every figure is aggregated in DuckDB and only the small result crosses into pandas; with a
million metrics that is the difference between milliseconds and seconds. Values reach SQL
only as parameters; the few identifiers that vary (group-by columns) come from fixed
whitelists, never from the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dashboard import db
from dashboard.labels import NO_PLACE, sql_display, sql_locality, sql_status

PLACE_COLUMNS: tuple[str, ...] = ("province", "city", "county")


@dataclass(frozen=True)
class MetricFilter:
    """The filters a page applies to ``metrics``; empty means "no restriction"."""

    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    kinds: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    consistency: tuple[str, ...] = ()  # ok, mismatch, none
    derived: bool | None = None
    levels: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    value_min: float | None = None
    value_max: float | None = None
    text: str = ""
    has_place: bool | None = None

    def with_(self, **changes: Any) -> MetricFilter:
        return replace(self, **changes)

    def describe(self) -> list[str]:
        """Human-readable list of the active filters, for exports and metadata."""
        out: list[str] = []
        pairs: list[tuple[str, tuple[str, ...]]] = [
            ("省份", self.provinces),
            ("城市", self.cities),
            ("区县", self.counties),
            ("工作领域", self.programs),
            ("类别", self.kinds),
            ("指标名称", self.names),
            ("限定", self.qualifiers),
            ("核对", self.consistency),
            ("层级", self.levels),
            ("单位", self.units),
            ("文档", self.doc_ids),
        ]
        for label, values in pairs:
            if values:
                out.append(f"{label}：{'、'.join(values)}")
        if self.years:
            out.append(f"年份：{self.years[0]}–{self.years[1]}")
        if self.derived is not None:
            out.append("推算：" + ("仅推算" if self.derived else "仅原文"))
        if self.value_min is not None or self.value_max is not None:
            lo = "" if self.value_min is None else f"{self.value_min:g}"
            hi = "" if self.value_max is None else f"{self.value_max:g}"
            out.append(f"原始值：{lo}～{hi}")
        if self.text:
            out.append(f"搜索：{self.text}")
        if self.has_place is not None:
            out.append("地点：" + ("已识别" if self.has_place else "未识别"))
        return out


@dataclass
class Where:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def add_in(self, column: str, values: tuple[Any, ...]) -> None:
        if values:
            self.add(f"{column} IN ({', '.join('?' * len(values))})", *values)

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "TRUE"


def where(f: MetricFilter, alias: str = "m") -> Where:
    a = alias
    w = Where()
    w.add_in(f"{a}.province", f.provinces)
    w.add_in(f"{a}.city", f.cities)
    w.add_in(f"{a}.county", f.counties)
    w.add_in(f"{a}.program", f.programs)
    w.add_in(f"{a}.kind", f.kinds)
    w.add_in(f"{a}.name", f.names)
    w.add_in(f"{a}.qualifier", f.qualifiers)
    w.add_in(f"{a}.place_level", f.levels)
    w.add_in(f"{a}.unit", f.units)
    w.add_in(f"{a}.doc_id", f.doc_ids)
    if f.consistency:
        parts = []
        real = tuple(c for c in f.consistency if c != "none")
        if real:
            parts.append(f"{a}.consistency IN ({', '.join('?' * len(real))})")
            w.params.extend(real)
        if "none" in f.consistency:
            parts.append(f"{a}.consistency IS NULL")
        w.clauses.append("(" + " OR ".join(parts) + ")")
    if f.years:
        w.add(f"{a}.year BETWEEN ? AND ?", int(f.years[0]), int(f.years[1]))
    if f.derived is not None:
        w.add(f"{a}.derived = ?", bool(f.derived))
    if f.value_min is not None:
        w.add(f"{a}.value >= ?", float(f.value_min))
    if f.value_max is not None:
        w.add(f"{a}.value <= ?", float(f.value_max))
    if f.has_place is not None:
        w.add(f"{a}.province IS {'NOT ' if f.has_place else ''}NULL")
    for term in f.text.split():
        # contains() is a plain substring test: no LIKE wildcards to escape, and fast.
        w.add(f"(contains({a}.quote, ?) OR contains(coalesce({a}.sentence, ''), ?))", term, term)
    return w


# ---------------------------------------------------------------------------
# options for the filter widgets


def distinct_values(column: str, f: MetricFilter | None = None, limit: int = 2000) -> list[str]:
    """Values of one whitelisted column, most frequent first (a name list can be long)."""
    allowed = {"province", "city", "county", "program", "kind", "name", "qualifier", "unit", "place_level"}
    if column not in allowed:
        raise ValueError(column)
    w = where(f or MetricFilter())
    df = db.query(
        f"SELECT m.{column} AS v, count(*) AS n FROM metrics m WHERE {w.sql} AND m.{column} IS NOT NULL "
        f"GROUP BY 1 ORDER BY n DESC, v LIMIT {int(limit)}",
        w.params,
    )
    return [str(v) for v in df["v"]]


def sorted_values(column: str, f: MetricFilter | None = None) -> list[str]:
    return sorted(distinct_values(column, f))


def year_bounds() -> tuple[int, int] | None:
    df = db.query("SELECT min(year) AS lo, max(year) AS hi FROM metrics WHERE year IS NOT NULL")
    if df.empty or pd.isna(df.at[0, "lo"]):
        return None
    return int(df.at[0, "lo"]), int(df.at[0, "hi"])


def rate_names() -> list[str]:
    return distinct_values("name", MetricFilter(kinds=("rate",)))


# ---------------------------------------------------------------------------
# overview


def headline(f: MetricFilter) -> dict[str, Any]:
    w = where(f)
    row = db.query(
        f"""
        SELECT count(DISTINCT m.doc_id) AS docs, count(*) AS metrics,
               count(DISTINCT {sql_locality()}) FILTER (WHERE m.province IS NOT NULL) AS localities,
               count(DISTINCT m.province) AS provinces, min(m.year) AS y0, max(m.year) AS y1
        FROM metrics m WHERE {w.sql}
        """,
        w.params,
    ).iloc[0]
    out = {k: (None if pd.isna(v) else v) for k, v in row.items()}
    if f == MetricFilter():
        out["docs"] = db.scalar("SELECT count(*) FROM documents")
    return out


def last_run() -> dict[str, Any] | None:
    df = db.query("SELECT * FROM runs ORDER BY coalesce(finished, started) DESC NULLS LAST LIMIT 1")
    if df.empty:
        return None
    return {k: (None if not isinstance(v, (list, dict)) and pd.isna(v) else v) for k, v in df.iloc[0].items()}


def by_province(f: MetricFilter, rate_names_: tuple[str, ...]) -> pd.DataFrame:
    """Per-province figures for the map and the table beside it."""
    w = where(f)
    names = rate_names_ or ("__none__",)
    marks = ", ".join("?" * len(names))
    return db.query(
        f"""
        SELECT m.province AS province,
               any_value(left(m.adcode, 2) || '0000') FILTER (WHERE m.adcode IS NOT NULL) AS adcode,
               count(*) AS metrics,
               count(DISTINCT m.doc_id) AS docs,
               count(*) FILTER (WHERE m.kind = 'rate' AND m.name IN ({marks})) AS n_rates,
               round(median(m.value) FILTER (WHERE m.kind = 'rate' AND m.name IN ({marks})), 1)
                   AS median_rate,
               round(sum(m.value) FILTER (WHERE m.kind = 'amount') / 10000, 1) AS amount_wan
        FROM metrics m
        WHERE {w.sql} AND m.province IS NOT NULL
        GROUP BY m.province
        ORDER BY metrics DESC
        """,
        [*names, *names, *w.params],
    )


def quality_summary(f: MetricFilter) -> dict[str, Any]:
    w = where(f)
    row = db.query(
        f"""
        SELECT count(*) FILTER (WHERE m.consistency = 'mismatch') AS mismatch,
               count(*) FILTER (WHERE m.derived) AS derived,
               count(*) FILTER (WHERE m.province IS NULL) AS no_place
        FROM metrics m WHERE {w.sql}
        """,
        w.params,
    ).iloc[0]
    out = {k: int(v) for k, v in row.items()}
    # the document and error counts do not depend on the filter: one query, cached per build
    docs = db.query(
        """
        SELECT
          (SELECT count(*) FROM ingest_errors
            WHERE run_id = (SELECT run_id FROM runs ORDER BY coalesce(finished, started) DESC NULLS LAST
                            LIMIT 1)) AS errors_last_run,
          (SELECT count(*) FROM ingest_errors) AS errors_total,
          (SELECT count(*) FROM documents d
            WHERE NOT EXISTS (SELECT 1 FROM metrics m WHERE m.doc_id = d.doc_id)) AS docs_no_metrics,
          (SELECT count(*) FROM documents WHERE coalesce(flags, '') <> '') AS docs_flagged
        """
    ).iloc[0]
    out.update({k: int(v) for k, v in docs.items()})
    return out


# ---------------------------------------------------------------------------
# rates

RATE_ROW_COLUMNS = (
    "locality",
    "name",
    "value",
    "display",
    "numerator",
    "denominator",
    "status",
    "program",
    "year",
    "quote",
    "sentence",
    "title",
    "doc_id",
    "metric_id",
    "start",
    "end",
    "province",
    "city",
    "county",
    "derived",
    "consistency",
    "qualifier",
    "loc_median",
    "loc_rank",
)


def rate_rows(f: MetricFilter, top: int, descending: bool = True, max_rows: int = 3000) -> pd.DataFrame:
    """Rate metrics of the ``top`` localities ranked by their median rate.

    A locality's rank is computed over all of its rows that pass the filter; only the rows
    of the top localities come back, so the chart stays readable at any database size.
    """
    w = where(f.with_(kinds=("rate",)))
    order = "DESC" if descending else "ASC"
    return db.query(
        f"""
        WITH f AS (
            SELECT m.*, {sql_locality()} AS locality FROM metrics m WHERE {w.sql}
        ), loc AS (
            SELECT locality, median(value) AS loc_median, count(*) AS loc_n
            FROM f GROUP BY locality
            ORDER BY loc_median {order}, loc_n DESC, locality
            LIMIT ?
        ), ranked AS (
            SELECT locality, loc_median, row_number() OVER (ORDER BY loc_median {order}, loc_n DESC, locality)
                   AS loc_rank
            FROM loc
        )
        SELECT f.locality, f.name, f.value, {sql_display("f")} AS display, f.numerator, f.denominator,
               {sql_status("f")} AS status, f.program, f.year, f.quote, f.sentence, d.title, f.doc_id,
               f.metric_id, f.start, f."end", f.province, f.city, f.county, f.derived, f.consistency,
               f.qualifier, round(r.loc_median, 1) AS loc_median, r.loc_rank
        FROM f JOIN ranked r USING (locality)
        LEFT JOIN documents d ON d.doc_id = f.doc_id
        ORDER BY r.loc_rank, f.value {order}, f.name, f.metric_id
        LIMIT ?
        """,
        [*w.params, int(top), int(max_rows)],
    )


def count_rates(f: MetricFilter) -> dict[str, int]:
    w = where(f.with_(kinds=("rate",)))
    row = db.query(
        f"""SELECT count(*) AS n, count(DISTINCT {sql_locality()}) AS localities
            FROM metrics m WHERE {w.sql}""",
        w.params,
    ).iloc[0]
    return {"n": int(row["n"]), "localities": int(row["localities"])}


# ---------------------------------------------------------------------------
# counts and amounts

GROUP_LEVELS = {"province": "省份", "city": "城市", "county": "区县"}


def _bound_columns() -> str:
    return """
        bool_or(m.qualifier IN ('at_least', 'more_than')) AS lower_bound,
        bool_or(m.qualifier IN ('about', 'less_than')) AS approx"""


def totals_by(f: MetricFilter, group: str, limit: int = 60) -> pd.DataFrame:
    """Totals per region or program. ``group`` is one of the whitelisted columns."""
    if group not in {"province", "city", "county", "program", "name"}:
        raise ValueError(group)
    w = where(f)
    label = f"coalesce(m.{group}, '{NO_PLACE if group in PLACE_COLUMNS else '（未分类）'}')"
    return db.query(
        f"""
        SELECT {label} AS grp, count(*) AS n, sum(m.value) AS total, median(m.value) AS median,
               max(m.value) AS max, count(DISTINCT m.doc_id) AS docs,
               CASE WHEN count(DISTINCT m.unit) = 1 THEN any_value(m.unit) ELSE '混合' END AS unit,
               {_bound_columns()}
        FROM metrics m WHERE {w.sql} AND m.value IS NOT NULL
        GROUP BY 1 ORDER BY total DESC NULLS LAST, grp
        LIMIT ?
        """,
        [*w.params, int(limit)],
    )


def heatmap(f: MetricFilter, group: str, limit_groups: int = 30) -> pd.DataFrame:
    if group not in {"province", "city", "county"}:
        raise ValueError(group)
    w = where(f)
    return db.query(
        f"""
        WITH base AS (
            SELECT coalesce(m.{group}, '{NO_PLACE}') AS grp, coalesce(m.program, '（未分类）') AS program,
                   m.value, m.qualifier
            FROM metrics m WHERE {w.sql} AND m.value IS NOT NULL
        ), top AS (
            SELECT grp FROM base GROUP BY grp ORDER BY sum(value) DESC NULLS LAST, grp LIMIT ?
        )
        SELECT b.grp, b.program, count(*) AS n, sum(b.value) AS total,
               bool_or(b.qualifier IN ('at_least', 'more_than')) AS lower_bound
        FROM base b JOIN top USING (grp)
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        [*w.params, int(limit_groups)],
    )


# ---------------------------------------------------------------------------
# explorer

EXPLORER_SORTS: dict[str, str] = {
    "default": "m.province NULLS LAST, m.city NULLS LAST, m.county NULLS LAST, m.doc_id, m.start",
    "value_desc": "m.value DESC NULLS LAST, m.metric_id",
    "value_asc": "m.value ASC NULLS LAST, m.metric_id",
    "year_desc": "m.year DESC NULLS LAST, m.metric_id",
}


def explorer_select(alias: str = "m") -> str:
    a = alias
    return f"""{sql_locality(a)} AS locality, {a}.kind, {a}.name, {sql_display(a)} AS display, {a}.value,
        {a}.unit, {a}.qualifier, {a}.numerator, {a}.denominator, {sql_status(a)} AS status, {a}.program,
        {a}.year, {a}.place_level, {a}.quote, {a}.sentence, d.title, {a}.doc_id, {a}.metric_id,
        {a}.start, {a}."end", {a}.province, {a}.city, {a}.county, {a}.consistency, {a}.derived"""


def explorer_count(f: MetricFilter) -> int:
    w = where(f)
    return int(db.scalar(f"SELECT count(*) FROM metrics m WHERE {w.sql}", w.params) or 0)


def explorer_rows(
    f: MetricFilter, sort: str = "default", limit: int | None = 100, offset: int = 0, cache: bool = True
) -> pd.DataFrame:
    w = where(f)
    order = EXPLORER_SORTS.get(sort, EXPLORER_SORTS["default"])
    tail = ""
    params = list(w.params)
    if limit is not None:
        tail = "LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return db.query(
        f"""
        SELECT {explorer_select()}
        FROM (SELECT * FROM metrics m WHERE {w.sql} ORDER BY {order} {tail}) m
        LEFT JOIN documents d ON d.doc_id = m.doc_id
        ORDER BY {order}
        """,
        params,
        cache=cache,
    )


# ---------------------------------------------------------------------------
# evidence


def document(doc_id: str) -> dict[str, Any] | None:
    df = db.query(
        """SELECT doc_id, path, title, published, text, source_format, province, city, county, flags,
                  n_chars, n_metrics
           FROM documents WHERE doc_id = ?""",
        [doc_id],
    )
    if df.empty:
        return None
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in df.iloc[0].items()}


def document_metrics(doc_id: str) -> pd.DataFrame:
    return db.query(
        f"""SELECT m.metric_id, m.start, m."end", m.kind, m.name, {sql_display()} AS display, m.value, m.unit,
                   m.qualifier, {sql_status()} AS status, {sql_locality()} AS locality, m.program, m.year,
                   m.quote, m.sentence, m.numerator, m.denominator, m.page, m.article, m.doc_id
            FROM metrics m WHERE m.doc_id = ? ORDER BY m.start, m."end", m.metric_id""",
        [doc_id],
    )


def metric_doc(metric_id: str) -> str | None:
    v = db.scalar("SELECT doc_id FROM metrics WHERE metric_id = ?", [metric_id])
    return None if v is None else str(v)


def document_choices(f: MetricFilter, limit: int = 300) -> pd.DataFrame:
    """Documents for the evidence picker: those with metrics passing the filter, newest first."""
    w = where(f)
    if f == MetricFilter():
        return db.query(
            """SELECT doc_id, title, published, province, city, county FROM documents
               ORDER BY published DESC NULLS LAST, doc_id LIMIT ?""",
            [int(limit)],
        )
    return db.query(
        f"""SELECT d.doc_id, d.title, d.published, d.province, d.city, d.county FROM documents d
            WHERE d.doc_id IN (SELECT DISTINCT m.doc_id FROM metrics m WHERE {w.sql})
            ORDER BY d.published DESC NULLS LAST, d.doc_id LIMIT ?""",
        [*w.params, int(limit)],
    )


def documents_by_id(doc_ids: list[str]) -> pd.DataFrame:
    if not doc_ids:
        return pd.DataFrame(columns=["doc_id", "title", "path", "published"])
    return db.query(
        f"""SELECT doc_id, title, path, published FROM documents
            WHERE doc_id IN ({", ".join("?" * len(doc_ids))}) ORDER BY doc_id""",
        doc_ids,
    )


# ---------------------------------------------------------------------------
# quality


def _error_time_column() -> str | None:
    """The ETL renamed ``ingest_errors.at`` (a reserved word in DuckDB 2) to
    ``occurred_at``; read whichever the file has."""
    cols = set(
        db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'ingest_errors'")["column_name"]
    )
    return next((c for c in ("occurred_at", "at") if c in cols), None)


def ingest_errors(limit: int = 1000) -> pd.DataFrame:
    col = _error_time_column()
    when = f'"{col}"' if col else "NULL"
    return db.query(
        f"SELECT run_id, path, stage, error, {when} AS occurred_at FROM ingest_errors "
        f"ORDER BY {when} DESC NULLS LAST, path LIMIT ?",
        [int(limit)],
    )


def docs_without_metrics(limit: int = 1000) -> pd.DataFrame:
    return db.query(
        """SELECT d.doc_id, d.title, d.path, d.published, d.flags, d.n_chars FROM documents d
           WHERE NOT EXISTS (SELECT 1 FROM metrics m WHERE m.doc_id = d.doc_id)
           ORDER BY d.published DESC NULLS LAST, d.doc_id LIMIT ?""",
        [int(limit)],
    )


def flagged_docs(limit: int = 1000) -> pd.DataFrame:
    return db.query(
        """SELECT doc_id, title, path, flags, n_metrics FROM documents WHERE coalesce(flags, '') <> ''
           ORDER BY doc_id LIMIT ?""",
        [int(limit)],
    )


def metric_list(f: MetricFilter, limit: int = 1000) -> tuple[pd.DataFrame, int]:
    total = explorer_count(f)
    return explorer_rows(f, limit=limit), total
