"""Small helpers shared by the audit rules: line order, 摘要 text, periods named in a 摘要, voucher keys, exact ratios.

Pure functions over the canonical expenditures frame (``qlaudit.ledgers.load.OUTPUT_COLUMNS``); no findings here.
The text keys themselves (normalised 摘要 and payee, periods) are defined in ``qlaudit.ledgers.keys``.
Ratios of money are compared exactly (``Decimal`` rates against int 分), never as floats.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.ledgers.keys import normalise_text, periods_named
from qlaudit.reconcile import BUDGET_TYPES

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine

LINE_ORDER = ["date", "source_file", "source_row"]

# Each distinct 摘要 of the payments once (its code and text), for the keyword tests of CLASS-MISMATCH and
# SANGONG-HIDDEN: the keywords are matched against these texts, not against every line.
SUMMARY_TEXTS = "SELECT unit, year, summary_code, any_value(summary) AS summary FROM payments GROUP BY ALL"


def summary_texts(engine: Engine) -> str:
    """The temporary table of :data:`SUMMARY_TEXTS` (unit, year, summary_code, summary), made once per engine and
    read by both keyword rules (a grouping of every payment line: 0.12 s CPU at 10^6 lines)."""
    name: str = engine.cached("summary_texts", lambda: engine.temp_table(SUMMARY_TEXTS))
    return name


def in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Ledger lines by date, then file and row: the order every rule reads and reports them in."""
    return frame.sort_values(LINE_ORDER, kind="stable")


def different_periods(a: object, b: object) -> bool:
    """True when both 摘要 name a period and the periods differ (a monthly payment, not a duplicate)."""
    pa, pb = periods_named(a), periods_named(b)
    return bool(pa) and bool(pb) and pa != pb


def budget_types(rows: pd.DataFrame) -> tuple[str, ...]:
    """Budget types of candidate rows with a ``budget_type`` column, in the order of the report."""
    present = set(rows["budget_type"]) if "budget_type" in rows.columns else set()
    return tuple(t for t in BUDGET_TYPES if t in present)


def any_of(words: list[str]) -> str:
    """A regular expression (RE2, as DuckDB's regexp_matches) matching a text that contains any of ``words``
    literally: the cheap first filter before the exact substring test of each keyword."""
    return "|".join(re.escape(w) for w in words) or "$^"


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


__all__ = ["LINE_ORDER", "any_of", "budget_types", "different_periods", "economic_class", "in_order", "month_key",
           "normalise_text", "percent", "periods_named", "rate_below", "share_above"]
