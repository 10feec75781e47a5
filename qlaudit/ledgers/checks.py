"""Column-wise checks after parsing: the cross-field rules of a ledger line, and the file's control totals.

- Cross-field rules (appropriations and expenditures): a 项目支出 line needs a project code; 基本支出 is resolved to
  人员经费/公用经费 by the economic code (a stated kind that contradicts it is corrected with a warning); a project code
  on a basic line is dropped; voucher dates inside the year; quotas not dated after it; a positive 调减 negated.
- Control totals: Σ借方/Σ贷方 per month and per account; each of the file's own 合计/本月合计/本年累计 rows compared
  with the lines it totals; a 明细账 running balance (余额 with 方向) checked line by line.

Only the rows that fail a check become issues (their number is what costs).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit import codes
from qlaudit.money import fen_to_yuan, format_yuan

#: (row, severity, column, message, hint, value) with the row 0-based among the parsed lines.
CrossIssue = tuple[int, str, str, str, str, "str | None"]
CUMULATIVE = ("本年累计", "累计", "本期累计", "年计", "总计")
NOT_CHECKED = ("承前页", "过次页")


def _mask(array: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _at(array: pa.Array, rows: np.ndarray) -> list[object]:
    return array.take(pa.array(rows, type=pa.int64())).to_pylist()


@cache
def _class_kinds() -> tuple[pa.Array, pa.Array]:
    by_class = codes.basic_kind_by_class()
    return pa.array(list(by_class), type=pa.string()), pa.array(list(by_class.values()), type=pa.string())


def cross_field(ledger: str, year: int, rec: dict[str, Any], ok: np.ndarray,
                raw_text: Callable[[str, int], str | None]) -> list[CrossIssue]:
    """The cross-field rules on the rows ``ok`` (no error yet); ``rec`` columns (arrow strings, NumPy numbers)
    are replaced by their corrected versions."""
    issues: list[CrossIssue] = []
    kind = rec.get("expense_kind")
    n = len(ok)
    if kind is not None:
        project = rec.get("project_code", pa.array([""] * n, type=pa.string()))
        economic = rec.get("economic_code", pa.array([""] * n, type=pa.string()))
        missing_project = ok & _mask(pc.equal(kind, "project")) & _mask(pc.equal(project, ""))
        issues += [(i, "error", "project_code", "project line without a project code",
                    "fill 项目编码 for every 项目支出 line", raw_text("project_code", i))
                   for i in np.flatnonzero(missing_project).tolist()]
        basic = ok & _mask(pc.is_in(kind, value_set=pa.array(["basic", "personnel", "public"])))
        if basic.any():
            classes, kinds = _class_kinds()
            derived = kinds.take(pc.index_in(pc.utf8_slice_codeunits(economic, 0, 3), value_set=classes))
            unknown = basic & ~_mask(pc.is_valid(derived))
            rows = np.flatnonzero(unknown)
            issues += [(i, "error", "economic_code", "basic spending on an economic class that is neither "
                        "人员经费 nor 公用经费", "basic lines use 301/303 (人员经费) or 302/309/310 (公用经费)", str(code))
                       for i, code in zip(rows.tolist(), _at(economic, rows), strict=True)]
            known = basic & ~unknown
            contradicts = known & ~_mask(pc.equal(kind, "basic")) & ~_mask(pc.equal(kind, derived))
            rows = np.flatnonzero(contradicts)
            for i, k, code, d in zip(rows.tolist(), _at(kind, rows), _at(economic, rows), _at(derived, rows),
                                     strict=True):
                issues.append((i, "warning", "expense_kind", f"normalised: stated {k} but economic code {code} is "
                               f"{d} by the 决算 convention", "", raw_text("expense_kind", i)))
            rec["expense_kind"] = kind = pc.if_else(pa.array(known), derived, kind)
            if "project_code" in rec:
                stray = basic & ~_mask(pc.equal(project, ""))
                rows = np.flatnonzero(stray)
                issues += [(i, "warning", "project_code", "normalised: project code on a basic line ignored", "",
                            str(code)) for i, code in zip(rows.tolist(), _at(project, rows), strict=True)]
                rec["project_code"] = pc.if_else(pa.array(stray), "", project)
    date = rec.get("date")
    if date is not None:
        years = date.astype("datetime64[Y]").astype(np.int64) + 1970
        valid = ~np.isnat(date)
        if ledger == "expenditures":
            outside = ok & valid & (years != year)
            issues += [(i, "error", "date", f"voucher date outside {year}",
                        f"the {year} ledger holds vouchers dated {year} only", raw_text("date", i))
                       for i in np.flatnonzero(outside).tolist()]
        if ledger == "appropriations":
            later = ok & valid & (years > year)
            issues += [(i, "error", "date", f"quota dated after {year}", "check the 下达日期", raw_text("date", i))
                       for i in np.flatnonzero(later).tolist()]
    if ledger == "appropriations" and "source" in rec and "amount_fen" in rec:
        amount = rec["amount_fen"]
        positive = ok & _mask(pc.equal(rec["source"], "reduction")) & (amount > 0)
        issues += [(i, "warning", "amount", "normalised: positive 调减 amount made negative", "",
                    raw_text("amount", i)) for i in np.flatnonzero(positive).tolist()]
        amount[positive] = -amount[positive]
    return issues


def stated_totals(labels: dict[int, str | None], is_total: np.ndarray, is_line: np.ndarray, net: np.ndarray,
                  parsed: np.ndarray, stated: np.ndarray, stated_ok: np.ndarray) -> list[dict[str, object]]:
    """Each total row against the lines it totals: 本月合计/小计 the lines since the previous row of that label,
    合计/本年累计 all lines before it. ``net`` is 借方 − 贷方 per row; a segment with an unparsed amount is skipped."""
    out: list[dict[str, object]] = []
    cumulative = np.cumsum(np.where(is_line & parsed, net, 0))
    unparsed = np.cumsum(is_line & ~parsed)
    last: dict[str, int] = {}
    for i in np.flatnonzero(is_total).tolist():
        label = str(labels.get(i) or "")
        if label in NOT_CHECKED or not stated_ok[i]:
            continue
        whole = label in CUMULATIVE or label.startswith(("合计", "总计"))
        start = -1 if whole else last.get(label, -1)
        last[label] = i
        total = int(cumulative[i] - (cumulative[start] if start >= 0 else 0))
        broken = int(unparsed[i] - (unparsed[start] if start >= 0 else 0))
        if broken:
            continue
        out.append({"row": i, "label": label, "stated_fen": int(stated[i]), "lines_fen": total,
                    "ok": int(stated[i]) == total})
    return out


def running_balance(balance: np.ndarray, has_balance: np.ndarray, sign: np.ndarray, movement: np.ndarray
                    ) -> list[tuple[int, int, int, int]]:
    """Rows whose 余额 is not the previous 余额 plus the row's movement: (row, previous, movement, stated)."""
    rows = np.flatnonzero(has_balance)
    if rows.size < 2:
        return []
    signed = balance[rows] * sign[rows]
    expected = signed[:-1] + movement[rows[1:]]
    bad = np.flatnonzero(expected != signed[1:])
    return [(int(rows[k + 1]), int(signed[k]), int(movement[rows[k + 1]]), int(signed[k + 1])) for k in bad.tolist()]


def sums_by(keys: np.ndarray | pa.Array, debit: np.ndarray, credit: np.ndarray, name: str
            ) -> list[dict[str, object]]:
    """Σ借方 and Σ贷方 and the line count per key, as exact decimal strings in 元 (keys sorted)."""
    if len(keys) == 0:
        return []
    encoded = pc.dictionary_encode(pa.array(keys) if not isinstance(keys, pa.Array) else keys)
    index = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
    labels = encoded.dictionary.to_pylist()
    size = len(labels)
    lines = np.bincount(index, minlength=size)
    debit_sum = np.zeros(size, dtype=np.int64)
    credit_sum = np.zeros(size, dtype=np.int64)
    np.add.at(debit_sum, index, debit)
    np.add.at(credit_sum, index, credit)
    order = sorted(range(size), key=lambda k: str(labels[k]))
    return [{name: str(labels[k]), "lines": int(lines[k]), "debit_yuan": str(fen_to_yuan(int(debit_sum[k]))),
             "credit_yuan": str(fen_to_yuan(int(credit_sum[k])))} for k in order]


def yuan(fen: int) -> str:
    return format_yuan(fen)
