"""Reconciliation identities (勾稽关系) between the three ledgers, evaluated every time.

- REC-TOTAL     支出合计 = 基本支出 + 项目支出
- REC-BASIC     基本支出 = 人员经费 + 公用经费
- REC-PROJECTS  项目支出 = Σ 各项目支出, every project code registered in the project register
- REC-BUDGET    per project: 执行数 ≤ 调整后预算 (年初 + 追加 + 调减 + 上年结转); spending beyond the 年初 budget is
                explained by carry-in and adjustments; spending on a project with no 年初 budget is noted, except
                the part paid from the project's own 上年结转 (结转资金按原用途使用: not a problem; when all of it is,
                a passed info finding states the carry-over lineage). An overspend carries the fact key
                ``overspend:<project>`` it shares with BUD-OVER-CLASS (the report tells it once)
- REC-NO-QUOTA  spending with no matching quota (无预算支出): a project code, or a basic economic code, that no
                quota line of the year covers

Source: 预算法 and 部门决算 conventions summarised in ../shared/domain.md §2 and §5. These identities have no
thresholds: they take ``settings`` only to share the signature ``(workbook, settings)`` of every rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.ledgers.schema import category_label
from qlaudit.money import format_wan
from qlaudit.rules.budget import budget_types_candidates
from qlaudit.rules.common import budget_types

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings


def _identity(rule: str, subject: str, title: str, parts: str, expected: int, actual: int) -> Finding:
    difference = actual - expected
    passed = difference == 0
    return Finding(
        rule=rule,
        severity="info" if passed else "error",
        title=title + ("一致" if passed else "不一致"),
        explanation=(
            f"{parts}：应为{format_wan(expected)}万元，实为{format_wan(actual)}万元"
            + ("，勾稽一致。" if passed else f"，相差{format_wan(difference)}万元。")
        ),
        subject=subject,
        amounts=(("expected", expected), ("actual", actual), ("difference", difference)),
        passed=passed,
    )


def _project_lines(uy: UnitYear, code: str) -> EvidenceRequest:
    return EvidenceRequest(uy.unit, uy.year, match=(("expense_kind", "project"), ("project_code", code)))


def _carry_match(code: str) -> tuple[tuple[str, object], ...]:
    return (("expense_kind", "project"), ("project_code", code), ("source", "carry_in"))


def _lineage(uy: UnitYear, code: str, carry_in: int) -> str:
    """Where the carry-in came from: last year's 年末结转 of the same project (same purpose), when that year is
    loaded; else the carry-in quota alone."""
    previous = uy.previous()
    before = next((p for p in previous.summary("general").projects if p.code == code), None) if previous else None
    if before is None:
        return f"上年结转指标{format_wan(carry_in)}万元为该项目结转资金（上年账套未载入，来源按结转指标列示）。"
    b = before.phases
    return (f"上年结转{format_wan(carry_in)}万元来自{uy.year - 1}年该项目：调整后预算{format_wan(b.adjusted)}万元，"
            f"执行{format_wan(b.spent)}万元，年末结转{format_wan(max(b.carry_out, 0))}万元。")


def _finish_total(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    out = []
    for bt in budget_types(rows):
        s = uy.summary(bt)
        label = category_label("budget_type", bt)
        out.append(Draft(_identity("REC-TOTAL", bt, f"{label}支出合计与基本支出、项目支出之和",
                                   "支出合计 = 基本支出 + 项目支出", s.basic.spent + s.project.spent, s.total.spent)))
    return out


def _finish_basic(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    out = []
    for bt in budget_types(rows):
        s = uy.summary(bt)
        label = category_label("budget_type", bt)
        out.append(Draft(_identity("REC-BASIC", bt, f"{label}基本支出与人员经费、公用经费之和",
                                   "基本支出 = 人员经费 + 公用经费", s.personnel.spent + s.public.spent, s.basic.spent)))
    return out


PROJECTS_SQL = """
SELECT unit, year, 'type' AS row_kind, budget_type, '' AS project_code, '' AS name, 0 AS spent
FROM (SELECT unit, year, budget_type FROM appropriations UNION SELECT unit, year, budget_type FROM expenditures)
UNION ALL
SELECT e.unit, e.year, 'unregistered', '', e.project_code,
       COALESCE(arg_min(e.project_name, e.line_id) FILTER (WHERE e.project_name <> ''), e.project_code),
       CAST(SUM(e.amount_fen) AS BIGINT)
