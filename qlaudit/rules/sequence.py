"""Voucher numbering (凭证编号连续性).

- SEQ-GAP  a voucher number missing inside 1..max, per voucher word (记/收/付/转) per month (or year, below)
- SEQ-DUP  one voucher number used on different dates within its month (or year), or a line number (分录号) repeated

Numbers are the trailing integer of ``voucher_no`` ('记-056' → 记 56, '记字第56号' → 记 56: the key columns
``voucher_word`` / ``voucher_number`` of ``qlaudit.ledgers.keys``) and restart every month; a word whose numbers never
restart (each month starts above the last number of the month before) is numbered through the year and checked per
year instead. A voucher_no without a number is left out. Gaps are found as sets (each present number and the one
before it); only vouchers with a problem reach Python. The expenditures export holds payment vouchers only, so a gap
may be a receipt or transfer voucher of the same word: the finding asks for the full 序时账. Source: 会计基础工作规范
第四十二条 (记账凭证应当连续编号); domain.md §7.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.ledgers.keys import parse_voucher_no

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

__all__ = ["parse_voucher_no", "voucher_sequence"]

NUMBERED = """
WITH n AS (
    SELECT unit, year, line_id, date, voucher_code, line_key_code, voucher_word AS word,
           voucher_number AS number, ym, CAST(year(date) AS INTEGER) AS calendar_year
    FROM expenditures WHERE voucher_parsed),
spans AS (SELECT unit, year, word, ym, MIN(number) AS lo, MAX(number) AS hi FROM n GROUP BY ALL),
yearly AS (
    SELECT unit, year, word, TRUE AS yearly
    FROM (SELECT *, LAG(hi) OVER (PARTITION BY unit, year, word ORDER BY ym) AS prev_hi FROM spans)
    GROUP BY ALL HAVING COUNT(*) > 1 AND bool_and(prev_hi IS NULL OR lo > prev_hi))
SELECT n.unit, n.year, n.line_id, n.date, n.voucher_code, n.line_key_code, n.word, n.number,
       COALESCE(y.yearly, FALSE) AS yearly,
       CASE WHEN COALESCE(y.yearly, FALSE) THEN n.calendar_year ELSE n.ym END AS period
FROM n LEFT JOIN yearly y USING (unit, year, word)
"""

# Per period and word: every number present and the one before it; a difference above 1 is a missing range, whose
# neighbours (the numbers just before and after) are the evidence.
GAPS = """
WITH nums AS (SELECT unit, year, period, yearly, word, number FROM {numbered} GROUP BY ALL),
stats AS (SELECT unit, year, period, word, MAX(number) AS top, COUNT(*) FILTER (WHERE number >= 1) AS present
          FROM nums GROUP BY ALL),
g AS (SELECT *, LAG(number) OVER (PARTITION BY unit, year, period, word ORDER BY number) AS prev FROM nums),
gaps AS (SELECT g.unit, g.year, g.period, g.yearly, g.word, COALESCE(g.prev, 0) + 1 AS first, g.number - 1 AS last,
                g.prev, g.number AS next, s.top, s.present
         FROM g JOIN stats s USING (unit, year, period, word) WHERE g.number - COALESCE(g.prev, 0) > 1),
ends AS (SELECT unit, year, period, word, first, prev AS number FROM gaps WHERE prev IS NOT NULL
         UNION ALL SELECT unit, year, period, word, first, next FROM gaps),
evidence AS (SELECT e.unit, e.year, e.period, e.word, e.first, list(x.line_id ORDER BY x.line_id) AS lines
             FROM ends e JOIN {numbered} x USING (unit, year, period, word, number) GROUP BY ALL)
SELECT k.unit, k.year, k.period, k.yearly, k.word, k.first, k.last, k.top, k.top - k.present AS missing, v.lines
FROM gaps k JOIN evidence v USING (unit, year, period, word, first)
ORDER BY k.unit, k.year, k.period, k.word, k.first
"""

# Per voucher (its number within its period): the dates it is used on and the line numbers used twice; only vouchers
# with a problem come back, with their lines.
DUPS = """
WITH repeated AS (
    SELECT unit, year, period, voucher_code, line_key_code FROM {numbered} WHERE line_key_code >= 0
    GROUP BY ALL HAVING COUNT(*) > 1),
dated AS (SELECT unit, year, period, voucher_code FROM {numbered} GROUP BY ALL HAVING MIN(date) <> MAX(date)),
suspects AS (SELECT unit, year, period, voucher_code FROM dated
             UNION SELECT unit, year, period, voucher_code FROM repeated),
texts AS (SELECT unit, year, line_key_code, any_value(line_key) AS line_key FROM expenditures
          SEMI JOIN repeated USING (unit, year, line_key_code) GROUP BY ALL),
lists AS (SELECT r.unit, r.year, r.period, r.voucher_code, list(t.line_key ORDER BY t.line_key) AS repeated
          FROM repeated r JOIN texts t USING (unit, year, line_key_code) GROUP BY ALL),
