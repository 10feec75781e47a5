"""The columnar engine: the three ledgers of one or many unit-years as DuckDB tables, for the rules' SQL.

One :class:`Engine` holds a DuckDB connection with three tables of the same shape whatever the scale:

- ``expenditures``   unit, year, line_id (row of the loaded frame), ord (position in ledger order: date, file,
                     row), the canonical columns, the key columns of ``qlaudit.ledgers.keys``, month, month_key
                     ('2021-03'), year_label ('2021 年'), economic_class, and ``excluded`` (a reversal or a payment a
                     reversal cancels: left out of tests on payments)
- ``appropriations`` unit, year, line_id, the canonical columns, economic_class
- ``projects``       unit, year, line_id, the canonical columns

plus ``reversals`` (unit, year, line_id, payment_id, unmatched) for every negative line. :meth:`Engine.for_frames`
builds it in memory from one unit-year's DataFrames (no cluster, DuckDB latency); :func:`qlaudit.columnar.store.
open_store` builds it over a Parquet store of many unit-years. Rules write SQL against these names, grouped by
unit and year, so the same text runs at both scales. Money is BIGINT 分; every SUM is cast back to BIGINT (DuckDB's
SUM(BIGINT) is HUGEINT) and results come back through Arrow, never as floats.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from qlaudit.ledgers.keys import text_keys

_NAMES = itertools.count()
_DATABASE: list[duckdb.DuckDBPyConnection] = []


def connection() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's in-memory DuckDB database (opening a database costs ~0.1 s, a connection
    to it nothing); temporary tables and registered frames are private to each connection."""
    if not _DATABASE:
        _DATABASE.append(duckdb.connect(":memory:"))
    return _DATABASE[0].cursor()

EXPENDITURE_EXTRA = """
    ROW_NUMBER() OVER (PARTITION BY unit, year ORDER BY date, source_file, source_row, line_id) - 1 AS ord,
    CAST(month(date) AS INTEGER) AS month, strftime(date, '%Y-%m') AS month_key,
    strftime(date, '%Y') || ' 年' AS year_label, left(economic_code, 3) AS economic_class"""

