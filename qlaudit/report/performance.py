"""六、资金使用及绩效情况: overall execution, the unit's account of its year, each special fund, the indicators
(预期 vs 实际) and the self-evaluation score (``scores``: the 部门整体 and project 自评表). Long lists keep their largest
items and sum up the rest.
"""

from __future__ import annotations

import re

from qlaudit.document import Block, Figure, Heading, Paragraph, Section
from qlaudit.report import goals, scores
from qlaudit.report.context import ReportContext
from qlaudit.report.figures import Line
from qlaudit.report.words import cn_number

EXECUTION_CAPTION = "图3 各项目预算执行率（红色虚线为需说明原因的执行率下限）"


def activity_blocks(markdown: str) -> list[Block]:
    """The unit's own account (activities.md): paragraphs and numbered items, as text (never as HTML)."""
    if not markdown.strip():
        return [Paragraph("单位未提供年度工作情况说明。")]
    blocks: list[Block] = []
    for para in re.split(r"\n\s*\n", markdown.strip()):
        text = " ".join(line.strip() for line in para.splitlines())
        text = re.sub(r"^#+\s*", "", text)
        if text:
            blocks.append(Paragraph(text))
    return blocks


def _project_sentence(ctx: ReportContext, p: Line) -> str:
    f = ctx.figures
    text = f"{p.label}，年初预算{f.wan(p, 'initial')}万元"
    if p.adjustments:
        adj = f.shown(p, "addition") + f.shown(p, "reduction")
        text += f"，年中{'追加' if p.adjustments > 0 else '调减'}{abs(adj):.2f}万元"
    if p.carry_in:
        text += f"，上年结转{f.wan(p, 'carry_in')}万元"
    text += f"，实际支出{f.wan(p, 'spent')}万元，预算执行率{p.rate}"
    if p.spent > p.initial:
        reasons = (["上年指标未使用完毕结转至今年"] if p.carry_in else []) + (["年中追加预算"] if p.addition else [])
        if reasons:
            text += f"，因{'及'.join(reasons)}，导致实际支出大于年初预算数"
    if p.overspent:
        text += f"，超出全年预算{f.wan(p, 'overspent')}万元"
    if p.recovered:
        text += f"，年底收回未用指标{f.wan(p, 'recovered')}万元"
    if p.carry_out:
        text += f"，年末结转{f.wan(p, 'carry_out')}万元"
    purpose = goals.purpose(ctx, p.key[2:])
    return text + "。" + (f"该专项资金支出用于{purpose}。" if purpose else "")


def _unbudgeted_sentence(ctx: ReportContext, p: Line) -> str:
    f = ctx.figures
    if p.spent:
        return (f"另外{p.label}项目实际支出{f.wan(p, 'spent')}万元，未纳入年初预算"
                + (f"，资金来源为年中追加{f.wan(p, 'addition')}万元" if p.addition > 0 else "")
                + (f"及上年结转{f.wan(p, 'carry_in')}万元" if p.carry_in > 0 and p.addition > 0 else "")
                + (f"，资金来源为上年结转{f.wan(p, 'carry_in')}万元" if p.carry_in > 0 and not p.addition else "")
                + (f"，无预算指标，超预算支出{f.wan(p, 'overspent')}万元" if not p.full_year else "") + "。")
    return (f"{p.label}项目全年预算数{f.wan(p, 'full_year')}万元，当年未发生支出，"
            f"年末结转{f.wan(p, 'carry_out')}万元。")


def section_performance(ctx: ReportContext) -> Section:
    f, year = ctx.figures, ctx.year
    blocks: list[Block] = [Heading(1, "六、资金使用及绩效情况", "s6"), Heading(2, "（一）部门整体支出绩效情况")]
    blocks.append(Paragraph(
        f"{year}年度一般公共预算全年预算数{f.wan(f.total, 'full_year')}万元，实际支出{f.wan(f.total, 'spent')}万元，"
        f"预算执行率{f.total.rate}；其中基本支出执行率{f.basic.rate}，项目支出执行率{f.project.rate}。"))
    blocks.extend(activity_blocks(ctx.workbook.activities))
    blocks.append(Heading(2, "（二）专项资金支出绩效情况"))
    initial = [p for p in f.projects if p.initial > 0]
    largest = [p for p in initial if p.key in ctx.listed]
    rest = [p for p in initial if p.key not in ctx.listed]
    if rest:
        blocks.append(Paragraph(f"本部门{year}年年初预算专项资金{len(initial)}个（明细见表2），以下说明其中预算或支出较大的"
                                f"{len(largest)}个："))
    else:
        blocks.append(Paragraph(f"本部门{year}年年初预算专项资金共{len(initial)}个，具体情况如下："))
    for i, p in enumerate(largest, 1):
        blocks.append(Paragraph(f"{cn_number(i)}是{_project_sentence(ctx, p)}"))
    if rest:
        blocks.append(Paragraph("其余年初预算专项的执行情况见表2。"))
    others = [p for p in f.projects if p.initial == 0 and (p.spent or p.full_year)]
    for p in others:
        if p.key in ctx.listed:
            blocks.append(Paragraph(_unbudgeted_sentence(ctx, p)))
    if any(p.key not in ctx.listed for p in others):
        blocks.append(Paragraph("其余未纳入年初预算的项目见表2。"))
    if any(p.full_year for p in f.projects):
        blocks.append(Figure("execution", EXECUTION_CAPTION))
    blocks.append(Figure("monthly", "图4 月度支出（12月单独标示）"))
    if len(ctx.workbook.history()) >= 2:
        blocks.append(Figure("trend", "图5 多年度预算、支出与结转趋势（万元）"))
    table = goals.indicator_table(ctx, ctx.settings.long_table_rows)
    if table.rows:
        blocks.append(table)
    blocks.extend(scores.score_blocks(ctx))
    return Section("performance", tuple(blocks))