FROM expenditures e ANTI JOIN projects p ON p.unit = e.unit AND p.year = e.year AND p.project_code = e.project_code
WHERE e.expense_kind = 'project'
GROUP BY e.unit, e.year, e.project_code
ORDER BY unit, year, row_kind, budget_type, project_code
"""


def _projects_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(PROJECTS_SQL)


def _finish_projects(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    out = []
    for bt in budget_types(rows[rows["row_kind"] == "type"]):
        s = uy.summary(bt)
        label = category_label("budget_type", bt)
        per_project = sum(p.phases.spent for p in s.projects)
        out.append(Draft(_identity("REC-PROJECTS", bt, f"{label}项目支出与各项目支出之和",
                                   "项目支出 = Σ 各项目支出", per_project, s.project.spent)))
    for r in rows[rows["row_kind"] == "unregistered"].itertuples(index=False):
        out.append(Draft(Finding(
            rule="REC-PROJECTS", severity="warning", subject=r.project_code,
            title=f"项目“{r.name}”未在项目库登记",
            explanation=f"凭证记录了项目{r.project_code}的支出{format_wan(int(r.spent))}万元，"
                        "但项目库（projects）中没有该项目，无法对照绩效目标。",
            amounts=(("spent", int(r.spent)),)), (_project_lines(uy, r.project_code),)))
    return out


QUOTA_CODES_SQL = """
SELECT DISTINCT unit, year, project_code FROM appropriations WHERE project_code <> '' ORDER BY ALL
"""


def _quota_codes(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(QUOTA_CODES_SQL)


def _finish_budget(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    out = []
    with_quota = set(rows["project_code"]) if "project_code" in rows.columns else set()
    for p in uy.summary("general").projects:
        ph = p.phases
        if ph.spent == 0 and ph.adjusted == 0:
            continue
        amounts = (("initial", ph.initial), ("adjustments", ph.adjustments), ("carry_in", ph.carry_in),
                   ("adjusted", ph.adjusted), ("spent", ph.spent))
        lines = (_project_lines(uy, p.code),)
        phases_text = (f"年初预算{format_wan(ph.initial)}万元，追加/调减{format_wan(ph.adjustments)}万元，"
                       f"上年结转{format_wan(ph.carry_in)}万元，调整后预算{format_wan(ph.adjusted)}万元，"
                       f"实际支出{format_wan(ph.spent)}万元")
        if p.code not in with_quota:
            continue  # spending without any quota is REC-NO-QUOTA's finding
        if ph.spent > ph.adjusted:
            out.append(Draft(Finding(
                rule="REC-BUDGET", severity="error", subject=p.code, title=f"项目“{p.name}”支出超出调整后预算",
                explanation=f"{phases_text}，超支{format_wan(ph.spent - ph.adjusted)}万元（超预算支出）。",
                fact=f"overspend:{p.code}",
                amounts=(*amounts, ("excess", ph.spent - ph.adjusted))), lines))
        elif ph.initial == 0 and ph.spent > 0 and 0 < ph.carry_in and ph.spent <= ph.carry_in:
            out.append(Draft(Finding(
                rule="REC-BUDGET", severity="info", passed=True, subject=p.code,
                title=f"项目“{p.name}”以上年结转资金按原用途支出",
                explanation=f"{phases_text}。{_lineage(uy, p.code, ph.carry_in)}本年支出全部由该项目上年结转资金安排，"
                            "结转资金按原用途使用，不属于年初预算编制不完整。",
                amounts=amounts), (uy.quota_evidence(_carry_match(p.code)), *lines)))
        elif ph.initial == 0 and ph.spent > 0:
            beyond = ph.spent - ph.carry_in
            funded = ("年中追加" if ph.adjustments > 0 else "") + ("及" if ph.adjustments > 0 and ph.carry_in > 0 else "") \
                + ("上年结转" if ph.carry_in > 0 else "")
            partly = (f"其中{format_wan(ph.carry_in)}万元由上年结转资金按原用途安排，超出结转资金的"
                      f"{format_wan(beyond)}万元未纳入年初预算" if ph.carry_in > 0 else "该项目支出未纳入年初预算")
            out.append(Draft(Finding(
                rule="REC-BUDGET", severity="warning", subject=p.code, title=f"项目“{p.name}”未纳入年初预算",
                explanation=f"{phases_text}。{partly}，资金来自{funded}，预算编制的完整性有待加强。",
                amounts=(*amounts, ("beyond_carry_in", beyond)) if ph.carry_in > 0 else amounts), lines))
        elif ph.spent > ph.initial:
            covered_by = []
            if ph.carry_in > 0:
                covered_by.append(f"上年结转{format_wan(ph.carry_in)}万元")
            if ph.adjustments > 0:
                covered_by.append(f"年中追加{format_wan(ph.adjustments)}万元")
            out.append(Draft(Finding(
                rule="REC-BUDGET", severity="info", subject=p.code, title=f"项目“{p.name}”支出超过年初预算，由结转及调整资金弥补",
                explanation=f"{phases_text}。实际支出超过年初预算{format_wan(ph.spent - ph.initial)}万元，"
                            f"由{'、'.join(covered_by)}弥补，未超出调整后预算。",
                amounts=(*amounts, ("beyond_initial", ph.spent - ph.initial))), lines))
        if p.in_initial_budget and ph.initial == 0:
            out.append(Draft(Finding(
                rule="REC-BUDGET", severity="warning", subject=p.code, title=f"项目“{p.name}”登记为年初预算项目但无年初指标",
                explanation="项目库标注该项目纳入年初预算，但指标账中没有该项目的年初预算指标。",
                amounts=amounts,
            )))
    return out


NO_QUOTA_SQL = """
WITH pq AS (SELECT DISTINCT unit, year, project_code FROM appropriations WHERE expense_kind = 'project'),
bq AS (SELECT DISTINCT unit, year, economic_code FROM appropriations WHERE expense_kind <> 'project')
SELECT e.unit, e.year, 'project' AS scope, e.project_code AS code,
       COALESCE(arg_min(e.project_name, e.line_id) FILTER (WHERE e.project_name <> ''), e.project_code) AS name,
       CAST(SUM(e.amount_fen) AS BIGINT) AS total, CAST(COUNT(*) AS BIGINT) AS n
