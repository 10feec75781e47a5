"""十、其他需要说明的情况: where each 上年结转 went, what 年末结转 is, what was recovered at year end (年底收回).

Per project: the carry-in quota (上年结转, its document), how much of it this year's vouchers drew (by the quota
document each voucher line names; when no line names one, the carry-in counts as spent first), what is left at the
end of the year (年末结转) and any spending beyond the budget (超预算支出, never a negative carry-over). The totals are
those of 表1, as printed, so 十 agrees with 表1.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from qlaudit.document import Block, Heading, Paragraph, Section, Table
from qlaudit.recovery import is_recovery
from qlaudit.report.context import ReportContext
from qlaudit.report.figures import Line
from qlaudit.report.words import cn_date
from qlaudit.rounding import text


def carry_in_used(ctx: ReportContext, line: Line) -> int:
    """Spending of the year drawn on the project's carry-in quota."""
    if not line.carry_in:
        return 0
    code = line.key[2:]
    quota = ctx.project_quota.get(code, ctx.workbook.appropriations.iloc[:0])
    docs = set(quota.loc[quota["source"] == "carry_in", "quota_doc"])
    spend = ctx.project_spend.get(code, ctx.spend.iloc[:0])
    named = spend["quota_doc"].fillna("") != ""
    if named.any():
        return min(int(spend.loc[spend["quota_doc"].isin(docs), "amount_fen"].sum()), line.carry_in)
    return min(line.spent, line.carry_in)


def _docs(ctx: ReportContext, code: str, source: str) -> pd.DataFrame:
    quota = ctx.project_quota.get(code, ctx.workbook.appropriations.iloc[:0])
    return quota[quota["source"] == source]


def _sentence(ctx: ReportContext, line: Line, used: int) -> str:
    f = ctx.figures
    parts = [line.label]
    if line.carry_in:
        docs = "、".join(dict.fromkeys(_docs(ctx, line.key[2:], "carry_in")["quota_doc"]))
        parts.append(f"上年结转{f.wan(line, 'carry_in')}万元" + (f"（{docs}）" if docs else "")
                     + ("，按原用途使用" if used else "，本年未使用"))
    parts.append(f"全年预算数{f.wan(line, 'full_year')}万元，实际支出{f.wan(line, 'spent')}万元")
    if line.recovered:
        parts.append(f"年底收回未用指标{f.wan(line, 'recovered')}万元")
    if line.overspent:
        parts.append(f"超出全年预算{f.wan(line, 'overspent')}万元，未形成结转（见七）")
    elif line.carry_out:
        parts.append(f"年末结转{f.wan(line, 'carry_out')}万元，结转下年按原用途继续使用")
    else:
        parts.append("年末无结转")
    return "，".join(parts[:1]) + "：" + "，".join(parts[1:]) + "。"


def section_other(ctx: ReportContext) -> Section:
    f = ctx.figures
    blocks: list[Block] = [Heading(1, "十、其他需要说明的情况", "s10"), Heading(2, "（一）结转资金来源与去向")]
    moving = [p for p in f.projects if p.carry_in or p.carry_out or p.recovered or p.overspent]
    shown_keys = {p.key for p in moving if p.key in ctx.listed}
    hidden = [p for p in moving if p.key not in shown_keys]
    for p in moving:
        if p.key in shown_keys:
            blocks.append(Paragraph(_sentence(ctx, p, carry_in_used(ctx, p))))
    if not moving:
        blocks.append(Paragraph(f"{ctx.year}年度项目支出无上年结转，年末无结转资金。"))
    over = f.has_overspend
    cols = ("carry_in", "recovered", "carry_out", *(("overspent",) if over else ()))
    header = ("项目", "上年结转", "年底收回", "年末结转", *(("超支金额",) if over else ()))
    rows = [(p.label, *(f.wan(p, c) for c in cols)) for p in moving if p.key in shown_keys]
    if hidden:
        rows.append((f"另有{len(hidden)}项",
                     *(text(sum((f.shown(p, c) for p in hidden), Decimal(0))) for c in cols)))
    rows.append(("基本支出", *(f.wan(f.basic, c) for c in cols)))
    rows.append(("合计", *(f.wan(f.total, c) for c in cols)))
    last = len(rows) - 1
    blocks.append(Table("表6 结转资金来源与去向（单位：万元）", header, tuple(rows), numeric=tuple(range(1, len(header))),
                        totals=((last, tuple(range(last))),),
                        note="合计与表1一致；超出全年预算数的支出不形成结转，列为超支金额。" if over else "合计与表1一致。"))
    blocks.append(Paragraph(
        f"年末结转资金合计{f.wan(f.total, 'carry_out')}万元，其中项目支出结转{f.wan(f.project, 'carry_out')}万元，"
        f"基本支出结转{f.wan(f.basic, 'carry_out')}万元。"))
    blocks.extend(_recovery_blocks(ctx))
    return Section("other", tuple(blocks))


def _recovery_blocks(ctx: ReportContext) -> list[Block]:
    f = ctx.figures
    if not f.has_recovery:
        return []
    quota = ctx.workbook.appropriations
    rows = quota[is_recovery(quota, ctx.recovery_keywords) & (quota["budget_type"] == "general")]
    docs = "、".join(dict.fromkeys(rows["quota_doc"]))
    dates = sorted(set(rows["date"].dropna()))
    when = cn_date(dates[-1]) if dates else "年末"
    return [Heading(2, "（二）年底收回未用指标情况"),
            Paragraph(f"{when}年底收回未用的{'基本支出' if not f.project.recovered else ''}指标"
                      f"{f.wan(f.total, 'recovered')}万元" + (f"（{docs}）" if docs else "")
                      + "，不作为预算调整，收回后不列入年末结转；预算执行率按收回前的全年预算数计算。")]
