"""尾差调整: printed parts that add up to their printed total, as finance bureaus print them.

Each amount is rounded to 万元 on its own (``money.to_wan``, 四舍五入), so the rounded parts of a total can miss the
rounded total by a few 0.01 (e.g. 0.0125 + 0.0125 = 0.025, printed 0.01 + 0.01 ≠ 0.03). Finance bureaus move that
difference (尾差) to the largest part, so that the printed table adds up. ``balance`` does that: the total is printed
as it is rounded and the largest part takes the 0.01; only a table of many parts can miss by more, and then the
difference is spread 0.01 at a time (largest remainders first), so that no printed part is off by more than 0.01.

Pure functions over int 分; amounts in 万元 come only from ``to_wan``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from qlaudit.money import FEN_PER_WAN, to_wan


def balance(total: Decimal, parts_fen: Sequence[int], places: int = 2) -> tuple[Decimal, ...]:
    """The printed parts (万元) of ``parts_fen`` whose sum is exactly ``total`` (already printed, 万元).

    Every part is ``to_wan(part)`` except where the difference goes: a difference of one unit (0.01) goes to the part
    with the largest absolute amount (the first of equals), as finance bureaus do; a larger one — possible only with
    many parts — is spread one unit at a time over the parts whose rounding lost (or gained) the most, largest
    first, so that no part moves by more than one unit. With no part, ``total`` must be zero.
    """
    shown = [to_wan(p, places) for p in parts_fen]
    if not shown:
        if total != 0:
            raise ValueError(f"no part to carry a total of {total}")
        return ()
    unit = Decimal(1).scaleb(-places)
    difference = total - sum(shown, Decimal(0))
    if abs(difference) <= unit:
        if difference:
            largest = max(range(len(shown)), key=lambda i: (abs(parts_fen[i]), -i))
            shown[largest] += difference
        return tuple(shown)
    step = unit if difference > 0 else -unit
    exact = [Decimal(int(p)) / (FEN_PER_WAN * unit) for p in parts_fen]  # in units of the printed place
    lost = sorted(range(len(shown)), key=lambda i: (-(exact[i] - shown[i] / unit) * step / unit, -abs(parts_fen[i]), i))
    for n in range(int(abs(difference) / unit)):
        shown[lost[n % len(lost)]] += step
    return tuple(shown)


def balanced(parts_fen: Sequence[int], places: int = 2) -> tuple[Decimal, tuple[Decimal, ...]]:
    """(printed total, printed parts) of a total that is the exact sum of its parts."""
    total = to_wan(sum(parts_fen), places)
    return total, balance(total, parts_fen, places)


def residue(parts_fen: Sequence[int], places: int = 2) -> Decimal:
    """The 尾差: printed total minus the sum of the individually rounded parts (0 when they add up)."""
    return to_wan(sum(parts_fen), places) - sum((to_wan(p, places) for p in parts_fen), Decimal(0))


def text(value: Decimal, places: int = 2) -> str:
    """A printed 万元 amount as text: '12.30'; never '-0.00'."""
    value = abs(value) if value.is_zero() else value
    return f"{value:.{places}f}"
