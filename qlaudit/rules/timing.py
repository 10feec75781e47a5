"""Year-end spending (年底突击花钱).

- TIM-DEC-RUSH   a project's December spending above ``december_share_project`` of its annual spending
- TIM-Q4-SHARE   the unit's October–December spending above ``q4_share`` of its annual spending

Source: 财政部 关于加强年末财政支出管理 / 严禁年底突击花钱 (预算执行均衡性; domain.md §7). Shares are of net
spending (reversals included), compared exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_rate, format_wan
from qlaudit.rules.common import percent, share_above

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


def december_rush(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """TIM-DEC-RUSH per project (December share) and TIM-Q4-SHARE for the unit (Q4 share): 年底突击花钱.

    Evidence: the project's December lines; for the unit, its fourth-quarter lines other than 人员经费 (pay is spread
    evenly over the year and is not what a rush is made of).
    """
    spend = wb.expenditures
    month = spend["date"].dt.month
    projects = spend[spend["expense_kind"] == "project"]
    out = []
    for code in sorted(set(projects["project_code"])):
        lines = projects[projects["project_code"] == code]
        annual = int(lines["amount_fen"].sum())
        december = lines[month[lines.index] == 12]
        dec = int(december["amount_fen"].sum())
        if not share_above(dec, annual, settings.december_share_project):
            continue
        name = next((n for n in lines["project_name"] if n), code)
        out.append(Finding(
            rule="TIM-DEC-RUSH", severity="warning", subject=code, title=f"项目“{name}”12月支出占比过高",
            explanation=f"项目{code}全年支出{format_wan(annual)}万元，其中12月{format_wan(dec)}万元"
                        f"（{len(december)}笔），占{format_rate(dec, annual)}，超过"
                        f"{percent(settings.december_share_project)}，存在年底突击花钱的迹象，需核实支出的真实性和必要性。",
            amounts=(("annual", annual), ("december", dec)), evidence=evidence_from(december),
        ))
    annual = int(spend["amount_fen"].sum())
    q4 = int(spend.loc[month >= 10, "amount_fen"].sum())
    if share_above(q4, annual, settings.q4_share):
        shown = spend[(month >= 10) & (spend["expense_kind"] != "personnel")]
        out.append(Finding(
            rule="TIM-Q4-SHARE", severity="warning", subject="", title="第四季度支出占全年支出比例过高",
            explanation=f"全年支出{format_wan(annual)}万元，第四季度{format_wan(q4)}万元，占"
                        f"{format_rate(q4, annual)}，超过{percent(settings.q4_share)}，预算执行不均衡。"
                        "证据列示第四季度除人员经费以外的支出。",
            amounts=(("annual", annual), ("q4", q4)), evidence=evidence_from(shown),
        ))
    return out
