"""The import preview as text: what a profile made of a source file, before anything is written.

Profile and why; sheets read and left; the first rows as mapped; the columns not used; the rows set aside by kind
with their totals; the control totals (Σ借方/Σ贷方 per month and per account, the file's own 合计/本月合计/本年累计
rows against their lines, the 明细账 running balance); then the file's import log.
"""

from __future__ import annotations

import pandas as pd

from qlaudit.ledgers.importer import ImportedFile
from qlaudit.ledgers.importlog import SET_ASIDE_KINDS, ImportLog
from qlaudit.money import format_yuan

PREVIEW_ROWS = 5
SHOWN = {
    "expenditures": ["date", "voucher_no", "summary", "payee", "budget_type", "expense_kind", "project_code",
                     "functional_code", "economic_code", "amount_fen", "account_code"],
    "appropriations": ["quota_doc", "source", "budget_type", "expense_kind", "project_code", "functional_code",
                       "economic_code", "amount_fen", "date"],
    "projects": ["project_code", "project_name", "in_initial_budget", "indicator_level1", "indicator", "target",
                 "weight"],
}


def _table(rows: list[dict[str, object]], columns: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return ["    (none)"]
    out = ["    " + " | ".join(label for _, label in columns)]
    out += ["    " + " | ".join(str(r.get(key, "")) for key, _ in columns) for r in rows]
    return out


def render(item: ImportedFile) -> str:
    record = item.record
    lines = [f"== {item.path.name} → {item.ledger}", f"  profile: {record.profile_reason or record.profile}"]
    for s in record.sheets:
        lines.append(f"  sheet {s['name']}: " + ("read" if s["read"] else f"not read ({s['reason']})"))
    lines.append("  " + record.summary())
    lines.append(f"  control total (kept + normalised lines): {format_yuan(record.total_fen)} 元")
    if not item.frame.empty:
        lines.append(f"  first rows as mapped ({min(PREVIEW_ROWS, len(item.frame))} of {len(item.frame)}):")
        shown = [c for c in SHOWN.get(item.ledger, []) if c in item.frame.columns]
        head = item.frame.head(PREVIEW_ROWS)[[*shown, "source_row"]].copy()
        if "amount_fen" in head:
            head["amount_fen"] = head["amount_fen"].map(format_yuan)
        if "date" in head:
            head["date"] = head["date"].dt.strftime("%Y-%m-%d")
        with pd.option_context("display.width", 200, "display.max_columns", 20, "display.unicode.east_asian_width",
                               True):
            lines += ["    " + line for line in head.to_string(index=False).splitlines()]
    unused = record.controls.get("unused_columns") or []
    lines.append("  columns not used: " + (", ".join(unused) if unused else "none"))
    lines.append("  rows set aside:")
    if not record.set_aside:
        lines.append("    none")
    for kind, entry in sorted(record.set_aside.items()):
        lines.append(f"    {SET_ASIDE_KINDS[kind]}: {entry.rows} row(s), 借方 {format_yuan(entry.debit_fen)}, "
                     f"贷方 {format_yuan(entry.credit_fen)}")
    by_month = record.controls.get("by_month") or []
    if by_month:
        lines.append("  Σ借方 / Σ贷方 per month (all lines, counterpart lines included):")
        lines += _table(by_month, [("month", "月份"), ("lines", "行数"), ("debit_yuan", "借方"),
                                   ("credit_yuan", "贷方")])
    by_account = record.controls.get("by_account") or []
    if by_account:
        expenditure = ", ".join(record.controls.get("expenditure_accounts", []))
        lines.append(f"  Σ借方 / Σ贷方 per account (spending: accounts starting {expenditure}):")
        lines += _table(by_account, [("account", "科目"), ("lines", "行数"), ("debit_yuan", "借方"),
                                     ("credit_yuan", "贷方")])
    stated = record.controls.get("stated_totals") or []
    if stated:
        bad = [s for s in stated if not s["ok"]]
        lines.append(f"  the file's own total rows: {len(stated)} checked against their lines, {len(bad)} differ")
        for s in bad:
            lines.append(f"    row {s['row']} {s['label']}: says {format_yuan(s['stated_fen'])}, lines "
                         f"{format_yuan(s['lines_fen'])}")
    balance = record.controls.get("running_balance")
    if balance:
        lines.append(f"  running balance: {balance['checked']} 余额 checked line by line, "
                     f"{balance['mismatches']} break(s)")
    log = ImportLog([record]).render_text()
    lines += ["  import log:", *("    " + line for line in log.splitlines())]
    return "\n".join(lines)
