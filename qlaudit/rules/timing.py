"""Year-end spending (年底突击花钱).

- TIM-DEC-RUSH   a project's December spending above ``december_share_project`` of its annual spending
- TIM-Q4-SHARE   the unit's October–December spending above ``q4_share`` of its annual spending

Source: 财政部 关于加强年末财政支出管理 / 严禁年底突击花钱 (预算执行均衡性; domain.md §7). Shares are of net
spending (reversals included), compared exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.money import format_rate, format_wan
from qlaudit.rules.common import percent, share_above

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

# One row per project (scope 'project') and one for the unit (scope 'unit', project_code '').
CANDIDATES = """
SELECT unit, year, 'project' AS scope, project_code,
       CAST(SUM(amount_fen) AS BIGINT) AS annual,
       CAST(COALESCE(SUM(amount_fen) FILTER (WHERE month = 12), 0) AS BIGINT) AS part,
       CAST(COUNT(*) FILTER (WHERE month = 12) AS BIGINT) AS part_lines,
       COALESCE(arg_min(project_name, line_id) FILTER (WHERE project_name <> ''), project_code) AS name
FROM expenditures WHERE expense_kind = 'project'
GROUP BY unit, year, project_code
UNION ALL
SELECT unit, year, 'unit', '', CAST(SUM(amount_fen) AS BIGINT),
       CAST(COALESCE(SUM(amount_fen) FILTER (WHERE month >= 10), 0) AS BIGINT), 0, ''
FROM expenditures GROUP BY unit, year
ORDER BY unit, year, scope, project_code
"""


def _candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(CANDIDATES)


def _finish(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """TIM-DEC-RUSH per project (December share) and TIM-Q4-SHARE for the unit (Q4 share): 年底突击花钱.

    Evidence: the project's December lines; for the unit, its fourth-quarter lines other than 人员经费 (pay is spread
    evenly over the year and is not what a rush is made of).
    """
    out = []
    for r in rows[rows["scope"] == "project"].itertuples(index=False):
        annual, dec = int(r.annual), int(r.part)
        if not share_above(dec, annual, settings.december_share_project):
            continue
        out.append(Draft(Finding(
            rule="TIM-DEC-RUSH", severity="warning", subject=r.project_code, title=f"项目“{r.name}”12月支出占比过高",
            explanation=f"项目{r.project_code}全年支出{format_wan(annual)}万元，其中12月{format_wan(dec)}万元"
                        f"（{int(r.part_lines)}笔），占{format_rate(dec, annual)}，超过"
                        f"{percent(settings.december_share_project)}，存在年底突击花钱的迹象，需核实支出的真实性和必要性。",
            amounts=(("annual", annual), ("december", dec))),
            (EvidenceRequest(uy.unit, uy.year, match=(("project_code", r.project_code),),
                             where="l.expense_kind = 'project' AND l.month = 12"),)))
    for r in rows[rows["scope"] == "unit"].itertuples(index=False):
        annual, q4 = int(r.annual), int(r.part)
        if share_above(q4, annual, settings.q4_share):
            out.append(Draft(Finding(
                rule="TIM-Q4-SHARE", severity="warning", subject="", title="第四季度支出占全年支出比例过高",
                explanation=f"全年支出{format_wan(annual)}万元，第四季度{format_wan(q4)}万元，占"
                            f"{format_rate(q4, annual)}，超过{percent(settings.q4_share)}，预算执行不均衡。"
                            "证据列示第四季度除人员经费以外的支出。",
                amounts=(("annual", annual), ("q4", q4))),
                (EvidenceRequest(uy.unit, uy.year, where="l.month >= 10 AND l.expense_kind <> 'personnel'"),)))
    return out


december_rush = ColumnarRule("december_rush", _finish, _candidates)
