"""Audit findings (审计发现) as data: frozen dataclasses with stable rule ids, rendered elsewhere.

A finding names its rule, severity (error / warning / info), a Chinese title and explanation, the amounts involved
(int 分, in a fixed order) and the evidence rows (voucher lines or quota lines, with file and row). Identities that
hold are reported too, as ``info`` with ``passed=True``, so a report shows every check that was made.
Ordering and serialisation are deterministic: the same inputs give byte-identical JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from qlaudit.money import fen_to_yuan

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"error": "错误", "warning": "关注", "info": "信息"}


@dataclass(frozen=True)
class Evidence:
    """One ledger line behind a finding."""

    file: str
    row: int
    date: str = ""
    voucher_no: str = ""
    summary: str = ""
    payee: str = ""
    project_code: str = ""
    economic_code: str = ""
    amount_fen: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "date": self.date,
            "voucher_no": self.voucher_no,
            "summary": self.summary,
            "payee": self.payee,
            "project_code": self.project_code,
            "economic_code": self.economic_code,
            "amount": str(fen_to_yuan(self.amount_fen)),
        }


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    title: str
    explanation: str
    subject: str = ""  # what the finding is about: a project code, an economic code, '' for the unit
    amounts: tuple[tuple[str, int], ...] = ()
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)
    passed: bool = False

    def amount(self, name: str) -> int:
        return dict(self.amounts)[name]

    def sort_key(self) -> tuple[int, str, str, str]:
        return (SEVERITY_ORDER[self.severity], self.rule, self.subject, self.title)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "explanation": self.explanation,
            "subject": self.subject,
            "passed": self.passed,
            "amounts": {name: str(fen_to_yuan(fen)) for name, fen in self.amounts},
            "evidence": [e.as_dict() for e in self.evidence],
        }


class FindingList(list[Finding]):
    """A plain list of findings that JupyterLab shows as a table (``qlaudit.frames``): what ``qlaudit.check`` returns."""

    def _repr_html_(self) -> str:
        from qlaudit.frames import findings_html

        return findings_html(self)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def evidence_from(frame: pd.DataFrame) -> tuple[Evidence, ...]:
    """Evidence rows from ledger lines (expenditures or appropriations) in ledger order — date, voucher or quota
    document, line, amount — so that the order does not depend on how the file's rows were arranged."""
    keys = [c for c in ("date", "voucher_no", "quota_doc", "line_no", "amount_fen", "summary", "source_file",
                        "source_row") if c in frame.columns]
    rows = frame.sort_values(keys, kind="stable")
    has = set(rows.columns)
    return tuple(
        Evidence(
            file=str(r["source_file"]),
            row=int(r["source_row"]),
            date=r["date"].date().isoformat() if "date" in has and pd.notna(r["date"]) else "",
            voucher_no=str(r.get("voucher_no", "") or r.get("quota_doc", "") or ""),
            summary=str(r.get("summary", "") or r.get("quota_name", "") or ""),
            payee=str(r.get("payee", "") or ""),
            project_code=str(r.get("project_code", "") or ""),
            economic_code=str(r.get("economic_code", "") or ""),
            amount_fen=int(r["amount_fen"]),
        )
        for _, r in rows.iterrows()
    )


def findings_json(unit: str, year: int, findings: list[Finding]) -> str:
    """The JSON of ``qlaudit check``: {"unit", "year", "findings": [...]}, stable key order, UTF-8 text."""
    payload = {"unit": unit, "year": year, "findings": [f.as_dict() for f in sort_findings(findings)]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
