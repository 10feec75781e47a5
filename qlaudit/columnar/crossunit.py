"""Rules across units: what only a run over many unit-years at once can see (a district's or a province's store).

- X-PAYEE-UNITS  one payee (normalised) paid by at least ``cross_unit_min_units`` units in the same year, on
                 ``procurement_classes`` (not ``cross_unit_exempt_codes``: utilities, property management, 工会经费,
                 transport allowances), together above the lowest goods 分散采购限额 of the units' policy
                 standards (``qlaudit.standards``; the ``procurement_threshold_fen`` setting when positive). The
                 auditor looks at it for purchases that belong in 集中采购 (centralised procurement, 政府采购法 第十八条) or for a related
                 party collecting from many units; ``info``, ranked by total.

The candidate query is grouped by year and payee key over the chosen unit-years; evidence rows are the payee's
lines in unit, year and ledger order, capped like every finding's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import EvidenceBlock, _evidence_rows
from qlaudit.findings import Finding, sort_findings
from qlaudit.money import format_wan, format_yuan

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.settings import RuleSettings

PAYEES = """
WITH p AS (
    SELECT e.* FROM payments e SEMI JOIN {chosen} c USING (unit, year)
    WHERE e.amount_fen > 0 AND list_contains($classes, e.economic_class) AND NOT list_contains($exempt, e.economic_code)
          AND NOT e.payee_blank),
g AS (SELECT year, payee_key, COUNT(DISTINCT unit) AS units, CAST(COUNT(*) AS BIGINT) AS n,
             CAST(SUM(amount_fen) AS BIGINT) AS total, arg_min(payee, (unit, ord)) AS payee
      FROM p GROUP BY year, payee_key
      HAVING COUNT(DISTINCT unit) >= $min_units AND SUM(amount_fen) > $threshold),
per_unit AS (SELECT p.year, p.payee_key, p.unit, CAST(SUM(p.amount_fen) AS BIGINT) AS fen
             FROM p SEMI JOIN g USING (year, payee_key) GROUP BY ALL)
SELECT g.*, CAST(MAX(u.fen) AS BIGINT) AS largest_unit, arg_max(u.unit, (u.fen, u.unit)) AS largest_unit_code
FROM g JOIN per_unit u USING (year, payee_key)
GROUP BY ALL
ORDER BY g.total DESC, g.year, g.payee_key
"""

EVIDENCE = """
WITH p AS (
    SELECT e.* FROM payments e SEMI JOIN {chosen} c USING (unit, year)
    WHERE e.amount_fen > 0 AND list_contains($classes, e.economic_class) AND NOT list_contains($exempt, e.economic_code)),
k AS (SELECT * FROM {keys})
SELECT k.rid, p.date, p.voucher_no, p.quota_doc, p.line_no, p.amount_fen, p.summary, p.payee, p.project_code,
       p.economic_code, p.source_file, p.source_row,
       CAST(COUNT(*) OVER w AS BIGINT) AS n, CAST(SUM(p.amount_fen) OVER w AS BIGINT) AS all_fen,
       ROW_NUMBER() OVER (w ORDER BY p.unit, p.year, p.erank) AS rn
FROM k JOIN p ON p.year = k.year AND p.payee_key = k.payee_key
WINDOW w AS (PARTITION BY k.rid)
QUALIFY rn <= $cap
ORDER BY k.rid, rn
"""


def _threshold(engine: Engine, pairs: list[tuple[str, int]], settings: RuleSettings) -> tuple[int, str]:
    """The lowest goods 分散采购限额 among the standards of the unit-years (the settings override when set), cited."""
    from qlaudit.standards import procurement_limits

    found = [procurement_limits(*engine.regions.get(u, ("", "")), y, settings.procurement_threshold_fen,
                                settings.source)["goods"] for u, y in pairs]
    return min(found)


def cross_unit_findings(engine: Engine, pairs: list[tuple[str, int]], settings: RuleSettings) -> list[Finding]:
    """The cross-unit findings of the unit-years ``pairs`` held by ``engine`` (see the module docstring)."""
    if not pairs:
        return []
    threshold, basis = _threshold(engine, pairs, settings)
    chosen = engine.with_frame(pd.DataFrame(pairs, columns=["unit", "year"]).astype({"year": "int32"}))
    params = {"classes": list(settings.procurement_classes), "exempt": list(settings.cross_unit_exempt_codes)}
    try:
        rows = engine.query(PAYEES.format(chosen=chosen), {
            **params, "min_units": settings.cross_unit_min_units, "threshold": threshold})
        if rows.empty:
            return []
        keys = engine.with_frame(rows[["year", "payee_key"]].assign(rid=range(len(rows))))
        try:
            table = engine.arrow(EVIDENCE.format(chosen=chosen, keys=keys),
                                 {**params, "cap": settings.evidence_max_rows})
        finally:
            engine.drop(keys)
    finally:
        engine.drop(chosen)
    blocks: dict[int, list] = {}
    for rid, evidence in _evidence_rows(table, "expenditures"):
        blocks.setdefault(rid, []).append(evidence)
    totals = dict(zip(table.column("rid").to_pylist(), table.column("all_fen").to_pylist(), strict=True))
    out = []
    for rid, r in enumerate(rows.itertuples(index=False)):
        shown = tuple(blocks.get(rid, []))
        block = EvidenceBlock(shown, int(r.n) - len(shown), int(totals.get(rid, 0)) - sum(e.amount_fen for e in shown))
        total, largest = int(r.total), int(r.largest_unit)
        out.append(Finding(
            rule="X-PAYEE-UNITS", severity="info", subject=f"{r.year} {r.payee}",
            title=f"{r.year}年{int(r.units)}个单位向“{r.payee}”付款{int(r.n)}笔，合计{format_wan(total)}万元",
            explanation=f"{r.year}年{int(r.units)}个单位在采购类经济分类上向“{r.payee}”付款{int(r.n)}笔，合计"
                        f"{format_yuan(total)}元，超过采购限额{format_yuan(threshold)}元（{basis}）；"
                        f"付款最多的单位（{r.largest_unit_code}）{format_yuan(largest)}元。请核实是否应纳入集中采购，"
                        "或是否存在关联交易。",
            amounts=(("total", total), ("largest_unit", largest)), standard=basis,
            evidence=block.rows, evidence_omitted=block.omitted, evidence_omitted_fen=block.omitted_fen,
        ))
    return sort_findings(out)
