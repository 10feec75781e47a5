"""LINT-LEDGER: every figure the report states vs the one the ledgers give (``qlaudit.reconcile``).

A figure is matched by its label: the unit (no subject) or a category (基本支出 → ``basic`` …) or a named project
(matched by name: equal, or one name containing the other once punctuation and 项目/专项/资金 are dropped), and
a measure (支出 → 执行数, 年初预算 → initial, 上年结转 → carry_in …). ``预算`` alone may mean 年初预算, 本年预算 or
调整后预算: it agrees when it equals any of them, and a mismatch is then a warning, not an error. Agreement is
within the figure's rounding tolerance. What the ledgers have and the report leaves out (a project, carry-over)
is reported as a warning. All figures that agree are listed in one passed finding.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from qlaudit.findings import Finding
from qlaudit.lint.context import Context, make, percent, tolerance_wan, wan
from qlaudit.lint.extract import MONEY, RATE, Figure
from qlaudit.reconcile import BudgetSummary, Phases, ProjectBudget

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

_SCOPES = {"政府性基金预算": "fund", "国有资本经营预算": "state_capital", "社会保险基金预算": "social_insurance"}
_NAME_NOISE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]|专项资金$|项目$|专项$|资金$")


def candidates(p: Phases, measure: str) -> list[tuple[str, int]]:
    """Ledger figures a stated measure may mean: (name, 分)."""
    table = {
        "支出": [("执行数", p.spent)],
        "收入": [("本年预算（年初+追加+调减）", p.income)],
        "预算": [("年初预算", p.initial), ("本年预算", p.income), ("调整后预算", p.adjusted)],
        "年初预算": [("年初预算", p.initial)],
        "调整后预算": [("调整后预算", p.adjusted)],
        "追加": [("追加", p.addition)],
        "调减": [("调减", -p.reduction)],
        "追加/调减": [("追加/调减", p.adjustments)],
        "上年结转": [("上年结转", p.carry_in)],
        "年末结转": [("年末结转", p.carry_out)],
        "结转": [("上年结转", p.carry_in), ("年末结转", p.carry_out)],
    }
    return table.get(measure, [])


def _norm(name: str) -> str:
    previous = None
    while previous != name:
        previous, name = name, _NAME_NOISE.sub("", name)
    return name


def match_project(subject: str, projects: tuple[ProjectBudget, ...]) -> ProjectBudget | None:
    wanted = _norm(subject)
    exact = [p for p in projects if _norm(p.name) == wanted]
    if exact:
        return exact[0]
    partial = [p for p in projects if wanted and (wanted in _norm(p.name) or _norm(p.name) in wanted)]
    return max(partial, key=lambda p: len(_norm(p.name))) if len(partial) >= 1 else None


def _phases(summary: BudgetSummary, figure: Figure) -> Phases | ProjectBudget | None:
    if figure.subject and figure.subject not in _SCOPES:
        return match_project(figure.subject, summary.projects)
    return {"": summary.total, "基本支出": summary.basic, "人员经费": summary.personnel, "公用经费": summary.public,
            "项目支出": summary.project}.get(figure.category)


def compare_ledgers(ctx: Context, workbook: Workbook) -> list[Finding]:
    summaries = {t: workbook.summary(t)
                 for t in ("general", *_SCOPES.values())}
    findings: list[Finding] = []
    agreed: list[tuple[Figure, str]] = []
    unknown: dict[str, list[Figure]] = {}
    for f in ctx.figures:
        if f.approx or f.period or f.kind not in (MONEY, RATE):
            continue
        summary = summaries[_SCOPES.get(f.subject, "general")]
        found = _phases(summary, f)
        if found is None:
            if f.subject and f.subject not in _SCOPES and f.kind == MONEY and f.parent < 0:
                unknown.setdefault(f.subject, []).append(f)
            continue
        phases = found.phases if isinstance(found, ProjectBudget) else found
        where = found.name if isinstance(found, ProjectBudget) else (f.category or "单位整体")
        if f.kind == RATE:
            if f.measure == "执行率" and phases.adjusted > 0:
                computed = (Decimal(phases.spent) * 100 / Decimal(phases.adjusted)).quantize(Decimal(1).scaleb(-2))
                if abs(f.number - computed) <= f.half_unit + Decimal("0.005"):
                    agreed.append((f, percent(computed)))
                else:
                    findings.append(make(ctx, "LINT-LEDGER", "error", f"{where}执行率：报告 {f.raw}，账面 {percent(computed)}",
                                         f"账面执行数 {wan(phases.spent)} ÷ 调整后预算 {wan(phases.adjusted)}。", [f],
                                         subject=f.subject, amounts=(("执行数", phases.spent),
                                                                     ("调整后预算", phases.adjusted))))
            continue
        options = candidates(phases, f.measure)
        if not options:
            continue
        hit = next(((n, v) for n, v in options if abs(f.fen - v) <= f.tolerance), None)
        if hit is not None:
            agreed.append((f, f"{hit[0]} {wan(hit[1])}"))
            continue
        listed = "、".join(f"{n} {wan(v)}" for n, v in options)
        findings.append(make(ctx, "LINT-LEDGER", "error" if len(options) == 1 else "warning",
                             f"{'' if f.label.startswith(where) else where}{f.label}：报告 {f.raw}，账面 {wan(options[0][1]) if len(options) == 1 else listed}",
                             f"报告所写金额与账面不符（账面：{listed}；容差 ±{tolerance_wan(f.tolerance)}）。", [f],
                             subject=f.subject, amounts=(("报告", f.fen), *((f"账面{n}", v) for n, v in options))))
    for subject, figures in unknown.items():
        findings.append(make(ctx, "LINT-LEDGER", "warning", f"账中找不到报告所写的项目“{subject}”",
                             "项目登记、指标和凭证中都没有这个名称的项目，无法核对其金额。", figures, subject=subject))
    findings.extend(_omissions(ctx, summaries["general"]))
    if agreed:
        listed = "；".join(f"第{f.line}行 {f.subject}{f.label} {f.raw} = 账面{what}" for f, what in agreed)
        findings.append(make(ctx, "LINT-LEDGER", "info", f"{len(agreed)} 个数字与账面一致", listed + "。",
                             [f for f, _ in agreed], passed=True))
    return findings


def _omissions(ctx: Context, summary: BudgetSummary) -> list[Finding]:
    findings = []
    mentioned = ctx.subjects()
    for project in summary.projects:
        p = project.phases
        if any(match_project(s, (project,)) for s in mentioned) or not any((p.initial, p.addition, p.carry_in, p.spent)):
            continue
        findings.append(make(ctx, "LINT-LEDGER", "warning", f"账中项目“{project.name}”报告未提及",
                             f"{project.code} {project.name}：年初预算 {wan(p.initial)}，追加 {wan(p.addition)}，"
                             f"上年结转 {wan(p.carry_in)}，执行数 {wan(p.spent)}，年末结转 {wan(p.carry_out)}。", [],
                             subject=project.code, amounts=(("调整后预算", p.adjusted), ("执行数", p.spent))))
    stated = {f.measure for f in ctx.figures if f.kind == MONEY}
    t = summary.total
    for measure, value in (("上年结转", t.carry_in), ("年末结转", t.carry_out)):
        if value and measure not in stated:
            findings.append(make(ctx, "LINT-LEDGER", "warning", f"账面{measure} {wan(value)}，报告未列示",
                                 f"账面{measure}为 {wan(value)}，报告没有写出这一金额。", [],
                                 amounts=((measure, value),)))
    return findings
