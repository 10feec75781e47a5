"""The budget phases (``qlaudit.reconcile``) in SQL, for every unit-year a connection sees at once.

Two queries over ``appropriations``, ``expenditures`` and ``projects`` (with unit, year and line_id):

- ``PARTS``     per budget type and kind of spending: 年初, 追加, 调减, 上年结转 and 执行数
- ``PROJECTS``  per budget type and project (every code of the type's quotas and vouchers and of the register): the
                same phases of its project money, its name (the register's, else the last quota line's, else the
                last voucher line's of that type) and the register's 是否纳入年初预算; under ``REGISTER_ONLY`` the
                register's projects alone, for a budget type without any line

:func:`summaries` turns their rows into :class:`~qlaudit.reconcile.BudgetSummary` objects per unit-year.
``reconcile.budget_summary`` runs them on one unit-year's frames, ``qlaudit.columnar.store`` on a whole store: one
definition, two scales.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qlaudit.reconcile import BudgetSummary, Phases, ProjectBudget

if TYPE_CHECKING:
    import duckdb

REGISTER_ONLY = "\x00register"  # the budget type of PROJECTS rows that hold the register alone

_SOURCES = """
           CAST(COALESCE(SUM(amount_fen) FILTER (WHERE source = 'initial'), 0) AS BIGINT) AS initial,
           CAST(COALESCE(SUM(amount_fen) FILTER (WHERE source = 'addition'), 0) AS BIGINT) AS addition,
           CAST(COALESCE(SUM(amount_fen) FILTER (WHERE source = 'reduction'), 0) AS BIGINT) AS reduction,
           CAST(COALESCE(SUM(amount_fen) FILTER (WHERE source = 'carry_in'), 0) AS BIGINT) AS carry_in"""
_PHASES = """COALESCE(q.initial, 0) AS initial, COALESCE(q.addition, 0) AS addition,
           COALESCE(q.reduction, 0) AS reduction, COALESCE(q.carry_in, 0) AS carry_in, COALESCE(s.spent, 0) AS spent"""

PARTS = f"""
WITH q AS (SELECT unit, year, budget_type, expense_kind, {_SOURCES} FROM appropriations GROUP BY ALL),
s AS (SELECT unit, year, budget_type, expense_kind, CAST(SUM(amount_fen) AS BIGINT) AS spent FROM expenditures
      GROUP BY ALL)
SELECT unit, year, budget_type, expense_kind, {_PHASES}
FROM q FULL JOIN s USING (unit, year, budget_type, expense_kind)
ORDER BY ALL
"""

PROJECTS = f"""
WITH q AS (SELECT unit, year, budget_type, project_code, {_SOURCES} FROM appropriations
           WHERE expense_kind = 'project' GROUP BY ALL),
s AS (SELECT unit, year, budget_type, project_code, CAST(SUM(amount_fen) AS BIGINT) AS spent FROM expenditures
      WHERE expense_kind = 'project' GROUP BY ALL),
types AS (SELECT unit, year, budget_type FROM appropriations UNION SELECT unit, year, budget_type FROM expenditures),
r AS (SELECT unit, year, project_code, arg_max(project_name, line_id) FILTER (WHERE project_name <> '') AS name,
             arg_min(in_initial_budget, line_id) AS flag
      FROM projects WHERE project_code <> '' GROUP BY ALL),
qn AS (SELECT unit, year, budget_type, project_code, arg_max(project_name, line_id) AS name FROM appropriations
       WHERE project_code <> '' AND project_name <> '' GROUP BY ALL),
sn AS (SELECT unit, year, budget_type, project_code, arg_max(project_name, line_id) AS name FROM expenditures
       WHERE project_code <> '' AND project_name <> '' GROUP BY ALL),
codes AS (SELECT unit, year, budget_type, project_code FROM q UNION SELECT unit, year, budget_type, project_code FROM s
          UNION SELECT t.unit, t.year, t.budget_type, r.project_code FROM types t JOIN r USING (unit, year))
SELECT c.unit, c.year, c.budget_type, c.project_code, {_PHASES},
       COALESCE(r.name, qn.name, sn.name, c.project_code) AS name, r.flag
FROM codes c LEFT JOIN q USING (unit, year, budget_type, project_code)
LEFT JOIN s USING (unit, year, budget_type, project_code) LEFT JOIN r USING (unit, year, project_code)
LEFT JOIN qn USING (unit, year, budget_type, project_code) LEFT JOIN sn USING (unit, year, budget_type, project_code)
WHERE c.project_code <> ''
UNION ALL
SELECT unit, year, $register_only, project_code, 0, 0, 0, 0, 0, COALESCE(name, project_code), flag FROM r
ORDER BY unit, year, budget_type, project_code
"""

Key = tuple[str, int]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> list[tuple]:
    return (con.sql(sql, params=params) if params else con.sql(sql)).fetchall()


def _add(a: Phases, b: Phases) -> Phases:
    return Phases(a.initial + b.initial, a.addition + b.addition, a.reduction + b.reduction, a.carry_in + b.carry_in,
                  a.spent + b.spent)


class Summaries:
    """The budget summaries of every unit-year seen by a connection: ``get((unit, year), budget_type)``."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.parts: dict[tuple[str, int, str], dict[str, Phases]] = {}
        for unit, year, bt, kind, *phases in _rows(con, PARTS):
            self.parts.setdefault((unit, int(year), bt), {})[kind] = Phases(*(int(v) for v in phases))
        self.projects: dict[tuple[str, int, str], list[ProjectBudget]] = {}
        for unit, year, bt, code, i, a, r, c, s, name, flag in _rows(con, PROJECTS, {"register_only": REGISTER_ONLY}):
            self.projects.setdefault((unit, int(year), bt), []).append(ProjectBudget(
                code=code, name=name, in_initial_budget=None if flag is None else flag == "yes",
                phases=Phases(int(i), int(a), int(r), int(c), int(s))))
        self._made: dict[tuple[str, int, str], BudgetSummary] = {}

    def get(self, key: Key, budget_type: str = "general") -> BudgetSummary:
        unit, year = key
        made = (unit, year, budget_type)
        if made not in self._made:
            parts = self.parts.get(made, {})
            projects = self.projects.get(made) if made in self.parts else self.projects.get(
                (unit, year, REGISTER_ONLY))

            def part(*kinds: str) -> Phases:
                total = Phases()
                for kind in kinds:
                    total = _add(total, parts.get(kind, Phases()))
                return total

            self._made[made] = BudgetSummary(
                budget_type=budget_type, total=part(*parts), basic=part("personnel", "public"),
                personnel=part("personnel"), public=part("public"), project=part("project"),
                projects=tuple(projects or ()))
        return self._made[made]
