"""The 项目支出绩效自评表 of each project in the official column layout (财预〔2020〕10号 附件), as data.

Funds block, one row each: 年度资金总额 / 其中：本年财政拨款 / 上年结转 / 其他资金; columns 年初预算数, 全年预算数,
全年执行数, 分值, 执行率, 得分 (分值 and 得分 on the total row only). 上年结转 is known on 1 January (its quota
document is dated then), so it counts in 年初预算数 too (verify against the province's template). Spending is split
between this year's appropriation and the carry-over by the quota document each voucher line names; a line naming
no carry-over document counts as this year's money. All ledger money here is 财政拨款: 其他资金 is 0.

Indicator block: the project's ``IndicatorScore`` rows (一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分) with
the 偏差原因分析 text computed from the figures (the deviation, or the over-achievement to explain). The cause of a
deviation is the unit's to give: the ledgers do not hold it, so it is not invented here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.money import format_rate
from qlaudit.scoring.projects import IndicatorScore, ScoreCard

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook


@dataclass(frozen=True)
class FundLine:
    label: str
    initial_fen: int  # 年初预算数
    full_year_fen: int  # 全年预算数
    spent_fen: int  # 全年执行数
    points: Decimal | None = None  # 分值 (total row only)
    score: Decimal | None = None  # 得分 (total row only)

    @property
    def rate(self) -> str:
        """执行率 as printed, '—' without a budget."""
        return format_rate(self.spent_fen, self.full_year_fen)


@dataclass(frozen=True)
class ProjectTable:
    code: str
    name: str
    unit_name: str
    year: int
    goal: str  # the project's purpose / 年度目标 from the register
    funds: tuple[FundLine, ...]
    indicators: tuple[IndicatorScore, ...]
    points_available: Decimal
    total: Decimal
    grade: str
    notes: tuple[str, ...]  # deductions and remarks of the project, in Chinese

    @staticmethod
    def deviation(indicator: IndicatorScore) -> str:
        """偏差原因分析及改进措施 column: what the figures show ('' when met without remark)."""
        return "；".join(t for t in (indicator.deduction_reason, indicator.flag) if t)


def _spent_from_carry_in(workbook: Workbook) -> pd.Series:
    """Project spending (分) drawn on a carry-over quota document of the same project, by project code."""
    quota, spend = workbook.appropriations, workbook.expenditures
    carry = quota[(quota["expense_kind"] == "project") & (quota["source"] == "carry_in")]
    keys = pd.MultiIndex.from_frame(carry[["project_code", "quota_doc"]].drop_duplicates())
    project = spend[spend["expense_kind"] == "project"]
    on_carry = pd.MultiIndex.from_frame(project[["project_code", "quota_doc"]]).isin(keys)
    return project[on_carry].groupby("project_code")["amount_fen"].sum()


def project_tables(workbook: Workbook, card: ScoreCard) -> tuple[ProjectTable, ...]:
    """One 自评表 per scored project of ``card`` (``score_projects`` of the same workbook), in the card's order."""
    from_carry = _spent_from_carry_in(workbook)
    register = (workbook.projects.drop_duplicates("project_code").set_index("project_code")["purpose"]
                .fillna("").astype(str).str.strip())
    tables = []
    for p in card.projects:
        phases = p.phases
        if phases is None:
            continue
        carried = int(from_carry.get(p.code, 0))
        funds = (
            FundLine("年度资金总额", phases.initial + phases.carry_in, phases.adjusted, phases.spent,
                     p.execution_points_available, p.execution_points),
            FundLine("其中：本年财政拨款", phases.initial, phases.income, phases.spent - carried),
            FundLine("上年结转", phases.carry_in, phases.carry_in, carried),
            FundLine("其他资金", 0, 0, 0),
        )
        goal = str(register[p.code]) if p.code in register.index else ""
        tables.append(ProjectTable(p.code, p.name, workbook.unit.name, workbook.year, goal, funds, p.indicators,
                                   p.points_available, p.total, p.grade, (*p.deductions, *p.notes)))
    return tuple(tables)