# Reversal matching (reversals.match_reversals, as sets): per unit, year, payee, project and amount, in ledger order,
# a payment pushes and a reversal pops the latest open payment (LIFO). With c the running sum of +1/−1, the stack depth
# is c − min(0, min c so far); a reversal finding the stack empty is unmatched; a payment's level is its depth after
# the push, a matched reversal's its depth before the pop, and at one level payments and their reversals alternate,
# so each reversal is paired with the event before it at its level.
REVERSALS_SQL = """
CREATE OR REPLACE TEMP TABLE reversals AS
WITH keys AS (SELECT DISTINCT unit, year, payee, project_code, -amount_fen AS amount FROM expenditures
              WHERE amount_fen < 0),
events AS (
    SELECT e.unit, e.year, e.line_id, e.ord, e.payee, e.project_code, abs(e.amount_fen) AS amount,
           CASE WHEN e.amount_fen > 0 THEN 1 ELSE -1 END AS x
    FROM expenditures e SEMI JOIN keys k
      ON e.unit = k.unit AND e.year = k.year AND e.payee = k.payee AND e.project_code = k.project_code
         AND abs(e.amount_fen) = k.amount
    WHERE e.amount_fen <> 0),
running AS (
    SELECT *, SUM(x) OVER w AS c FROM events
    WINDOW w AS (PARTITION BY unit, year, payee, project_code, amount ORDER BY ord ROWS UNBOUNDED PRECEDING)),
depths AS (
    SELECT *, c - LEAST(0, MIN(c) OVER w) AS after,
           (c - x) - LEAST(0, COALESCE(MIN(c) OVER (PARTITION BY unit, year, payee, project_code, amount ORDER BY ord
                                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)) AS before
    FROM running
    WINDOW w AS (PARTITION BY unit, year, payee, project_code, amount ORDER BY ord ROWS UNBOUNDED PRECEDING)),
levels AS (
    SELECT *, CASE WHEN x = 1 THEN after ELSE before END AS level, (x = -1 AND before = 0) AS unmatched FROM depths),
paired AS (
    SELECT *, LAG(line_id) OVER (PARTITION BY unit, year, payee, project_code, amount, level ORDER BY ord)
              AS payment_id
    FROM levels WHERE NOT unmatched)
SELECT unit, year, line_id, ord, payment_id, FALSE AS unmatched FROM paired WHERE x = -1
UNION ALL
SELECT unit, year, line_id, ord, NULL, TRUE FROM levels WHERE unmatched
"""


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A DataFrame as an Arrow table (text as strings, amounts int64, dates timestamps), without its index."""
    return pa.Table.from_pandas(frame, preserve_index=False)


class Engine:
    """A DuckDB connection with the ledger tables (see the module docstring) and small query helpers."""

    def __init__(self, con: duckdb.DuckDBPyConnection, scope: str) -> None:
        self.con = con
        self.scope = scope  # "unit-year" or "store"
        self._cache: dict[str, Any] = {}

    @classmethod
    def for_frames(cls, unit: str, year: int, appropriations: pd.DataFrame, expenditures: pd.DataFrame,
                   projects: pd.DataFrame) -> Engine:
        """One unit-year in memory: the loaded frames, their key columns, the reversal matching."""
        con = connection()
        spend = _with_ids(expenditures, unit, year)
        keys = text_keys(expenditures).reset_index(drop=True)
        spend = pd.concat([spend.drop(columns=[c for c in keys.columns if c in spend.columns]), keys], axis=1)
        con.register("raw_expenditures", arrow(spend))
        con.register("raw_appropriations", arrow(_with_ids(appropriations, unit, year)))
        con.register("raw_projects", arrow(_with_ids(projects, unit, year)))
        engine = cls(con, "unit-year")
        engine.create_tables("raw_expenditures", "raw_appropriations", "raw_projects")
        for name in ("raw_expenditures", "raw_appropriations", "raw_projects"):
            con.unregister(name)
        return engine

    def create_tables(self, expenditures: str, appropriations: str, projects: str, *, materialise: bool = True) -> None:
        """The three tables (or views over a store) from relations with the canonical and key columns."""
        kind = "TABLE" if materialise else "VIEW"
        self.con.execute(f"""CREATE OR REPLACE TEMP {kind} lines AS
            SELECT * REPLACE (CAST(date AS TIMESTAMP) AS date), {EXPENDITURE_EXTRA} FROM {expenditures}""")
        self.con.execute(REVERSALS_SQL.replace("FROM expenditures", "FROM lines"))
        self.con.execute("""CREATE OR REPLACE TEMP VIEW expenditures AS
            SELECT l.*, (l.amount_fen < 0 OR p.payment_id IS NOT NULL) AS excluded
            FROM lines l LEFT JOIN (SELECT DISTINCT unit, year, payment_id FROM reversals
                                    WHERE payment_id IS NOT NULL) p
              ON l.unit = p.unit AND l.year = p.year AND l.line_id = p.payment_id""")
        self.con.execute(f"""CREATE OR REPLACE TEMP {kind} appropriations AS
            SELECT * REPLACE (CAST(date AS TIMESTAMP) AS date), left(economic_code, 3) AS economic_class
            FROM {appropriations}""")
        self.con.execute(f"CREATE OR REPLACE TEMP {kind} projects AS SELECT * FROM {projects}")

    def arrow(self, sql: str, params: Sequence[object] | dict[str, object] | None = None) -> pa.Table:
        """Run SQL and return its result as an Arrow table."""
        return self.con.sql(sql, params=params).to_arrow_table() if params else self.con.sql(sql).to_arrow_table()

    def query(self, sql: str, params: Sequence[object] | dict[str, object] | None = None) -> pd.DataFrame:
        """Run SQL and return a small DataFrame (through Arrow: BIGINT → int64, TIMESTAMP → datetime64, text as
        Python str objects, lists as lists): candidate rows for the finishers, iterated in Python."""
        table = self.arrow(sql, params)
        frame = table.to_pandas()
        text = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        return frame.astype({c: object for c in text}) if text else frame

    def with_frame(self, frame: pd.DataFrame) -> str:
        """Register ``frame`` under a fresh name for the next query; the caller drops it with :meth:`drop`."""
        name = f"frame_{next(_NAMES)}"
        self.con.register(name, arrow(frame))
        return name

    def drop(self, name: str) -> None:
        self.con.unregister(name)

    def cached(self, key: str, compute: Any) -> Any:
        """A value computed once per engine (e.g. the budget sums shared by several rules)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


def _with_ids(frame: pd.DataFrame, unit: str, year: int) -> pd.DataFrame:
    """``frame`` with unit, year and line_id in front (the register's 计量单位 ``unit`` becomes ``measure_unit``)."""
    out = frame.reset_index(drop=True).rename(columns={"unit": "measure_unit"})
    out.insert(0, "line_id", range(len(out)))
    out.insert(0, "year", year)
    out.insert(0, "unit", unit)
    return out.astype({"year": "int32", "line_id": "int64"})


def reversal_rows(expenditures: pd.DataFrame) -> pd.DataFrame:
    """The reversal matching of one expenditures frame: line_id (row position), payment_id, unmatched, in ledger
    order of the reversals."""
    con = connection()
    frame = _with_ids(expenditures[["date", "payee", "project_code", "amount_fen", "source_file", "source_row"]],
                      "", 0)
    con.register("raw", arrow(frame))
    con.execute(f"CREATE TEMP TABLE lines AS SELECT * REPLACE (CAST(date AS TIMESTAMP) AS date), "
                f"{EXPENDITURE_EXTRA.replace('left(economic_code, 3)', 'NULL')} FROM raw")
    con.execute(REVERSALS_SQL.replace("FROM expenditures", "FROM lines"))
    return con.sql("SELECT line_id, payment_id, unmatched FROM reversals ORDER BY ord").to_arrow_table().to_pandas()
