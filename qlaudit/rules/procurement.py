"""Split purchases (拆分采购 / 化整为零规避政府采购).

- SPLIT-PURCHASE  two or more purchases from the same payee, or with the same 摘要 stem, by the same department for
                  the same budget line (the project; basic spending is one line) within ``split_window_days``, each
                  below ``procurement_threshold_fen`` and together above it

Only lines on ``procurement_classes`` (goods, services, works) count; reversals and the payments they cancel are left
out. Windows start at a purchase and take every purchase of the group within the window; windows do not overlap.
A stem window whose lines were all reported under a payee is not repeated. Grouping by department and budget line
(not across the whole unit) keeps every department's 购买办公用品 apart: a split is one buyer's need cut in pieces.
The window sums are computed as sets (SQL window functions); only the groups with a window above the threshold
reach Python. Source: 政府采购法 第二十八条 (不得将应当以公开招标方式采购的货物或者服务化整为零); 政府采购法实施条例
第二十八条; domain.md §7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.ledgers.keys import summary_stem
from qlaudit.money import format_wan, format_yuan

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

__all__ = ["MIN_STEM", "split_purchases", "summary_stem"]

MIN_STEM = 2

# Per grouping (payee key, then stem) and group (department, project, key), in ledger order: for each line the last
# line within the window (``reach``) and the sum from the line to it; a line starts a window when the window has a
# second line and its sum is above the threshold. Only groups with such a line come back, with all their lines.
WINDOWS = """
WITH c AS (
    SELECT unit, year, line_id, ord, date, payee, amount_fen, department, project_code, payee_key, stem
    FROM expenditures
    WHERE NOT excluded AND amount_fen > 0 AND amount_fen < $threshold AND list_contains($classes, economic_class)),
keyed AS (
    SELECT *, 1 AS pass, payee_key AS key FROM c WHERE length(payee_key) >= 1
    UNION ALL
    SELECT *, 2 AS pass, stem AS key FROM c WHERE length(stem) >= $min_stem),
w AS (
    SELECT *,
        ROW_NUMBER() OVER (PARTITION BY unit, year, pass, department, project_code, key ORDER BY ord) - 1 AS pos,
        COUNT(*) OVER (PARTITION BY unit, year, pass, department, project_code, key ORDER BY date
                       RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL ($days) DAY FOLLOWING) - 1 AS reach,
        SUM(amount_fen) OVER (PARTITION BY unit, year, pass, department, project_code, key ORDER BY ord
                              ROWS UNBOUNDED PRECEDING) AS running
    FROM keyed),
starts AS (
    SELECT a.*, CAST(b.running - a.running + a.amount_fen AS BIGINT) AS window_sum
    FROM w a JOIN w b ON a.unit = b.unit AND a.year = b.year AND a.pass = b.pass AND a.department = b.department
                     AND a.project_code = b.project_code AND a.key = b.key AND b.pos = a.reach)
SELECT unit, year, pass, department, project_code, key, line_id, pos, reach, window_sum, date, payee, amount_fen,
       reach > pos AND window_sum > $threshold AS opens
FROM starts
QUALIFY bool_or(reach > pos AND window_sum > $threshold)
        OVER (PARTITION BY unit, year, pass, department, project_code, key)
ORDER BY unit, year, pass, key, department, project_code, pos
"""


def _candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(WINDOWS, {
        "threshold": settings.procurement_threshold_fen, "classes": list(settings.procurement_classes),
        "min_stem": MIN_STEM, "days": settings.split_window_days})


def _finish(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """SPLIT-PURCHASE: purchases split to stay below the procurement threshold (政府采购法 第二十八条)."""
    threshold = settings.procurement_threshold_fen
    out: list[Draft] = []
    reported: set[int] = set()
    for (pass_, key, department, project), group in rows.groupby(["pass", "key", "department", "project_code"],
                                                                 sort=True):
        label = "收款人" if pass_ == 1 else "摘要"
        lines = group.reset_index(drop=True)
        opens, reach = lines["opens"].to_numpy(), lines["reach"].to_numpy()
        i = 0
        for start in (int(p) for p in lines.index[opens]):  # greedy: the next window starts after the last one
            if start < i:
                continue
            window = lines.iloc[start: int(reach[start]) + 1]
            i = int(reach[start]) + 1
            ids = [int(x) for x in window["line_id"]]
            if set(ids) <= reported:
                continue
            reported |= set(ids)
            out.append(_finding(uy, label, str(window["payee"].iloc[0]) if pass_ == 1 else str(key),
                                str(department), str(project), window, threshold))
    return out


def _finding(uy: UnitYear, label: str, who: str, department: str, project: str, window: pd.DataFrame,
             threshold: int) -> Draft:
    total, largest = int(window["amount_fen"].sum()), int(window["amount_fen"].max())
    first, last = window["date"].iloc[0].date(), window["date"].iloc[-1].date()
    buyer = "".join([f"部门“{department}”" if department else "", f"项目{project}" if project else ""])
    return Draft(Finding(
        rule="SPLIT-PURCHASE", severity="warning", subject=f"{label}:{who}",
        title=f"疑似拆分采购：{label}“{who}” {len(window)}笔合计{format_wan(total)}万元",
        explanation=f"{first.isoformat()}至{last.isoformat()}（{(last - first).days + 1}天内）"
                    f"{buyer + '向' if buyer and label == '收款人' else buyer}{label}“{who}”的{len(window)}笔采购，"
                    f"每笔低于采购限额{format_yuan(threshold)}元（最大一笔{format_yuan(largest)}元），合计"
                    f"{format_yuan(total)}元，超过限额。请核实是否属于同一采购需求被拆分以规避政府采购程序。",
        amounts=(("total", total), ("threshold", threshold), ("largest", largest))),
        (EvidenceRequest(uy.unit, uy.year, line_ids=tuple(int(x) for x in window["line_id"])),))


split_purchases = ColumnarRule("split_purchases", _finish, _candidates)
