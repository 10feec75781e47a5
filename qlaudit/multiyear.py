"""Across years: carry-over continuity (上年年末结转 = 本年年初结转, per project) and the multi-year trend table.

Pure functions over already-loaded workbooks; loading several years is the caller's job (``load_years``).
Only 一般公共预算 is followed across years, as in the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook


def carry_over_continuity(previous: Workbook | None, current: Workbook, missing_note: str = "") -> list[Finding]:
    """CARRY-CONTINUITY: each project's 年末结转 of year N−1 must equal its 上年结转 quota in year N
    (``qlaudit.rules.carryover.continuity_drafts`` on the two workbooks; evidence from their frames).

    Source: 部门决算 — 年初结转和结余 of a year equals the 年末结转和结余 of the year before (domain.md §2).
    """
    from qlaudit.columnar.evidence import fill
    from qlaudit.columnar.runner import WorkbookYear
    from qlaudit.rules.carryover import continuity_drafts
    from qlaudit.settings import load_settings

    drafts = continuity_drafts(WorkbookYear(previous) if previous is not None else None, WorkbookYear(current),
                               missing_note)
    return fill(None, drafts, load_settings().evidence_max_rows)


@dataclass(frozen=True)
class TrendRow:
    year: int
    income: int
    carry_in: int
    adjusted: int
    spent: int
    personnel: int
    public: int
    project: int
    carry_out: int


def trend(workbooks: list[Workbook]) -> pd.DataFrame:
    """One row per year (int 分): 本年预算, 上年结转, 调整后预算, 支出 and its parts, 年末结转."""
    rows = []
    for wb in sorted(workbooks, key=lambda w: w.year):
        s = wb.summary("general")
        rows.append(TrendRow(wb.year, s.total.income, s.total.carry_in, s.total.adjusted, s.total.spent,
                             s.personnel.spent, s.public.spent, s.project.spent, s.total.carry_out).__dict__)
    return pd.DataFrame(rows, columns=list(TrendRow.__dataclass_fields__))


def load_years(unit: str, data_dir: Path | str | None, years: list[int] | None = None) -> list[Workbook]:
    """The workbooks of ``years`` (default: every year folder of the unit), strictly validated."""
    from qlaudit.workbook import available_years, load_workbook

    wanted = years if years is not None else available_years(unit, data_dir)
    return [load_workbook(unit, y, data_dir) for y in wanted]
