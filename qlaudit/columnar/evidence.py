"""Evidence rows for many findings at once, capped per finding, fetched with one SQL query per kind of request.

A rule's finisher describes the lines behind a finding as an :class:`EvidenceRequest` — the rows of a ledger of one
unit-year that match some columns (a project's quotas: ``project_code`` and ``source``), satisfy a fixed SQL
condition with the rule's bound parameters (December: ``month = 12``), or are listed by ``line_id`` — instead of
fetching them. :func:`fill` groups the requests of a rule by shape, joins each group with its ledger once, numbers
the rows of each finding in ledger order (date, voucher, quota document, line, amount, 摘要, file, row: the order of
``findings.evidence_from``) and keeps the first ``cap``; the count and sum of the rest stay on the finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit.findings import Evidence, Finding

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine

ORDER = "erank"  # the ledger order of evidence rows, precomputed by the engine (engine.EVIDENCE_KEYS)
COLUMNS = {
    "expenditures": "date, voucher_no, quota_doc, line_no, amount_fen, summary, payee, project_code, economic_code, "
                    "source_file, source_row",
    "appropriations": "date, quota_doc, quota_name, amount_fen, project_code, economic_code, source_file, source_row",
}


@dataclass(frozen=True)
class EvidenceRequest:
    """The lines of ``ledger`` in one unit-year behind a finding (see the module docstring)."""

    unit: str
    year: int
    ledger: str = "expenditures"
    match: tuple[tuple[str, object], ...] = ()
    where: str = "TRUE"
    params: tuple[object, ...] = ()
    line_ids: tuple[int, ...] | None = None
    values: tuple[tuple[str, object], ...] = ()  # per-request values the condition reads as k.<name>

    def shape(self) -> tuple[object, ...]:
        return (self.ledger, tuple(c for c, _ in self.match), tuple(c for c, _ in self.values), self.where,
                self.params, self.line_ids is not None)


@dataclass(frozen=True)
class EvidenceBlock:
    rows: tuple[Evidence, ...] = ()
    omitted: int = 0
    omitted_fen: int = 0


@dataclass(frozen=True)
class Draft:
    """A finding and the parts of its evidence, concatenated in order: requests still to be fetched, or blocks
    already known (lines of another year's workbook)."""

    finding: Finding
    parts: tuple[EvidenceRequest | EvidenceBlock, ...] = ()


def _text(table: pa.Table, name: str) -> list[str]:
    return pc.fill_null(table.column(name).cast(pa.string()), "").to_pylist()


def _day_text(dates: pa.ChunkedArray | pa.Array) -> list[str]:
    """Each timestamp's day as ISO 'YYYY-MM-DD' ('' for none): what Arrow's ``strftime("%Y-%m-%d")`` writes, by a
    cast through date32 (ten times faster: 0.1 s less for 10^5 evidence rows)."""
    return pc.fill_null(dates.cast(pa.date32()).cast(pa.string()), "").to_pylist()


def _evidence_rows(table: pa.Table, ledger: str) -> list[tuple[int, Evidence]]:
    """(request index, Evidence) for every row of a fetched table, in its order (text prepared in Arrow)."""
    n = table.num_rows
    dates = _day_text(table.column("date"))
    if ledger == "appropriations":
        voucher, summary, payee = _text(table, "quota_doc"), _text(table, "quota_name"), [""] * n
    else:
        voucher_no = table.column("voucher_no").cast(pa.string())
        voucher = pc.fill_null(pc.if_else(pc.equal(pc.fill_null(voucher_no, ""), ""), table.column("quota_doc")
                                          .cast(pa.string()), voucher_no), "").to_pylist()
        summary, payee = _text(table, "summary"), _text(table, "payee")
    evidence = Evidence.many([_text(table, "source_file"), table.column("source_row").to_pylist(), dates, voucher,
                              summary, payee, _text(table, "project_code"), _text(table, "economic_code"),
                              table.column("amount_fen").to_pylist()])
    return list(zip(table.column("rid").to_pylist(), evidence, strict=True))


def fetch(engine: Engine, requests: Sequence[EvidenceRequest], cap: int) -> list[EvidenceBlock]:
    """The capped evidence of each request, in the order of ``requests``."""
    out: list[EvidenceBlock] = [EvidenceBlock()] * len(requests)
    shapes: dict[tuple[object, ...], list[int]] = {}
    for i, request in enumerate(requests):
        shapes.setdefault(request.shape(), []).append(i)
    for indices in shapes.values():
        first = requests[indices[0]]
        columns = [c for c, _ in first.match]
        extra = [c for c, _ in first.values]
        if first.line_ids is not None:
            keys = pd.DataFrame([(i, requests[i].unit, requests[i].year, line) for i in indices
                                 for line in requests[i].line_ids or ()],
                                columns=["rid", "unit", "year", "line_id"])
            on = ["line_id"]
        else:
            keys = pd.DataFrame([(i, requests[i].unit, requests[i].year, *(v for _, v in requests[i].match),
                                  *(v for _, v in requests[i].values)) for i in indices],
                                columns=["rid", "unit", "year", *columns, *extra])
            on = columns
        if keys.empty:
            continue
        keys = keys.astype({"rid": "int64", "year": "int32"})
        name = engine.with_frame(keys)
        join = " AND ".join(["l.unit = k.unit", "l.year = k.year", *(f"l.{c} = k.{c}" for c in on)])
        try:  # the window on narrow rows; the text columns only for the rows kept
            picked = engine.arrow(f"""
                SELECT k.rid, k.unit, k.year, l.line_id,
                       CAST(COUNT(*) OVER w AS BIGINT) AS n, CAST(SUM(l.amount_fen) OVER w AS BIGINT) AS total,
                       ROW_NUMBER() OVER (w ORDER BY l.{ORDER}) AS rn
                FROM {name} k JOIN {first.ledger} l ON {join}
                WHERE {first.where}
                WINDOW w AS (PARTITION BY k.rid)
                QUALIFY rn <= {int(cap)}
                ORDER BY k.rid, rn""", list(first.params) or None)
        finally:
            engine.drop(name)
        lines = engine.lines(first.ledger, picked.select(["unit", "year", "line_id"]), COLUMNS[first.ledger])
        table = picked.select(["rid", "n", "total"])
        for column in lines.column_names:
            table = table.append_column(column, lines.column(column))
        rows: dict[int, list[Evidence]] = {}
        for rid, evidence in _evidence_rows(table, first.ledger):
            rows.setdefault(rid, []).append(evidence)
        counts = dict(zip(table.column("rid").to_pylist(), zip(table.column("n").to_pylist(),
                                                                 table.column("total").to_pylist(), strict=True),
                          strict=True))
        for rid, shown in rows.items():
            n, total = counts[rid]
            out[rid] = EvidenceBlock(tuple(shown), int(n) - len(shown), int(total) - sum(e.amount_fen for e in shown))
    return out


def fill(engine: Engine | None, drafts: Sequence[Draft], cap: int) -> list[Finding]:
    """The findings of ``drafts`` with their evidence (at most ``cap`` rows each, the rest counted)."""
    flat = [p for d in drafts for p in d.parts if isinstance(p, EvidenceRequest)]
    if flat and engine is None:
        raise ValueError("evidence requests need an engine")
    blocks = iter(fetch(engine, flat, cap) if flat and engine is not None else [])
    out = []
    for draft in drafts:
        parts = [p if isinstance(p, EvidenceBlock) else next(blocks) for p in draft.parts]
        rows = tuple(parts[0].rows) if len(parts) == 1 else tuple(e for p in parts for e in p.rows)
        omitted = sum(p.omitted for p in parts) + max(0, len(rows) - cap)
        omitted_fen = sum(p.omitted_fen for p in parts) + sum(e.amount_fen for e in rows[cap:])
        out.append(replace(draft.finding, evidence=rows[:cap], evidence_omitted=omitted,
                           evidence_omitted_fen=omitted_fen))
    return out
