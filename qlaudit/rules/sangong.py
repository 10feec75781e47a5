"""三公经费 (因公出国(境)费, 公务用车购置及运行维护费, 公务接待费): hidden under other codes, or over budget.

- SANGONG-HIDDEN  a 三公 keyword in the 摘要 ('接待', '餐', '加油', …) on a code that is no 三公 code and not exempt
- SANGONG-TOTAL   三公 spending (every code of ``sangong_codes``) above the quotas on those codes, when there are any

Reversals and the payments they cancel are left out of SANGONG-HIDDEN. Sources: 中央八项规定; 党政机关厉行节约反对
浪费条例 (三公经费预算管理, 只减不增); 党政机关国内公务接待管理规定; domain.md §2 and §7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.codes import economic_name
from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.money import format_wan, format_yuan
from qlaudit.rules.common import any_of, summary_texts

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

HIDDEN = """
WITH k AS (SELECT unnest($words) AS word, unnest($codes) AS implied),
texts AS (SELECT * FROM {texts}),
implies AS (  -- each distinct 摘要 tested once: the 三公 codes its keywords imply, with the keywords
    SELECT t.unit, t.year, t.summary_code, k.implied, list(DISTINCT k.word) AS words
    FROM texts t JOIN k ON contains(t.summary, k.word) WHERE regexp_matches(t.summary, $any)
    GROUP BY ALL),
hits AS (
    SELECT e.unit, e.year, e.line_id, e.economic_code, i.implied, e.amount_fen, i.words
    FROM payments e JOIN implies i USING (unit, year, summary_code)
    WHERE NOT list_contains($allowed, e.economic_code))
SELECT unit, year, economic_code, implied, flatten(list(words)) AS words, CAST(COUNT(*) AS BIGINT) AS n,
       CAST(SUM(amount_fen) AS BIGINT) AS total, list(line_id) AS lines
FROM hits GROUP BY unit, year, economic_code, implied
ORDER BY unit, year, economic_code, implied
"""


def _hidden_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    allowed = sorted(settings.sangong_code_set | set(settings.sangong_exempt_codes))
    words = [w for w, _ in settings.sangong_keywords]
    return engine.query(HIDDEN.format(texts=summary_texts(engine)),
                        {"words": words, "codes": [c for _, c in settings.sangong_keywords],
                         "allowed": allowed, "any": any_of(words)})


def _finish_hidden(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """SANGONG-HIDDEN: 三公 spending booked elsewhere (厉行节约反对浪费条例; 公务接待管理规定). One finding per booked code and
    implied 三公 code."""
    out = []
    for r in rows.sort_values(["economic_code", "implied"], kind="stable").itertuples(index=False):
        code, implied, total = r.economic_code, r.implied, int(r.total)
        said = "、".join(f"“{w}”" for w in sorted(set(r.words)))
        out.append(Draft(Finding(
            rule="SANGONG-HIDDEN", severity="warning", subject=f"{code}→{implied}",
            title=f"疑似{economic_name(implied)}记入{code} {economic_name(code)}",
            explanation=f"{int(r.n)}笔支出（合计{format_yuan(total)}元）摘要含{said}，应属三公经费{implied} "
                        f"{economic_name(implied)}，却记入{code} {economic_name(code)}，可能隐匿三公经费、规避"
                        "三公经费预算控制。请核对原始单据（接待公函、清单、派车单）。",
            amounts=(("spent", total),)), (EvidenceRequest(uy.unit, uy.year, line_ids=tuple(int(i) for i in r.lines)),)))
    return out


hidden_sangong = ColumnarRule("hidden_sangong", _finish_hidden, _hidden_candidates)

TOTAL = """
WITH c AS (SELECT unnest($codes) AS code)
SELECT 'quota' AS side, unit, year, economic_code, CAST(SUM(amount_fen) AS BIGINT) AS fen
FROM appropriations WHERE economic_code IN (SELECT code FROM c) GROUP BY ALL
UNION ALL
SELECT 'spend', unit, year, economic_code, CAST(SUM(amount_fen) AS BIGINT)
FROM expenditures WHERE economic_code IN (SELECT code FROM c) GROUP BY ALL
ORDER BY side, unit, year, economic_code
"""


def _total_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(TOTAL, {"codes": sorted(settings.sangong_code_set)})


def _finish_total(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """SANGONG-TOTAL: 三公经费 spending against its quotas (厉行节约反对浪费条例, 三公经费预算只减不增).

    Compared only when some quota is on a 三公 code; then over → ``error``, within → ``info`` with ``passed=True``.
    """
    quota = rows[rows["side"] == "quota"]
    spend = rows[rows["side"] == "spend"].set_index("economic_code")["fen"] if not rows.empty else pd.Series()
    if quota.empty:
        return []
    items = tuple((key, int(sum(int(spend.get(c, 0)) for c in item_codes)), item_codes)
                  for key, item_codes in settings.sangong_codes)
    quota_fen, spent = int(quota["fen"].sum()), int(spend.sum())
    detail = "，".join(f"{'/'.join(c)} {economic_name(c[0])} {format_wan(fen)}万元" for _, fen, c in items)
    amounts = (*((key, fen) for key, fen, _ in items), ("quota", quota_fen), ("spent", spent),
               ("excess", spent - quota_fen))
    over = spent > quota_fen
    codes = ", ".join(f"'{c}'" for c in sorted(settings.sangong_code_set))  # digits only (checked by settings)
    return [Draft(Finding(
        rule="SANGONG-TOTAL", severity="error" if over else "info", subject="",
        title="三公经费支出超出预算" if over else "三公经费支出未超出预算",
        explanation=f"三公经费指标{format_wan(quota_fen)}万元，支出{format_wan(spent)}万元（{detail}）"
                    + (f"，超出{format_wan(spent - quota_fen)}万元。" if over else "，未超出预算。"),
        amounts=amounts, passed=not over),
        (EvidenceRequest(uy.unit, uy.year, where=f"l.economic_code IN ({codes})"),)
        if over else ())]


sangong_total = ColumnarRule("sangong_total", _finish_total, _total_candidates)
