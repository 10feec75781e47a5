"""Cell parsers: each accepted form, each normalised form (with its note) and each rejected form (with a hint)."""

import datetime as dt
from decimal import Decimal

import pytest

from qlaudit.ledgers import values
from qlaudit.ledgers.values import CellError

# --- money -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fen"),
    [("1234.56", 123456), ("-12.5", -1250), ("0", 0), ("  88 ", 8800), ("100.10", 10010)],
)
def test_money_accepted_without_note(raw, fen):
    assert values.parse_money(raw) == (fen, [])


@pytest.mark.parametrize(
    ("raw", "fen", "note"),
    [
        ("1,234.56", 123456, "thousands separators removed"),
        ("1，234.56", 123456, "thousands separators removed"),  # full-width comma
        ("12,345,678.90", 1234567890, "thousands separators removed"),
        ("１２３.４５", 12345, "full-width digits converted"),
        ("１２３．４５", 12345, "full-width digits converted"),
        ("(123.45)", -12345, "(…) read as a negative amount"),
        ("（123.45）", -12345, "(…) read as a negative amount"),
        ("(1,234.56)", -123456, "(…) read as a negative amount"),
        ("¥100", 10000, "currency sign ¥/元 removed"),
        ("￥100.5", 10050, "currency sign ¥/元 removed"),
        ("100元", 10000, "currency sign ¥/元 removed"),
    ],
)
def test_money_normalised_with_a_note(raw, fen, note):
    parsed, notes = values.parse_money(raw)
    assert parsed == fen
    assert note in notes


def test_money_thousands_and_parentheses_give_two_notes():
    assert values.parse_money("(1,234.56)") == (-123456, ["(…) read as a negative amount", "thousands separators removed"])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12,34", "thousands separators in the wrong places"),
        ("1,2345.00", "thousands separators in the wrong places"),
        ("abc", "not an amount"),
        ("12.3.4", "not an amount"),
        ("1e5", "not an amount"),
        ("12元5角", "not an amount"),
        ("", "amount is empty"),
        ("   ", "amount is empty"),
        (None, "amount is empty"),
        ("1.234", "more than 2 decimals"),
        ("-0.001", "more than 2 decimals"),
    ],
)
def test_money_rejected_with_a_hint(raw, message):
    with pytest.raises(CellError, match=message) as caught:
        values.parse_money(raw)
    assert caught.value.hint


def test_money_in_wan_yuan():
    assert values.parse_money("47.128507", "万元") == (47128507, ["converted from 万元 to 元"])
    assert values.parse_money("0.123456", "万元")[0] == 123456  # 1,234.56 元
    assert values.parse_money("1", "万元")[0] == 1_000_000
    assert values.parse_money("1,000.5", "万元")[0] == 1_000_500_000
    with pytest.raises(CellError) as caught:
        values.parse_money("0.1234567", "万元")  # a fraction of 分
    assert "万元 at most 6" in caught.value.hint


def test_money_from_spreadsheet_numbers():
    assert values.parse_money(1234.56) == (123456, [])
    assert values.parse_money(1234) == (123400, [])
    assert values.parse_money(12.0) == (1200, [])
    assert values.parse_money(Decimal("0.07")) == (7, [])
    assert values.parse_money(0.123456, "万元") == (123456, ["converted from 万元 to 元"])


def test_money_float_noise_of_a_numeric_cell_is_rounded_half_up_with_a_note():
    """docs/data-format.md: numeric cells → Decimal(repr(x)), then rounded half-up to 0.01 元."""
    fen, notes = values.parse_money(0.07 * 3)  # 0.21000000000000002
    assert fen == 21
    assert notes == ["numeric cell 0.21000000000000002 rounded to 0.21 元"]
    assert values.parse_money(1234.565)[0] == 123457
    assert values.parse_money(-0.005)[0] == -1
    assert values.parse_money(0.1 + 0.2, "万元")[0] == 300_000


def test_money_text_with_three_decimals_is_still_rejected():
    """Only numeric cells are rounded; a typed text amount with 3 decimals is an error."""
    with pytest.raises(CellError):
        values.parse_money("1234.565")


@pytest.mark.parametrize("raw", [True, float("nan")])
def test_money_rejects_booleans_and_nan(raw):
    with pytest.raises(CellError):
        values.parse_money(raw)


# --- dates -------------------------------------------------------------------------------------------------------

MARCH_5 = dt.date(2021, 3, 5)


@pytest.mark.parametrize(
    ("raw", "has_note"),
    [
        ("2021-03-05", False),
        (" 2021-03-05 ", False),
        ("2021-03-05 00:00:00", False),  # an Excel date saved to CSV
        ("2021-3-5", True),
        ("2021/3/5", True),
        ("2021/03/05", True),
        ("2021.3.5", True),
        ("2021年3月5日", True),
        ("2021年03月05日", True),
        ("20210305", True),
        (dt.datetime(2021, 3, 5), False),
        (dt.datetime(2021, 3, 5, 14, 30), False),
        (MARCH_5, False),
    ],
)
def test_dates(raw, has_note):
    value, notes = values.parse_date(raw)
    assert value == MARCH_5
    assert type(value) is dt.date
    assert bool(notes) == has_note
    if has_note:
        assert notes == ["date " + repr(str(raw).strip()) + " read as 2021-03-05"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2021-02-30", "not a calendar date"),
        ("2021/13/01", "not a calendar date"),
        ("20211305", "not a calendar date"),
        ("March 5, 2021", "not a date"),
        ("05/03/2021", "not a date"),
        ("2021-03", "not a date"),
        ("44260", "not a date"),  # an Excel serial number written as text
        ("", "date is empty"),
        (None, "date is empty"),
    ],
)
def test_bad_dates(raw, message):
    with pytest.raises(CellError, match=message) as caught:
        values.parse_date(raw)
    assert caught.value.hint


