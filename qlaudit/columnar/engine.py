"""The columnar engine: the three ledgers of one or many unit-years as DuckDB tables, for the rules' SQL.

One :class:`Engine` holds a DuckDB connection with three tables of the same shape whatever the scale:

- ``expenditures``   unit, year, line_id (row of the loaded frame), ord (position in ledger order: date, file,
                     row), the canonical columns, the key columns of ``qlaudit.ledgers.keys``, month (1–12), ym
                     (yyyymm), economic_class
- ``payments``       the expenditures without reversals (negative lines) and the payments they cancel: what the tests
                     on payments (duplicates, split purchases, classification) look at
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
import os
from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit.columnar.derived import derived_columns
from qlaudit.ledgers.keys import keys_and_codes

_NAMES = itertools.count()
_DATABASE: dict[int, duckdb.DuckDBPyConnection] = {}  # per process id: a forked child opens its own
_THREADS: dict[int, int] = {}  # per process id: DuckDB's own thread count (the machine's cores)
# Below this many expenditure lines one DuckDB thread does the rules' queries in the same wall time and 15–20 % less
# CPU than two (measured at 10^5 lines on 2 cores: the queries are short, and their parallel steps cost more than
# they save); at 10^6 lines two threads take 11 s wall where one takes 14 s. Between the two the cut is a judgement.
ONE_THREAD_BELOW_LINES = 250_000


def connection() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's in-memory DuckDB database (opening a database costs ~0.1 s, a connection
    to it nothing); temporary tables and registered frames are private to each connection."""
    pid = os.getpid()
    if pid not in _DATABASE:  # an inherited (forked) database is left alone, never used
        _DATABASE[pid] = duckdb.connect(":memory:")
        _THREADS[pid] = int(_DATABASE[pid].execute("SELECT current_setting('threads')").fetchone()[0])  # type: ignore[index]
    return _DATABASE[pid].cursor()


def use_threads_for(con: duckdb.DuckDBPyConnection, lines: int) -> None:
    """DuckDB's threads for a run over ``lines`` expenditure lines: one below ``ONE_THREAD_BELOW_LINES``, else its
    own default. The setting is the process database's (every connection of the process): each engine sets it."""
    con.execute(f"SET threads = {1 if lines < ONE_THREAD_BELOW_LINES else _THREADS[os.getpid()]}")


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

    def __init__(self, con: duckdb.DuckDBPyConnection, scope: str,
                 tables: dict[str, pa.Table] | None = None) -> None:
        self.con = con
        self.scope = scope  # "unit-year" or "store"
        self.tables = tables or {}  # the prepared Arrow tables of an in-memory unit-year (line_id = row position)
        # unit → (province, region_level) of unit.yaml: which policy standards apply (qlaudit.standards)
        self.regions: dict[str, tuple[str, str]] = {}
        self._cache: dict[str, Any] = {}

    @classmethod
    def for_frames(cls, unit: str, year: int, appropriations: pd.DataFrame, expenditures: pd.DataFrame,
                   projects: pd.DataFrame) -> Engine:
        """One unit-year in memory: views over the frames as Arrow (with the derived columns), the reversals."""
        con = connection()
        use_threads_for(con, len(expenditures))
        tables = {"expenditures": prepare_expenditures(expenditures, unit, year, cache=True),
                  "appropriations": prepare_appropriations(appropriations, unit, year),
                  "projects": prepare_projects(projects, unit, year)}
        tables = {name: _unit_as_dictionary(table) for name, table in tables.items()}
        for name, table in tables.items():
            con.register(f"raw_{name}", table)
        engine = cls(con, "unit-year", tables)
        engine.create_views("raw_expenditures", "raw_appropriations", "raw_projects")
        return engine

    def create_views(self, expenditures: str, appropriations: str, projects: str) -> None:
        """The three views over relations holding the prepared columns, and the reversals table."""
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW expenditures AS SELECT * FROM {expenditures}")
        self.con.execute(REVERSALS_SQL)
        self.con.execute("""CREATE OR REPLACE TEMP VIEW payments AS
            SELECT e.* FROM expenditures e
            ANTI JOIN (SELECT unit, year, payment_id FROM reversals WHERE payment_id IS NOT NULL) p
              ON e.unit = p.unit AND e.year = p.year AND e.line_id = p.payment_id
            WHERE e.amount_fen >= 0""")
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW appropriations AS SELECT * FROM {appropriations}")
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW projects AS SELECT * FROM {projects}")

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

    def lines(self, ledger: str, keys: pa.Table, columns: str) -> pa.Table:
        """``columns`` (SQL list) of the ledger rows named by ``keys`` (unit, year, line_id), in the order of keys:
        an Arrow ``take`` in memory, a join over a store."""
        if ledger in self.tables:  # only the columns asked for, their chunks joined once per engine
            names = tuple(c.strip() for c in columns.split(","))
            table = self.cached(f"lines:{ledger}:{names}", lambda: self.tables[ledger].select(names).combine_chunks())
            return table.take(keys.column("line_id"))
        name = f"keys_{next(_NAMES)}"
        self.con.register(name, keys.append_column("k", pa.array(np.arange(keys.num_rows, dtype="int64"))))
        try:
            return self.arrow(f"SELECT {columns} FROM {name} k JOIN {ledger} l USING (unit, year, line_id) ORDER BY k.k")
        finally:
            self.con.unregister(name)

    def temp_table(self, sql: str) -> str:
        """Materialise the result of ``sql`` as a temporary table under a fresh name (drop it with
        :meth:`drop_table`): an intermediate result several queries of a rule read."""
        name = f"temp_{next(_NAMES)}"
        self.con.execute(f"CREATE TEMP TABLE {name} AS {sql}")
        return name

    def drop_table(self, name: str) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {name}")

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


