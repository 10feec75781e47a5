"""The operation log (操作日志): every library verb that reads, tests or samples appends a record, and the log can be
replayed to reproduce the results — the audit trail IDEA and ACL keep, for qlaudit's verbs.

A record holds the verb, its parameters, the SHA-256 of the input files, rows in and out, the seed (for samples),
a one-line summary and the SHA-256 of the result (findings JSON, sample picks). There are no timestamps, so the
same work gives the same log. ``qlaudit.replay`` re-runs the verbs in order on the data folder and compares result
hashes; this module imports nothing of the workbook, the rules or the findings, so the workbook can log without an
import circle.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


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


def sample_json(result: object) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, sort_keys=True)  # type: ignore[attr-defined]
