"""A lint result as text (for the terminal) or JSON (the shape of ``qlaudit check``). Returns strings; no printing."""

from __future__ import annotations

import json
from collections import Counter

from qlaudit.findings import SEVERITY_LABELS, Finding, sort_findings
from qlaudit.lint import LintResult
from qlaudit.money import format_yuan


def result_json(unit: str | None, year: int | None, findings: list[Finding]) -> str:
    """{"unit", "year", "findings": [...]} like ``qlaudit check --format json``; unit/year null when not given."""
    payload = {"unit": unit, "year": year, "findings": [f.as_dict() for f in sort_findings(findings)]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_text(result: LintResult, source: str, *, verbose: bool = False) -> str:
    """One block per finding (passed checks only with ``verbose``), then a one-line summary."""
    lines = []
    shown = [f for f in result.findings if verbose or not f.passed]
    for f in shown:
        mark = "✓" if f.passed else SEVERITY_LABELS[f.severity]
        lines.append(f"[{mark}] {f.rule} {f.title}")
        lines.append(f"    {f.explanation}")
        for e in f.evidence[:8]:
            amount = f" {format_yuan(e.amount_fen)} 元" if e.amount_fen else ""
            lines.append(f"    · {e.file}:{e.row}{amount}")
        if len(f.evidence) > 8:
            lines.append(f"    · … 共 {len(f.evidence)} 行")
    counts = Counter(f.severity for f in result.findings if not f.passed)
    passed = sum(f.passed for f in result.findings)
    lines.append(f"{source}: 错误 {counts['error']}，关注 {counts['warning']}，信息 {counts['info']}，"
                 f"通过 {passed} 项核对；识别数字 {len(result.figures)} 个"
                 + ("" if verbose or not passed else "（--verbose 显示通过的核对）"))
    return "\n".join(lines) + "\n"
