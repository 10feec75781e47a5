"""Quantified goals (量化绩效目标): each indicator's 预期 (指标值) against 实际 (完成值), from the project register.

Whether an indicator is met is read from the score card (``qlaudit.scoring``: full points = met); without a score
card, or for a project the card does not score, it is compared here only for numeric ≥ / ≤ / = targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from qlaudit.document import Table
from qlaudit.report.context import ReportContext

DIRECTION = {"eq": "=", "ge": "≥", "le": "≤", "qualitative": "", "": ""}


@dataclass(frozen=True)
class Indicator:
    project_code: str
    project: str
    level1: str
    level2: str
    name: str
    target: str  # as printed: '≥4个'
    actual: str  # as printed: '3个'
    met: bool | None  # None: cannot tell (qualitative without a score, unreadable value)


def purpose(ctx: ReportContext, code: str) -> str:
    rows = ctx.workbook.projects[ctx.workbook.projects["project_code"] == code]
    return next((p for p in rows["purpose"] if p), "").rstrip("。")


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(str(text).strip().lstrip("≥≤=<>").replace(",", ""))
    except InvalidOperation:
        return None


def _met_here(direction: str, target: str, actual: str) -> bool | None:
    t, a = _number(target), _number(actual)
    if t is None or a is None or direction not in ("ge", "le", "eq"):
        return None
    return {"ge": a >= t, "le": a <= t, "eq": a == t}[direction]


def indicators(ctx: ReportContext) -> list[Indicator]:
    proj = ctx.workbook.projects
    rows = proj[proj["indicator"] != ""]
    scored: dict[tuple[str, str], bool] = {}
    if ctx.card is not None:
        for p in ctx.card.projects:
            for i in p.indicators:
                scored[(p.code, i.indicator)] = i.points >= i.points_available and not i.deduction_reason
    out = []
    for r in rows.itertuples(index=False):
        met = scored.get((r.project_code, r.indicator))
        if met is None:
            met = _met_here(r.direction, r.target, r.actual)
        out.append(Indicator(r.project_code, r.project_name, r.indicator_level1, r.indicator_level2, r.indicator,
                             f"{DIRECTION.get(r.direction, r.direction)}{r.target}{r.unit}",
                             f"{r.actual}{r.unit}" if r.actual else "未填报", met))
    return out


def indicator_table(ctx: ReportContext, limit: int) -> Table:
    items = indicators(ctx)
    shown = items if len(items) <= limit else [i for i in items if i.met is False][:limit] or items[:limit]
    if len(shown) < len(items) and len(shown) < limit:
        shown = shown + [i for i in items if i not in shown][: limit - len(shown)]
    rows = tuple((i.project, i.level1, i.level2, i.name, i.target, i.actual,
                  {True: "达成", False: "未达成", None: "—"}[i.met]) for i in shown)
    note = f"指标共{len(items)}个，列示{len(shown)}个（未达成的优先），其余见项目绩效自评表。" if len(shown) < len(items) else ""
    return Table("表3 项目绩效指标完成情况（预期与实际）", ("项目名称", "一级指标", "二级指标", "三级指标", "预期（指标值）",
                                               "实际完成值", "完成情况"), rows, note=note)


def summary_sentence(ctx: ReportContext) -> str:
    items = indicators(ctx)
    if not items:
        return "项目库未设置量化绩效指标。"
    met = sum(1 for i in items if i.met)
    missed = [i for i in items if i.met is False]
    projects = len({i.project_code for i in items})
    text = f"围绕上述目标，{projects}个项目共设置绩效指标{len(items)}个（预期值与实际完成值见表3），年度达成{met}个"
    if missed:
        text += f"，未达成{len(missed)}个：" + "；".join(f"{i.project}“{i.name}”预期{i.target}，实际{i.actual}"
                                                   for i in missed[:10])
        if len(missed) > 10:
            text += f"；另有{len(missed) - 10}个未达成"
    return text + "。"


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i:i + 2] for i in range(len(han) - 1)}


def quantified(ctx: ReportContext, goal: str) -> str:
    """'（慰问困难侨胞人数≥30人）': the quantitative indicators that measure a goal (shared words), '' when none."""
    words = _bigrams(goal)
    scored = [(len(words & _bigrams(i.name)), n, i) for n, i in enumerate(indicators(ctx))
              if i.target[:1] in "≥≤=" and any(ch.isdigit() for ch in i.target)]
    best = [i for overlap, _, i in sorted(scored, key=lambda s: (-s[0], s[1])) if overlap >= 2][:2]
    return "（" + "，".join(f"{i.name}{i.target}" for i in best) + "）" if best else ""


def unmet(ctx: ReportContext) -> list[Indicator]:
    return [i for i in indicators(ctx) if i.met is False]
