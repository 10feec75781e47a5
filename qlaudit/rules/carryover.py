"""Carry-over funds left unused (结转资金长期未用).

- CARRY-STALE  one year: a project with 上年结转 > 0 and no spending this year (the carried money sat idle a year).
- CARRY-STALE  several years, :func:`stale_carry_over`: carried money still unspent after ``carry_stale_years``
               consecutive years, spending taken from the oldest money first (FIFO, as the quota system pays);
               :func:`stale_over_years` runs it on the workbook's own history (earlier years in the data folder).
- CARRY-CONTINUITY  上年年末结转 = 本年上年结转 per project (:func:`continuity_findings`).

All three work on the budget phases of each year (``UnitYear.summary``), so they run the same on one workbook and
over a store of many years. Source: 财政部 财政拨款结转和结余资金管理 (e.g. 财预〔2010〕7号 / 中央部门结转和结余资金管理
办法): 结转资金 unused for two years is managed as 结余 and may be recovered by the finance bureau (domain.md §2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, fill
from qlaudit.columnar.runner import ColumnarRule, WorkbookYear
from qlaudit.findings import Finding
from qlaudit.money import format_wan

if TYPE_CHECKING:
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


def _carry_match(code: str) -> tuple[tuple[str, object], ...]:
    return (("expense_kind", "project"), ("project_code", code), ("source", "carry_in"))


def _finish_stale_in(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """CARRY-STALE (one year): 上年结转 > 0 and nothing spent this year (结转结余资金管理). Evidence: the 结转 quotas."""
    out = []
    for p in uy.summary("general").projects:
        if p.phases.carry_in > 0 and p.phases.spent == 0:
            out.append(Draft(Finding(
                rule="CARRY-STALE", severity="warning", subject=p.code, title=f"项目“{p.name}”结转资金全年未使用",
                explanation=f"项目{p.code}上年结转{format_wan(p.phases.carry_in)}万元，{uy.year}年全年未发生支出。"
                            f"结转资金连续{settings.carry_stale_years}年未使用的按结余资金管理，可能被收回；"
                            "需说明原因及使用计划。",
                amounts=(("carry_in", p.phases.carry_in), ("spent", 0))), (uy.quota_evidence(_carry_match(p.code)),)))
    return out


stale_carry_in = ColumnarRule("stale_carry_in", _finish_stale_in)


def stale_drafts(years: Sequence[UnitYear], settings: RuleSettings) -> list[Draft]:
    """CARRY-STALE over several years of one unit (see :func:`stale_carry_over`), as drafts."""
    years = sorted(years, key=lambda y: y.year)
    phases = [{p.code: p for p in y.summary("general").projects} for y in years]
    n = settings.carry_stale_years
    out = []
    for code in sorted({c for per_year in phases for c in per_year}):
        stale: list[int] = []  # stale[k-1] = money idle for k consecutive years, at the end of the previous year
        for i, y in enumerate(years):
            p = phases[i].get(code)
            if p is None or (i > 0 and years[i - 1].year != y.year - 1):
                stale = []
            if p is None:
                continue
            carry_in, spent = p.phases.carry_in, max(p.phases.spent, 0)
            stale = [max(0, carry_in - spent)] + [max(0, min(s, carry_in) - spent) for s in stale]
            stale = stale[: max(n, 1)]
            if n >= 1 and len(stale) >= n and stale[n - 1] > 0:
                chain = years[i - n + 1: i + 1]
                out.append(Draft(Finding(
                    rule="CARRY-STALE", severity="warning", subject=code,
                    title=f"项目“{p.name}”结转资金连续{n}年未使用（{chain[0].year}–{y.year}）",
                    explanation=f"项目{code}结转资金中有{format_wan(stale[n - 1])}万元自{chain[0].year}年初结转入"
                                f"以来至{y.year}年末连续{n}年未使用（{y.year}年上年结转{format_wan(carry_in)}万元，"
                                f"支出{format_wan(spent)}万元）。按规定应作为结余资金管理，可能被收回。",
                    amounts=(("carry_in", carry_in), ("spent", spent), ("stale", stale[n - 1]))),
                    tuple(w.quota_evidence(_carry_match(code)) for w in chain)))
    return sorted(out, key=lambda d: (d.finding.subject, d.finding.title))


def stale_carry_over(workbooks: list[Workbook], settings: RuleSettings | None = None) -> list[Finding]:
    """CARRY-STALE over several years of one unit: money carried into a project and still unspent after
    ``carry_stale_years`` consecutive years (结转资金两年未用按结余管理).

    Per project and year Y (一般公共预算): ``stale_1(Y) = max(0, 上年结转_Y − 支出_Y)`` is carried money left idle for
    a whole year (spending uses the oldest money first); ``stale_k(Y) = max(0, min(stale_k−1(Y−1), 上年结转_Y) − 支出_Y)``
    is money idle for k consecutive years. A finding for every year Y where ``stale_N(Y) > 0``, N =
    ``carry_stale_years``; years must follow each other (a missing year breaks the chain). Evidence: the 结转 quotas of
    the years in the chain.
    """
    from qlaudit.settings import load_settings

    settings = settings or load_settings()
    drafts = stale_drafts([WorkbookYear(wb) for wb in workbooks], settings)
    return fill(None, drafts, settings.evidence_max_rows)


def _finish_stale_over(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """CARRY-STALE (several years) on the unit's consecutive earlier years found in the data folder; only the
    findings that end in this workbook's year (earlier years have their own reports)."""
    history = uy.history()
    if len(history) < settings.carry_stale_years:
        return []
    suffix = f"–{uy.year}）"
    return [d for d in stale_drafts(history, settings) if d.finding.title.endswith(suffix)]


