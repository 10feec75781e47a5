"""Score cards as report blocks (``qlaudit.document``): the scores computed by ``qlaudit.scoring``, rendered.

- ``score_blocks(card)``: 六（三）绩效自评得分 of today's report — the projects (执行率, 预算执行得分, 指标得分, 总分,
  等级), the indicators with the points lost and why, the unit's project mean with how it was formed.
- ``project_table_blocks(table)``: one project's 项目支出绩效自评表 in the official column layout (funds block, then
  indicators with 偏差原因分析及改进措施, then 总分/等级).
- ``unit_table_blocks(score)``: the 部门整体支出绩效自评表 (funds block, 共性指标 with formula, value, 分值, 得分 and
  the figures and deduction of each, then the total, the grade and the basis).

Money in 万元 through ``qlaudit.money.format_wan``; ledger text (project and indicator names) goes into blocks as data
and is escaped by the HTML renderer. Captions carry no table number: the report numbers its tables.
"""

from __future__ import annotations

from decimal import Decimal

from qlaudit.document import Block, Heading, Items, Paragraph, Table
from qlaudit.money import format_wan
from qlaudit.scoring import IndicatorScore, ProjectTable, ScoreCard, UnitScore
from qlaudit.scoring.formulas import CENT, parse_number
from qlaudit.scoring.tables import FundLine

SYMBOLS = {"ge": "≥", "le": "≤", "eq": "="}
FUND_HEADER = ("项目", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "分值", "执行率", "得分")


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
        tuple((p.name, p.execution_rate, str(p.execution_points),
               "—" if p.indicator_points is None else str(p.indicator_points), str(p.total), p.grade)
              for p in card.projects),
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


def _points(value: Decimal | None) -> str:
    return "—" if value is None else str(value.quantize(CENT))


def _fund_row(line: FundLine) -> tuple[str, ...]:
    dec = _points

    return (line.label, format_wan(line.initial_fen), format_wan(line.full_year_fen), format_wan(line.spent_fen),
            dec(line.points), line.rate, dec(line.score))


def _with_unit(value: str, unit: str) -> str:
    return value if not value or not unit or value.endswith(unit) else f"{value}{unit}"


def _target(i: IndicatorScore) -> str:
    """年度指标值 as in the official table: the direction's symbol, the value, the unit ('≥30人')."""
    text = _with_unit(i.target, i.unit)
    symbol = SYMBOLS.get(i.direction, "")
    number = parse_number(i.target)
    return f"{symbol}{text}" if text and symbol and number is not None and number[1] is None else text


def project_table_blocks(table: ProjectTable) -> list[Block]:
    """One project's 项目支出绩效自评表 (财预〔2020〕10号 附件 layout), as tables and a closing paragraph."""
    blocks: list[Block] = [
        Paragraph(f"项目名称：{table.name}（{table.code}）；主管部门及实施单位：{table.unit_name}；"
                  f"年度：{table.year}年" + (f"；年度目标：{table.goal}" if table.goal else "")),
        Table(f"项目支出绩效自评表：{table.name}（资金情况）", FUND_HEADER,
              tuple(_fund_row(f) for f in table.funds), numeric=(1, 2, 3, 4, 5, 6)),
    ]
    header = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    if table.indicators:
        rows = tuple((i.level1, i.level2, i.indicator, _target(i), _with_unit(i.actual, i.unit),
                      _points(i.points_available), _points(i.points), ProjectTable.deviation(i) or "—")
                     for i in table.indicators)
        blocks.append(Table(f"项目支出绩效自评表：{table.name}（绩效指标）", header, rows, numeric=(5, 6)))
    else:
        blocks.append(Paragraph("绩效指标：未设置绩效指标，指标部分缺失，按0分计。"))
    blocks.append(Paragraph(f"总分：满分{_points(table.points_available)}分，得{_points(table.total)}分，"
                            f"等级“{table.grade}”。"))
    if table.notes:
        blocks.append(Items(tuple(f"{n}.{t}" for n, t in enumerate(table.notes, 1))))
    return blocks


def unit_table_blocks(score: UnitScore) -> list[Block]:
    """The 部门整体支出绩效自评表: funds, the 共性指标 and the project part, the total and grade with their basis."""
    blocks: list[Block] = [
        Table(f"部门整体支出绩效自评表：{score.unit_name}{score.year}年度（资金情况）", (*FUND_HEADER[:4], "执行率"),
              tuple((*_fund_row(f)[:4], f.rate) for f in score.funds), numeric=(1, 2, 3, 4), note=score.funds_note),
        Table(f"部门整体支出绩效自评表：{score.unit_name}{score.year}年度（绩效指标）",
              ("指标", "计算公式", "指标值", "分值", "得分", "计算依据及扣分说明"),
              tuple((i.name, i.formula, i.value_text, _points(i.points), "未评分" if i.score is None else _points(i.score),
                     i.note) for i in score.indicators),
              numeric=(2, 3, 4)),
    ]
    total = "未形成总分" if score.total is None else f"{score.total}分，等级“{score.grade}”"
    blocks.append(Paragraph(f"部门整体支出绩效自评得分：{total}（{score.basis}）。"))
    sources = [f"{i.name}：{i.basis}" for i in score.indicators if i.basis]
    if sources:
        blocks.append(Paragraph("指标依据（标注verify的分值与计分标准待按本省模板核实）："))
        blocks.append(Items(tuple(f"{n}.{t}" for n, t in enumerate(sources, 1))))
    return blocks
