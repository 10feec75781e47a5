"""Reversals (冲销/红字): negative voucher lines and the earlier payments they cancel.

- REV-UNMATCHED  a negative line with no earlier positive line of the same payee, amount and project to cancel

A reversal pair (a payment and its 红字 reversal) nets to zero, so the duplicate, split-purchase and classification
rules leave both lines out (:func:`reversal_lines`). Source: 会计基础工作规范 第五十一条 (更正错误用红字冲销,
the reversal names the voucher it corrects); a reversal with nothing to cancel hides a refund, a cross-year
correction or an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_yuan
from qlaudit.rules.common import in_order

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


@dataclass(frozen=True)
class Reversals:
    """Index labels of the expenditures frame: matched pairs (reversal → payment) and unmatched reversals."""

    pairs: tuple[tuple[object, object], ...]
    unmatched: tuple[object, ...]


def match_reversals(spend: pd.DataFrame) -> Reversals:
    """Each negative line, in date order, cancels the latest earlier (or same-day) positive line not yet cancelled
    with the same payee, project code and opposite amount."""
    ordered = in_order(spend)
    open_payments: dict[tuple[str, str, int], list[tuple[pd.Timestamp, object]]] = {}
    pairs: list[tuple[object, object]] = []
    unmatched: list[object] = []
    for index, line in ordered.iterrows():
        amount = int(line["amount_fen"])
        if amount > 0:
            open_payments.setdefault((line["payee"], line["project_code"], amount), []).append((line["date"], index))
            continue
        if amount == 0:
            continue
        candidates = open_payments.get((line["payee"], line["project_code"], -amount), [])
        earlier = [i for i, (date, _) in enumerate(candidates) if date <= line["date"]]
        if earlier:
            _, payment = candidates.pop(earlier[-1])
            pairs.append((index, payment))
        else:
            unmatched.append(index)
    return Reversals(tuple(pairs), tuple(unmatched))


def reversal_lines(spend: pd.DataFrame) -> pd.Index:
    """Index labels to leave out of tests on payments: every negative line and every payment a reversal cancels."""
    matched = match_reversals(spend)
    labels = set(spend.index[spend["amount_fen"] < 0]) | {payment for _, payment in matched.pairs}
    return spend.index[spend.index.isin(labels)]


def unmatched_reversals(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """REV-UNMATCHED: reversals that cancel no earlier payment (会计基础工作规范 第五十一条, 红字冲销)."""
    spend = wb.expenditures
    out = []
    for index in match_reversals(spend).unmatched:
        line = spend.loc[[index]]
        r = line.iloc[0]
        amount = int(r["amount_fen"])
        where = f"{r['date'].date().isoformat()} {r['voucher_no']}"
        out.append(Finding(
            rule="REV-UNMATCHED", severity="warning", subject=where,
            title=f"冲销凭证{where}无对应的原支出",
            explanation=f"{where}“{r['summary']}”冲销{format_yuan(-amount)}元（收款人“{r['payee'] or '未填'}”"
                        f"{'，项目 ' + r['project_code'] if r['project_code'] else ''}），但此前没有同一收款人、同一项目、"
                        "同一金额的支出可供冲销。请核实是否为跨年更正、退款或记账错误，并补充原凭证。",
            amounts=(("reversal", amount),), evidence=evidence_from(line),
        ))
    return out
