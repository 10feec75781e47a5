"""The sums behind the budget model (``qlaudit.reconcile.BudgetInputs``) in SQL, for every unit-year of a relation.

Four queries over ``appropriations``, ``expenditures`` and ``projects`` (with unit, year and line_id): quota sums
per budget type, kind, project and source; spending sums per budget type, kind and project; the name of each
project per budget type (the register's, else the last quota line's, else the last voucher line's; and the
register's alone under ``REGISTER_ONLY``); the first register row of each project. ``reconcile.budget_inputs`` runs
them on one unit-year's frames, ``qlaudit.columnar.store`` on a whole store: one definition, two scales.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import duckdb

QUOTA = """
SELECT unit, year, budget_type, expense_kind, project_code, source, CAST(SUM(amount_fen) AS BIGINT) AS amount_fen
FROM appropriations GROUP BY ALL ORDER BY ALL
"""
SPEND = """
SELECT unit, year, budget_type, expense_kind, project_code, CAST(SUM(amount_fen) AS BIGINT) AS amount_fen
FROM expenditures GROUP BY ALL ORDER BY ALL
"""
NAMES = """
WITH s AS (SELECT unit, year, budget_type, project_code, arg_max(project_name, line_id) AS name FROM expenditures
           WHERE project_code <> '' AND project_name <> '' GROUP BY ALL),
q AS (SELECT unit, year, budget_type, project_code, arg_max(project_name, line_id) AS name FROM appropriations
      WHERE project_code <> '' AND project_name <> '' GROUP BY ALL),
r AS (SELECT unit, year, project_code, arg_max(project_name, line_id) AS name FROM projects
      WHERE project_code <> '' AND project_name <> '' GROUP BY ALL),
types AS (SELECT unit, year, budget_type FROM appropriations UNION SELECT unit, year, budget_type FROM expenditures),
codes AS (SELECT unit, year, budget_type, project_code FROM s UNION SELECT unit, year, budget_type, project_code FROM q
          UNION SELECT t.unit, t.year, t.budget_type, r.project_code FROM types t JOIN r USING (unit, year))
SELECT c.unit, c.year, c.budget_type, c.project_code, COALESCE(r.name, q.name, s.name) AS project_name
FROM codes c LEFT JOIN r USING (unit, year, project_code)
LEFT JOIN q USING (unit, year, budget_type, project_code) LEFT JOIN s USING (unit, year, budget_type, project_code)
UNION ALL
SELECT unit, year, $register_only, project_code, name FROM r
ORDER BY ALL
"""
REGISTER = """
SELECT unit, year, project_code, arg_min(in_initial_budget, line_id) AS in_initial_budget FROM projects
GROUP BY ALL ORDER BY ALL
"""


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    table = (con.sql(sql, params=params) if params else con.sql(sql)).to_arrow_table()
    frame = table.to_pandas()
    return frame.astype({c: object for c in frame.columns if frame[c].dtype == "str"})


def budget_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The four sums of every unit-year visible to ``con``: {"quota", "spend", "names", "register"}."""
    from qlaudit.reconcile import REGISTER_ONLY

    return {"quota": _frame(con, QUOTA), "spend": _frame(con, SPEND),
            "names": _frame(con, NAMES, {"register_only": REGISTER_ONLY}), "register": _frame(con, REGISTER)}


def split_by_unit_year(frames: dict[str, pd.DataFrame], expected: list[tuple[str, int]] | None = None,
                       ) -> dict[tuple[str, int], dict[str, pd.DataFrame]]:
    """The frames of :func:`budget_frames` per (unit, year) (and for every ``expected`` one, empty when it has no
    line), without the unit and year columns."""
    keys = {(str(u), int(y)) for f in frames.values() for u, y in zip(f["unit"], f["year"], strict=True)}
    keys |= set(expected or [])
    out: dict[tuple[str, int], dict[str, pd.DataFrame]] = {k: {} for k in keys}
    for name, frame in frames.items():
        groups = ({(str(u), int(y)): g for (u, y), g in frame.groupby(["unit", "year"], sort=False)}
                  if not frame.empty else {})
        for key in keys:
            part = groups.get(key, frame.iloc[0:0])
            out[key][name] = part.drop(columns=["unit", "year"]).reset_index(drop=True)
    return out
