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


@dataclass(frozen=True)
class BudgetInputs:
    """What the budget model needs from the ledgers, already summed (int 分), so that it can come from pandas on one
    unit-year (:func:`budget_inputs`) or from SQL over many (``qlaudit.columnar.budget``):

    - ``quota``     budget_type, expense_kind, project_code, source, amount_fen — quota sums
    - ``spend``     budget_type, expense_kind, project_code, amount_fen — spending sums
    - ``names``     budget_type, project_code, project_name — per budget type the name the register gives, else the
                    last quota line's, else the last voucher line's (of that budget type); rows of budget type
                    ``REGISTER_ONLY`` hold the register's names alone
    - ``register``  project_code, in_initial_budget — the first register row of every registered project
    """

    quota: pd.DataFrame
    spend: pd.DataFrame
    names: pd.DataFrame
    register: pd.DataFrame


REGISTER_ONLY = "\x00register"  # the names of BudgetInputs.names for a budget type with no quota or voucher line


def budget_inputs(appropriations: pd.DataFrame, expenditures: pd.DataFrame, projects: pd.DataFrame) -> BudgetInputs:
    """:class:`BudgetInputs` of one unit-year's frames: the SQL of ``qlaudit.columnar.budget`` over them (DuckDB)."""
    from qlaudit.columnar.budget import budget_frames
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
        return inputs_from_frames(budget_frames(con))
    finally:
        con.close()


def inputs_from_frames(frames: dict[str, pd.DataFrame]) -> BudgetInputs:
    """:class:`BudgetInputs` from the frames of ``qlaudit.columnar.budget`` (one unit-year's rows)."""
    def drop(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.drop(columns=[c for c in ("unit", "year") if c in frame.columns])

    return BudgetInputs(drop(frames["quota"]), drop(frames["spend"]), drop(frames["names"]), drop(frames["register"]))


def _phases_of(quota: pd.DataFrame, spend: pd.DataFrame) -> Phases:
    by_source = quota.groupby("source")["amount_fen"].sum()
    return Phases(**{s: int(by_source.get(s, 0)) for s in SOURCES}, spent=int(spend["amount_fen"].sum()))


def summary_of(inputs: BudgetInputs, budget_type: str = "general") -> BudgetSummary:
    """The :class:`BudgetSummary` of one budget type from summed inputs."""
    quota = inputs.quota[inputs.quota["budget_type"] == budget_type]
    spend = inputs.spend[inputs.spend["budget_type"] == budget_type]

    def part(*kinds: str) -> Phases:
        return _phases_of(quota[quota["expense_kind"].isin(kinds)], spend[spend["expense_kind"].isin(kinds)])

    project_quota = quota[quota["expense_kind"] == "project"]
    project_spend = spend[spend["expense_kind"] == "project"]
    codes = sorted((set(project_quota["project_code"]) | set(project_spend["project_code"])
                    | set(inputs.register["project_code"])) - {""})
    table = (project_quota.pivot_table(index="project_code", columns="source", values="amount_fen", aggfunc="sum",
                                       fill_value=0)
             .reindex(index=codes, columns=list(SOURCES), fill_value=0).to_numpy(dtype="int64"))
    spent = project_spend.groupby("project_code")["amount_fen"].sum().reindex(codes, fill_value=0).to_numpy()
    named = inputs.names[inputs.names["budget_type"] == budget_type]
    if named.empty:
        named = inputs.names[inputs.names["budget_type"] == REGISTER_ONLY]
    names = named.set_index("project_code")["project_name"].reindex(codes)
    register = inputs.register.set_index("project_code")["in_initial_budget"].reindex(codes)
    projects = tuple(
        ProjectBudget(code=code, name=code if pd.isna(name) else str(name),
                      in_initial_budget=None if pd.isna(flag) else flag == "yes",
                      phases=Phases(int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(spent_fen)))
        for code, name, flag, row, spent_fen in zip(codes, names.to_numpy(dtype=object),
                                                    register.to_numpy(dtype=object), table, spent, strict=True)
    )
    return BudgetSummary(
        budget_type=budget_type,
        total=_phases_of(quota, spend),
        basic=part("personnel", "public"),
        personnel=part("personnel"),
        public=part("public"),
        project=part("project"),
        projects=projects,
    )


def project_budgets(appropriations: pd.DataFrame, expenditures: pd.DataFrame,
                    projects: pd.DataFrame) -> tuple[ProjectBudget, ...]:
    """Phases per project code over every budget type, for every code found in quotas, vouchers or the register."""
    inputs = budget_inputs(appropriations.assign(budget_type=""), expenditures.assign(budget_type=""), projects)
    return summary_of(inputs, "").projects


def budget_summary(appropriations: pd.DataFrame, expenditures: pd.DataFrame, projects: pd.DataFrame,
                   budget_type: str = "general") -> BudgetSummary:
    """Phases of the unit, its kinds of spending and every project (found in quotas, vouchers or the register)."""
    return summary_of(budget_inputs(appropriations, expenditures, projects), budget_type)


def budget_types_present(appropriations: pd.DataFrame, expenditures: pd.DataFrame) -> tuple[str, ...]:
    """Budget types with any quota or spending, in the order of the report (一般公共 → 社会保险基金)."""
    present = set(appropriations["budget_type"]) | set(expenditures["budget_type"])
    return tuple(t for t in BUDGET_TYPES if t in present)


def rate(numerator: int, denominator: int) -> float | None:
    """A ratio for charts only (never for money): None when the denominator is zero."""
    return None if denominator == 0 else numerator / denominator
