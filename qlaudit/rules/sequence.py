"""Voucher numbering (凭证编号连续性).

- SEQ-GAP  a voucher number missing inside 1..max, per voucher word (记/收/付/转) per month (or year, below)
- SEQ-DUP  one voucher number used on different dates within its month (or year), or a line number (分录号) repeated

Numbers are the trailing integer of ``voucher_no`` ('记-056' → 记 56, '记字第56号' → 记 56) and restart every month;
a word whose numbers never restart (each month starts above the last number of the month before) is numbered
through the year and checked per year instead. A voucher_no without a number is left out. The expenditures export holds payment vouchers only, so a gap may be a
receipt or transfer voucher of the same word: the finding asks for the full 序时账. Source: 会计基础工作规范
第四十二条 (记账凭证应当连续编号); domain.md §7.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding, evidence_from
from qlaudit.rules.common import in_order, month_key, normalise_text

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook

_NUMBER = re.compile(r"^(?P<word>.*?)(?P<number>\d+)号?$")


def parse_voucher_no(voucher_no: object) -> tuple[str, int] | None:
    """('记', 56) for '记-056', '记字第56号', '记 56'; ('', 7) for '7'; None when there is no trailing number."""
    m = _NUMBER.match(normalise_text(voucher_no))
    if m is None:
        return None
    return re.sub(r"[-_#:：.第字号]+$", "", m["word"]).rstrip("字"), int(m["number"])


def numbered_through_the_year(lines: pd.DataFrame) -> bool:
    """True when one word's numbers never restart: every month starts above the previous month's last number."""
    spans = lines.groupby("month")["number"].agg(["min", "max"]).sort_index()
    return len(spans) > 1 and bool((spans["min"].to_numpy()[1:] > spans["max"].to_numpy()[:-1]).all())


def _numbered(wb: Workbook) -> pd.DataFrame:
    """Lines with a parsed voucher word and number, and the period their numbering runs in (month, or year)."""
    spend = in_order(wb.expenditures)
    parsed = spend["voucher_no"].map(parse_voucher_no)
    spend = spend[parsed.notna()]
    parsed = parsed[parsed.notna()]
    lines = spend.assign(month=month_key(spend["date"]), word=parsed.map(lambda p: p[0]),
                         number=parsed.map(lambda p: p[1]).astype("int64"))
    yearly = {word for word, group in lines.groupby("word") if numbered_through_the_year(group)}
    year = spend["date"].dt.strftime("%Y 年")
    return lines.assign(period=lines["month"].where(~lines["word"].isin(yearly), year))


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}～{last}"


def voucher_sequence(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """SEQ-GAP / SEQ-DUP: voucher numbers continuous and unique per word per month or year (会计基础工作规范 第四十二条).

    Evidence of a gap: the lines of the vouchers just before and just after each missing range.
    """
    lines = _numbered(wb)
    out = []
    for (period, word), group in lines.groupby(["period", "word"], sort=True):
        present = sorted(set(group["number"]))
        missing = sorted(set(range(1, present[-1] + 1)) - set(present))
        if missing:
            ranges = _ranges(missing)
            neighbours = set()
            for first, last in ranges:
                neighbours |= {n for n in (max((p for p in present if p < first), default=None),
                                           min((p for p in present if p > last), default=None)) if n is not None}
            text = "、".join(_label(a, b) for a, b in ranges)
            out.append(Finding(
                rule="SEQ-GAP", severity="warning", subject=f"{period} {word}".strip(), title=f"{period}凭证号不连续",
                explanation=f"{period} {word + '字' if word else ''}凭证编号 1～{present[-1]}中缺少第{text}号"
                            f"（共{len(missing)}号）。"
                            "支出凭证导出可能不含收入、转账凭证，请对照完整序时账核实是否有凭证缺失或作废未留存。"
                            "证据列示缺号前后的凭证。",
                evidence=evidence_from(group[group["number"].isin(neighbours)]),
            ))
        # Only vouchers with a problem are looked at one by one (a ledger has thousands of vouchers).
        line_no = group["line_no"].str.strip()
        repeated_line = (line_no != "") & group.assign(line_key=line_no).duplicated(["voucher_no", "line_key"])
        dates_per_voucher = group.groupby("voucher_no")["date"].nunique()
        suspects = set(dates_per_voucher[dates_per_voucher > 1].index) | set(group.loc[repeated_line, "voucher_no"])
        for voucher_no in sorted(suspects):
            voucher = group[group["voucher_no"] == voucher_no]
            dates = sorted({d.date().isoformat() for d in voucher["date"]})
            filled = voucher.loc[voucher["line_no"].str.strip() != "", "line_no"].str.strip()
            repeated = sorted(set(filled[filled.duplicated()]), key=lambda s: (len(s), s))
            problems = []
            if len(dates) > 1:
                problems.append(f"用于不同日期（{'、'.join(dates)}）")
            if repeated:
                problems.append(f"分录号{'、'.join(repeated)}重复")
            if problems:
                out.append(Finding(
                    rule="SEQ-DUP", severity="warning", subject=f"{period} {voucher_no}",
                    title=f"{period}凭证号{voucher_no}重复使用",
                    explanation=f"{period}凭证{voucher_no} {'，'.join(problems)}，可能是两张凭证使用了同一编号，"
                                "或同一凭证重复导入。",
                    evidence=evidence_from(voucher),
                ))
    return out