FROM expenditures e ANTI JOIN pq ON pq.unit = e.unit AND pq.year = e.year AND pq.project_code = e.project_code
WHERE e.expense_kind = 'project' GROUP BY e.unit, e.year, e.project_code
UNION ALL
SELECT e.unit, e.year, 'basic', e.economic_code, '', CAST(SUM(e.amount_fen) AS BIGINT), CAST(COUNT(*) AS BIGINT)
FROM expenditures e ANTI JOIN bq ON bq.unit = e.unit AND bq.year = e.year AND bq.economic_code = e.economic_code
WHERE e.expense_kind <> 'project' GROUP BY e.unit, e.year, e.economic_code
UNION ALL
SELECT unit, year, 'all', '', '', CAST(SUM(amount_fen) AS BIGINT), CAST(COUNT(*) AS BIGINT)
FROM expenditures GROUP BY unit, year
ORDER BY unit, year, scope DESC, code
"""


def _no_quota_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(NO_QUOTA_SQL)


def _finish_no_quota(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    out = []
    for r in rows[rows["scope"] == "project"].itertuples(index=False):
        total = int(r.total)
        out.append(Draft(Finding(
            rule="REC-NO-QUOTA", severity="error", subject=r.code, title=f"项目“{r.name}”无预算指标支出",
            explanation=f"项目{r.code}支出{format_wan(total)}万元（{int(r.n)}笔），指标账中没有该项目的任何指标（无预算支出）。",
            amounts=(("spent", total),)), (_project_lines(uy, r.code),)))
    for r in rows[rows["scope"] == "basic"].itertuples(index=False):
        total = int(r.total)
        out.append(Draft(Finding(
            rule="REC-NO-QUOTA", severity="error", subject=r.code, title=f"基本支出经济分类{r.code}无预算指标",
            explanation=f"基本支出中经济分类{r.code}支出{format_wan(total)}万元（{int(r.n)}笔），指标账中没有该经济分类的基本支出指标。",
            amounts=(("spent", total),)),
            (EvidenceRequest(uy.unit, uy.year, match=(("economic_code", r.code),), where="l.expense_kind <> 'project'"),)))
    if not out:
        spent = int(rows.loc[rows["scope"] == "all", "total"].sum())
        out.append(Draft(Finding(
            rule="REC-NO-QUOTA", severity="info", title="所有支出均有对应预算指标", passed=True,
            explanation="每个项目支出的项目编码、每个基本支出的经济分类在指标账中均有对应指标。",
            amounts=(("spent", spent),),
        )))
    return out


total_identity = ColumnarRule("total_identity", _finish_total, budget_types_candidates,
                              "REC-TOTAL: 支出合计 = 基本支出 + 项目支出, per budget type.")
basic_identity = ColumnarRule("basic_identity", _finish_basic, budget_types_candidates,
                              "REC-BASIC: 基本支出 = 人员经费 + 公用经费, per budget type.")
projects_identity = ColumnarRule("projects_identity", _finish_projects, _projects_candidates,
                                 "REC-PROJECTS: 项目支出 = Σ 各项目支出; every project code in the project register.")
project_budget = ColumnarRule("project_budget", _finish_budget, _quota_codes,
                              "REC-BUDGET: per project, 执行数 against 调整后预算 and the 年初 budget.")
spending_without_quota = ColumnarRule("spending_without_quota", _finish_no_quota, _no_quota_candidates,
                                      "REC-NO-QUOTA: spending with no matching quota (无预算支出).")

RULES = [total_identity, basic_identity, projects_identity, project_budget, spending_without_quota]