found AS (
    SELECT s.unit, s.year, s.period, any_value(x.yearly) AS yearly, any_value(x.word) AS word,
           MIN(x.line_id) AS first_line, COUNT(DISTINCT x.date) AS dates,
           list(DISTINCT strftime(x.date, '%Y-%m-%d') ORDER BY strftime(x.date, '%Y-%m-%d')) AS days,
           list(x.line_id ORDER BY x.line_id) AS lines, COALESCE(any_value(r.repeated), []) AS repeated
    FROM suspects s JOIN {numbered} x USING (unit, year, period, voucher_code)
    LEFT JOIN lists r USING (unit, year, period, voucher_code)
    GROUP BY s.unit, s.year, s.period, s.voucher_code)
SELECT unit, year, period, yearly, word, first_line, dates, days, lines, repeated FROM found
"""

# The voucher number as written, from the first line of each voucher found (VOUCHER_TEXTS.format(found=…)).
VOUCHER_TEXTS = """
SELECT f.unit, f.year, f.first_line, e.voucher_no
FROM {found} f JOIN expenditures e ON e.unit = f.unit AND e.year = f.year AND e.line_id = f.first_line
"""


def _period(period: int, yearly: bool) -> str:
    """The label a period is shown and sorted by: '2021-03' (a month), '2021 年' (numbered through the year)."""
    return f"{period} 年" if yearly else f"{period // 100:04d}-{period % 100:02d}"


def _ranges_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}～{last}"


def _candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    numbered = engine.temp_table(NUMBERED)  # used by both queries
    try:
        gaps = engine.query(GAPS.format(numbered=numbered)).assign(row_kind="gap")
        dups = engine.query(DUPS.format(numbered=numbered)).assign(row_kind="dup")
        dups = dups.assign(voucher_no=_voucher_texts(engine, dups))
    finally:
        engine.drop_table(numbered)
    return pd.concat([gaps, dups], ignore_index=True)


def _voucher_texts(engine: Engine, dups: pd.DataFrame) -> pd.Series:
    """The 凭证号 as written of each voucher of ``dups`` (looked up only when there are some: the join reads the
    whole ledger)."""
    if dups.empty:
        return pd.Series([], dtype=object, index=dups.index)
    name = engine.with_frame(dups[["unit", "year", "first_line"]].astype({"year": "int32", "first_line": "int64"}))
    try:
        texts = engine.query(VOUCHER_TEXTS.format(found=name))
    finally:
        engine.drop(name)
    found = {(str(u), int(y), int(i)): v for u, y, i, v in texts.itertuples(index=False)}
    return pd.Series([found[(str(u), int(y), int(i))] for u, y, i in dups[["unit", "year", "first_line"]]
                      .itertuples(index=False)], dtype=object, index=dups.index)


def _finish(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """SEQ-GAP / SEQ-DUP: voucher numbers continuous and unique per word per month or year (会计基础工作规范 第四十二条).

    Evidence of a gap: the lines of the vouchers just before and just after each missing range.
    """
    out: list[Draft] = []
    if rows.empty:
        return out
    records = rows.to_dict("records")
    for r in records:
        r["label"] = _period(int(r["period"]), bool(r["yearly"]))
    gaps = sorted((r for r in records if r["row_kind"] == "gap"), key=lambda r: (r["label"], r["word"], r["first"]))
    for (period, word), group in groupby(gaps, key=lambda r: (r["label"], r["word"])):
        ranges = list(group)
        top, missing = int(ranges[0]["top"]), int(ranges[0]["missing"])
        text = "、".join(_ranges_text(int(r["first"]), int(r["last"])) for r in ranges)
        lines = sorted({int(i) for r in ranges for i in r["lines"]})
        out.append(Draft(Finding(
            rule="SEQ-GAP", severity="warning", subject=f"{period} {word}".strip(), title=f"{period}凭证号不连续",
            explanation=f"{period} {word + '字' if word else ''}凭证编号 1～{top}中缺少第{text}号"
                        f"（共{missing}号）。"
                        "支出凭证导出可能不含收入、转账凭证，请对照完整序时账核实是否有凭证缺失或作废未留存。"
                        "证据列示缺号前后的凭证。"), (EvidenceRequest(uy.unit, uy.year, line_ids=tuple(lines)),)))
    dups = sorted((r for r in records if r["row_kind"] == "dup"), key=lambda r: (r["label"], r["word"], r["voucher_no"]))
    for r in dups:
        problems = []
        if int(r["dates"]) > 1:
            problems.append(f"用于不同日期（{'、'.join(r['days'])}）")
        repeated = sorted(set(r["repeated"]), key=lambda s: (len(s), s))
        if repeated:
            problems.append(f"分录号{'、'.join(repeated)}重复")
        out.append(Draft(Finding(
            rule="SEQ-DUP", severity="warning", subject=f"{r['label']} {r['voucher_no']}",
            title=f"{r['label']}凭证号{r['voucher_no']}重复使用",
            explanation=f"{r['label']}凭证{r['voucher_no']} {'，'.join(problems)}，可能是两张凭证使用了同一编号，"
                        "或同一凭证重复导入。"),
            (EvidenceRequest(uy.unit, uy.year, line_ids=tuple(int(i) for i in r["lines"])),)))
    return out


voucher_sequence = ColumnarRule("voucher_sequence", _finish, _candidates)
