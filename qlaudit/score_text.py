"""Score cards as report blocks (``qlaudit.document``): the scores computed by ``qlaudit.scoring``, rendered.

- ``project_table_blocks(table)``: one project's 项目支出绩效自评表 in the official column layout (funds block, then
  indicators with 偏差原因分析及改进措施, then 总分/等级).
- ``unit_table_blocks(score)``: the 部门整体支出绩效自评表 (funds block, 共性指标 with formula, value, 分值, 得分 and
  the figures and deduction of each, then the total, the grade and the basis).

Money in 万元 through ``qlaudit.money.to_wan`` (the 资金 rows balanced to their total, ``qlaudit.rounding``); ledger
text (project and indicator names) goes into blocks as data and is escaped by the HTML renderer. Captions carry no
table number: the report numbers its tables (``qlaudit.report.scores``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from qlaudit.document import Block, Items, Paragraph, Table
from qlaudit.money import to_wan
from qlaudit.rounding import balance
from qlaudit.rounding import text as rounded_text
from qlaudit.scoring import IndicatorScore, ProjectTable, UnitScore
from qlaudit.scoring.formulas import CENT, parse_number
from qlaudit.scoring.tables import FundLine

SYMBOLS = {"ge": "≥", "le": "≤", "eq": "="}
FUND_HEADER = ("项目", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "分值", "执行率", "得分")


def plain(text: str) -> str:
    """A scoring text as a reader of the Chinese report reads it: the settings' machine marks said in words —
    "verify" (not yet confirmed against the province's template) as 待核实, "max(a, b)" as a与b中较大者. The JSON keeps
    the settings' own text."""
    text = re.sub(r"max\(([^,()]+),\s*([^()]+)\)", r"\1与\2中较大者", text)
    return re.sub(r"（verify）|\(verify\)|verify", "待核实", text)


def _points(value: Decimal | None) -> str:
    return "—" if value is None else str(value.quantize(CENT))


def _fund_rows(lines: tuple[FundLine, ...]) -> list[tuple[str, ...]]:
    """The 资金 block as printed: the first line is the total of the others (年度资金总额 = 其中 …), so each money column
    of the others is balanced to it (尾差 to the largest part, ``qlaudit.rounding``) and the printed table adds up —
    and agrees with the report's 表1, balanced the same way."""
    columns = []
    for field in ("initial_fen", "full_year_fen", "spent_fen"):
        amounts = [int(getattr(line, field)) for line in lines]
        top = to_wan(amounts[0])
        parts = balance(top, amounts[1:]) if len(lines) > 1 and sum(amounts[1:]) == amounts[0] else \
            tuple(to_wan(a) for a in amounts[1:])
        columns.append([rounded_text(top), *(rounded_text(v) for v in parts)])
    return [(line.label, columns[0][i], columns[1][i], columns[2][i], _points(line.points), line.rate,
             _points(line.score)) for i, line in enumerate(lines)]


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
              tuple(_fund_rows(table.funds)), numeric=(1, 2, 3, 4, 5, 6)),
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
    if table.notes:  # each note names its project: a figure in it (预算执行率0.00%) is the project's, not the unit's
        blocks.append(Items(tuple(f"{n}.{table.name}：{t}" for n, t in enumerate(table.notes, 1))))
    return blocks


def unit_table_blocks(score: UnitScore) -> list[Block]:
    """The 部门整体支出绩效自评表: funds, the 共性指标 and the project part, the total and grade with their basis."""
    blocks: list[Block] = [
        Table(f"部门整体支出绩效自评表：{score.unit_name}{score.year}年度（资金情况）", (*FUND_HEADER[:4], "执行率"),
              tuple((*row[:4], row[5]) for row in _fund_rows(score.funds)), numeric=(1, 2, 3, 4), note=score.funds_note),
        Table(f"部门整体支出绩效自评表：{score.unit_name}{score.year}年度（绩效指标）",
              ("指标", "计算公式", "指标值", "分值", "得分", "计算依据及扣分说明"),
              tuple((i.name, plain(i.formula), i.value_text, _points(i.points), "未评分" if i.score is None else _points(i.score),
                     i.note) for i in score.indicators),
              numeric=(2, 3, 4)),
    ]
    total = "未形成总分" if score.total is None else f"{score.total}分，等级“{score.grade}”"
    blocks.append(Paragraph(f"部门整体支出绩效自评得分：{total}（{score.basis}）。"))
    sources = [f"{i.name}：{plain(i.basis)}" for i in score.indicators if i.basis]
    if sources:
        blocks.append(Paragraph("指标依据（标注“待核实”的分值与计分标准待按本省模板核实）："))
        blocks.append(Items(tuple(f"{n}.{t}" for n, t in enumerate(sources, 1))))
    return blocks
