"""The official frame around 一 … 十: the cover (单位, 预算编码, 评价方式, 报告日期, signatures) and the preamble with
the basis documents (评价依据, per province in ``report.toml``) and the score up front.

The score up front is the unit's: the total and grade of the 部门整体支出绩效自评表 (``qlaudit.scoring.score_unit``,
共性指标 and the project part), with how it was formed; the tables themselves are in 六.
"""

from __future__ import annotations

import datetime as dt

from qlaudit.document import Block, Fields, Heading, Paragraph, Section
from qlaudit.report.context import ReportContext
from qlaudit.report.words import cn_date

BLANK = "＿＿＿＿＿＿"


def title(ctx: ReportContext) -> str:
    return f"{ctx.workbook.unit.name}{ctx.year}年度部门整体支出绩效自评报告"


def section_cover(ctx: ReportContext, report_date: dt.date) -> Section:
    u = ctx.workbook.unit
    return Section("cover", (
        Heading(0, title(ctx), "cover"),
        Fields((("单位名称", u.name), ("预算编码", u.budget_code or "（unit.yaml 未填 budget_code）"),
                ("评价方式", ctx.settings.evaluation_method), ("评价年度", f"{ctx.year}年度"),
                ("报告日期", cn_date(report_date))), "cover"),
        Fields((("单位（盖章）", BLANK), ("单位负责人", BLANK), ("财务负责人", BLANK), ("填报人", BLANK)), "signatures"),
    ))


def section_preamble(ctx: ReportContext) -> Section:
    u, f = ctx.workbook.unit, ctx.figures
    documents = (*ctx.settings.basis_for(u.province), *u.basis)
    basis = "、".join(documents)
    blocks: list[Block] = [Paragraph(
        (f"根据{basis}等规定，" if basis else "")
        + f"{u.name}以指标账、支出凭证和项目库为依据，对{ctx.year}年度部门整体支出和项目支出开展了绩效自评，"
        "现将自评情况报告如下。")]
    score = ctx.score
    if score is not None and score.total is not None:
        text = (f"经自评，本单位{ctx.year}年度部门整体支出绩效自评得分{score.total}分，等级为“{score.grade}”"
                f"（{score.basis}）")
    else:
        text = f"本单位{ctx.year}年度部门整体支出绩效自评表没有可评分的指标，未形成自评得分"
    blocks.append(Paragraph(
        text + f"；一般公共预算全年预算数{f.wan(f.total, 'full_year')}万元，实际支出{f.wan(f.total, 'spent')}万元，"
        f"预算执行率{f.total.rate}（部门整体支出绩效自评表、项目支出绩效自评表及扣分情况见六、资金使用及绩效情况）。"))
    return Section("preamble", tuple(blocks))
