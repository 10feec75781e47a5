"""Split purchases (拆分采购 / 化整为零规避政府采购).

- SPLIT-PURCHASE  two or more purchases from the same payee, or with the same 摘要 stem, by the same department for
                  the same budget line (the project; basic spending is one line) and procurement category (goods,
                  services, works) within ``split_window_days``, each below the category's 分散采购限额 and together
                  above it. The limits come from the unit's policy standard (``qlaudit/standards.toml``, by unit.yaml
                  province / region_level and the year; a positive ``procurement_threshold_fen`` setting overrides
                  them), joined to the lines as a parameter table; findings cite the standard

Only lines on ``procurement_classes`` (goods, services, works) count; reversals and the payments they cancel are left
out. Windows start at a purchase and take every purchase of the group within the window; windows do not overlap.
A stem window whose lines were all reported under a payee is not repeated. Grouping by department and budget line
(not across the whole unit) keeps every department's 购买办公用品 apart: a split is one buyer's need cut in pieces.
The window sums are computed as sets (SQL window functions); only the groups with a window above the threshold
reach Python. Source: 政府采购法 第二十八条 (不得将应当以公开招标方式采购的货物或者服务化整为零); 政府采购法实施条例
第二十八条; domain.md §7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from qlaudit import standards
from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.ledgers.keys import summary_stem
from qlaudit.money import format_wan, format_yuan

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

__all__ = ["MIN_STEM", "split_purchases", "summary_stem"]

MIN_STEM = 2

# The purchases below their limit, with the limit attached.
PURCHASES = """
c AS (
    SELECT p.unit, p.year, line_id, ord, date, payee, amount_fen, department, project_code, payee_key, stem,
           payee_group, stem_group, l.cat, l.limit_fen, l.basis
    FROM payments p JOIN {limits} l ON l.unit = p.unit AND l.year = p.year AND l.code = p.economic_code
    WHERE amount_fen > 0 AND amount_fen < l.limit_fen)"""

# Per grouping (1: payee key, 2: 摘要 stem) and group (department, budget line and key: the engine's ``payee_group`` /
# ``stem_group``), in ledger order: for each line the last line within the window (``reach``) and the sum from the
# line to it; a line opens a window when the window has a second line and its sum is above the threshold. Groups with
# fewer than two lines or a total not above the threshold are left out first.
KEYED = "\nWITH " + PURCHASES + """,
keyed AS (
    SELECT *, 1 AS pass, payee_group * 4 + cat AS grp, payee_key AS key FROM c WHERE length(payee_key) >= 1
    UNION ALL
    SELECT *, 2 AS pass, stem_group * 4 + cat AS grp, stem AS key FROM c WHERE length(stem) >= $min_stem)
"""

# The procurement lines' (unit, year, economic code), to which the limits of the unit's standard are attached.
CODES = """
SELECT DISTINCT unit, year, economic_code AS code FROM payments
WHERE amount_fen > 0 AND list_contains($classes, economic_class) ORDER BY ALL
"""

WINDOWS = KEYED + """,
sizes AS (SELECT unit, year, pass, grp FROM keyed GROUP BY ALL
          HAVING COUNT(*) >= 2 AND SUM(amount_fen) > MAX(limit_fen)),
big AS (SELECT k.* FROM keyed k SEMI JOIN sizes s USING (unit, year, pass, grp)),
w AS (
    SELECT unit, year, pass, grp, amount_fen, limit_fen,
        ROW_NUMBER() OVER (PARTITION BY unit, year, pass, grp ORDER BY ord) - 1 AS pos,
        COUNT(*) OVER (PARTITION BY unit, year, pass, grp ORDER BY date
                       RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL ($days) DAY FOLLOWING) - 1 AS reach,
        SUM(amount_fen) OVER (PARTITION BY unit, year, pass, grp ORDER BY ord ROWS UNBOUNDED PRECEDING) AS running
    FROM big)
SELECT a.unit, a.year, a.pass, a.grp, a.pos, a.reach
FROM w a JOIN w b ON a.unit = b.unit AND a.year = b.year AND a.pass = b.pass AND a.grp = b.grp AND b.pos = a.reach
WHERE a.reach > a.pos AND b.running - a.running + a.amount_fen > a.limit_fen
ORDER BY a.unit, a.year, a.pass, a.grp, a.pos
"""

# The lines of the chosen windows (``picked``: group, window number, first and last position): the lines of KEYED,
# taken only for the picked groups (every line of such a group, so positions are those of WINDOWS).
WINDOW_LINES = "\nWITH " + PURCHASES + """,
groups AS (SELECT DISTINCT unit, year, pass, grp FROM {picked}),
keyed AS (
    SELECT c.*, 1 AS pass, c.payee_group * 4 + c.cat AS grp, c.payee_key AS key FROM c
    SEMI JOIN groups g ON g.unit = c.unit AND g.year = c.year AND g.pass = 1 AND g.grp = c.payee_group * 4 + c.cat
    WHERE length(c.payee_key) >= 1
    UNION ALL
    SELECT c.*, 2 AS pass, c.stem_group * 4 + c.cat AS grp, c.stem AS key FROM c
    SEMI JOIN groups g ON g.unit = c.unit AND g.year = c.year AND g.pass = 2 AND g.grp = c.stem_group * 4 + c.cat
    WHERE length(c.stem) >= $min_stem),
w AS (SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.unit, k.year, k.pass, k.grp ORDER BY k.ord) - 1 AS pos
      FROM keyed k)
SELECT p.window, w.unit, w.year, w.pass, w.key, w.department, w.project_code, w.line_id, w.date, w.payee,
       w.amount_fen, w.cat, w.limit_fen, w.basis
