"""Replay an operation log (``qlaudit.oplog``): re-run every logged verb on the data folder and compare result hashes.

Kept apart from the log itself: the workbook writes the log, and replaying needs the workbook, the rules and the
findings, so the log stays free of those imports (no import circle between the workbook, the rules and the log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qlaudit.findings import findings_json
from qlaudit.oplog import OperationLog, sample_json, sha256_text
from qlaudit.rules import run_rules
from qlaudit.rules.explore import WorkbookRules
from qlaudit.settings import load_settings
from qlaudit.workbook import Workbook, load_workbook


def _replay_check(wb: Workbook, params: dict[str, Any]) -> str:
    settings = load_settings(params.get("settings_path"))
    return findings_json(wb.unit.code, wb.year, run_rules(wb, settings))


def _replay_rule(wb: Workbook, params: dict[str, Any]) -> str:
    result = WorkbookRules(wb, record=False).run(params["rule"], **params.get("overrides", {}))
    return findings_json(wb.unit.code, wb.year, list(result.findings))


def _replay_sample(wb: Workbook, params: dict[str, Any]) -> str:
    return sample_json(wb.sample(record=False, **params))


def _replay_lint(wb: Workbook, params: dict[str, Any]) -> str:
    result = wb.lint_self_evaluation(record=False)
    return findings_json(wb.unit.code, wb.year, result.findings if result else [])


#: verb → function(workbook, params) -> result text, re-run by ``replay`` ("open" is handled by replay itself).
REPLAYERS: dict[str, Callable[[Workbook, dict[str, Any]], str]] = {
    "check": _replay_check,
    "rule": _replay_rule,
    "sample": _replay_sample,
    "lint": _replay_lint,
}


@dataclass(frozen=True)
class ReplayStep:
    seq: int
    verb: str
    ok: bool
    detail: str


def replay(log: OperationLog, data_dir: Path | str) -> list[ReplayStep]:
    """Re-run every operation of ``log`` against ``data_dir``; a step is ok when its result hash is the same."""

    steps: list[ReplayStep] = []
    workbook: Workbook | None = None
    for op in log.operations:
        if op.verb == "open":
            workbook = load_workbook(op.params["unit"], int(op.params["year"]), data_dir,
                                     strict=bool(op.params.get("strict", True)))
            inputs = {f.path: f.sha256 for f in workbook.inputs}
            ok = inputs == op.inputs
            steps.append(ReplayStep(op.seq, op.verb, ok, "inputs unchanged" if ok else "input files differ"))
            continue
        if workbook is None or op.verb not in REPLAYERS:
            steps.append(ReplayStep(op.seq, op.verb, False, "no workbook opened before it" if workbook is None
                                    else f"unknown verb {op.verb}"))
            continue
        result = REPLAYERS[op.verb](workbook, op.params)
        ok = sha256_text(result) == op.result_sha256
        steps.append(ReplayStep(op.seq, op.verb, ok, "same result" if ok else "result differs"))
    return steps
