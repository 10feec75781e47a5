"""The operation log (操作日志): every library verb that reads, tests or samples appends a record, and the log can be
replayed to reproduce the results — the audit trail IDEA and ACL keep, for qlaudit's verbs.

A record holds the verb, its parameters, the SHA-256 of the input files, rows in and out, the seed (for samples),
a one-line summary and the SHA-256 of the result (findings JSON, sample picks). There are no timestamps, so the
same work gives the same log. ``qlaudit.replay`` re-runs the verbs in order on the data folder and compares result
hashes; this module imports nothing of the workbook, the rules or the findings, so the workbook can log without an
import circle.

A log read back (:func:`read_oplog`) is untrusted: it is checked against a schema before anything runs — exactly
the fields of :class:`Operation` with their types, ``seq`` counting from 1, a known verb whose parameters have the
names and types that verb records, SHA-256 hashes as 64 hex digits, an ``open`` first. A log that is not JSON
(truncated), empty or off the schema (edited) is :class:`OplogInvalid` (exit 2), never replayed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from qlaudit.errors import QlauditError


def sha256_text(text: str | bytes) -> str:
    """SHA-256 of the text's UTF-8 (bytes: already UTF-8)."""
    return hashlib.sha256(text if isinstance(text, bytes) else text.encode("utf-8")).hexdigest()


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
               rows_out: int = 0, summary: str = "", result: str | bytes = "", seed: int | None = None) -> Operation:
        op = Operation(len(self.operations) + 1, verb, dict(params), dict(inputs or {}), rows_in, rows_out, summary,
                       sha256_text(result), seed)
        self.operations.append(op)
        return op

    def to_json(self) -> str:
        return json.dumps({"operations": [asdict(op) for op in self.operations]}, ensure_ascii=False, indent=2,
                          sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> OperationLog:
        """The log in ``text``, checked against the schema (:func:`validate`)."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as err:
            raise OplogInvalid(f"not complete JSON (truncated or edited?): {err}") from err
        return validate(data)

    def render_text(self) -> str:
        lines = []
        for op in self.operations:
            params = ", ".join(f"{k}={v}" for k, v in sorted(op.params.items()))
            seed = f" seed={op.seed}" if op.seed is not None else ""
            lines.append(f"{op.seq}. {op.verb}({params}){seed}: {op.rows_in} → {op.rows_out} 行; {op.summary}; "
                         f"结果 {op.result_sha256[:12]}")
        return "\n".join(lines)


class OplogInvalid(QlauditError):
    """An operation log that is not JSON, empty, or not what qlaudit writes (an unknown verb, a changed field)."""


_SHA256 = re.compile(r"[0-9a-f]{64}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
MAX_OPERATIONS = 10_000
_SCALAR = (str, int, float, bool, type(None))


def _is_int(value: object, low: int = 0, high: int = 2**63 - 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _plain(value: object, depth: int = 0) -> bool:
    """JSON data of bounded shape: scalars, and lists/objects of them up to three levels."""
    if isinstance(value, _SCALAR):
        return not isinstance(value, str) or len(value) <= 10_000
    if depth >= 3:
        return False
    if isinstance(value, list):
        return len(value) <= 1_000 and all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return len(value) <= 1_000 and all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def _open_params(p: dict[str, Any]) -> str:
    from qlaudit.paths import check_unit, check_year

    if set(p) != {"unit", "year", "strict"} or not isinstance(p["strict"], bool):
        return "open takes unit, year and strict (true/false)"
    try:
        check_unit(p["unit"])
        check_year(p["year"])
    except QlauditError as err:
        return str(err)
    return "" if _is_int(p["year"]) else "open: year must be a number"


def _check_params(p: dict[str, Any]) -> str:
    if set(p) != {"settings_path"} or not isinstance(p["settings_path"], (str, type(None))):
        return "check takes settings_path (a path or null)"
    return ""


def _rule_params(p: dict[str, Any]) -> str:
    if set(p) != {"rule", "overrides"} or not isinstance(p["rule"], str) or not _NAME.fullmatch(p["rule"]):
        return "rule takes rule (a rule's name) and overrides"
    overrides = p["overrides"]
    if not isinstance(overrides, dict) or not all(_NAME.fullmatch(k) for k in overrides) or not _plain(overrides):
        return "rule: overrides must map setting names to values"
    return ""


_SAMPLE_PARAMS = {"monetary_unit": {"n", "seed", "project"}, "random": {"n", "seed", "project"},
                  "stratified": {"n", "per_stratum", "by", "seed", "project"}}


def _sample_params(p: dict[str, Any]) -> str:
    method = p.get("method")
    if method not in _SAMPLE_PARAMS:
        return f"sample: unknown method {method!r}"
    given = set(p) - {"method"}
    required = {"n"} if method != "stratified" else set()
    if not required <= given <= _SAMPLE_PARAMS[method] or (method == "stratified" and len(given & {"n", "per_stratum"}) != 1):
        return f"sample {method} takes {', '.join(sorted(_SAMPLE_PARAMS[method]))}"
    if "project" in p and not (isinstance(p["project"], str) and 0 < len(p["project"]) <= 200):
        return "sample: project must be a project's code or name"
    if not all(_is_int(p[k], 0, 1_000_000) for k in ("n", "seed") if k in p):
        return "sample: n and seed must be whole numbers from 0 to 1,000,000"
    per = p.get("per_stratum", 0)
    if not (_is_int(per, 0, 1_000_000) or (isinstance(per, dict) and _plain(per) and all(
            _is_int(v, 0, 1_000_000) for v in per.values()))):
        return "sample: per_stratum must be a count or a mapping of counts"
    by = p.get("by", "expense_kind")
    if not (isinstance(by, str) or (isinstance(by, list) and all(isinstance(b, str) for b in by))):
        return "sample: by must name columns"
    return ""


def _lint_params(p: dict[str, Any]) -> str:
    report = p.get("report")
    if set(p) != {"report"} or not isinstance(report, str) or "/" in report or "\\" in report:
        return "lint takes report (the file name of the unit's own report)"
    return ""


#: verb → parameter check (the parameters each verb records; '' when they are right).
VERBS = {"open": _open_params, "check": _check_params, "rule": _rule_params, "sample": _sample_params,
         "lint": _lint_params}


def validate(data: object) -> OperationLog:
    """The log in ``data`` (parsed JSON) if it has the shape qlaudit writes; :class:`OplogInvalid` naming the first
    difference otherwise."""
    if not isinstance(data, dict) or set(data) != {"operations"} or not isinstance(data["operations"], list):
        raise OplogInvalid('not an operation log: expected {"operations": [...]} and nothing else')
    operations = data["operations"]
    if not operations:
        raise OplogInvalid("the operation log has no operations (emptied?): nothing to replay")
    if len(operations) > MAX_OPERATIONS:
        raise OplogInvalid(f"the operation log has {len(operations)} operations; at most {MAX_OPERATIONS}")
    names = {f.name for f in fields(Operation)}
    out = []
    for i, op in enumerate(operations, start=1):
        where = f"operation {i}"
        if not isinstance(op, dict) or set(op) != names:
            raise OplogInvalid(f"{where}: expected the fields {', '.join(sorted(names))}")
        if op["seq"] != i or not _is_int(op["seq"]):
            raise OplogInvalid(f"{where}: seq is {op['seq']!r}, expected {i} (operations removed or reordered?)")
        verb = op["verb"]
        if verb not in VERBS:
            raise OplogInvalid(f"{where}: unknown operation {verb!r} (known: {', '.join(VERBS)})")
        if i == 1 and verb != "open":
            raise OplogInvalid(f"{where}: a log starts by opening a unit-year, not with {verb!r}")
        if not isinstance(op["params"], dict):
            raise OplogInvalid(f"{where} ({verb}): params must be an object")
        problem = VERBS[verb](op["params"])
        if problem:
            raise OplogInvalid(f"{where} ({verb}): {problem}")
        inputs = op["inputs"]
        if not isinstance(inputs, dict) or len(inputs) > 1_000 or not all(
                isinstance(k, str) and isinstance(v, str) and _SHA256.fullmatch(v) for k, v in inputs.items()):
            raise OplogInvalid(f"{where} ({verb}): inputs must map file names to SHA-256 hashes")
        if not (_is_int(op["rows_in"]) and _is_int(op["rows_out"]) and isinstance(op["summary"], str)
                and isinstance(op["result_sha256"], str) and _SHA256.fullmatch(op["result_sha256"])
                and (op["seed"] is None or _is_int(op["seed"]))):
            raise OplogInvalid(f"{where} ({verb}): rows_in, rows_out, summary, result_sha256 or seed has the wrong "
                               "type")
        out.append(Operation(**op))
    return OperationLog(out)


def read_oplog(path: Path) -> OperationLog:
    """An operation log file, checked (size limit, JSON, :func:`validate`); :class:`OplogInvalid` otherwise."""
    from qlaudit import limits

    try:
        limits.check_file_size(path, "text_bytes")
        text = path.read_bytes().decode("utf-8")
    except limits.LimitExceeded as err:
        raise OplogInvalid(f"operation log {path}: {err}") from err
    except UnicodeDecodeError as err:
        raise OplogInvalid(f"operation log {path} is not UTF-8 text (byte {err.start})") from err
    except OSError as err:
        raise OplogInvalid(f"cannot read operation log {path}: {err.strerror}") from err
    try:
        data = json.loads(text)
    except RecursionError as err:
        raise OplogInvalid(f"operation log {path} is nested too deeply") from err
    except ValueError as err:
        raise OplogInvalid(f"operation log {path} is not complete JSON (truncated or edited?): {err}") from err
    try:
        return validate(data)
    except OplogInvalid as err:
        raise OplogInvalid(f"operation log {path}: {err}") from err


def sample_json(result: object) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, sort_keys=True)  # type: ignore[attr-defined]
