"""表1 (一般公共预算收支) and 表2 (项目支出), from the printed budget figures, and long tables cut to their largest rows.

Every money cell is a printed (balanced) value of ``figures.BudgetFigures``; every table with a 合计 row declares it
(``Table.totals``), so the consistency gate can add it up. A table longer than the limit prints its largest rows
(by 全年预算 or 支出) in code order, then one row "另有 N 项" whose cells are the sums of the printed cells it stands
for: the 合计 still adds up, and nothing is silently dropped.
"""

from __future__ import annotations

from decimal import Decimal

from qlaudit.document import Table
from qlaudit.money import format_rate
from qlaudit.report.figures import BudgetFigures, Line
from qlaudit.rounding import text

NOTE = ("全年预算数＝年初预算＋追加－调减＋上年结转（调减为年中调减，不含年底收回）；{recovery}年末结转＝全年预算数{less}－实际支出"
        "{over}；执行率＝实际支出÷全年预算数{before}。金额按万元四舍五入保留两位小数，分项与合计的尾差调整在最大项。")


def columns(fig: BudgetFigures, lines: tuple[Line, ...] | None = None) -> tuple[tuple[str, str], ...]:
    """The money columns of 表1 (``lines`` None) or 表2: 年底收回 when something was recovered, 超支金额 when
    something was overspent."""
    recovered = fig.has_recovery if lines is None else any(x.recovered for x in lines)
    return (("initial", "年初预算"), ("addition", "追加"), ("cut", "调减"), ("carry_in", "上年结转"),
            ("full_year", "全年预算数"), *((("recovered", "年底收回"),) if recovered else ()), ("spent", "实际支出"),
            ("carry_out", "年末结转"), *((("overspent", "超支金额"),) if fig.has_overspend else ()))


def _note(fig: BudgetFigures) -> str:
    recovery = ("年底收回为年末收回的未用指标，不作为预算调整，单独列示；" if fig.has_recovery else "")
    return NOTE.format(recovery=recovery, less="－年底收回" if fig.has_recovery else "",
                       over="＋超支金额" if fig.has_overspend else "",
                       before="（年底收回前，与部门整体支出绩效自评表一致）" if fig.has_recovery else "")


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
    cols = columns(fig, fig.projects)
    lines = list(fig.projects)
    shown, hidden = cut(lines, limit)
    rows: list[tuple[str, ...]] = [(line.key[2:], line.label, *_cells(fig, line, cols)) for line in shown]
    if hidden:
        sums = [sum((fig.shown(line, c) for line in hidden), Decimal(0)) for c, _ in cols]
        spent, full = sum(x.spent for x in hidden), sum(x.full_year for x in hidden)
        rows.append(("", f"另有{len(hidden)}项", *(text(s) for s in sums), format_rate(spent, full)))
    rows.append(("", "项目支出小计", *_cells(fig, fig.project, cols)))
    last = len(rows) - 1
    note = (f"项目共{len(lines)}个，列示全年预算数或支出最大的{len(shown)}个，其余{len(hidden)}个合并为一行。" if hidden else "")
    return Table("表2 项目支出预算执行情况（单位：万元）", ("项目编码", "项目名称", *(h for _, h in cols), "执行率"),
                 tuple(rows), numeric=tuple(range(2, len(cols) + 3)), note=note,
                 totals=((last, tuple(range(last))),) if lines else ())


def cut(lines: list[Line], limit: int) -> tuple[list[Line], list[Line]]:
    """The ``limit`` largest lines (by max(全年预算, 支出)) in their own order, and the rest."""
    if len(lines) <= limit:
        return lines, []
    ranked = sorted(range(len(lines)), key=lambda i: (-max(lines[i].full_year, lines[i].spent), i))
    keep = set(ranked[:limit])
    return [x for i, x in enumerate(lines) if i in keep], [x for i, x in enumerate(lines) if i not in keep]
