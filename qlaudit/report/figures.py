"""The budget figures the report prints (表1, 表2 and every sentence that repeats them), computed once.

Two things differ from ``qlaudit.reconcile.Phases`` on purpose, so that the report agrees with the 部门整体支出绩效自评表
(``qlaudit.scoring.score_unit``):

- **年底收回 is its own column, not an adjustment.** A year-end 调减 that recovers unused quota (``qlaudit.recovery``:
  文号名称 "年底收回…", ``[unit] year_end_recovery`` of the scoring settings) is kept out of 调减. 表1 shows
  年初 + 追加 − 调减 + 上年结转 = 全年预算数, then 年底收回, 实际支出 and 年末结转 = 全年预算数 − 年底收回 − 实际支出;
  预算执行率 = 实际支出 ÷ 全年预算数, the budget *before* the recovery (netted, basic execution would be 100% by
  construction). The ledgers' 调整后预算 (after the recovery) is ``adjusted``.
- **No negative 年末结转.** A line spent beyond its budget has 年末结转 0 and an 超支金额; a total's 年末结转 and 超支
  are the sums over the lines below it (人员经费, 公用经费, each project), so 表1 agrees with 十.

Printed amounts are balanced top-down (``rounding.balance``): the unit total as rounded, then 基本/项目 to it, then
人员/公用 to 基本, then each project to 项目支出, column by column, so that every printed table adds up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from qlaudit.money import format_rate, to_wan
from qlaudit.reconcile import BudgetSummary
from qlaudit.recovery import is_recovery
from qlaudit.rounding import balance

COLUMNS = ("initial", "addition", "reduction", "cut", "recovered", "carry_in", "full_year", "adjusted", "income", "spent",
           "carry_out", "overspent")
UNCODED = "（未填项目编码）"


@dataclass(frozen=True)
class Line:
    """Exact figures (分) of one line of budget: a kind of spending, a project or a total."""

    key: str
    label: str
    initial: int = 0
    addition: int = 0
    reduction: int = 0  # 年中调减 (≤ 0), without the year-end recovery
    recovered: int = 0  # 年底收回未用指标 (≥ 0)
    carry_in: int = 0
    spent: int = 0
    carry_out: int = 0  # Σ max(balance, 0) over the leaves
    overspent: int = 0  # Σ max(−balance, 0) over the leaves

    @property
    def full_year(self) -> int:
        """全年预算数 = 年初 + 年中追加 + 年中调减 + 上年结转 (before the year-end recovery)."""
        return self.initial + self.addition + self.reduction + self.carry_in

    @property
    def cut(self) -> int:
        """年中调减 as a positive amount (without the year-end recovery), as the tables print it."""
        return -self.reduction

    @property
    def adjusted(self) -> int:
        """调整后预算 as the ledgers compute it: 全年预算数 − 年底收回."""
        return self.full_year - self.recovered

    @property
    def income(self) -> int:
        """本年预算（财政拨款收入）= 年初 + 追加 − 调减 − 年底收回."""
        return self.initial + self.addition + self.reduction - self.recovered

    @property
    def adjustments(self) -> int:
        return self.addition + self.reduction

    @property
    def rate(self) -> str:
        """预算执行率 = 实际支出 ÷ 全年预算数 (before the year-end recovery, as the 自评表 computes it)."""
        return format_rate(self.spent, self.full_year)

    @property
    def rate_after_recovery(self) -> str:
        """实际支出 ÷ 调整后预算 (after the year-end recovery): the ledgers' rate, 100% for a basic budget recovered."""
        return format_rate(self.spent, self.adjusted)

    def get(self, column: str) -> int:
        return int(getattr(self, column))


def leaf(key: str, label: str, sources: dict[str, int], recovered: int, spent: int) -> Line:
    """One line from its quota sums per source (without recoveries), its recovered quota and its spending."""
    line = Line(key, label, sources.get("initial", 0), sources.get("addition", 0), sources.get("reduction", 0),
                recovered, sources.get("carry_in", 0), spent)
    rest = line.full_year - line.recovered - line.spent
    return Line(**{**line.__dict__, "carry_out": max(rest, 0), "overspent": max(-rest, 0)})


