"""Amounts whose scale cannot be right: 万元 typed without a declaration, and ledger totals beyond what sums can hold.

A budget typed in 万元 with no ``单位：万元`` is read as 元 and then looks like massive overspending (or spending
looks like nothing). The ledgers of one unit-year tell on each other, and the unit's size tells on both:

- **Ledger against ledger**: the year's spending and its quotas differ by a factor of 1,000 or more (an execution
  rate of 0.1% or 100,000%); the ledger with the small amounts, unless it declares its unit, is the suspect.
- **Ledger against the unit**: with the staffing in unit.yaml, the 工资福利支出 (301) of a year comes to less than
  1,000 元 per post — no salary is that small; amounts in 万元 give exactly that.

Either is an **error** on the suspect file (the run stops) with the figures and a hint: declare ``单位：万元`` in a title
row or ``金额（万元）`` in the header; a file whose title row says ``单位：元`` is taken at its word and never suspected.

Totals: every ledger's Σ|amount| must stay below 2**62 分 so that no sum, difference or group total computed from it
can overflow int64 (single lines are already capped, :data:`qlaudit.ledgers.parse.MAX_AMOUNT_FEN`).
Pure functions over the loaded frames and import records; no I/O.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qlaudit.ledgers.importlog import FileImport, ImportIssue
from qlaudit.money import format_yuan

RATIO = 1_000  # quotas vs spending: 万元 read as 元 gives a factor of about 10,000
MIN_PAY_PER_POST_FEN = 1_000 * 100  # 301 spending per authorised post and year below this: not 元
SUM_LIMIT_FEN = 2**62
PERSONNEL_PREFIX = "301"
_HINT = ("if the amounts are in 万元, declare it: a title row 单位：万元 above the header, or 金额（万元） as the header; "
         "if they really are in 元, say so with a title row 单位：元")


def exact_sum(values: np.ndarray) -> int:
    """Σ of an int64 array as a Python int, exactly and without overflow (high and low 31 bits summed apart)."""
    values = np.asarray(values, dtype=np.int64)
    high, low = values >> 31, values & ((1 << 31) - 1)
    return (int(high.sum()) << 31) + int(low.sum())


def _files(records: list[FileImport], ledger: str) -> list[FileImport]:
    return [r for r in records if r.ledger == ledger]


def _suspects(records: list[FileImport]) -> list[FileImport]:
    return [r for r in records if not r.unit_declared]


def _error(record: FileImport, message: str, value: str) -> ImportIssue:
    return ImportIssue("error", record.file, message, _HINT, column="amount", value=value)


def scale_issues(frames: dict[str, pd.DataFrame], records: list[FileImport], authorised: int | None
                 ) -> list[ImportIssue]:
    """Errors for ledgers whose amounts are off by the 万 factor or too large to sum (see the module docstring)."""
    issues: list[ImportIssue] = []
    totals = {}
    for ledger in ("appropriations", "expenditures"):
        frame = frames.get(ledger)
        amounts = frame["amount_fen"].to_numpy(dtype=np.int64) if frame is not None and len(frame) else \
            np.zeros(0, dtype=np.int64)
        magnitude = exact_sum(np.abs(amounts))
        if magnitude >= SUM_LIMIT_FEN:
            issues += [ImportIssue("error", r.file, f"the {ledger} amounts add up to more than any ledger can "
                                   f"({format_yuan(magnitude)} 元 in absolute value)", "check the amounts and their "
                                   "unit; a line of 100 亿元 or more is refused", column="amount")
                       for r in _files(records, ledger)]
            return issues
        totals[ledger] = exact_sum(amounts)
        if frame is not None and len(frame) and authorised:
            codes = frame["economic_code"].astype(str)
            pay = exact_sum(amounts[codes.str.startswith(PERSONNEL_PREFIX).to_numpy()])
            if 0 < pay < MIN_PAY_PER_POST_FEN * authorised:
                issues += [_error(r, f"工资福利支出（301）of the year is {format_yuan(pay)} 元 for {authorised} authorised "
                                  "post(s) (unit.yaml staffing.authorised): less than 1,000 元 a post, so the amounts "
                                  "look like 万元 read as 元", format_yuan(pay))
                           for r in _suspects(_files(records, ledger))]
    budget, spent = totals["appropriations"], totals["expenditures"]
    if budget > 0 and spent > 0 and not issues:
        if spent >= RATIO * budget:
            suspects, says = _suspects(_files(records, "appropriations")), "quotas"
        elif budget >= RATIO * spent:
            suspects, says = _suspects(_files(records, "expenditures")), "spending"
        else:
            suspects, says = [], ""
        ratio = max(spent, budget) // min(spent, budget) if suspects else 0
        issues += [_error(r, f"the year's spending ({format_yuan(spent)} 元) and its quotas ({format_yuan(budget)} 元) "
                          f"differ {ratio:,}-fold: the {says} look like 万元 read as 元",
                          format_yuan(budget if says == "quotas" else spent)) for r in suspects]
    return issues
