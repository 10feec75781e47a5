"""Duplicate payments (重复支付).

- DUP-EXACT  same payee, same amount and same 摘要 on different vouchers within ``duplicate_window_days``
- DUP-NEAR   same payee and same amount, different 摘要, on different vouchers within the window (weaker: ``info``)

Left out: reversal pairs and reversals (``reversals.reversal_lines``), lines without a payee, and pairs whose 摘要
name different periods ('支付3月工资' / '支付4月工资', '一季度物业费' / '二季度物业费'), so monthly payroll and
utility lines do not fire. A voucher is its month and number (numbering restarts each month). Lines linked by
qualifying pairs form one finding. Source: 会计基础工作规范 (原始凭证审核, 防止重复报销); domain.md §7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_yuan
from qlaudit.rules.common import different_periods, in_order, month_key, normalise_text
from qlaudit.rules.reversals import reversal_lines

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


def _clusters(pairs: list[tuple[int, int]], size: int) -> list[list[int]]:
    """Connected groups of positions linked by pairs (union-find), each sorted, ordered by first position."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for a, b in pairs:
        for i in (a, b):
            members = groups.setdefault(root(i), [])
            if i not in members:
                members.append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def _candidates(wb: Workbook) -> pd.DataFrame:
    spend = wb.expenditures.drop(index=reversal_lines(wb.expenditures))
    spend = spend[(spend["amount_fen"] > 0) & (spend["payee"].str.strip() != "")]
    out = in_order(spend).assign(
        payee_key=lambda f: f["payee"].map(normalise_text),
        summary_key=lambda f: f["summary"].map(normalise_text),
        voucher_key=lambda f: month_key(f["date"]) + " " + f["voucher_no"],
    )
    return out


def _finding(rule: str, lines: pd.DataFrame) -> Finding:
    first = lines.iloc[0]
    amount, n = int(first["amount_fen"]), len(lines)
    listed = "；".join(f"{r['date'].date().isoformat()} {r['voucher_no']}“{r['summary']}”" for _, r in lines.iterrows())
    exact = rule == "DUP-EXACT"
    return Finding(
        rule=rule, severity="warning" if exact else "info", subject=str(first["payee"]),
        title=f"疑似重复支付：{first['payee']} {format_yuan(amount)}元 × {n}" + ("" if exact else "（摘要不同）"),
        explanation=f"向“{first['payee']}”支付{format_yuan(amount)}元的{n}笔支出记在不同凭证上、日期相近"
                    + ("且摘要相同" if exact else "，摘要不同") + f"：{listed}。"
                    f"可能重复支付{format_yuan(amount * (n - 1))}元，请核对原始单据和银行回单。",
        amounts=(("amount", amount), ("total", amount * n), ("possible_duplicate", amount * (n - 1))),
        evidence=evidence_from(lines),
    )


def duplicate_payments(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """DUP-EXACT / DUP-NEAR: the same payment made twice (会计基础工作规范, 原始凭证审核; domain.md §7)."""
    lines = _candidates(wb)
    lines = lines[lines.duplicated(["payee_key", "amount_fen"], keep=False)]  # a pair needs payee and amount twice
    window = pd.Timedelta(days=settings.duplicate_window_days)
    out = []
    for _, group in lines.groupby(["payee_key", "amount_fen"], sort=True):
        rows = list(group.itertuples(index=False))
        exact: list[tuple[int, int]] = []
        near: list[tuple[int, int]] = []
        for i, a in enumerate(rows):
            for j in range(i + 1, len(rows)):
                b = rows[j]
                if b.date - a.date > window:
                    break  # rows are in date order
                if a.voucher_key == b.voucher_key or different_periods(a.summary, b.summary):
                    continue
                (exact if a.summary_key == b.summary_key else near).append((i, j))
        for rule, pairs in (("DUP-EXACT", exact), ("DUP-NEAR", near)):
            for members in _clusters(pairs, len(rows)):
                out.append(_finding(rule, group.iloc[members]))
    return out
