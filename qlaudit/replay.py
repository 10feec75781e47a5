"""Replay an operation log (``qlaudit.oplog``): re-run every logged verb on the data folder and compare result hashes.

Kept apart from the log itself: the workbook writes the log, and replaying needs the workbook, the rules and the
findings, so the log stays free of those imports (no import circle between the workbook, the rules and the log).

Strict: the log has been checked against its schema (:func:`qlaudit.oplog.read_oplog`); a rule name or a setting
the library does not know is :class:`~qlaudit.oplog.OplogInvalid` (exit 2); a changed input, parameter or result is a
step that does not reproduce (exit 1). A settings path written in the log is never read: the log records the
settings file's SHA-256, and the file is read only when the user names it again (``replay --settings``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qlaudit.errors import QlauditError
from qlaudit.findings import findings_json
from qlaudit.i18n import message
from qlaudit.oplog import Operation, OperationLog, OplogInvalid, sample_json, sha256_text
from qlaudit.rules import run_rules
from qlaudit.rules.explore import WorkbookRules
from qlaudit.settings import load_settings
from qlaudit.workbook import Workbook, load_workbook


def _replay_check(wb: Workbook, params: dict[str, Any]) -> str:
    settings = load_settings(params.get("settings_path"))
    return findings_json(wb.unit.code, wb.year, run_rules(wb, settings))


def _replay_rule(wb: Workbook, params: dict[str, Any]) -> str:
    from qlaudit.rules.explore import _rules

    if params["rule"] != "all" and params["rule"] not in _rules():
        raise OplogInvalid(f"the log names a rule qlaudit does not have: {params['rule']!r}")
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


def _settings_for(op: Operation, settings_path: Path | None) -> tuple[dict[str, Any], str]:
    """The check's parameters with the settings file the user named (never the path in the log), or why not."""
    logged = op.params.get("settings_path")
    if not logged:
        return op.params, ""
    if settings_path is None:
        raise QlauditError(message("error.replay_settings_needed", seq=op.seq, logged=logged))
    from qlaudit.ledgers.read import sha256_of

    try:
        digest = sha256_of(settings_path)
    except OSError as err:
        raise QlauditError(message("error.replay_settings_unreadable", path=settings_path, reason=err.strerror)) from err
    expected = op.inputs.get(str(logged))
    if expected is not None and expected != digest:
        return op.params, "the settings file differs from the one the check used"
    return {**op.params, "settings_path": str(settings_path)}, ""


def replay(log: OperationLog, data_dir: Path | str, settings_path: Path | None = None) -> list[ReplayStep]:
    """Re-run every operation of ``log`` against ``data_dir``; a step is ok when its result hash is the same."""

    steps: list[ReplayStep] = []
    workbook: Workbook | None = None
    for op in log.operations:
        if op.verb == "open":
            workbook = load_workbook(op.params["unit"], int(op.params["year"]), data_dir,
                                     strict=bool(op.params.get("strict", True)))
            inputs = {f.path: f.sha256 for f in workbook.inputs}
            ok = inputs == op.inputs
            changed = sorted(k for k in set(inputs) | set(op.inputs) if inputs.get(k) != op.inputs.get(k))
            steps.append(ReplayStep(op.seq, op.verb, ok, "inputs unchanged" if ok
                                    else "input files differ: " + ", ".join(changed[:10])))
            continue
        if workbook is None:
            steps.append(ReplayStep(op.seq, op.verb, False, "no workbook opened before it"))
            continue
        params = op.params
        if op.verb == "check":
            params, problem = _settings_for(op, settings_path)
            if problem:
                steps.append(ReplayStep(op.seq, op.verb, False, problem))
                continue
        if op.verb == "lint":
            current = workbook.self_evaluation_path.name if workbook.self_evaluation_path else None
            if current != params["report"]:
                steps.append(ReplayStep(op.seq, op.verb, False, f"the unit's own report is now {current}, "
                                        f"not {params['report']}"))
                continue
        result = REPLAYERS[op.verb](workbook, params)
        ok = sha256_text(result) == op.result_sha256
        steps.append(ReplayStep(op.seq, op.verb, ok, "same result" if ok else "result differs"))
    return steps
