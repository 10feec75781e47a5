"""Cause (原因) and voucher references of a finding, where the ledgers show them — never guessed.

- a project whose money was added late in the year (追加 in December) → executed low / spent in December because of it;
- a project spent beyond its budget → the date its quota ran out and the vouchers paid after that;
- a project outside the initial budget → the 追加 document and date that funded it;
- spending without any quota → the vouchers name no quota document.

Findings from other rules get no cause here (the working paper says the ledgers show none).
"""

from __future__ import annotations

import pandas as pd

from qlaudit.findings import Finding
from qlaudit.report.context import ReportContext
from qlaudit.report.words import cn_date

MAX_VOUCHERS = 5


def voucher_refs(lines: pd.DataFrame | list[tuple[str, str]], limit: int = MAX_VOUCHERS) -> str:
    """'2022-11-07 记-001、2022-11-21 记-016' (date and voucher, unique, in order), '等N笔' past ``limit``."""
    if isinstance(lines, pd.DataFrame):
        pairs = [(d.date().isoformat(), str(v)) for d, v in zip(lines["date"], lines["voucher_no"], strict=True)]
    else:
        pairs = lines
    unique = list(dict.fromkeys(f"{d} {v}".strip() for d, v in pairs if d or v))
    text = "、".join(unique[:limit])
    return text + (f"等{len(unique)}笔" if len(unique) > limit else "")


def finding_refs(f: Finding, limit: int = MAX_VOUCHERS) -> str:
    return voucher_refs([(e.date, e.voucher_no) for e in f.evidence], limit)


def _project_lines(ctx: ReportContext, code: str) -> pd.DataFrame:
    return ctx.project_spend.get(code, ctx.spend.iloc[:0])


def _additions(ctx: ReportContext, code: str) -> pd.DataFrame | None:
    return ctx.project_additions.get(code)


def exhausted(ctx: ReportContext, code: str) -> tuple[str, pd.DataFrame] | None:
    """(the date the project's budget ran out, the lines paid after it) for an overspent project."""
    line = ctx.project_lines.get(code)
    if line is None or not line.overspent:  # type: ignore[attr-defined]
        return None
    budget = line.adjusted  # type: ignore[attr-defined]
    lines = _project_lines(ctx, code)
    running = lines["amount_fen"].cumsum()
    beyond = lines[running > budget]
    if beyond.empty:
        return None
    before = lines[running <= budget]
    date = cn_date(before["date"].iloc[-1]) if not before.empty else "年初"
    return date, beyond


def cause(ctx: ReportContext, f: Finding) -> str:
    code = f.subject
    if not code or code not in ctx.project_lines:
        return ""
    additions = _additions(ctx, code)
    late = additions[additions["date"].dt.month == 12] if additions is not None else None
    if f.rule == "BUD-LOW-EXEC" and late is not None and not late.empty:
        first = late.iloc[0]
        return f"原因：资金于{cn_date(first['date'])}追加下达（{first['quota_doc']}），距年末不足一个月，当年无法按计划支出。"
    if f.rule == "TIM-DEC-RUSH" and late is not None and not late.empty:
        return f"原因：资金于{cn_date(late.iloc[0]['date'])}追加下达，支出集中在12月。"
    if f.rule in ("REC-BUDGET", "BUD-OVER-CLASS") and f.severity == "error":
        found = exhausted(ctx, code)
        if found is not None:
            date, beyond = found
            return f"原因：指标于{date}用完后未申请调整预算，仍继续支付{len(beyond)}笔（{voucher_refs(beyond)}）。"
    if f.rule == "REC-BUDGET" and "未纳入年初预算" in f.title and additions is not None and not additions.empty:
        first = additions.iloc[0]
        return f"原因：年初预算未安排，于{cn_date(first['date'])}年中追加下达（{first['quota_doc']}）。"
    if f.rule == "REC-NO-QUOTA":
        lines = _project_lines(ctx, code)
        if not lines.empty and (lines["quota_doc"].fillna("") == "").all():
            return "原因：支出前未申请预算指标，凭证未列指标文号。"
    return ""
