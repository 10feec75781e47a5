"""Reconciliation identities (勾稽关系) between the three ledgers, evaluated every time.

- REC-TOTAL     支出合计 = 基本支出 + 项目支出
- REC-BASIC     基本支出 = 人员经费 + 公用经费
- REC-PROJECTS  项目支出 = Σ 各项目支出, every project code registered in the project register
- REC-BUDGET    per project: 执行数 ≤ 调整后预算 (年初 + 追加 + 调减 + 上年结转); spending beyond the 年初 budget is
                explained by carry-in and adjustments; spending on a project with no 年初 budget is noted
- REC-NO-QUOTA  spending with no matching quota (无预算支出): a project code, or a basic economic code, that no
                quota line of the year covers

Source: 预算法 and 部门决算 conventions summarised in ../shared/domain.md §2 and §5. These identities have no
thresholds: they take ``settings`` only to share the signature ``(workbook, settings)`` of every rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qlaudit.findings import Finding, evidence_from
from qlaudit.ledgers.schema import category_label
from qlaudit.money import format_wan
from qlaudit.reconcile import budget_types_present

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


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


def total_identity(wb: Workbook, settings: RuleSettings | None = None) -> list[Finding]:
    out = []
    for bt in budget_types_present(wb.appropriations, wb.expenditures):
        s = wb.summary(bt)
        label = category_label("budget_type", bt)
        out.append(_identity("REC-TOTAL", bt, f"{label}支出合计与基本支出、项目支出之和",
                             "支出合计 = 基本支出 + 项目支出", s.basic.spent + s.project.spent, s.total.spent))
    return out


def basic_identity(wb: Workbook, settings: RuleSettings | None = None) -> list[Finding]:
    out = []
    for bt in budget_types_present(wb.appropriations, wb.expenditures):
        s = wb.summary(bt)
        label = category_label("budget_type", bt)
        out.append(_identity("REC-BASIC", bt, f"{label}基本支出与人员经费、公用经费之和",
                             "基本支出 = 人员经费 + 公用经费", s.personnel.spent + s.public.spent, s.basic.spent))
    return out


def projects_identity(wb: Workbook, settings: RuleSettings | None = None) -> list[Finding]:
    out = []
    spend = wb.expenditures[wb.expenditures["expense_kind"] == "project"]
    for bt in budget_types_present(wb.appropriations, wb.expenditures):
        s = wb.summary(bt)
        label = category_label("budget_type", bt)
        per_project = sum(p.phases.spent for p in s.projects)
        out.append(_identity("REC-PROJECTS", bt, f"{label}项目支出与各项目支出之和",
                             "项目支出 = Σ 各项目支出", per_project, s.project.spent))
    registered = set(wb.projects["project_code"])
    for code in sorted(set(spend["project_code"]) - registered):
        lines = spend[spend["project_code"] == code]
        name = next((n for n in lines["project_name"] if n), code)
        out.append(Finding(
            rule="REC-PROJECTS", severity="warning", subject=code,
            title=f"项目“{name}”未在项目库登记",
            explanation=f"凭证记录了项目{code}的支出{format_wan(int(lines['amount_fen'].sum()))}万元，"
                        "但项目库（projects）中没有该项目，无法对照绩效目标。",
            amounts=(("spent", int(lines["amount_fen"].sum())),),
            evidence=evidence_from(lines),
        ))
    return out


def project_budget(wb: Workbook, settings: RuleSettings | None = None) -> list[Finding]:
    out = []
    s = wb.summary("general")
    spend = wb.expenditures[wb.expenditures["expense_kind"] == "project"]
    for p in s.projects:
        ph = p.phases
        if ph.spent == 0 and ph.adjusted == 0:
            continue
        amounts = (("initial", ph.initial), ("adjustments", ph.adjustments), ("carry_in", ph.carry_in),
                   ("adjusted", ph.adjusted), ("spent", ph.spent))
        lines = spend[spend["project_code"] == p.code]
        phases_text = (f"年初预算{format_wan(ph.initial)}万元，追加/调减{format_wan(ph.adjustments)}万元，"
                       f"上年结转{format_wan(ph.carry_in)}万元，调整后预算{format_wan(ph.adjusted)}万元，"
                       f"实际支出{format_wan(ph.spent)}万元")
        if not (wb.appropriations["project_code"] == p.code).any():
            continue  # spending without any quota is REC-NO-QUOTA's finding
        if ph.spent > ph.adjusted:
            out.append(Finding(
                rule="REC-BUDGET", severity="error", subject=p.code, title=f"项目“{p.name}”支出超出调整后预算",
                explanation=f"{phases_text}，超支{format_wan(ph.spent - ph.adjusted)}万元（超预算支出）。",
                amounts=(*amounts, ("excess", ph.spent - ph.adjusted)), evidence=evidence_from(lines),
            ))
        elif ph.initial == 0 and ph.spent > 0:
            out.append(Finding(
                rule="REC-BUDGET", severity="warning", subject=p.code, title=f"项目“{p.name}”未纳入年初预算",
                explanation=f"{phases_text}。该项目支出未纳入年初预算，资金来自"
                            + ("年中追加" if ph.adjustments > 0 else "") + ("及" if ph.adjustments > 0 and ph.carry_in > 0 else "")
                            + ("上年结转" if ph.carry_in > 0 else "") + "，预算编制的完整性有待加强。",
                amounts=amounts, evidence=evidence_from(lines),
            ))
        elif ph.spent > ph.initial:
            covered_by = []
            if ph.carry_in > 0:
                covered_by.append(f"上年结转{format_wan(ph.carry_in)}万元")
            if ph.adjustments > 0:
                covered_by.append(f"年中追加{format_wan(ph.adjustments)}万元")
            out.append(Finding(
                rule="REC-BUDGET", severity="info", subject=p.code, title=f"项目“{p.name}”支出超过年初预算，由结转及调整资金弥补",
                explanation=f"{phases_text}。实际支出超过年初预算{format_wan(ph.spent - ph.initial)}万元，"
                            f"由{'、'.join(covered_by)}弥补，未超出调整后预算。",
                amounts=(*amounts, ("beyond_initial", ph.spent - ph.initial)), evidence=evidence_from(lines),
            ))
        if p.in_initial_budget and ph.initial == 0:
            out.append(Finding(
                rule="REC-BUDGET", severity="warning", subject=p.code, title=f"项目“{p.name}”登记为年初预算项目但无年初指标",
                explanation="项目库标注该项目纳入年初预算，但指标账中没有该项目的年初预算指标。",
                amounts=amounts,
            ))
    return out


def spending_without_quota(wb: Workbook, settings: RuleSettings | None = None) -> list[Finding]:
    out = []
    quota, spend = wb.appropriations, wb.expenditures
    project_quota = set(quota.loc[quota["expense_kind"] == "project", "project_code"])
    project_spend = spend[spend["expense_kind"] == "project"]
    for code in sorted(set(project_spend["project_code"]) - project_quota):
        lines = project_spend[project_spend["project_code"] == code]
        name = next((n for n in lines["project_name"] if n), code)
        total = int(lines["amount_fen"].sum())
        out.append(Finding(
            rule="REC-NO-QUOTA", severity="error", subject=code, title=f"项目“{name}”无预算指标支出",
            explanation=f"项目{code}支出{format_wan(total)}万元（{len(lines)}笔），指标账中没有该项目的任何指标（无预算支出）。",
            amounts=(("spent", total),), evidence=evidence_from(lines),
        ))
    basic_quota = set(quota.loc[quota["expense_kind"] != "project", "economic_code"])
    basic_spend = spend[spend["expense_kind"] != "project"]
    for code in sorted(set(basic_spend["economic_code"]) - basic_quota):
        lines = basic_spend[basic_spend["economic_code"] == code]
        total = int(lines["amount_fen"].sum())
        out.append(Finding(
            rule="REC-NO-QUOTA", severity="error", subject=code, title=f"基本支出经济分类{code}无预算指标",
            explanation=f"基本支出中经济分类{code}支出{format_wan(total)}万元（{len(lines)}笔），指标账中没有该经济分类的基本支出指标。",
            amounts=(("spent", total),), evidence=evidence_from(lines),
        ))
    if not out:
        out.append(Finding(
            rule="REC-NO-QUOTA", severity="info", title="所有支出均有对应预算指标", passed=True,
            explanation="每个项目支出的项目编码、每个基本支出的经济分类在指标账中均有对应指标。",
            amounts=(("spent", int(spend["amount_fen"].sum())),),
        ))
    return out


RULES = [total_identity, basic_identity, projects_identity, project_budget, spending_without_quota]