def ids(frame: pd.DataFrame, unit: str, year: int) -> pd.DataFrame:
    """``frame`` with unit, year and line_id in front (the register's 计量单位 ``unit`` becomes ``measure_unit``)."""
    out = frame.reset_index(drop=True).rename(columns={"unit": "measure_unit"})
    out.insert(0, "line_id", np.arange(len(out), dtype="int64"))
    out.insert(0, "year", np.int32(year))
    out.insert(0, "unit", unit)
    if "date" in out.columns:
        out["date"] = out["date"].astype("datetime64[us]")
    return out


def _unit_as_dictionary(table: pa.Table) -> pa.Table:
    """``table`` with its ``unit`` column (one value in a unit-year) dictionary-encoded: every grouping and join of
    the rules has unit in its key, and DuckDB then works on the dictionary's codes instead of hashing and comparing
    the same text on every line (the candidate queries at 10^6 lines: 0.3–0.5 s less CPU, median of 5 runs each).
    The queries see the same VARCHAR values and return plain text."""
    i = table.column_names.index("unit")
    kind = table.schema.field(i).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return table  # an empty frame's column of nulls: nothing to gain
    return table.set_column(i, "unit", pc.dictionary_encode(table.column("unit")))


def _rank(table: pa.Table, keys: list[str]) -> np.ndarray:
    """Each row's position when the table is sorted by ``keys`` (text by code point, as pandas and DuckDB do)."""
    order = pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys]).to_numpy()
    ranks = np.empty(len(order), dtype="int64")
    ranks[order] = np.arange(len(order), dtype="int64")
    return ranks


