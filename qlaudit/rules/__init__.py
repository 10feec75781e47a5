"""Audit rules: each is a plain function ``(workbook) -> list[Finding]`` in the ``RULES`` list.

Issue 2 ships the reconciliation identities (``reconciliation``); later rules join the same list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qlaudit.findings import Finding, sort_findings
from qlaudit.rules import reconciliation

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

RULES = reconciliation.RULES


def run_rules(workbook: Workbook) -> list[Finding]:
    """Every rule on the workbook, findings in deterministic order."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(workbook))
    return sort_findings(findings)


__all__ = ["RULES", "run_rules"]
