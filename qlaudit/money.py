"""Exact money: integer 分 inside, ``Decimal`` at the edges, 万元 only for display.

Never use floating point in an accounting system. Amounts live in DataFrames as int64 分 (1 元 = 100 分) so sums
are exact and vectorised; parsing turns text or spreadsheet cells into 分; :func:`to_wan` is the one place that
rounds to 万元 (2 decimals, ROUND_HALF_UP, 四舍五入) and only renderers call it.

This module does not know about files or columns: see ``qlaudit.ledgers.values`` for parsing ledger cells.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分

_CENT = Decimal("0.01")
_FEN = Decimal(1)


class MoneyError(ValueError):
    """A value cannot be read as an exact amount of money."""


def decimal_from_cell(value: object) -> Decimal:
    """An exact ``Decimal`` from a spreadsheet or Python number, avoiding binary float noise.

    ``Decimal(0.1)`` is 0.1000000000000000055…; ``Decimal(repr(0.1))`` is 0.1, which is what the spreadsheet showed.
    """
    if isinstance(value, bool):
        raise MoneyError(f"not an amount: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise MoneyError(f"not an amount: {value!r}")
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise MoneyError(f"not an amount: {value!r}") from exc


def yuan_to_fen(yuan: Decimal, *, max_decimals: int = 2) -> int:
    """元 (exact) → 分. More than ``max_decimals`` decimals is an error, not a silent rounding."""
    if not yuan.is_finite():
        raise MoneyError(f"not an amount: {yuan}")
    exponent = yuan.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > max_decimals:
        raise MoneyError(f"{yuan} 元 has more than {max_decimals} decimals")
    return int((yuan * FEN_PER_YUAN).to_integral_value(rounding=ROUND_HALF_UP))


def wan_to_fen(wan: Decimal) -> int:
    """万元 (exact, up to 6 decimals = 分) → 分."""
    return yuan_to_fen(wan * 10_000)


def fen_to_yuan(fen: int) -> Decimal:
    """分 → 元 as an exact ``Decimal`` with 2 decimals."""
    return (Decimal(int(fen)) / FEN_PER_YUAN).quantize(_CENT)


def yuan_text(fen: int) -> str:
    """分 → the text of :func:`fen_to_yuan` (``str(fen_to_yuan(fen))``: "-1234.50", "0.05"), by integer arithmetic:
    for the findings JSON of 10^5 evidence rows."""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{'-' if fen < 0 else ''}{whole}.{cents:02d}"


def to_wan(fen: int, places: int = 2) -> Decimal:
    """分 → 万元 rounded half-up (四舍五入) to ``places`` decimals. The only rounding of money in qlaudit."""
    quantum = Decimal(1).scaleb(-places)
    result = (Decimal(int(fen)) / FEN_PER_WAN).quantize(quantum, rounding=ROUND_HALF_UP)
    return abs(result) if result.is_zero() else result  # -49.99 元 shows as 0.00, not -0.00


def format_wan(fen: int, places: int = 2) -> str:
    """分 → text in 万元 with ``places`` decimals: 47128507 分 (471,285.07 元) → '47.13'."""
    return f"{to_wan(fen, places):.{places}f}"


def format_yuan(fen: int) -> str:
    """分 → '1,234.56' (元, thousands separators)."""
    return f"{fen_to_yuan(fen):,.2f}"


def format_rate(numerator_fen: int, denominator_fen: int, places: int = 2) -> str:
    """A percentage of two amounts, half-up, e.g. '98.50%'; '—' when the denominator is zero."""
    if denominator_fen == 0:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    rate = (Decimal(int(numerator_fen)) * 100 / Decimal(int(denominator_fen))).quantize(
        quantum, rounding=ROUND_HALF_UP
    )
    return f"{rate:.{places}f}%"
