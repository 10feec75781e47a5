"""尾差: printed parts add up to their printed total, only the largest part moves, by no more than the residue."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qlaudit.money import to_wan
from qlaudit.rounding import balance, balanced, residue

amounts = st.lists(st.integers(min_value=-10**11, max_value=10**11), min_size=1, max_size=40)


@given(amounts)
def test_printed_parts_add_up_to_the_printed_total(parts):
    total, shown = balanced(parts)
    assert total == to_wan(sum(parts))
    assert sum(shown, Decimal(0)) == total


@given(amounts)
def test_the_largest_part_takes_a_one_cent_residue_and_no_part_moves_more_than_a_cent(parts):
    _, shown = balanced(parts)
    plain = [to_wan(p) for p in parts]
    moved = [i for i, (a, b) in enumerate(zip(shown, plain, strict=True)) if a != b]
    assert all(abs(shown[i] - plain[i]) == Decimal("0.01") for i in moved)
    assert abs(residue(parts)) <= Decimal("0.005") * len(parts)  # n rounded parts miss by at most n half-cents
    assert len(moved) == abs(residue(parts)) / Decimal("0.01")
    if abs(residue(parts)) == Decimal("0.01"):
        largest = max(range(len(parts)), key=lambda i: (abs(parts[i]), -i))
        assert moved == [largest]


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=800))
def test_many_parts_stay_within_a_cent_of_their_exact_amount(parts):
    _, shown = balanced(parts)
    assert all(abs(s - Decimal(p) / 1_000_000) < Decimal("0.015") for s, p in zip(shown, parts, strict=True))


def test_the_textbook_case():
    # 0.3333 + 0.3333 + 0.3334 万元 = 1.00 万元: each part prints 0.33, the largest takes the 尾差 of 0.01
    assert balanced([3333, 3333, 3334]) == (Decimal("0.01"), (Decimal("0.00"), Decimal("0.00"), Decimal("0.01")))
    assert balanced([333_333, 333_333, 333_334]) == (Decimal("1.00"), (Decimal("0.33"), Decimal("0.33"), Decimal("0.34")))
    assert balanced([1_250_000, 1_250_000]) == (Decimal("2.50"), (Decimal("1.25"), Decimal("1.25")))
    assert balanced([12_500, 12_500]) == (Decimal("0.03"), (Decimal("0.02"), Decimal("0.01")))


def test_a_total_printed_elsewhere_is_kept():
    assert balance(Decimal("0.04"), [12_500, 12_500]) == (Decimal("0.02"), Decimal("0.02"))  # spread, a cent each
    with pytest.raises(ValueError):
        balance(Decimal("0.01"), [])