stale_over_years = ColumnarRule("stale_over_years", _finish_stale_over)


def continuity_drafts(previous: UnitYear | None, current: UnitYear, missing_note: str = "") -> list[Draft]:
    """CARRY-CONTINUITY: each project's 年末结转 of year N−1 must equal its 上年结转 quota in year N.

    Source: 部门决算 — 年初结转和结余 of a year equals the 年末结转和结余 of the year before (domain.md §2).
    """
    if previous is None:
        return [Draft(Finding(
            rule="CARRY-CONTINUITY", severity="info", passed=True, subject="",
            title=f"无{current.year - 1}年度数据，未核对结转连续性",
            explanation=f"{missing_note or f'数据目录中没有{current.year - 1}年度账套'}，"
                        "本年上年结转无法与上年年末结转核对。",
        ))]
    # An overspent project (negative balance) carries nothing forward; REC-BUDGET reports the overspend.
    out_prev = {p.code: (p.name, max(p.phases.carry_out, 0)) for p in previous.summary("general").projects}
    in_now = {p.code: (p.name, p.phases.carry_in) for p in current.summary("general").projects}
    drafts: list[Draft] = []
    checked = 0
    for code in sorted(set(out_prev) | set(in_now)):
        name, carried_out = out_prev.get(code, (in_now.get(code, (code, 0))[0], 0))
        carried_in = in_now.get(code, (name, 0))[1]
        if carried_out == 0 and carried_in == 0:
            continue
        checked += 1
        if carried_out != carried_in:
            drafts.append(Draft(Finding(
                rule="CARRY-CONTINUITY", severity="error", subject=code,
                title=f"项目“{name}”结转资金前后年度不衔接",
                explanation=f"{previous.year}年末结转{format_wan(carried_out)}万元，{current.year}年上年结转指标"
                            f"{format_wan(carried_in)}万元，相差{format_wan(carried_in - carried_out)}万元。",
                amounts=(("previous_carry_out", carried_out), ("carry_in", carried_in),
                         ("difference", carried_in - carried_out))),
                (current.quota_evidence((("project_code", code), ("source", "carry_in"))),)))
    if not drafts:
        drafts.append(Draft(Finding(
            rule="CARRY-CONTINUITY", severity="info", passed=True, subject="",
            title="结转资金前后年度衔接一致",
            explanation=f"{checked}个项目的{previous.year}年末结转与{current.year}年上年结转逐项一致。",
        )))
    return drafts


def _finish_continuity(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """CARRY-CONTINUITY: this year's 上年结转 quotas against last year's 年末结转, per project."""
    previous = uy.previous()
    return continuity_drafts(previous, uy, uy.previous_note())


continuity = ColumnarRule("continuity", _finish_continuity)