FROM {picked} p JOIN w ON w.unit = p.unit AND w.year = p.year AND w.pass = p.pass AND w.grp = p.grp
                       AND w.pos BETWEEN p.pos AND p.reach
ORDER BY w.unit, w.year, p.window, w.ord
"""


def _greedy(opens: pd.DataFrame) -> pd.DataFrame:
    """Non-overlapping windows per group: the first opening line, then the first one after its window, and so on
    (rows sorted by group and position; only the chosen windows cost Python steps)."""
    group = opens[["unit", "year", "pass", "grp"]]
    starts = np.flatnonzero(~group.duplicated().to_numpy())
    ends = np.append(starts[1:], len(opens)) if len(opens) else starts
    pos, reach = opens["pos"].to_numpy(), opens["reach"].to_numpy()
    chosen: list[int] = []
    for first, end in zip(starts.tolist(), ends.tolist(), strict=True):
        i = first
        while i < end:
            chosen.append(i)
            i = first + int(np.searchsorted(pos[first:end], reach[i] + 1))  # the first opening after the window
    picked = opens.iloc[chosen][["unit", "year", "pass", "grp", "pos", "reach"]].reset_index(drop=True)
    picked.insert(4, "window", np.arange(len(picked), dtype="int64"))
    return picked.astype({"year": "int32", "pass": "int32", "grp": "int64"})


def limits_frame(engine: Engine, settings: RuleSettings, codes: pd.DataFrame) -> pd.DataFrame:
    """The 分散采购限额 of each (unit, year, economic code) of ``codes``: the code's category (goods / services /
    works, ``standards.category_of``) and the limit of the unit's standard for the year (province and region level
    from unit.yaml, ``Engine.regions``), or the settings override; ``basis`` cites it. Computed per distinct code and
    per distinct unit-year, then joined (vectorised)."""
    frame = codes[["unit", "year", "code"]].copy()
    cats = {c: standards.category_of(str(c)) for c in frame["code"].unique()}
    frame["category"] = frame["code"].map(cats).astype(object)  # object also when there is no code
    per_year = []
    for unit, year in frame[["unit", "year"]].drop_duplicates().itertuples(index=False):
        province, level = engine.regions.get(str(unit), ("", ""))
        found = standards.procurement_limits(province, level, int(year), settings.procurement_threshold_fen,
                                             settings.source)
        per_year += [(unit, year, c, fen, cite) for c, (fen, cite) in found.items()]
    limits = pd.DataFrame(per_year, columns=["unit", "year", "category", "limit_fen", "basis"])
    out = frame.merge(limits, on=["unit", "year", "category"], how="left")
    out["cat"] = out["category"].map(standards.CATEGORY_IDS)
    return out.astype({"year": "int32", "cat": "int64", "limit_fen": "int64"})


def _candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    classes = list(settings.procurement_classes)
    limits = engine.with_frame(limits_frame(engine, settings, engine.query(CODES, {"classes": classes})))
    try:
        params = {"days": settings.split_window_days, "min_stem": MIN_STEM}
        opens = engine.query(WINDOWS.format(limits=limits), params)
        picked = _greedy(opens)
        if picked.empty:
            return picked.assign(line_id=pd.Series(dtype="int64"))
        name = engine.with_frame(picked)
        try:
            return engine.query(WINDOW_LINES.format(picked=name, limits=limits), {"min_stem": MIN_STEM})
        finally:
            engine.drop(name)
    finally:
        engine.drop(limits)


def _finish(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """SPLIT-PURCHASE: purchases split to stay below the procurement threshold (政府采购法 第二十八条)."""
    out: list[Draft] = []
    if rows.empty:
        return out
    reported: set[int] = set()
    for (pass_, key, department, project, _), window in rows.groupby(
            ["pass", "key", "department", "project_code", "window"], sort=True):
        ids = [int(x) for x in window["line_id"]]
        if set(ids) <= reported:
            continue
        reported |= set(ids)
        label = "收款人" if pass_ == 1 else "摘要"
        out.append(_finding(uy, label, str(window["payee"].iloc[0]) if pass_ == 1 else str(key), str(department),
                            str(project), window))
    return out


def _finding(uy: UnitYear, label: str, who: str, department: str, project: str, window: pd.DataFrame) -> Draft:
    threshold, basis = int(window["limit_fen"].iloc[0]), str(window["basis"].iloc[0])
    category = standards.CATEGORY_LABELS[standards.CATEGORIES[int(window["cat"].iloc[0])]]
    total, largest = int(window["amount_fen"].sum()), int(window["amount_fen"].max())
    first, last = window["date"].iloc[0].date(), window["date"].iloc[-1].date()
    buyer = "".join([f"部门“{department}”" if department else "", f"项目{project}" if project else ""])
    return Draft(Finding(
        rule="SPLIT-PURCHASE", severity="warning", subject=f"{label}:{who}",
        title=f"疑似拆分采购：{label}“{who}” {len(window)}笔合计{format_wan(total)}万元",
        explanation=f"{first.isoformat()}至{last.isoformat()}（{(last - first).days + 1}天内）"
                    f"{buyer + '向' if buyer and label == '收款人' else buyer}{label}“{who}”的{len(window)}笔采购，"
                    f"每笔低于{category}分散采购限额{format_yuan(threshold)}元（最大一笔{format_yuan(largest)}元），合计"
                    f"{format_yuan(total)}元，超过限额（限额依据：{basis}）。请核实是否属于同一采购需求被拆分以规避政府采购程序。",
        amounts=(("total", total), ("threshold", threshold), ("largest", largest)), standard=basis),
        (EvidenceRequest(uy.unit, uy.year, line_ids=tuple(int(x) for x in window["line_id"])),))


split_purchases = ColumnarRule("split_purchases", _finish, _candidates)
