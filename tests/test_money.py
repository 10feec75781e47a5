"""Exact money: 元 ↔ 分 without loss, 万元 rounded half-up (四舍五入) in one place, no binary float noise."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qlaudit.money import (
    MoneyError,
    decimal_from_cell,
    fen_to_yuan,
    format_rate,
    format_wan,
    format_yuan,
    to_wan,
    wan_to_fen,
    yuan_text,
    yuan_to_fen,
)

yuan_amounts = st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)
fen_amounts = st.integers(min_value=-10**14, max_value=10**14)


@given(yuan_amounts)
def test_yuan_to_fen_and_back_is_exact(yuan):
    fen = yuan_to_fen(yuan)
    assert isinstance(fen, int)
    assert fen == int(yuan * 100)
    assert fen_to_yuan(fen) == yuan


@given(fen_amounts)
def test_fen_to_yuan_and_back_is_exact(fen):
    yuan = fen_to_yuan(fen)
    assert yuan.as_tuple().exponent == -2
    assert yuan_to_fen(yuan) == fen


@given(st.integers(-(2**63), 2**63 - 1))
def test_yuan_text_is_the_text_of_the_decimal(fen):
    assert yuan_text(fen) == str(fen_to_yuan(fen))


def test_fen_to_yuan_examples():
    assert str(fen_to_yuan(47128507)) == "471285.07"
    assert str(fen_to_yuan(-5)) == "-0.05"
    assert str(fen_to_yuan(0)) == "0.00"


@pytest.mark.parametrize("yuan", ["1.234", "0.001", "-12.345", "100.0001"])
def test_more_than_two_decimals_is_an_error_not_a_rounding(yuan):
    with pytest.raises(MoneyError, match="more than 2 decimals"):
        yuan_to_fen(Decimal(yuan))


def test_trailing_zeros_are_not_decimals():
    assert yuan_to_fen(Decimal("1.2300")) == 123
    assert yuan_to_fen(Decimal("5E+2")) == 50000


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_is_an_error(bad):
    with pytest.raises(MoneyError):
        yuan_to_fen(bad)


def test_wan_to_fen():
    assert wan_to_fen(Decimal("1")) == 1_000_000
    assert wan_to_fen(Decimal("0.123456")) == 123_456  # 1,234.56 元
    assert wan_to_fen(Decimal("47.128507")) == 47_128_507
    with pytest.raises(MoneyError):
        wan_to_fen(Decimal("0.1234567"))  # 7 decimals of 万元 is a fraction of 分


@pytest.mark.parametrize(
    ("fen", "wan"),
    [
        (47_128_507, "47.13"),  # 471,285.07 元
        (500_000, "0.50"),  # 5,000 元
        (49_995_000, "50.00"),  # 49.995 万 → half-up
        (49_985_000, "49.99"),  # half-up, not banker's (which would give 49.98)
        (49_984_999, "49.98"),
        (5_000, "0.01"),  # 50 元 = 0.005 万
        (4_999, "0.00"),
        (125_000, "0.13"),  # 0.125 万 → 0.13 (banker's: 0.12)
        (-5_000, "-0.01"),  # half-up is away from zero on both sides
        (-47_128_507, "-47.13"),
        (0, "0.00"),
    ],
)
def test_to_wan_rounds_half_up(fen, wan):
    assert to_wan(fen) == Decimal(wan)
    assert str(to_wan(fen)) == wan


def test_to_wan_places():
    assert str(to_wan(47_128_507, 4)) == "47.1285"
    assert str(to_wan(47_128_507, 0)) == "47"
    assert str(to_wan(45_000_000, 0)) == "45"
    assert str(to_wan(45_500_000, 0)) == "46"


@given(st.integers(min_value=0, max_value=10**14))
def test_to_wan_matches_integer_half_up(fen):
    """Independent integer arithmetic: 万元 in hundredths = floor((fen + 5000) / 10000)."""
    assert to_wan(fen) * 100 == (fen + 5_000) // 10_000
    assert to_wan(-fen) == -to_wan(fen)


@given(st.lists(yuan_amounts, max_size=30))
def test_sum_in_fen_then_to_wan_equals_exact_decimal_sum(amounts):
    total_fen = sum(yuan_to_fen(a) for a in amounts)
    exact = (sum(amounts, Decimal(0)) / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert to_wan(total_fen) == exact


def test_decimal_from_cell_uses_the_shortest_repr_of_a_float():
    assert Decimal(0.1) != Decimal("0.1")  # noqa: RUF032 - the trap this function avoids
    assert decimal_from_cell(0.1) == Decimal("0.1")
    assert decimal_from_cell(1234.56) == Decimal("1234.56")
    assert yuan_to_fen(decimal_from_cell(1234.56)) == 123456


def test_decimal_from_cell_keeps_float_noise_of_computed_values_visible():
    computed = 0.07 * 3  # what a spreadsheet formula can store: 0.21000000000000002
    assert decimal_from_cell(computed) == Decimal(repr(computed)) == Decimal("0.21000000000000002")
    with pytest.raises(MoneyError, match="more than 2 decimals"):
        yuan_to_fen(decimal_from_cell(computed))


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_from_cell_of_a_typed_two_decimal_number_is_that_number(typed):
    """Up to 15 significant digits survive the trip through a double: what was typed is what is read."""
    assert decimal_from_cell(float(typed)) == typed


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(1234, Decimal(1234)), (Decimal("1.50"), Decimal("1.50")), (" 12.5 ", Decimal("12.5")), ("-3", Decimal(-3))],
)
def test_decimal_from_cell_other_types(cell, expected):
    assert decimal_from_cell(cell) == expected


@pytest.mark.parametrize("cell", [True, False, float("nan"), float("inf"), float("-inf"), "abc", "1,234", ""])
def test_decimal_from_cell_rejects_non_amounts(cell):
    with pytest.raises(MoneyError, match="not an amount"):
        decimal_from_cell(cell)


def test_format_wan():
    assert format_wan(47_128_507) == "47.13"
    assert format_wan(500_000) == "0.50"
    assert format_wan(-47_128_507) == "-47.13"
    assert format_wan(-500_000) == "-0.50"
    assert format_wan(-1_234_567_890) == "-1234.57"
    assert format_wan(47_128_507, 4) == "47.1285"


def test_format_yuan():
    assert format_yuan(123_456) == "1,234.56"
    assert format_yuan(-123_456_789) == "-1,234,567.89"
    assert format_yuan(5) == "0.05"


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (1, 3, "33.33%"),
        (2, 3, "66.67%"),
        (1, 8, "12.50%"),
        (1, 800, "0.13%"),  # 0.125 % half-up
        (-1, 800, "-0.13%"),
        (7_658_350, 7_658_350, "100.00%"),
        (8_000_000, 7_658_350, "104.46%"),
        (0, 5, "0.00%"),
        (5, 0, "—"),
    ],
)
def test_format_rate(numerator, denominator, text):
    assert format_rate(numerator, denominator) == text


def test_format_rate_places():
    assert format_rate(1, 3, 0) == "33%"
    assert format_rate(1, 3, 4) == "33.3333%"
