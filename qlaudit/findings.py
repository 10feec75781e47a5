"""Audit findings (审计发现) as data: frozen dataclasses with stable rule ids, rendered elsewhere.

A finding names its rule, severity (error / warning / info), a Chinese title and explanation, the amounts involved
(int 分, in a fixed order) and the evidence rows (voucher lines or quota lines, with file and row). Identities that
hold are reported too, as ``info`` with ``passed=True``, so a report shows every check that was made.
Ordering and serialisation are deterministic: the same inputs give byte-identical JSON.

At scale a finding keeps at most ``evidence_max_rows`` evidence rows (a setting); the count and total of the rows
left out stay on it (``evidence_omitted``, ``evidence_omitted_fen``; in JSON as ``evidence_omitted`` only when rows
were left out). Findings of different rules that state the same fact (one overspend seen by REC-BUDGET and by
BUD-OVER-CLASS) share a ``fact`` key set by the rules (in JSON only when set); the report tells such a group once. :func:`group_findings` summarises many findings per rule, ranked by amount, for readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from json.encoder import encode_basestring as _encode_text  # the C encoder of ensure_ascii=False

import orjson
import pandas as pd

from qlaudit.money import yuan_text

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

    @classmethod
    def many(cls, columns: Sequence[Sequence[object]]) -> list[Evidence]:
        """Evidence rows from their field values column by column (in field order): what ``Evidence(*row)`` gives,
        built without the frozen dataclass' per-field ``__setattr__`` (10^5 rows of a district-sized check)."""
        names = [f.name for f in fields(cls)]
        new = object.__new__
        out = []
        for row in zip(*columns, strict=True):
            evidence = new(cls)
            evidence.__dict__.update(zip(names, row, strict=True))
            out.append(evidence)
        return out

    def as_dict(self) -> dict[str, object]:
        """The fields in order, the amount in 元 as text: {"file", "row", "date", …, "amount": "1234.50"}."""
        data = self.__dict__.copy()  # the fields in their order (frozen: nothing else is ever set)
        data["amount"] = yuan_text(data.pop("amount_fen"))  # last, where amount_fen was
        return data


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
    evidence_omitted: int = 0  # evidence rows left out (beyond evidence_max_rows)
    evidence_omitted_fen: int = 0  # their total
    fact: str = ""  # "<kind>:<subject>" shared by findings of different rules that state the same fact, e.g.
    #                 "overspend:430203-FL-002" (REC-BUDGET and BUD-OVER-CLASS on one overspend); '' for none
    standard: str = ""  # the policy standard applied (qlaudit/standards.toml citation: document, 文号, edition)

    @property
    def evidence_rows(self) -> int:
        """All evidence rows behind the finding, shown or left out."""
        return len(self.evidence) + self.evidence_omitted

    def headline_fen(self) -> int:
        """The amount a reader ranks the finding by: the first of ``HEADLINE_AMOUNTS`` it has, else 0."""
        amounts = dict(self.amounts)
        return next((abs(amounts[name]) for name in HEADLINE_AMOUNTS if name in amounts), 0)

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
        } | ({"fact": self.fact} if self.fact else {}) | ({"standard": self.standard} if self.standard else {}) | {
            "passed": self.passed,
            "amounts": {name: yuan_text(fen) for name, fen in self.amounts},
            "evidence": [e.as_dict() for e in self.evidence],
        } | ({"evidence_omitted": {"rows": self.evidence_omitted, "amount": yuan_text(self.evidence_omitted_fen)}}
             if self.evidence_omitted else {})


#: Amount names in order of preference for ranking findings (the money at stake first).
HEADLINE_AMOUNTS = ("excess", "difference", "unspent", "possible_duplicate", "stale", "spent", "total", "december",
                    "q4", "round_total", "reversal", "carry_in", "adjusted", "amount", "actual")


class FindingList(list[Finding]):
    """A plain list of findings that JupyterLab shows as a table (``qlaudit.frames``): what ``qlaudit.check`` returns.
    It keeps the JSON :func:`findings_json_utf8` last wrote for it (check logs its hash, the CLI writes it: written
    once; the findings are frozen, and a changed list — other ids — is written again)."""

    _json: tuple[tuple[object, ...], bytes] | None = None

    def _repr_html_(self) -> str:
        from qlaudit.frames import findings_html

        return findings_html(self)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


EVIDENCE_ORDER = ("date", "voucher_no", "quota_doc", "line_no", "amount_fen", "summary", "source_file", "source_row")


