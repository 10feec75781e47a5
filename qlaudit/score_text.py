"""六（三）绩效自评得分: the self-evaluation score card (``qlaudit.scoring``) as report blocks.

One table of projects (执行率, 预算执行得分, 指标得分, 总分, 等级), one table of indicators with the points lost and why,
and the unit's total and grade with how it was formed.
"""

from __future__ import annotations

from qlaudit.document import Block, Heading, Items, Paragraph, Table
from qlaudit.scoring import ScoreCard


def score_blocks(card: ScoreCard) -> list[Block]:
    blocks: list[Block] = [Heading(2, "（三）绩效自评得分")]
    if card.total is None:
        blocks.append(Paragraph(f"本年度{card.basis}。"))
        return blocks
    weights = "，".join([f"预算执行率{card.settings.execution_weight}分"]
                       + [f"{c.label}{c.weight}分" for c in card.settings.categories])
    blocks.append(Paragraph(
        f"按自评表评分规则（{weights}；等级：" + "、".join(f"{g}≥{v}" for g, v in card.settings.grades) + "）计算，"
        f"单位项目支出绩效自评综合得分{card.total}分，等级为“{card.grade}”（{card.basis}）。"))
    blocks.append(Table(
        "表4 项目绩效自评得分",
        ("项目名称", "预算执行率", "执行率得分", "指标得分", "总分", "等级"),
        tuple((p.name, p.execution_rate, str(p.execution_points), str(p.total - p.execution_points), str(p.total),
               p.grade) for p in card.projects),
        numeric=(1, 2, 3, 4),
    ))
    rows = tuple(
        (p.name, i.level1, i.indicator, str(i.points_available), str(i.points), i.deduction_reason or "—")
        for p in card.projects for i in p.indicators
    )
    if rows:
        blocks.append(Table("表5 绩效指标评分明细", ("项目名称", "一级指标", "三级指标", "分值", "得分", "扣分原因"), rows,
                            numeric=(3, 4)))
    deductions = [f"{p.name}：{d}" for p in card.projects for d in p.deductions]
    if deductions:
        blocks.append(Paragraph("扣分说明："))
        blocks.append(Items(tuple(f"{n}.{d}" for n, d in enumerate(deductions, 1))))
    return blocks
