"""Split purchases (拆分采购 / 化整为零规避政府采购).

- SPLIT-PURCHASE  two or more purchases from the same payee, or with the same 摘要 stem, within
                  ``split_window_days``, each below ``procurement_threshold_fen`` and together above it

Only lines on ``procurement_classes`` (goods, services, works) count; reversals and the payments they cancel are left
out. Windows start at a purchase and take every purchase of the group within the window; windows do not overlap.
A stem window whose lines were all reported under a payee is not repeated. Source: 政府采购法 第二十八条 (不得将
应当以公开招标方式采购的货物或者服务化整为零); 政府采购法实施条例 第二十八条; domain.md §7.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_wan, format_yuan
from qlaudit.rules.common import economic_class, in_order, normalise_text
from qlaudit.rules.reversals import reversal_lines

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook

_BRACKETS = re.compile(r"[(\[【].*?[)\]】]")
_COUNTED = re.compile(r"第?[0-9一二三四五六七八九十百]+(?:批|期|次|号|个|台|套|件|张|月|日|年)|\d+")
_PUNCTUATION = re.compile(r"[^\w]|_")
MIN_STEM = 2


def summary_stem(summary: object) -> str:
    """The 摘要 without brackets, counts and numbers: '采购办公家具（第一批）' and '采购办公家具第2批' → '采购办公家具'."""
    text = _BRACKETS.sub("", normalise_text(summary))
    return _PUNCTUATION.sub("", _COUNTED.sub("", text))


def _windows(lines: pd.DataFrame, days: int, threshold: int) -> list[pd.DataFrame]:
    """Non-overlapping runs of ≥ 2 lines within ``days`` of the run's first line, summing above ``threshold``."""
    dates, amounts = list(lines["date"]), list(lines["amount_fen"])
    out, i, span = [], 0, pd.Timedelta(days=days)
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and dates[j + 1] - dates[i] <= span:
            j += 1
        if j > i and sum(amounts[i: j + 1]) > threshold:
            out.append(lines.iloc[i: j + 1])
            i = j + 1
        else:
            i += 1
    return out


def split_purchases(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """SPLIT-PURCHASE: purchases split to stay below the procurement threshold (政府采购法 第二十八条)."""
    spend = wb.expenditures.drop(index=reversal_lines(wb.expenditures))
    threshold = settings.procurement_threshold_fen
    spend = in_order(spend[(spend["amount_fen"] > 0) & (spend["amount_fen"] < threshold)
                           & economic_class(spend["economic_code"]).isin(settings.procurement_classes)])
    spend = spend.assign(payee_key=spend["payee"].map(normalise_text), stem=spend["summary"].map(summary_stem))
    out: list[Finding] = []
    reported: set[object] = set()
    for by, label in (("payee_key", "收款人"), ("stem", "摘要")):
        for key, group in spend[spend.duplicated(by, keep=False)].groupby(by, sort=True):  # a split needs ≥ 2 lines
            if len(str(key)) < (1 if by == "payee_key" else MIN_STEM):
                continue
            for lines in _windows(group, settings.split_window_days, threshold):
                if set(lines.index) <= reported:
                    continue
                reported |= set(lines.index)
                total, largest = int(lines["amount_fen"].sum()), int(lines["amount_fen"].max())
                first, last = lines["date"].iloc[0].date(), lines["date"].iloc[-1].date()
                who = lines["payee"].iloc[0] if by == "payee_key" else key
                out.append(Finding(
                    rule="SPLIT-PURCHASE", severity="warning", subject=f"{label}:{who}",
                    title=f"疑似拆分采购：{label}“{who}” {len(lines)}笔合计{format_wan(total)}万元",
                    explanation=f"{first.isoformat()}至{last.isoformat()}（{(last - first).days + 1}天内）{label}"
                                f"“{who}”的{len(lines)}笔采购，每笔低于采购限额{format_yuan(threshold)}元"
                                f"（最大一笔{format_yuan(largest)}元），合计{format_yuan(total)}元，超过限额。"
                                "请核实是否属于同一采购需求被拆分以规避政府采购程序。",
                    amounts=(("total", total), ("threshold", threshold), ("largest", largest)),
                    evidence=evidence_from(lines),
                ))
    return out
