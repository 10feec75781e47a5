"""Budget execution (预算执行) rules on the phases of ``qlaudit.reconcile``.

- BUD-LOW-EXEC    预算执行率 = 执行数 / 调整后预算数 below ``low_execution_rate``, per project and for the unit
                  (per budget type). Source: 预算法 第三十二条 / 财预〔2020〕10号 预算执行率 indicator; Sichuan practice
                  asks for an explanation below 90% (domain.md §2).
- BUD-OVER-CLASS  超预算支出 per project × economic class (类, the first 3 digits of the 款 code): spending above the
                  project's quota on that class. Source: 预算法 第五十七条 (支出按预算执行, 不得超预算).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding, evidence_from
from qlaudit.ledgers.schema import category_label
from qlaudit.money import format_rate, format_wan
from qlaudit.reconcile import Phases, budget_types_present
from qlaudit.rules.common import economic_class, in_order, percent, rate_below

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


def _low(rule_subject: str, title: str, ph: Phases, settings: RuleSettings, quotas: pd.DataFrame) -> Finding:
    return Finding(
        rule="BUD-LOW-EXEC", severity="warning", subject=rule_subject, title=title,
        explanation=f"调整后预算{format_wan(ph.adjusted)}万元，执行{format_wan(ph.spent)}万元，预算执行率 "
                    f"{format_rate(ph.spent, ph.adjusted)}，低于{percent(settings.low_execution_rate)}，"
                    f"未执行{format_wan(ph.adjusted - ph.spent)}万元，需说明原因。",
        amounts=(("adjusted", ph.adjusted), ("spent", ph.spent), ("unspent", ph.adjusted - ph.spent)),
        evidence=evidence_from(quotas),
    )


def low_execution(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """BUD-LOW-EXEC: 预算执行率 below ``low_execution_rate`` (预算法; 财预〔2020〕10号 预算执行率), evidence = the quotas."""
    out = []
    quota = wb.appropriations
    for bt in budget_types_present(wb.appropriations, wb.expenditures):
        s = wb.summary(bt)
        label = category_label("budget_type", bt)
        if rate_below(s.total.spent, s.total.adjusted, settings.low_execution_rate):
            out.append(_low(bt, f"{label}整体预算执行率低", s.total, settings, quota[quota["budget_type"] == bt]))
        for p in s.projects:
            if rate_below(p.phases.spent, p.phases.adjusted, settings.low_execution_rate):
                lines = quota[(quota["budget_type"] == bt) & (quota["expense_kind"] == "project")
                              & (quota["project_code"] == p.code)]
                out.append(_low(p.code, f"项目“{p.name}”预算执行率低", p.phases, settings, lines))
    return out


def _crossing_lines(lines: pd.DataFrame, quota_fen: int) -> pd.DataFrame:
    """The lines from the one whose running total first exceeds the quota onwards, in date order."""
    ordered = in_order(lines)
    running = ordered["amount_fen"].cumsum()
    over = running.to_numpy() > quota_fen
    first = int(over.argmax()) if over.any() else len(ordered)
    return ordered.iloc[first:]


def over_class_budget(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """BUD-OVER-CLASS: 超预算支出 per project × economic class (预算法 第五十七条).

    When a project's quotas name two or more classes, each class is compared with its own quota (a class with
    spending and no quota has a quota of 0). When they name a single class, the quota covers the whole project and
    all its spending is compared with it. Projects without any quota are REC-NO-QUOTA's. Evidence: the lines from the
    one that exhausts the quota onwards.
    """
    quota = wb.appropriations[wb.appropriations["expense_kind"] == "project"]
    spend = wb.expenditures[wb.expenditures["expense_kind"] == "project"]
    quota_class = economic_class(quota["economic_code"])
    spend_class = economic_class(spend["economic_code"])
    out = []
    for code in sorted(set(quota["project_code"])):
        q = quota[quota["project_code"] == code]
        s = spend[spend["project_code"] == code]
        classes = sorted(set(quota_class[q.index]))
        name = next((n for n in [*q["project_name"], *s["project_name"]] if n), code)
        if len(classes) == 1:
            groups = [("", int(q["amount_fen"].sum()), s)]
        else:
            groups = [(c, int(q.loc[quota_class[q.index] == c, "amount_fen"].sum()), s[spend_class[s.index] == c])
                      for c in sorted(set(classes) | set(spend_class[s.index]))]
        for cls, quota_fen, lines in groups:
            spent = int(lines["amount_fen"].sum())
            if spent <= quota_fen:
                continue
            where = f"经济分类{cls}类" if cls else f"项目整体（指标均在{classes[0]}类）"
            out.append(Finding(
                rule="BUD-OVER-CLASS", severity="error", subject=f"{code}/{cls}" if cls else code,
                title=f"项目“{name}”{where}超预算支出",
                explanation=f"项目{code} {where}：指标{format_wan(quota_fen)}万元，支出{format_wan(spent)}万元，"
                            f"超出{format_wan(spent - quota_fen)}万元。证据列示自指标用完之日起的支出。",
                amounts=(("quota", quota_fen), ("spent", spent), ("excess", spent - quota_fen)),
                evidence=evidence_from(_crossing_lines(lines, quota_fen)),
            ))
    return out
