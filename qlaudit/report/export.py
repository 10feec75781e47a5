"""Findings as files for other tools: ``findings.json`` (the ``qlaudit check`` shape) and ``findings.csv`` for Excel.

Both are deterministic (same findings → same bytes). The CSV is UTF-8 with a BOM (Excel opens it as UTF-8) and is
safe against formula injection: a text cell that Excel would read as a formula (starting with = + - @ or a tab or
carriage return) is prefixed with an apostrophe; exact decimal amounts are left as numbers.
"""

from __future__ import annotations

import csv
import io
import re

from qlaudit.findings import Finding, findings_json, sort_findings
from qlaudit.money import fen_to_yuan

CSV_COLUMNS = ("rule", "severity", "passed", "subject", "title", "explanation", "amounts", "evidence_lines",
               "evidence_refs", "evidence_total")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def excel_safe(value: object) -> str:
    """A cell Excel will show as text, never evaluate: '=HYPERLINK(…)' → "'=HYPERLINK(…)"."""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def findings_csv(findings: list[Finding]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for f in sort_findings(findings):  # lines and total count the evidence rows left out (evidence_max_rows) too
        refs = "; ".join(f"{e.file}:{e.row} {e.voucher_no}".strip() for e in f.evidence)
        writer.writerow([excel_safe(v) for v in (
            f.rule, f.severity, "yes" if f.passed else "no", f.subject, f.title, f.explanation,
            "; ".join(f"{name}={fen_to_yuan(fen)}" for name, fen in f.amounts),
            f.evidence_rows, refs, fen_to_yuan(sum(e.amount_fen for e in f.evidence) + f.evidence_omitted_fen),
        )])
    return "\ufeff" + buffer.getvalue()


__all__ = ["excel_safe", "findings_csv", "findings_json"]