def _codes(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(pc.dictionary_encode(column).combine_chunks().indices if isinstance(column, pa.ChunkedArray)
                      else pc.dictionary_encode(column).indices).astype("int64")


def _combine(*codes: np.ndarray) -> np.ndarray:
    """One integer code per distinct combination of integer codes (equal codes ⇔ equal combinations)."""
    out = codes[0]
    for more in codes[1:]:
        out = pd.factorize(out * (int(more.max(initial=0)) + 1) + more)[0].astype("int64")
    return out


# What Python's str.strip() strips (str.isspace; tests/columnar/test_engine.py checks the list).
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + \
    "\u2028\u2029\u202f\u205f\u3000"
EVIDENCE_KEYS = ["date", "voucher_no", "quota_doc", "line_no", "amount_fen", "summary", "source_file", "source_row",
                 "line_id"]


def prepare_expenditures(expenditures: pd.DataFrame, unit: str, year: int, *, cache: bool = False) -> pa.Table:
    """The expenditures table of the engine (and of the store), vectorised: ids; ``ord`` (ledger order: date, file,
    row) and ``erank`` (evidence order, see ``findings.evidence_from``); month (1–12) and ym (yyyymm);
    economic_class; the key columns of ``qlaudit.ledgers.keys``; ``line_key`` (the 分录号 stripped) and its code
    ``line_key_code`` (−1 for none); and integer codes: ``voucher_code`` (the voucher_no), ``summary_code`` (the 摘要
    as written), ``line_group`` (department and budget line — the project, or basic spending), ``payee_group`` and
    ``stem_group`` (the payee key or 摘要 stem within a line group). With ``cache`` the derived columns are kept for
    the next run on the same lines (:mod:`qlaudit.columnar.derived`)."""
    base = ids(expenditures, unit, year)
    lines = arrow(base)
    derived = derived_columns(lines, lambda: _derived(expenditures, base, lines)) if cache else \
        _derived(expenditures, base, lines)
    kept = lines.drop_columns([c for c in derived.column_names if c in lines.column_names])
    return pa.Table.from_arrays([*kept.columns, *derived.columns], names=[*kept.column_names, *derived.column_names])


def _derived(expenditures: pd.DataFrame, base: pd.DataFrame, lines: pa.Table) -> pa.Table:
    """The derived columns of :func:`prepare_expenditures`, in the order the table has them (the key columns, their
    ``department`` in place of the frame's, first)."""
    keys, codes = keys_and_codes(expenditures)
    dates = base["date"].dt
    line_group = _combine(_codes(keys["department"]), _codes(lines["project_code"]))
    line_key = pc.utf8_trim(lines["line_no"], WHITESPACE)
    line_key_code = np.where(np.asarray(pc.equal(line_key, "").to_numpy(zero_copy_only=False), dtype=bool), -1,
                             _codes(line_key))
    columns: dict[str, pa.Array | pa.ChunkedArray | np.ndarray] = {
        **keys,
        "ord": _rank(lines, ["date", "source_file", "source_row", "line_id"]),
        "erank": _rank(lines, EVIDENCE_KEYS),
        "month": dates.month.to_numpy().astype("int32"),
        "ym": (dates.year * 100 + dates.month).to_numpy().astype("int32"),
        "line_group": line_group,
        "payee_group": _combine(line_group, keys["payee_code"].to_numpy()),
        "stem_group": _combine(line_group, keys["stem_code"].to_numpy()),
        "voucher_code": codes["voucher_no"],
        "summary_code": codes["summary"],
        "line_key": line_key,
        "line_key_code": line_key_code.astype("int64"),
        "economic_class": pc.utf8_slice_codeunits(lines["economic_code"], 0, 3),
    }
    return pa.table({name: values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values)
                     for name, values in columns.items()})


def prepare_appropriations(appropriations: pd.DataFrame, unit: str, year: int) -> pa.Table:
    table = arrow(ids(appropriations, unit, year))
    table = table.append_column("erank", pa.array(_rank(table, ["date", "quota_doc", "amount_fen", "source_file",
                                                                "source_row", "line_id"])))
    return table.append_column("economic_class", pc.utf8_slice_codeunits(table["economic_code"], 0, 3))


def prepare_projects(projects: pd.DataFrame, unit: str, year: int) -> pa.Table:
    return arrow(ids(projects, unit, year))


def reversal_rows(expenditures: pd.DataFrame) -> pd.DataFrame:
    """The reversal matching of one expenditures frame: line_id (row position), payment_id, unmatched, in ledger
    order of the reversals."""
    con = connection()
    frame = ids(expenditures[["date", "payee", "project_code", "amount_fen", "source_file", "source_row"]],
                      "", 0)
    table = arrow(frame)
    con.register("expenditures", table.append_column("ord", pa.array(_rank(table, ["date", "source_file", "source_row",
                                                                                  "line_id"]))))
    con.execute(REVERSALS_SQL)
    return con.sql("SELECT line_id, payment_id, unmatched FROM reversals ORDER BY ord").to_arrow_table().to_pandas()
