"""The DuckDB contract: table names and columns other tools read.

Kept in one module so the ETL, the dashboard and the tests agree on it. The column
names listed in the ETL issue (documents, metrics, ingest_errors, runs) are a public
contract: add columns, never rename them. Bump ``SCHEMA_VERSION`` and add a step to
``MIGRATIONS`` when a release changes a table, so an old file can be upgraded in place.
"""

from __future__ import annotations

SCHEMA_VERSION = 4

DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS documents (
        doc_id VARCHAR PRIMARY KEY,      -- sha256 of the file bytes (first 16 hex)
        path VARCHAR NOT NULL,           -- the path as given on the command line
        title VARCHAR,
        published DATE,
        text VARCHAR NOT NULL,           -- normalised text; every metric offset points into it
        source_format VARCHAR,           -- txt, md, html, pdf, docx
        encoding VARCHAR,
        n_chars INTEGER,
        province VARCHAR,                -- the document's own place (issuer), when known
        city VARCHAR,
        county VARCHAR,
        adcode VARCHAR,
        flags VARCHAR,                   -- comma-separated quality flags (garbled, cid, ...)
        n_metrics INTEGER,
        run_id VARCHAR,
        loaded_at TIMESTAMP,
        abs_path VARCHAR,                -- the same file, absolute: found again from any directory
        url VARCHAR,                     -- the original's address, when the page or file names one
        place_source VARCHAR,            -- what decided the document's place: title, session, masthead,
                                         -- publisher, url, body (a vote over the text) or NULL
        year INTEGER,                    -- the year the document reports on (its report year)
        lost_share DOUBLE                -- share of the file's characters that could not be decoded
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS metrics (
        -- stable hash of doc_id, span and name; unique by construction. No PRIMARY KEY: DuckDB keeps
        -- key indexes in memory, which would make the ETL's memory grow with the table.
        metric_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        start INTEGER NOT NULL,          -- quote == documents.text[start:"end"]
        "end" INTEGER NOT NULL,
        quote VARCHAR NOT NULL,
        sentence VARCHAR,
        sentence_start INTEGER,
        sentence_end INTEGER,
        raw_start INTEGER,               -- the same span in the decoded source file
        raw_end INTEGER,
        page INTEGER,                    -- 1-based page for PDFs
        article VARCHAR,                 -- heading of the article the metric sits in
        kind VARCHAR NOT NULL,           -- count, rate, amount, measure, other
        value DOUBLE,                    -- amounts in 元, rates in percent 0-100
        unit VARCHAR,
        unit_raw VARCHAR,
        qualifier VARCHAR,               -- exact, at_least, more_than, less_than, about
        name VARCHAR,
        subject VARCHAR,
        province VARCHAR,
        city VARCHAR,
        county VARCHAR,
        town VARCHAR,
        adcode VARCHAR,                  -- code of the most specific coded level
        place_level VARCHAR,             -- province, city, county, town or NULL
        program VARCHAR,
        initiative VARCHAR,
        year INTEGER,
        derived BOOLEAN NOT NULL DEFAULT FALSE,
        core BOOLEAN,
        numerator DOUBLE,                -- for rates, when the text gives the counts
        denominator DOUBLE,
        consistency VARCHAR,             -- ok, mismatch, or NULL when not checkable
        indicator VARCHAR,               -- canonical id in etl/data/indicators.tsv, NULL when none fits
        category VARCHAR,                -- the slice of a breakdown (教科文卫类, 政府系统, A类), NULL: headline
        duplicate_of VARCHAR             -- metric_id of the first statement of the same fact in the document
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS ingest_errors (
        run_id VARCHAR,
        path VARCHAR,
        error VARCHAR,
        stage VARCHAR,
        occurred_at TIMESTAMP
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY,
        started TIMESTAMP,
        finished TIMESTAMP,
        inputs VARCHAR,
        documents_read INTEGER,
        documents_unchanged INTEGER,
        documents_skipped INTEGER,
        documents_failed INTEGER,
        metrics_written INTEGER,
        metrics_by_kind VARCHAR,         -- JSON object kind -> count
        bytes_read BIGINT,
        seconds DOUBLE,
        software_version VARCHAR,
        warnings VARCHAR                 -- JSON list: what went wrong with the run itself
    )
    """,
)

INDEXES: tuple[str, ...] = ()

# version -> statements that upgrade a file from version-1 to version.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: ("ALTER TABLE documents ADD COLUMN IF NOT EXISTS abs_path VARCHAR",),
    3: ("ALTER TABLE runs ADD COLUMN IF NOT EXISTS warnings VARCHAR",),
    4: tuple(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}"
        for table, column, kind in (
            ("documents", "url", "VARCHAR"),
            ("documents", "place_source", "VARCHAR"),
            ("documents", "year", "INTEGER"),
            ("documents", "lost_share", "DOUBLE"),
            ("metrics", "indicator", "VARCHAR"),
            ("metrics", "category", "VARCHAR"),
            ("metrics", "duplicate_of", "VARCHAR"),
        )
    ),
}

METRIC_COLUMNS: tuple[str, ...] = (
    "metric_id",
    "doc_id",
    "start",
    "end",
    "quote",
    "sentence",
    "sentence_start",
    "sentence_end",
    "raw_start",
    "raw_end",
    "page",
    "article",
    "kind",
    "value",
    "unit",
    "unit_raw",
    "qualifier",
    "name",
    "subject",
    "province",
    "city",
    "county",
    "town",
    "adcode",
    "place_level",
    "program",
    "initiative",
    "year",
    "derived",
    "core",
    "numerator",
    "denominator",
    "consistency",
    "indicator",
    "category",
    "duplicate_of",
)

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "path",
    "title",
    "published",
    "text",
    "source_format",
    "encoding",
    "n_chars",
    "province",
    "city",
    "county",
    "adcode",
    "flags",
    "n_metrics",
    "run_id",
    "loaded_at",
    "abs_path",
    "url",
    "place_source",
    "year",
    "lost_share",
)
