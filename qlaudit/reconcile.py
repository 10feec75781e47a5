"""The budget model of one unit-year (预算执行情况): budget phases per project, spending by kind, carry-over.

Pure functions over the workbook's DataFrames. All amounts are int 分. Terms (../shared/domain.md §2):

- 年初预算 ``initial``; 追加 ``addition``; 调减 ``reduction`` (negative); 上年结转 ``carry_in``;
- 本年预算（财政拨款收入） ``income = initial + addition + reduction``;
- 调整后预算 ``adjusted = income + carry_in`` (the denominator of 预算执行率);
- 执行数 ``spent``; 年末结转 ``carry_out = adjusted − spent``.

This module computes; it does not judge (rules in ``qlaudit.rules`` turn these figures into findings). The sums
are the SQL of ``qlaudit.columnar.budget`` (the same queries run over a whole store of unit-years).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from qlaudit.columnar.budget import Summaries

SOURCES = ("initial", "addition", "reduction", "carry_in")
BUDGET_TYPES = ("general", "fund", "state_capital", "social_insurance")


@dataclass(frozen=True)
class Phases:
    """Budget phases and execution of one line of budget (a project, a kind of spending, or the whole unit)."""

    initial: int = 0
    addition: int = 0
    reduction: int = 0
    carry_in: int = 0
    spent: int = 0

    @property
    def income(self) -> int:
        """本年预算（年初 + 追加 + 调减）: this year's appropriations, without carry-in."""
        return self.initial + self.addition + self.reduction

    @property
    def adjustments(self) -> int:
        return self.addition + self.reduction

    @property
    def adjusted(self) -> int:
        """调整后预算 = 本年预算 + 上年结转."""
        return self.income + self.carry_in

    @property
    def carry_out(self) -> int:
        """年末结转和结余 = 调整后预算 − 执行数."""
        return self.adjusted - self.spent


@dataclass(frozen=True)
class ProjectBudget:
    code: str
    name: str
    in_initial_budget: bool | None  # from the project register; None when the project is not registered
    phases: Phases


@dataclass(frozen=True)
class BudgetSummary:
    """Figures of sections 二 to 六 of the report, for one budget type (normally 一般公共预算)."""

    budget_type: str
    total: Phases
    basic: Phases
    personnel: Phases
    public: Phases
    project: Phases
    projects: tuple[ProjectBudget, ...]


def _summaries(appropriations: pd.DataFrame, expenditures: pd.DataFrame, projects: pd.DataFrame) -> Summaries:
    """The SQL of ``qlaudit.columnar.budget`` over one unit-year's frames (DuckDB, vectorised)."""
    from qlaudit.columnar.budget import Summaries
    from qlaudit.columnar.engine import arrow, connection, ids

    con = connection()
    try:
        for name, frame, columns in (
                ("appropriations", appropriations, ["budget_type", "expense_kind", "project_code", "project_name",
                                                    "source", "amount_fen"]),
                ("expenditures", expenditures, ["budget_type", "expense_kind", "project_code", "project_name",
                                                "amount_fen"]),
                ("projects", projects, ["project_code", "project_name", "in_initial_budget"])):
            con.register(name, arrow(ids(frame[columns], "", 0)))
        return Summaries(con)
    finally:
        con.close()


def project_budgets(appropriations: pd.DataFrame, expenditures: pd.DataFrame,
                    projects: pd.DataFrame) -> tuple[ProjectBudget, ...]:
    """Phases per project code over every budget type, for every code found in quotas, vouchers or the register."""
    summaries = _summaries(appropriations.assign(budget_type=""), expenditures.assign(budget_type=""), projects)
    return summaries.get(("", 0), "").projects


def budget_summary(appropriations: pd.DataFrame, expenditures: pd.DataFrame, projects: pd.DataFrame,
                   budget_type: str = "general") -> BudgetSummary:
    """Phases of the unit, its kinds of spending and every project (found in quotas, vouchers or the register)."""
    return _summaries(appropriations, expenditures, projects).get(("", 0), budget_type)


def budget_types_present(appropriations: pd.DataFrame, expenditures: pd.DataFrame) -> tuple[str, ...]:
    """Budget types with any quota or spending, in the order of the report (一般公共 → 社会保险基金)."""
    present = set(appropriations["budget_type"]) | set(expenditures["budget_type"])
    return tuple(t for t in BUDGET_TYPES if t in present)


def rate(numerator: int, denominator: int) -> float | None:
    """A ratio for charts only (never for money): None when the denominator is zero."""
    return None if denominator == 0 else numerator / denominator
