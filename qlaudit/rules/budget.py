"""Budget execution (预算执行) rules on the phases of ``qlaudit.reconcile``.

- BUD-LOW-EXEC    预算执行率 = 执行数 / 调整后预算数 below ``low_execution_rate``, per project and for the unit
                  (per budget type). Source: 预算法 第三十二条 / 财预〔2020〕10号 预算执行率 indicator; Sichuan practice
                  asks for an explanation below 90% (domain.md §2).
- BUD-OVER-CLASS  超预算支出 per project × economic class (类, the first 3 digits of the 款 code): spending above the
                  project's quota on that class. Source: 预算法 第五十七条 (支出按预算执行, 不得超预算). Fact key
                  ``overspend:<project>``, shared with REC-BUDGET's overspend of the project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.ledgers.schema import category_label
from qlaudit.money import format_rate, format_wan
from qlaudit.reconcile import Phases
from qlaudit.rules.common import budget_types, percent, rate_below

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings


def _low(uy: UnitYear, subject: str, title: str, ph: Phases, settings: RuleSettings,
         match: tuple[tuple[str, object], ...]) -> Draft:
    return Draft(Finding(
        rule="BUD-LOW-EXEC", severity="warning", subject=subject, title=title,
        explanation=f"调整后预算{format_wan(ph.adjusted)}万元，执行{format_wan(ph.spent)}万元，预算执行率 "
                    f"{format_rate(ph.spent, ph.adjusted)}，低于{percent(settings.low_execution_rate)}，"
                    f"未执行{format_wan(ph.adjusted - ph.spent)}万元，需说明原因。",
        amounts=(("adjusted", ph.adjusted), ("spent", ph.spent), ("unspent", ph.adjusted - ph.spent))),
        (EvidenceRequest(uy.unit, uy.year, "appropriations", match),))


def _finish_low(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """BUD-LOW-EXEC: 预算执行率 below ``low_execution_rate`` (预算法; 财预〔2020〕10号 预算执行率), evidence = the quotas."""
    out = []
    for bt in budget_types(rows):
        s = uy.summary(bt)
        label = category_label("budget_type", bt)
        if rate_below(s.total.spent, s.total.adjusted, settings.low_execution_rate):
            out.append(_low(uy, bt, f"{label}整体预算执行率低", s.total, settings, (("budget_type", bt),)))
        for p in s.projects:
            if rate_below(p.phases.spent, p.phases.adjusted, settings.low_execution_rate):
                out.append(_low(uy, p.code, f"项目“{p.name}”预算执行率低", p.phases, settings,
                                (("budget_type", bt), ("expense_kind", "project"), ("project_code", p.code))))
    return out


BUDGET_TYPES_SQL = """
SELECT unit, year, budget_type FROM appropriations UNION SELECT unit, year, budget_type FROM expenditures
ORDER BY unit, year, budget_type
"""


def budget_types_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    """The budget types present in each unit-year (any quota or voucher line); queried once per engine (three rules
    read it)."""
    return engine.cached("budget_types", lambda: engine.query(BUDGET_TYPES_SQL)).copy()


low_execution = ColumnarRule("low_execution", _finish_low, budget_types_candidates)

# Per project with quotas: its quota and spending per class, whether the quotas name one class or several, and for
# each compared group the ledger-order position from which the running spending exceeds the quota.
OVER_CLASS = """
WITH q AS (SELECT unit, year, project_code, economic_class AS cls, CAST(SUM(amount_fen) AS BIGINT) AS quota
           FROM appropriations WHERE expense_kind = 'project' GROUP BY ALL),
p AS (SELECT unit, year, project_code, COUNT(*) AS classes, MIN(cls) AS only_class FROM q GROUP BY ALL),
s AS (SELECT e.unit, e.year, e.project_code, e.line_id, e.ord, e.amount_fen,
             CASE WHEN p.classes = 1 THEN '' ELSE e.economic_class END AS cls
      FROM expenditures e JOIN p USING (unit, year, project_code) WHERE e.expense_kind = 'project'),
groups AS (
    SELECT unit, year, project_code, cls FROM s GROUP BY ALL
    UNION SELECT unit, year, project_code, CASE WHEN p.classes = 1 THEN '' ELSE q.cls END
          FROM q JOIN p USING (unit, year, project_code)),
