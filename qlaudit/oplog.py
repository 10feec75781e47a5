"""The operation log (操作日志): every library verb that reads, tests or samples appends a record, and the log can be
replayed to reproduce the results — the audit trail IDEA and ACL keep, for qlaudit's verbs.

A record holds the verb, its parameters, the SHA-256 of the input files, rows in and out, the seed (for samples),
a one-line summary and the SHA-256 of the result (findings JSON, sample picks). There are no timestamps, so the
same work gives the same log. ``replay`` re-runs the verbs in order on the data folder and compares result hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Operation:
    seq: int
    verb: str
    params: dict[str, Any]
    inputs: dict[str, str]  # file → SHA-256
    rows_in: int
    rows_out: int
    summary: str
    result_sha256: str
    seed: int | None = None


@dataclass
class OperationLog:
    operations: list[Operation] = field(default_factory=list)

    def record(self, verb: str, params: dict[str, Any], *, inputs: dict[str, str] | None = None, rows_in: int = 0,
               rows_out: int = 0, summary: str = "", result: str = "", seed: int | None = None) -> Operation:
        op = Operation(len(self.operations) + 1, verb, dict(params), dict(inputs or {}), rows_in, rows_out, summary,
                       sha256_text(result), seed)
        self.operations.append(op)
        return op

    def to_json(self) -> str:
        return json.dumps({"operations": [asdict(op) for op in self.operations]}, ensure_ascii=False, indent=2,
                          sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> OperationLog:
        data = json.loads(text)
        return cls([Operation(**op) for op in data["operations"]])

    def render_text(self) -> str:
        lines = []
        for op in self.operations:
            params = ", ".join(f"{k}={v}" for k, v in sorted(op.params.items()))
            seed = f" seed={op.seed}" if op.seed is not None else ""
            lines.append(f"{op.seq}. {op.verb}({params}){seed}: {op.rows_in} → {op.rows_out} 行; {op.summary}; "
                         f"结果 {op.result_sha256[:12]}")
        return "\n".join(lines)


def _replay_check(wb: Workbook, params: dict[str, Any]) -> str:
    from qlaudit.findings import findings_json
    from qlaudit.rules import run_rules
    from qlaudit.settings import load_settings

    settings = load_settings(params.get("settings_path"))
    return findings_json(wb.unit.code, wb.year, run_rules(wb, settings))


def _replay_rule(wb: Workbook, params: dict[str, Any]) -> str:
    from qlaudit.findings import findings_json
    from qlaudit.rules.explore import WorkbookRules

    result = WorkbookRules(wb, record=False).run(params["rule"], **params.get("overrides", {}))
    return findings_json(wb.unit.code, wb.year, list(result.findings))


def _replay_sample(wb: Workbook, params: dict[str, Any]) -> str:
    return sample_json(wb.sample(record=False, **params))


def sample_json(result: object) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, sort_keys=True)  # type: ignore[attr-defined]


def _replay_lint(wb: Workbook, params: dict[str, Any]) -> str:
    from qlaudit.findings import findings_json

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
    from qlaudit.workbook import load_workbook

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
