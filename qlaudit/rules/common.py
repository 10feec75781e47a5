"""Small helpers shared by the audit rules: line order, 摘要 text, periods named in a 摘要, voucher keys, exact ratios.

Pure functions over the canonical expenditures frame (``qlaudit.ledgers.load.OUTPUT_COLUMNS``); no findings here.
Ratios of money are compared exactly (``Decimal`` rates against int 分), never as floats.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pandas as pd

LINE_ORDER = ["date", "source_file", "source_row"]

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11,
              "十二": 12, "正": 1, "腊": 12}
_MONTH = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s*月|(十[一二]?|[一二三四五六七八九正腊])月")
_MONTH_RANGE = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s*(?:月份?)?\s*[-~至到]\s*(1[0-2]|0?[1-9])\s*月")
_QUARTER = re.compile(r"([1-4一二三四])\s*季度")
_QUARTER_NUMBERS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}


def in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Ledger lines by date, then file and row: the order every rule reads and reports them in."""
    return frame.sort_values(LINE_ORDER, kind="stable")


def normalise_text(text: object) -> str:
    """A 摘要 or payee as compared: NFKC (full-width → half-width), no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def periods_named(summary: object) -> frozenset[str]:
    """Months and quarters a 摘要 names: '支付3月工资' → {'M3'}, '1-3月水费' → {'M1', 'M2', 'M3'}, '一季度物业费' →
    {'Q1'}, '购买纸张' → {}."""
    text = normalise_text(summary)
    months = {f"M{int(m[1]) if m[1] else _CN_MONTHS[m[2]]}" for m in _MONTH.finditer(text)}
    for m in _MONTH_RANGE.finditer(text):  # '1-3月' names January to March
        months |= {f"M{n}" for n in range(int(m[1]), int(m[2]) + 1)}
    quarters = {f"Q{_QUARTER_NUMBERS[q[1]]}" for q in _QUARTER.finditer(text)}
    return frozenset(months | quarters)


def different_periods(a: object, b: object) -> bool:
    """True when both 摘要 name a period and the periods differ (a monthly payment, not a duplicate)."""
    pa, pb = periods_named(a), periods_named(b)
    return bool(pa) and bool(pb) and pa != pb


def month_key(dates: pd.Series) -> pd.Series:
    """'2021-03' for each date: voucher numbering restarts every month."""
    return dates.dt.strftime("%Y-%m")


def economic_class(codes: pd.Series) -> pd.Series:
    """The 类 of each economic code: '30211' → '302'."""
    return codes.str[:3]


def share_above(part: int, whole: int, share: Decimal) -> bool:
    """part / whole > share, exactly; False when whole ≤ 0."""
    return whole > 0 and Decimal(part) > Decimal(whole) * share


def rate_below(part: int, whole: int, rate: Decimal) -> bool:
    """part / whole < rate, exactly; False when whole ≤ 0."""
    return whole > 0 and Decimal(part) < Decimal(whole) * rate


def percent(value: Decimal) -> str:
    """A setting rate as a percentage: Decimal('0.30') → '30%'."""
    return f"{(value * 100).normalize():f}%"