quota AS (SELECT g.unit, g.year, g.project_code, g.cls,
                 CAST(COALESCE(SUM(q.quota), 0) AS BIGINT) AS quota
          FROM groups g LEFT JOIN q ON q.unit = g.unit AND q.year = g.year AND q.project_code = g.project_code
                                     AND (g.cls = '' OR q.cls = g.cls)
          GROUP BY ALL),
sums AS (SELECT unit, year, project_code, cls, CAST(SUM(amount_fen) AS BIGINT) AS spent FROM s GROUP BY ALL),
over AS (SELECT k.*, COALESCE(x.spent, 0) AS spent FROM quota k LEFT JOIN sums x USING (unit, year, project_code, cls)
         WHERE COALESCE(x.spent, 0) > k.quota),
running AS (SELECT s.*, SUM(amount_fen) OVER (PARTITION BY unit, year, project_code, cls ORDER BY ord
                                              ROWS UNBOUNDED PRECEDING) AS run
            FROM s SEMI JOIN over USING (unit, year, project_code, cls)),
crossing AS (SELECT r.unit, r.year, r.project_code, r.cls, MIN(r.ord) FILTER (WHERE r.run > o.quota) AS from_ord
             FROM running r JOIN over o USING (unit, year, project_code, cls) GROUP BY ALL),
names AS (
    SELECT unit, year, project_code, arg_min(project_name, line_id) AS name FROM appropriations
    WHERE expense_kind = 'project' AND project_name <> '' GROUP BY ALL),
spend_names AS (
    SELECT unit, year, project_code, arg_min(project_name, line_id) AS name FROM expenditures
    WHERE expense_kind = 'project' AND project_name <> '' GROUP BY ALL)
SELECT o.unit, o.year, o.project_code, o.cls, p.only_class, o.quota, o.spent, c.from_ord,
       COALESCE(n.name, sn.name, o.project_code) AS name
FROM over o JOIN p USING (unit, year, project_code)
LEFT JOIN crossing c USING (unit, year, project_code, cls)
LEFT JOIN names n USING (unit, year, project_code)
LEFT JOIN spend_names sn USING (unit, year, project_code)
ORDER BY o.unit, o.year, o.project_code, o.cls
"""


def _over_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(OVER_CLASS)


def _finish_over(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """BUD-OVER-CLASS: 超预算支出 per project × economic class (预算法 第五十七条).

    When a project's quotas name two or more classes, each class is compared with its own quota (a class with
    spending and no quota has a quota of 0). When they name a single class, the quota covers the whole project and
    all its spending is compared with it. Projects without any quota are REC-NO-QUOTA's. Evidence: the lines from the
    one that exhausts the quota onwards.
    """
    out = []
    for r in rows.itertuples(index=False):
        code, cls, quota_fen, spent = r.project_code, r.cls, int(r.quota), int(r.spent)
        where = f"经济分类{cls}类" if cls else f"项目整体（指标均在{r.only_class}类）"
        from_ord = NEVER if pd.isna(r.from_ord) else int(r.from_ord)
        out.append(Draft(Finding(
            rule="BUD-OVER-CLASS", severity="error", subject=f"{code}/{cls}" if cls else code,
            title=f"项目“{r.name}”{where}超预算支出",
            explanation=f"项目{code} {where}：指标{format_wan(quota_fen)}万元，支出{format_wan(spent)}万元，"
                        f"超出{format_wan(spent - quota_fen)}万元。证据列示自指标用完之日起的支出。",
            amounts=(("quota", quota_fen), ("spent", spent), ("excess", spent - quota_fen)), fact=f"overspend:{code}"),
            (EvidenceRequest(uy.unit, uy.year, match=(("project_code", code),), where=CROSSING,
                             values=(("from_ord", from_ord), ("cls", cls))),)))
    return out


NEVER = 2**62  # no line crosses the quota (a group without spending lines)
CROSSING = "l.expense_kind = 'project' AND l.ord >= k.from_ord AND (k.cls = '' OR l.economic_class = k.cls)"


over_class_budget = ColumnarRule("over_class_budget", _finish_over, _over_candidates)
