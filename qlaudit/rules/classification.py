"""Economic classification of spending (经济分类) and misuse of special funds (挤占挪用专项资金).

- CLASS-MISMATCH        a 摘要 keyword implies an economic code ('会议' → 30215) and the line is booked to another
- SUSPECT-PROJECT-CODE  project money booked to codes of daily running costs (``suspect_project_codes``: 办公费,
                        差旅费, 公务接待费, 公务用车运行维护费, 福利费)

Reversals and the payments they cancel are left out of CLASS-MISMATCH. Sources: 政府收支分类科目 (支出经济分类按
支出的具体用途列示); 预算法 第五十七条 and 财政违法行为处罚处分条例 第六条 (截留、挪用专项资金); domain.md §7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.codes import economic_name
from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.money import format_yuan
from qlaudit.rules.common import any_of, summary_texts

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

# Keyword hits per line (a substring test of each keyword against the raw 摘要), then per line the implied codes and
# the keywords; a line is flagged when its code is none of the implied ones. One row per booked code and implied codes.
MISMATCH = """
WITH k AS (SELECT unnest($words) AS word, unnest($codes) AS implied),
texts AS (SELECT * FROM {texts}),
implies AS (  -- each distinct 摘要 tested once: the codes its keywords imply, and the keywords
    SELECT t.unit, t.year, t.summary_code, list(DISTINCT k.implied ORDER BY k.implied) AS implied,
           list(DISTINCT k.word) AS words
    FROM texts t JOIN k ON contains(t.summary, k.word) WHERE regexp_matches(t.summary, $any)
    GROUP BY ALL),
hits AS (
    SELECT e.unit, e.year, e.line_id, e.economic_code, e.amount_fen, i.implied, i.words
    FROM payments e JOIN implies i USING (unit, year, summary_code)
    WHERE NOT list_contains(i.implied, e.economic_code))
SELECT unit, year, economic_code, implied, flatten(list(words)) AS words,
       CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(amount_fen) AS BIGINT) AS total, list(line_id) AS lines
FROM hits
GROUP BY unit, year, economic_code, implied
ORDER BY unit, year, economic_code, implied
"""


def _mismatch_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    words = [w for w, _ in settings.summary_codes]
    return engine.query(MISMATCH.format(texts=summary_texts(engine)),
                        {"words": words, "codes": [c for _, c in settings.summary_codes], "any": any_of(words)})


def _finish_mismatch(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """CLASS-MISMATCH: 摘要 says one thing, the economic code another (政府收支分类 按具体用途列支).

    A line is flagged when its 摘要 contains at least one keyword of ``summary_codes`` and its code is none of the
    codes those keywords imply ('差旅费（参加培训）' on 30211 or 30216 is fine). One finding per booked code and implied
    codes.
    """
    out = []
    ordered = sorted(rows.itertuples(index=False), key=lambda r: (r.economic_code, tuple(r.implied)))
    for r in ordered:
        code, implied, total = r.economic_code, tuple(r.implied), int(r.total)
        said = "、".join(f"“{w}”" for w in sorted(set(r.words)))
        expected = "或".join(f"{c} {economic_name(c)}" for c in implied)
        out.append(Draft(Finding(
            rule="CLASS-MISMATCH", severity="warning", subject=f"{code}→{'/'.join(implied)}",
            title=f"摘要含{said}的支出记入{code} {economic_name(code)}",
            explanation=f"{int(r.n)}笔支出（合计{format_yuan(total)}元）摘要含{said}，按用途应列{expected}，"
                        f"实际记入{code} {economic_name(code)}。经济分类错误会使会议费、培训费等限额支出失去控制，"
                        "请核实并调整。",
            amounts=(("spent", total),)), (EvidenceRequest(uy.unit, uy.year, line_ids=tuple(int(i) for i in r.lines)),)))
    return out


class_mismatch = ColumnarRule("class_mismatch", _finish_mismatch, _mismatch_candidates)

SUSPECT = """
WITH purposes AS (
    SELECT unit, year, project_code, arg_max(purpose, line_id) AS purpose FROM projects WHERE purpose <> ''
    GROUP BY ALL)
SELECT e.unit, e.year, e.project_code, e.economic_code, CAST(COUNT(*) AS BIGINT) AS n,
       CAST(SUM(e.amount_fen) AS BIGINT) AS total,
       COALESCE(arg_min(e.project_name, e.line_id) FILTER (WHERE e.project_name <> ''), e.project_code) AS name,
       any_value(p.purpose) AS purpose
FROM expenditures e LEFT JOIN purposes p USING (unit, year, project_code)
WHERE e.expense_kind = 'project' AND list_contains($codes, e.economic_code)
GROUP BY e.unit, e.year, e.project_code, e.economic_code
HAVING SUM(e.amount_fen) > 0
ORDER BY e.unit, e.year, e.project_code, e.economic_code
"""


def _suspect_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(SUSPECT, {"codes": list(settings.suspect_project_codes)})


def _finish_suspect(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """SUSPECT-PROJECT-CODE: 专项资金 on daily running-cost codes (财政违法行为处罚处分条例 第六条, 挤占挪用专项资金).

    One finding per project × code with net spending > 0; the explanation quotes the project's stated purpose
    (项目库 ``purpose``) so the auditor can compare it with the 摘要.
    """
    out = []
    for r in rows.itertuples(index=False):
        project, code, total = r.project_code, r.economic_code, int(r.total)
        purpose = r.purpose if isinstance(r.purpose, str) and r.purpose else None
        out.append(Draft(Finding(
            rule="SUSPECT-PROJECT-CODE", severity="warning", subject=f"{project}/{code}",
            title=f"项目“{r.name}”资金用于{code} {economic_name(code)}",
            explanation=f"项目{project}有{int(r.n)}笔支出（合计{format_yuan(total)}元）记入{code} "
                        f"{economic_name(code)}，属日常运转性支出，存在挤占挪用专项资金的可能。"
                        + (f"项目用途：{purpose}。" if purpose else "项目库未填写项目用途。")
                        + "请逐笔核对摘要与项目用途是否相关。",
            amounts=(("spent", total),)),
            (EvidenceRequest(uy.unit, uy.year, match=(("project_code", project), ("economic_code", code)),
                             where="l.expense_kind = 'project'"),)))
    return out


suspect_project_codes = ColumnarRule("suspect_project_codes", _finish_suspect, _suspect_candidates)
