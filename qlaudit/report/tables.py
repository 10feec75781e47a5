"""表1 (一般公共预算收支) and 表2 (项目支出), from the printed budget figures, and long tables cut to their largest rows.

Every money cell is a printed (balanced) value of ``figures.BudgetFigures``; every table with a 合计 row declares it
(``Table.totals``), so the consistency gate can add it up. A table longer than the limit prints its largest rows
(by 全年预算 or 支出) in code order, then one row "另有 N 项" whose cells are the sums of the printed cells it stands
for: the 合计 still adds up, and nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from qlaudit.document import Block, Items, Table
from qlaudit.money import format_rate
from qlaudit.report.figures import BudgetFigures, Line
from qlaudit.report.rounding import text

MONEY_COLUMNS = (("initial", "年初预算"), ("addition", "追加"), ("reductions", "调减"), ("carry_in", "上年结转"),
                 ("adjusted", "调整后预算"), ("spent", "实际支出"), ("carry_out", "年末结转"))
NOTE = ("调整后预算＝年初预算＋追加－调减＋上年结转；年末结转＝调整后预算－实际支出{over}；执行率＝实际支出÷调整后预算。"
        "{recovered}")


def columns(fig: BudgetFigures) -> tuple[tuple[str, str], ...]:
    return MONEY_COLUMNS + ((("overspent", "超支金额"),) if fig.has_overspend else ())


def _note(fig: BudgetFigures) -> str:
    recovered = (f"调减中含年底收回的未用指标{fig.wan(fig.total, 'recovered')}万元，单独说明，未与年中调减合并。"
                 if fig.has_recovery else "")
    return NOTE.format(over="＋超支金额" if fig.has_overspend else "", recovered=recovered)


def _cells(fig: BudgetFigures, line: Line, cols: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return (*(fig.wan(line, c) for c, _ in cols), line.rate)


def budget_table(fig: BudgetFigures) -> Table:
    cols = columns(fig)
    rows = tuple((label, *_cells(fig, line, cols)) for label, line in (
        ("基本支出", fig.basic), ("　其中：人员经费", fig.personnel), ("　　　　公用经费", fig.public),
        ("项目支出", fig.project), ("合计", fig.total)))
    return Table("表1 一般公共预算收支情况（单位：万元）", ("项目", *(h for _, h in cols), "执行率"), rows,
                 numeric=tuple(range(1, len(cols) + 2)), note=_note(fig), totals=((0, (1, 2)), (4, (0, 3))))


def project_table(fig: BudgetFigures, limit: int) -> Table:
    cols = columns(fig)
    lines = list(fig.projects)
    shown, hidden = cut(lines, limit)
    rows: list[tuple[str, ...]] = [(line.key[2:], line.label, *_cells(fig, line, cols)) for line in shown]
    if hidden:
        sums = [sum((fig.shown(line, c) for line in hidden), Decimal(0)) for c, _ in cols]
        spent, full = sum(x.spent for x in hidden), sum(x.adjusted for x in hidden)
        rows.append(("", f"另有{len(hidden)}项", *(text(s) for s in sums), format_rate(spent, full)))
    rows.append(("", "项目支出小计", *_cells(fig, fig.project, cols)))
    last = len(rows) - 1
    note = (f"项目共{len(lines)}个，列示全年预算或支出最大的{len(shown)}个，其余{len(hidden)}个合并为一行。" if hidden else "")
    return Table("表2 项目支出预算执行情况（单位：万元）", ("项目编码", "项目名称", *(h for _, h in cols), "执行率"),
                 tuple(rows), numeric=tuple(range(2, len(cols) + 3)), note=note,
                 totals=((last, tuple(range(last))),) if lines else ())


def cap_blocks(blocks: list[Block], limit: int, where: str) -> list[Block]:
    """Tables and lists longer than ``limit`` (e.g. the score card of a unit with hundreds of projects) keep their first
    ``limit`` rows and say how many more there are and where they are listed in full."""
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Table) and len(b.rows) > limit and not b.totals:
            more = len(b.rows) - limit
            out.append(replace(b, rows=b.rows[:limit], note=(b.note + "；" if b.note else "") + f"另有{more}行，{where}。"))
        elif isinstance(b, Items) and len(b.items) > limit:
            out.append(Items((*b.items[:limit], f"另有{len(b.items) - limit}条，{where}。")))
        else:
            out.append(b)
    return out


def cut(lines: list[Line], limit: int) -> tuple[list[Line], list[Line]]:
    """The ``limit`` largest lines (by max(全年预算, 支出)) in their own order, and the rest."""
    if len(lines) <= limit:
        return lines, []
    ranked = sorted(range(len(lines)), key=lambda i: (-max(lines[i].adjusted, lines[i].spent), i))
    keep = set(ranked[:limit])
    return [x for i, x in enumerate(lines) if i in keep], [x for i, x in enumerate(lines) if i not in keep]