def _sums(quota: pd.DataFrame, spend: pd.DataFrame, recovery: pd.Series, by: str) -> Callable[[str, str, str], Line]:
    """Vectorised sums per ``by`` value (expense kind or project code): one groupby, not one filter per line."""
    rec = recovery.reindex(quota.index, fill_value=False)
    sources = quota[~rec].groupby([by, "source"])["amount_fen"].sum()
    recovered = quota[rec].groupby(by)["amount_fen"].sum()
    spent = spend.groupby(by)["amount_fen"].sum()
    per: dict[str, dict[str, int]] = {}
    for (value, source), amount in sources.items():
        per.setdefault(str(value), {})[str(source)] = int(amount)

    def line(value: str, key: str, label: str) -> Line:
        return leaf(key, label, per.get(value, {}), -int(recovered.get(value, 0)), int(spent.get(value, 0)))

    return line


def total_of(key: str, label: str, lines: list[Line]) -> Line:
    sums = {c: sum(getattr(x, c) for x in lines) for c in ("initial", "addition", "reduction", "recovered",
                                                             "carry_in", "spent", "carry_out", "overspent")}
    return Line(key, label, **sums)


@dataclass(frozen=True)
class BudgetFigures:
    """表1 (basic, personnel, public, project, total) and 表2 (each project), exact and as printed."""

    total: Line
    basic: Line
    personnel: Line
    public: Line
    project: Line
    projects: tuple[Line, ...]
    names: dict[str, str] = field(default_factory=dict)  # project code → name
    _shown: dict[tuple[str, str], Decimal] = field(default_factory=dict, repr=False)

    def shown(self, line: Line | str, column: str) -> Decimal:
        """The printed 万元 amount of ``line``'s ``column`` (balanced)."""
        key = line if isinstance(line, str) else line.key
        return self._shown[(key, column)]

    def wan(self, line: Line | str, column: str) -> str:
        value = self.shown(line, column)
        return f"{abs(value) if value.is_zero() else value:.2f}"

    @property
    def has_overspend(self) -> bool:
        return self.total.overspent > 0

    @property
    def has_recovery(self) -> bool:
        return self.total.recovered > 0


def budget_figures(appropriations: pd.DataFrame, expenditures: pd.DataFrame, summary: BudgetSummary,
                   recovery_keywords: tuple[str, ...], budget_type: str = "general") -> BudgetFigures:
    quota = appropriations[appropriations["budget_type"] == budget_type]
    spend = expenditures[expenditures["budget_type"] == budget_type]
    recovery = is_recovery(quota, recovery_keywords)  # 年底收回: its own column

    kind = _sums(quota, spend, recovery, "expense_kind")
    personnel = kind("personnel", "personnel", "人员经费")
    public = kind("public", "public", "公用经费")
    per_project = _sums(quota[quota["expense_kind"] == "project"], spend[spend["expense_kind"] == "project"], recovery,
                        "project_code")
    projects = [per_project(p.code, f"p:{p.code}", p.name) for p in summary.projects]
    uncoded = per_project("", f"p:{UNCODED}", UNCODED)
    if any(uncoded.get(c) for c in ("initial", "addition", "reduction", "recovered", "carry_in", "spent")):
        projects.append(uncoded)
    basic = total_of("basic", "基本支出", [personnel, public])
    project = total_of("project", "项目支出", projects)
    total = total_of("total", "合计", [basic, project])
    shown: dict[tuple[str, str], Decimal] = {}
    for column in COLUMNS:
        top = to_wan(total.get(column))
        shown[("total", column)] = top
        b, p = balance(top, [basic.get(column), project.get(column)])
        shown[("basic", column)], shown[("project", column)] = b, p
        shown[("personnel", column)], shown[("public", column)] = balance(b, [personnel.get(column),
                                                                              public.get(column)])
        if projects:
            for line, value in zip(projects, balance(p, [x.get(column) for x in projects]), strict=True):
                shown[(line.key, column)] = value
    names = {p.code: p.name for p in summary.projects}
    return BudgetFigures(total, basic, personnel, public, project, tuple(projects), names, shown)
