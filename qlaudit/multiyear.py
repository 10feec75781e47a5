"""Across years: carry-over continuity (上年年末结转 = 本年年初结转, per project) and the multi-year trend table.

Pure functions over already-loaded workbooks; loading several years is the caller's job (``load_years``).
Only 一般公共预算 is followed across years, as in the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_wan

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook


def _carry_out_by_project(wb: Workbook) -> dict[str, tuple[str, int]]:
    s = wb.summary("general")
    # An overspent project (negative balance) carries nothing forward; REC-BUDGET reports the overspend.
    return {p.code: (p.name, max(p.phases.carry_out, 0)) for p in s.projects}


def _carry_in_by_project(wb: Workbook) -> dict[str, tuple[str, int]]:
    s = wb.summary("general")
    return {p.code: (p.name, p.phases.carry_in) for p in s.projects}


def carry_over_continuity(previous: Workbook | None, current: Workbook, missing_note: str = "") -> list[Finding]:
    """CARRY-CONTINUITY: each project's 年末结转 of year N−1 must equal its 上年结转 quota in year N.

    Source: 部门决算 — 年初结转和结余 of a year equals the 年末结转和结余 of the year before (domain.md §2).
    """
    if previous is None:
        return [Finding(
            rule="CARRY-CONTINUITY", severity="info", passed=True, subject="",
            title=f"无{current.year - 1}年度数据，未核对结转连续性",
            explanation=f"{missing_note or f'数据目录中没有{current.year - 1}年度账套'}，"
                        "本年上年结转无法与上年年末结转核对。",
        )]
    out_prev = _carry_out_by_project(previous)
    in_now = _carry_in_by_project(current)
    quota = current.appropriations
    findings: list[Finding] = []
    checked = 0
    for code in sorted(set(out_prev) | set(in_now)):
        name, carried_out = out_prev.get(code, (in_now.get(code, (code, 0))[0], 0))
        carried_in = in_now.get(code, (name, 0))[1]
        if carried_out == 0 and carried_in == 0:
            continue
        checked += 1
        if carried_out != carried_in:
            lines = quota[(quota["project_code"] == code) & (quota["source"] == "carry_in")]
            findings.append(Finding(
                rule="CARRY-CONTINUITY", severity="error", subject=code,
                title=f"项目“{name}”结转资金前后年度不衔接",
                explanation=f"{previous.year}年末结转{format_wan(carried_out)}万元，{current.year}年上年结转指标"
                            f"{format_wan(carried_in)}万元，相差{format_wan(carried_in - carried_out)}万元。",
                amounts=(("previous_carry_out", carried_out), ("carry_in", carried_in),
                         ("difference", carried_in - carried_out)),
                evidence=evidence_from(lines),
            ))
    if not findings:
        findings.append(Finding(
            rule="CARRY-CONTINUITY", severity="info", passed=True, subject="",
            title="结转资金前后年度衔接一致",
            explanation=f"{checked}个项目的{previous.year}年末结转与{current.year}年上年结转逐项一致。",
        ))
    return findings


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