# --- codes -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "note"),
    [
        ("2012901", "2012901", None),
        (2012950, "2012950", None),  # an integer cell from openpyxl
        ("2012901.0", "2012901", "code stored as a number, read as text"),
        ("2012901.00", "2012901", "code stored as a number, read as text"),
        (2012901.0, "2012901", "code stored as a number, read as text"),
        ("２０１２９０１", "2012901", "full-width characters in code converted"),
        ("  30211 ", "30211", None),
        ("QL2021001", "QL2021001", None),
        ("", "", None),
        (None, "", None),
    ],
)
def test_codes(raw, code, note):
    value, notes = values.parse_code(raw)
    assert value == code
    assert notes == ([] if note is None else [note])


def test_classification_codes():
    assert values.parse_classification("2012901.0", "functional_code", 2021) == (
        "2012901", ["code stored as a number, read as text"])
    assert values.parse_classification(30211.0, "economic_code", 2021)[0] == "30211"
    assert values.parse_classification("３０２１１", "economic_code", 2021)[0] == "30211"


@pytest.mark.parametrize(
    ("raw", "kind", "message", "hint"),
    [
        ("2012998", "functional_code", "unknown functional code for 2021", "functional_codes.csv"),
        ("20129", "functional_code", "unknown functional code for 2021", "7-digit"),
        ("30230", "economic_code", "unknown economic code for 2021", "economic_codes.csv"),
        ("302", "economic_code", "unknown economic code for 2021", "5-digit"),
        ("差旅费", "economic_code", "code is not made of digits", "not its name"),
        ("30211 差旅费", "economic_code", "code is not made of digits", "not its name"),
        ("", "economic_code", "classification code is empty", "functional and economic code"),
    ],
)
def test_bad_classification_codes(raw, kind, message, hint):
    with pytest.raises(CellError, match=message) as caught:
        values.parse_classification(raw, kind, 2021)
    assert hint in caught.value.hint


def test_classification_code_before_the_reference_years():
    with pytest.raises(CellError, match="for 2018"):
        values.parse_classification("30211", "economic_code", 2018)


# --- categories --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ("年初", "source", "initial"),
        ("年初预算", "source", "initial"),
        ("initial", "source", "initial"),
        ("调增", "source", "addition"),
        ("调减", "source", "reduction"),
        ("上年结转", "source", "carry_in"),
        ("111", "budget_type", "general"),
        (111, "budget_type", "general"),  # a numeric XLSX cell
        (111.0, "budget_type", "general"),
        ("一般公共预算资金", "budget_type", "general"),
        ("政府性基金", "budget_type", "fund"),
        ("人员经费", "expense_kind", "personnel"),
        ("基本支出（人员经费）", "expense_kind", "personnel"),
        ("基本支出(人员经费)", "expense_kind", "personnel"),
        ("基本支出-公用经费", "expense_kind", "public"),
        ("基本支出", "expense_kind", "basic"),
        ("专项", "expense_kind", "project"),
        (" 项目支出 ", "expense_kind", "project"),
        ("≥", "direction", "ge"),
        (">=", "direction", "ge"),
        ("不超过", "direction", "le"),
        ("＝", "direction", "eq"),
        ("是", "flag", "yes"),
        ("√", "flag", "yes"),
        ("N", "flag", "no"),
        (0, "flag", "no"),
    ],
)
def test_categories(raw, field, value):
    assert values.parse_category(raw, field) == (value, [])


@pytest.mark.parametrize(
    ("raw", "field", "message", "in_hint"),
    [
        ("其他", "source", "unknown source value", "年初预算 (initial)"),
        ("预算外", "budget_type", "unknown budget_type value", "一般公共预算 (general)"),
        ("114", "budget_type", "unknown budget_type value", "政府性基金预算 (fund)"),
        ("人员", "expense_kind", "unknown expense_kind value", "人员经费 (personnel)"),
        ("", "expense_kind", "expense_kind is empty", "项目支出 (project)"),
        ("也许", "flag", "unknown flag value", "是 (yes) / 否 (no)"),
    ],
)
def test_unknown_category_lists_accepted_values(raw, field, message, in_hint):
    with pytest.raises(CellError, match=message) as caught:
        values.parse_category(raw, field)
    assert caught.value.hint.startswith("accepted: ")
    assert in_hint in caught.value.hint


# --- other cells -------------------------------------------------------------------------------------------------


def test_decimal_cells():
    assert values.parse_decimal("2.5") == (Decimal("2.5"), [])
    assert values.parse_decimal("１０") == (Decimal("10"), [])
    assert values.parse_decimal(0.1) == (Decimal("0.1"), [])
    assert values.parse_decimal("") == (None, [])
    with pytest.raises(CellError, match="not a number"):
        values.parse_decimal("十分")


@pytest.mark.parametrize(
    ("raw", "text"),
    [(" 侨联工作经费 ", "侨联工作经费"), (2012950.0, "2012950"), (12.5, "12.5"), (None, ""),
     (dt.datetime(2021, 3, 5), "2021-03-05"), (dt.datetime(2021, 3, 5, 9, 0), "2021-03-05T09:00:00")],
)
def test_text_cells(raw, text):
    assert values.parse_text(raw) == (text, [])
