"""The self-evaluation report's sections 一 … 五 and 九 in the official order (../shared/domain.md §5).

Every figure is computed from the ledgers and printed through ``figures.BudgetFigures`` (万元, 2 decimals, 四舍五入,
尾差 moved to the largest part); every sentence is generated from data: the unit profile, the budget figures, the
year before, the project register. Sections are :class:`~qlaudit.document.Section` data; rendering is elsewhere.
六 is in ``performance``, 七/八 in ``problems``, 十 in ``lineage``; the cover, preamble and conclusion in ``frame``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from qlaudit.document import Block, Figure, Heading, Items, Paragraph, Section
from qlaudit.ledgers.schema import category_label
from qlaudit.reconcile import budget_types_present
from qlaudit.report import goals
from qlaudit.report.context import ReportContext
from qlaudit.report.spending import basic_by_class, by_code, controlled_blocks, procurement_blocks
from qlaudit.report.tables import budget_table, project_table
from qlaudit.report.words import change, cn_date, cn_number, main_cause, wan

OTHER_BUDGETS = (("fund", "三", "政府性基金预算支出情况"), ("state_capital", "四", "国有资本经营预算支出情况"),
                 ("social_insurance", "五", "社会保险基金预算支出情况"))


def strip_number(text: str) -> str:
    """'1.引导…' → '引导…': the report numbers items itself."""
    return re.sub(r"^\s*\d+[.、．]\s*", "", text)


def section_basic_info(ctx: ReportContext) -> Section:
    u, year = ctx.workbook.unit, ctx.year
    intro = u.name
    if u.founded:
        intro += f"成立于{cn_date(u.founded)}"
    if u.description:
        intro += f"，{u.description}"
    if u.staffing_authorised is not None:
        intro += f"，核定{u.staffing_kind}{u.staffing_authorised}名"
    if u.leadership_posts is not None:
        intro += f"，{u.leadership_level}领导职数{u.leadership_posts}名"
    blocks: list[Block] = [Heading(1, "一、基本情况", "s1"), Heading(2, "（一）单位基本情况"), Paragraph(intro + "。")]
    people = staffing_sentence(ctx)
    if people:
        blocks.append(Paragraph(people))
    if u.duties:
        blocks.append(Paragraph("主要职责是："))
        blocks.append(Items(tuple(f"{i}.{strip_number(d)}" for i, d in enumerate(u.duties, 1))))
    g = u.goals_for(year)
    blocks.append(Heading(2, "（二）单位年度整体支出绩效目标，部门专项资金绩效目标、其他项目支出（除省级专项资金以外）绩效目标"))
    blocks.append(Paragraph(f"整体绩效目标：{g.overall or '单位未填报整体绩效目标。'}"))
    if g.special:
        blocks.append(Paragraph("专项绩效目标：" + "；".join(
            f"{i}.{strip_number(s).rstrip('。；;')}{goals.quantified(ctx, s)}" for i, s in enumerate(g.special, 1)) + "。"))
    else:
        blocks.append(Paragraph("专项绩效目标：单位未填报专项绩效目标。"))
    quantified = goals.summary_sentence(ctx)
    if quantified:
        blocks.append(Paragraph(quantified))
    return Section("basic_info", tuple(blocks))


def staffing_sentence(ctx: ReportContext) -> str:
    """编制 / 在职 / 离退休 / 实有 (``qlaudit.staffing``, counted once with the unit score) and where each came from."""
    st = ctx.score.staffing if ctx.score is not None else None
    if st is None:
        return ""
    stated = ctx.workbook.unit.staffing_authorised is not None  # the 编制 is already in the unit's introduction
    parts = [f"{label}{n}人" for label, n in (("编制数", None if stated else st.authorised),
                                               (f"{ctx.year}年末在职人员", st.in_service), ("离退休人员", st.retired),
                                               ("实有人数", st.actual)) if n is not None]
    if not parts:
        return ""
    source = st.source.replace("unit.yaml", "单位基本信息")
    return f"人员情况：{'，'.join(parts)}（{source}）。"


def _budget_sentence(ctx: ReportContext) -> str:
    """年初预算, 年中追加/调减, 上年结转 → 全年预算数; the year-end recovery said apart (not an adjustment)."""
    f, year = ctx.figures, ctx.year
    t = f.total
    text = f"1、{year}年年初预算{f.wan(t, 'initial')}万元"
    if t.addition:
        text += f"，年中追加{f.wan(t, 'addition')}万元"
    if t.cut:
        text += f"，年中调减{f.wan(t, 'cut')}万元"
    if t.carry_in:
        text += f"，上年结转{f.wan(t, 'carry_in')}万元"
    text += f"，全年预算数{f.wan(t, 'full_year')}万元"
    if t.recovered:
        text += f"；年底收回未用指标{f.wan(t, 'recovered')}万元，不作为预算调整，单独说明（见十）"
    return text + "；"


def _spending_sentence(ctx: ReportContext) -> str:
    f, year = ctx.figures, ctx.year
    text = (f"3、{year}年度单位一般公共预算财政拨款支出为{f.wan(f.total, 'spent')}万元，项目支出"
            f"{f.wan(f.project, 'spent')}万元，基本支出{f.wan(f.basic, 'spent')}万元，其中：人员经费"
            f"{f.wan(f.personnel, 'spent')}万元，公用经费{f.wan(f.public, 'spent')}万元。")
    before = ctx.previous_figures
    if before is not None:
        now = {"人员经费": f.personnel.spent, "公用经费": f.public.spent, "项目支出": f.project.spent}
        then = {"人员经费": before.personnel.spent, "公用经费": before.public.spent, "项目支出": before.project.spent}
        cause = main_cause(now, then, {})
        text += f"支出总额{change(f.total.spent, before.total.spent)}" + (f"，{cause}" if cause else "") + "。"
    return text


def _basic_sentence(ctx: ReportContext) -> str:
    if not (ctx.figures.basic.spent or ctx.figures.basic.full_year):
        return ""
    sentence = f"4、基本支出{ctx.figures.wan(ctx.figures.basic, 'spent')}万元，按经济分类构成见表1-2。"
    before = ctx.previous
    if before is not None:
        spend, prev = ctx.spend, before.expenditures[before.expenditures["budget_type"] == "general"]
        basic_now = by_code(spend[spend["expense_kind"].isin(("personnel", "public"))])
        basic_then = by_code(prev[prev["expense_kind"].isin(("personnel", "public"))])
        from qlaudit.codes import economic_name

        labels = {c: economic_name(c) for c in set(basic_now) | set(basic_then)}
        cause = main_cause(basic_now, basic_then, labels)
        sentence += (f"基本支出{change(sum(basic_now.values()), sum(basic_then.values()))}"
                     + (f"，{cause}" if cause else "") + "。")
    return sentence


def section_general_budget(ctx: ReportContext) -> Section:
    f, year = ctx.figures, ctx.year
    items = [_budget_sentence(ctx), f"2、{year}年度单位一般公共预算财政拨款收入为{wan(f.total.income)}；",
             _spending_sentence(ctx)]
    basic = _basic_sentence(ctx)
    if basic:
        items.append(basic)
    blocks: list[Block] = [Heading(1, "二、一般公共预算支出情况", "s2"), Heading(2, "（一）基本支出情况"),
                           Items(tuple(items)), budget_table(f), basic_by_class(ctx),
                           Figure("budget", "图1 预算与支出对比（万元）"), Figure("composition", "图2 支出构成（万元）")]
    if f.basic.recovered:
        blocks.append(Paragraph(
            f"年底收回未用的基本支出指标{f.wan(f.basic, 'recovered')}万元，执行率按收回前的全年预算数计算，基本支出执行率为"
            f"{f.basic.rate}" + ("；收回后基本支出指标与实际支出相等，并不表示年初安排的基本支出均按计划使用。"
                                  if f.basic.spent == f.basic.adjusted else "。")))
    blocks.append(Heading(2, "（二）项目支出情况"))
    blocks.extend(_project_blocks(ctx))
    blocks.extend(controlled_blocks(ctx))
    blocks.extend(procurement_blocks(ctx))
    return Section("general_budget", tuple(blocks))


def _project_blocks(ctx: ReportContext) -> list[Block]:
    f, year = ctx.figures, ctx.year
    spent = [p for p in f.projects if p.spent]
    if not spent:
        return [Paragraph(f"{year}年度无项目支出。"), project_table(f, ctx.settings.long_table_rows)]
    listed = [p for p in spent if p.key in ctx.listed]
    rest = [p for p in spent if p.key not in ctx.listed]
    head = (f"{year}年度项目支出合计{f.wan(f.project, 'spent')}万元，涉及项目{len(spent)}个，以下列示预算或支出较大的"
            f"{len(listed)}个" if rest else f"{year}年度项目支出合计{f.wan(f.project, 'spent')}万元，共{len(spent)}个项目")
    before = ctx.previous_figures
    if before is not None:
        cause = main_cause({p.label: p.spent for p in f.projects}, {p.label: p.spent for p in before.projects}, {})
        head += f"，{change(f.project.spent, before.project.spent)}" + (f"，{cause}" if cause else "")
    lines = [head + "："]
    for n, p in enumerate(listed, 1):
        purpose = goals.purpose(ctx, p.key[2:])
        lines.append(f"{n}.{p.label}实际支出{f.wan(p, 'spent')}万元。" + (f"主要用于{purpose}。" if purpose else ""))
    if rest:
        lines.append(f"其余项目支出合计{sum((f.shown(p, 'spent') for p in rest), Decimal(0)):.2f}万元。")
        lines.append(f"以上未列示的项目{len(rest)}个，明细见表2。")
    return [Items(tuple(lines)), project_table(f, ctx.settings.long_table_rows)]


def section_other_budget(ctx: ReportContext, budget_type: str, number: str, title: str) -> Section:
    wb = ctx.workbook
    blocks: list[Block] = [Heading(1, f"{number}、{title}", f"s{'一二三四五六七八九十'.index(number) + 1}")]
    if budget_type not in budget_types_present(wb.appropriations, wb.expenditures):
        blocks.append(Paragraph("无。"))
    else:
        s = wb.summary(budget_type)
        blocks.append(Paragraph(
            f"{wb.year}年度{category_label('budget_type', budget_type)}调整后预算{wan(s.total.adjusted)}，"
            f"支出{wan(s.total.spent)}，其中基本支出{wan(s.basic.spent)}，项目支出{wan(s.project.spent)}。"))
    return Section(budget_type, tuple(blocks))


def section_disclosure(ctx: ReportContext) -> Section:
    return Section("disclosure", (Heading(1, "九、绩效自评结果拟应用和公开情况", "s9"),
                                  Paragraph(ctx.workbook.unit.disclosure)))


__all__ = ["OTHER_BUDGETS", "cn_number", "section_basic_info", "section_disclosure", "section_general_budget",
           "section_other_budget", "strip_number"]
