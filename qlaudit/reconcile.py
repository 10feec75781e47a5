"""The budget model of one unit-year (预算执行情况): budget phases per project, spending by kind, carry-over.

Pure functions over the workbook's DataFrames. All amounts are int 分. Terms (../shared/domain.md §2):

- 年初预算 ``initial``; 追加 ``addition``; 调减 ``reduction`` (negative); 上年结转 ``carry_in``;
- 本年预算（财政拨款收入） ``income = initial + addition + reduction``;
- 调整后预算 ``adjusted = income + carry_in`` (the denominator of 预算执行率);
- 执行数 ``spent``; 年末结转 ``carry_out = adjusted − spent``.

This module computes; it does not judge (rules in ``qlaudit.rules`` turn these figures into findings).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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


def _phases(appropriations: pd.DataFrame, expenditures: pd.DataFrame) -> Phases:
    by_source = appropriations.groupby("source")["amount_fen"].sum()
    return Phases(
        **{s: int(by_source.get(s, 0)) for s in SOURCES},
        spent=int(expenditures["amount_fen"].sum()),
    )


def _project_names(appropriations: pd.DataFrame, expenditures: pd.DataFrame, projects: pd.DataFrame) -> dict[str, str]:
    names: dict[str, str] = {}
    for frame in (expenditures, appropriations, projects):  # the register's name wins, then quota, then voucher
        for code, name in zip(frame["project_code"], frame["project_name"], strict=True):
            if code and name:
                names[code] = name
    return names


def project_budgets(appropriations: pd.DataFrame, expenditures: pd.DataFrame, projects: pd.DataFrame) -> tuple[ProjectBudget, ...]:
    """Phases per project code, for every code found in quotas, vouchers or the register, ordered by code."""
    quota = appropriations[appropriations["expense_kind"] == "project"]
    spend = expenditures[expenditures["expense_kind"] == "project"]
    codes = sorted(set(quota["project_code"]) | set(spend["project_code"]) | set(projects["project_code"]))
    names = _project_names(appropriations, expenditures, projects)
    register = projects.drop_duplicates("project_code").set_index("project_code")["in_initial_budget"]
    return tuple(
        ProjectBudget(
            code=code,
            name=names.get(code, code),
            in_initial_budget=(register[code] == "yes") if code in register.index else None,
            phases=_phases(quota[quota["project_code"] == code], spend[spend["project_code"] == code]),
        )
        for code in codes
        if code
    )


def budget_summary(appropriations: pd.DataFrame, expenditures: pd.DataFrame, projects: pd.DataFrame,
                   budget_type: str = "general") -> BudgetSummary:
    quota = appropriations[appropriations["budget_type"] == budget_type]
    spend = expenditures[expenditures["budget_type"] == budget_type]

    def part(*kinds: str) -> Phases:
        return _phases(quota[quota["expense_kind"].isin(kinds)], spend[spend["expense_kind"].isin(kinds)])

    return BudgetSummary(
        budget_type=budget_type,
        total=_phases(quota, spend),
        basic=part("personnel", "public"),
        personnel=part("personnel"),
        public=part("public"),
        project=part("project"),
        projects=project_budgets(quota, spend, projects),
    )


def budget_types_present(appropriations: pd.DataFrame, expenditures: pd.DataFrame) -> tuple[str, ...]:
    """Budget types with any quota or spending, in the order of the report (一般公共 → 社会保险基金)."""
    present = set(appropriations["budget_type"]) | set(expenditures["budget_type"])
    return tuple(t for t in BUDGET_TYPES if t in present)


def rate(numerator: int, denominator: int) -> float | None:
    """A ratio for charts only (never for money): None when the denominator is zero."""
    return None if denominator == 0 else numerator / denominator
