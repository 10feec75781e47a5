"""Carry-over funds left unused (结转资金长期未用).

- CARRY-STALE  one year: a project with 上年结转 > 0 and no spending this year (the carried money sat idle a year).
- CARRY-STALE  several years, :func:`stale_carry_over`: carried money still unspent after ``carry_stale_years``
               consecutive years, spending taken from the oldest money first (FIFO, as the quota system pays);
               :func:`stale_over_years` runs it on the workbook's own history (earlier years in the data folder).
- CARRY-CONTINUITY  上年年末结转 = 本年上年结转 per project (``qlaudit.multiyear.carry_over_continuity``).

Source: 财政部 财政拨款结转和结余资金管理 (e.g. 财预〔2010〕7号 / 中央部门结转和结余资金管理办法): 结转资金 unused for
two years is managed as 结余 and may be recovered by the finance bureau (domain.md §2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_wan

if TYPE_CHECKING:
    import pandas as pd

    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


def _carry_lines(wb: Workbook, code: str) -> pd.DataFrame:
    q = wb.appropriations
    return q[(q["expense_kind"] == "project") & (q["project_code"] == code) & (q["source"] == "carry_in")]


def stale_carry_in(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """CARRY-STALE (one year): 上年结转 > 0 and nothing spent this year (结转结余资金管理). Evidence: the 结转 quotas."""
    out = []
    for p in wb.summary("general").projects:
        if p.phases.carry_in > 0 and p.phases.spent == 0:
            out.append(Finding(
                rule="CARRY-STALE", severity="warning", subject=p.code, title=f"项目“{p.name}”结转资金全年未使用",
                explanation=f"项目{p.code}上年结转{format_wan(p.phases.carry_in)}万元，{wb.year}年全年未发生支出。"
                            f"结转资金连续{settings.carry_stale_years}年未使用的按结余资金管理，可能被收回；"
                            "需说明原因及使用计划。",
                amounts=(("carry_in", p.phases.carry_in), ("spent", 0)),
                evidence=evidence_from(_carry_lines(wb, p.code)),
            ))
    return out


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
    years = sorted(workbooks, key=lambda wb: wb.year)
    phases = [{p.code: p for p in wb.summary("general").projects}
              for wb in years]
    n = settings.carry_stale_years
    out = []
    for code in sorted({c for per_year in phases for c in per_year}):
        stale: list[int] = []  # stale[k-1] = money idle for k consecutive years, at the end of the previous year
        for i, wb in enumerate(years):
            p = phases[i].get(code)
            if p is None or (i > 0 and years[i - 1].year != wb.year - 1):
                stale = []
            if p is None:
                continue
            carry_in, spent = p.phases.carry_in, max(p.phases.spent, 0)
            stale = [max(0, carry_in - spent)] + [max(0, min(s, carry_in) - spent) for s in stale]
            stale = stale[: max(n, 1)]
            if n >= 1 and len(stale) >= n and stale[n - 1] > 0:
                chain = years[i - n + 1: i + 1]
                lines = [_carry_lines(w, code) for w in chain]
                out.append(Finding(
                    rule="CARRY-STALE", severity="warning", subject=code,
                    title=f"项目“{p.name}”结转资金连续{n}年未使用（{chain[0].year}–{wb.year}）",
                    explanation=f"项目{code}结转资金中有{format_wan(stale[n - 1])}万元自{chain[0].year}年初结转入"
                                f"以来至{wb.year}年末连续{n}年未使用（{wb.year}年上年结转{format_wan(carry_in)}万元，"
                                f"支出{format_wan(spent)}万元）。按规定应作为结余资金管理，可能被收回。",
                    amounts=(("carry_in", carry_in), ("spent", spent), ("stale", stale[n - 1])),
                    evidence=tuple(e for frame in lines for e in evidence_from(frame)),
                ))
    return sorted(out, key=lambda f: (f.subject, f.title))


def stale_over_years(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """CARRY-STALE (several years) on the unit's consecutive earlier years found in the data folder; only the
    findings that end in this workbook's year (earlier years have their own reports)."""
    history = wb.history()
    if len(history) < settings.carry_stale_years:
        return []
    suffix = f"–{wb.year}）"
    return [f for f in stale_carry_over(history, settings) if f.title.endswith(suffix)]


def continuity(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """CARRY-CONTINUITY: this year's 上年结转 quotas against last year's 年末结转, per project."""
    from qlaudit.multiyear import carry_over_continuity

    previous = wb.previous_year()
    return carry_over_continuity(previous, wb, getattr(wb, "previous_year_note", ""))
