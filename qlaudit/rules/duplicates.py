"""Duplicate payments (重复支付).

- DUP-EXACT  same payee, same amount and same 摘要 on different vouchers within ``duplicate_window_days``
- DUP-NEAR   same payee and same amount, different 摘要, on different vouchers within the window (weaker: ``info``)

Left out: reversal pairs and reversals (the engine's ``payments`` view), lines without a payee, and pairs whose 摘要
name different periods ('支付3月工资' / '支付4月工资', '一季度物业费' / '二季度物业费'), so monthly payroll and
utility lines do not fire. A voucher is its month and number (numbering restarts each month). Lines linked by
qualifying pairs form one finding. The candidate pairs come from one self-join in SQL (payee key, amount, ledger
order, date distance; payee, 摘要 and voucher compared by the engine's integer codes, the payee's text joined to the
pairs only); only they are looked at in Python. Source: 会计基础工作规范 (原始凭证审核, 防止重复报销); domain.md §7.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.money import format_yuan

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

LISTED = 20  # lines named in the explanation of one finding; the rest are counted

PAIRS = """
WITH c AS (
    SELECT unit, year, line_id, ord, date, payee_code, amount_fen, summary_key_code, periods, ym, voucher_code
    FROM payments WHERE amount_fen > 0 AND NOT payee_blank),
twice AS (SELECT unit, year, payee_code, amount_fen FROM c GROUP BY ALL HAVING COUNT(*) > 1),
d AS (SELECT c.* FROM c SEMI JOIN twice USING (unit, year, payee_code, amount_fen)),
p AS (
    SELECT a.unit, a.year, a.amount_fen, a.ord AS a_ord, b.ord AS b_ord, a.line_id AS a_line, b.line_id AS b_line,
           a.summary_key_code = b.summary_key_code AS exact
    FROM d a JOIN d b
      ON a.unit = b.unit AND a.year = b.year AND a.payee_code = b.payee_code AND a.amount_fen = b.amount_fen
         AND a.ord < b.ord
    WHERE epoch_us(b.date) - epoch_us(a.date) <= $window
      AND (a.ym <> b.ym OR a.voucher_code <> b.voucher_code)
      AND NOT (a.periods <> '' AND b.periods <> '' AND a.periods <> b.periods))
SELECT p.unit, p.year, e.payee_key, p.amount_fen, p.a_ord, p.b_ord, p.a_line, p.b_line, p.exact
FROM p JOIN expenditures e ON e.unit = p.unit AND e.year = p.year AND e.line_id = p.a_line
ORDER BY p.unit, p.year, e.payee_key, p.amount_fen, p.a_ord, p.b_ord
"""

LINES = """
SELECT unit, year, line_id, ord, date, voucher_no, summary, payee, amount_fen
FROM expenditures SEMI JOIN {pairs} p USING (unit, year, line_id)
ORDER BY unit, year, ord
"""


def _clusters(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of line positions linked by pairs (union-find), each sorted, ordered by first position."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for i in sorted(parent):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    pairs = engine.query(PAIRS, {"window": settings.duplicate_window_days * 86_400_000_000})
    if pairs.empty:
        return pairs.assign(line=pd.Series(dtype="int64"))
    name = engine.with_frame(pd.concat([pairs[["unit", "year", "a_line"]].set_axis(["unit", "year", "line_id"], axis=1),
                                        pairs[["unit", "year", "b_line"]].set_axis(["unit", "year", "line_id"], axis=1)]))
    try:
        lines = engine.query(LINES.format(pairs=name))
    finally:
        engine.drop(name)
    return pd.concat([pairs.assign(row="pair"), lines.assign(row="line")], ignore_index=True)


def _finding(rule: str, lines: list[dict[str, object]], uy: UnitYear) -> Draft:
    first = lines[0]
    amount, n = int(first["amount_fen"]), len(lines)  # type: ignore[call-overload]
    listed = "；".join(f"{r['date'].date().isoformat()} {r['voucher_no']}“{r['summary']}”"  # type: ignore[attr-defined]
                      for r in lines[:LISTED]) + (f"等{n}笔" if n > LISTED else "")
    exact = rule == "DUP-EXACT"
    payee = first["payee"]
    return Draft(Finding(
        rule=rule, severity="warning" if exact else "info", subject=str(payee),
        title=f"疑似重复支付：{payee} {format_yuan(amount)}元 × {n}" + ("" if exact else "（摘要不同）"),
        explanation=f"向“{payee}”支付{format_yuan(amount)}元的{n}笔支出记在不同凭证上、日期相近"
                    + ("且摘要相同" if exact else "，摘要不同") + f"：{listed}。"
                    f"可能重复支付{format_yuan(amount * (n - 1))}元，请核对原始单据和银行回单。",
        amounts=(("amount", amount), ("total", amount * n), ("possible_duplicate", amount * (n - 1)))),
        (EvidenceRequest(uy.unit, uy.year, line_ids=tuple(int(r["line_id"]) for r in lines)),))  # type: ignore[call-overload]


def _finish(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """DUP-EXACT / DUP-NEAR: the same payment made twice (会计基础工作规范, 原始凭证审核; domain.md §7)."""
    if rows.empty:
        return []
    records = rows.to_dict("records")
    lines = {int(r["ord"]): r for r in records if r["row"] == "line"}
    pairs = sorted((r for r in records if r["row"] == "pair"), key=lambda r: (r["payee_key"], r["amount_fen"]))
    out = []
    for _, group in groupby(pairs, key=lambda r: (r["payee_key"], r["amount_fen"])):
        members = list(group)
        exact = [(int(r["a_ord"]), int(r["b_ord"])) for r in members if r["exact"]]
        near = [(int(r["a_ord"]), int(r["b_ord"])) for r in members if not r["exact"]]
        for rule, linked in (("DUP-EXACT", exact), ("DUP-NEAR", near)):
            for cluster in _clusters(linked):
                out.append(_finding(rule, [lines[m] for m in cluster], uy))
    return out


duplicate_payments = ColumnarRule("duplicate_payments", _finish, _candidates)