def evidence_from(frame: pd.DataFrame) -> tuple[Evidence, ...]:
    """Evidence rows from ledger lines (expenditures or appropriations) in ledger order — date, voucher or quota
    document, line, amount — so that the order does not depend on how the file's rows were arranged."""
    keys = [c for c in EVIDENCE_ORDER if c in frame.columns]
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


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one rule and severity, ranked by amount: the first ``shown``, the rest counted and summed."""

    rule: str
    severity: str
    count: int
    total_fen: int
    subjects: int
    shown: tuple[Finding, ...]
    rest_count: int
    rest_fen: int

    @property
    def rest_text(self) -> str:
        """'另有 N 项，合计 X 万元' when findings were left out, else ''."""
        from qlaudit.money import format_wan

        return f"另有{self.rest_count}项，合计{format_wan(self.rest_fen)}万元" if self.rest_count else ""


def group_findings(findings: list[Finding], top: int = 10) -> list[FindingGroup]:
    """Per rule and severity (in report order), the findings that did not pass ranked by amount (largest first,
    then by subject), the ``top`` first shown and the rest counted — what stays readable at 10^5 lines."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in sort_findings([f for f in findings if not f.passed]):
        groups.setdefault((f.severity, f.rule), []).append(f)
    out = []
    for (severity, rule), members in groups.items():
        ranked = sorted(members, key=lambda f: (-f.headline_fen(), f.subject, f.title))
        rest = ranked[top:]
        out.append(FindingGroup(rule, severity, len(ranked), sum(f.headline_fen() for f in ranked),
                                len({f.subject for f in ranked}), tuple(ranked[:top]), len(rest),
                                sum(f.headline_fen() for f in rest)))
    return out


def evidence_block(frame: pd.DataFrame, cap: int | None = None) -> tuple[tuple[Evidence, ...], int, int]:
    """:func:`evidence_from` keeping the first ``cap`` rows (all when None): (rows, rows left out, their total)."""
    if cap is None or len(frame) <= cap:
        return evidence_from(frame), 0, 0
    keys = [c for c in EVIDENCE_ORDER if c in frame.columns]
    ordered = frame.sort_values(keys, kind="stable")
    rest = ordered.iloc[cap:]
    return evidence_from(ordered.iloc[:cap]), len(rest), int(rest["amount_fen"].sum())


def findings_json(unit: str, year: int, findings: list[Finding]) -> str:
    """The JSON of ``qlaudit check``: {"unit", "year", "findings": [...]}, stable key order, UTF-8 text.

    The text is that of ``json.dumps(payload, ensure_ascii=False, indent=2)`` (tests/test_findings.py checks it),
    written by :func:`dumps_indented`."""
    return findings_json_utf8(unit, year, findings).decode()


def findings_json_utf8(unit: str, year: int, findings: list[Finding]) -> bytes:
    """:func:`findings_json` encoded as UTF-8, as written and hashed: no round trip through a Python str (60 MB at
    10^6 lines). A :class:`FindingList` keeps the bytes it last got."""
    key = (unit, year, *map(id, findings))
    if isinstance(findings, FindingList) and findings._json is not None and findings._json[0] == key:
        return findings._json[1]
    payload = {"unit": unit, "year": year, "findings": [f.as_dict() for f in sort_findings(findings)]}
    data = dumps_indented_utf8(payload) + b"\n"
    if isinstance(findings, FindingList):
        findings._json = (key, data)
    return data


def dumps_indented(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same characters: by orjson (10^5 evidence rows in a
    tenth of a second, where the json module's indenting encoder is pure Python and takes seconds), or by
    :func:`indented_json` for what orjson refuses (integers beyond 64 bits, lone surrogates)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:
        return indented_json(value)


def dumps_indented_utf8(value: object) -> bytes:
    """:func:`dumps_indented` as UTF-8 bytes (orjson's own output, not decoded and encoded again)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        return indented_json(value).encode("utf-8")


def indented_json(value: object, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` for dicts with text keys, lists, text, int, bool and
    None: the same characters, strings escaped by the json module's C encoder."""
    if isinstance(value, str):
        return _encode_text(value)
    if isinstance(value, bool) or value is None:
        return "true" if value is True else "false" if value is False else "null"
    if isinstance(value, int):
        return int.__repr__(value)
    inner, outer = "\n" + "  " * (level + 1), "\n" + "  " * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{" + inner + ("," + inner).join(_encode_text(str(k)) + ": " + indented_json(v, level + 1)
                                                for k, v in value.items()) + outer + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(indented_json(v, level + 1) for v in value) + outer + "]"
    raise TypeError(f"not JSON: {type(value).__name__}")
