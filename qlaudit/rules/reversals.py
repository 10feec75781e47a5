"""Reversals (冲销/红字): negative voucher lines and the earlier payments they cancel.

- REV-UNMATCHED  a negative line with no earlier positive line of the same payee, amount and project to cancel

A reversal pair (a payment and its 红字 reversal) nets to zero, so the duplicate, split-purchase and classification
rules leave both lines out (the engine's ``payments`` view; :func:`reversal_lines` on a frame). Matching is done
as sets (``qlaudit.columnar.engine.REVERSALS_SQL``): each negative line, in ledger order, cancels the latest earlier
(or same-day) positive line not yet cancelled with the same payee, project code and opposite amount. Source: 会计基础
工作规范 第五十一条 (更正错误用红字冲销, the reversal names the voucher it corrects); a reversal with nothing to cancel
hides a refund, a cross-year correction or an error.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Reversals:
    """Index labels of the expenditures frame: matched pairs (reversal → payment) and unmatched reversals."""

    pairs: tuple[tuple[object, object], ...]
    unmatched: tuple[object, ...]


def match_reversals(spend: pd.DataFrame) -> Reversals:
    """Each negative line, in date order, cancels the latest earlier (or same-day) positive line not yet cancelled
    with the same payee, project code and opposite amount (the engine's SQL on this frame alone)."""
    from qlaudit.columnar.engine import reversal_rows

    rows = reversal_rows(spend)
    labels = spend.index
    matched = rows[~rows["unmatched"]]
    return Reversals(
        tuple((labels[int(r)], labels[int(p)]) for r, p in zip(matched["line_id"], matched["payment_id"], strict=True)),
        tuple(labels[int(r)] for r in rows.loc[rows["unmatched"], "line_id"]),
    )


def reversal_lines(spend: pd.DataFrame) -> pd.Index:
    """Index labels to leave out of tests on payments: every negative line and every payment a reversal cancels."""
    matched = match_reversals(spend)
    labels = set(spend.index[spend["amount_fen"] < 0]) | {payment for _, payment in matched.pairs}
    return spend.index[spend.index.isin(labels)]


UNMATCHED_SQL = """
SELECT e.unit, e.year, e.line_id, e.date, e.voucher_no, e.summary, e.payee, e.project_code, e.amount_fen
FROM reversals r JOIN expenditures e ON e.unit = r.unit AND e.year = r.year AND e.line_id = r.line_id
WHERE r.unmatched
ORDER BY e.unit, e.year, r.ord
"""


def _unmatched(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(UNMATCHED_SQL)


def _finish_unmatched(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """REV-UNMATCHED: reversals that cancel no earlier payment (会计基础工作规范 第五十一条, 红字冲销)."""
    out = []
    for r in rows.itertuples(index=False):
        amount = int(r.amount_fen)
        where = f"{r.date.date().isoformat()} {r.voucher_no}"
        out.append(Draft(Finding(
            rule="REV-UNMATCHED", severity="warning", subject=where,
            title=f"冲销凭证{where}无对应的原支出",
            explanation=f"{where}“{r.summary}”冲销{format_yuan(-amount)}元（收款人“{r.payee or '未填'}”"
                        f"{'，项目 ' + r.project_code if r.project_code else ''}），但此前没有同一收款人、同一项目、"
                        "同一金额的支出可供冲销。请核实是否为跨年更正、退款或记账错误，并补充原凭证。",
            amounts=(("reversal", amount),)), (EvidenceRequest(uy.unit, uy.year, line_ids=(int(r.line_id),)),)))
    return out


unmatched_reversals = ColumnarRule("unmatched_reversals", _finish_unmatched, _unmatched)
