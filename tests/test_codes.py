"""Reference classifications: lookups by code and year, the 人员/公用 convention, and the tables' integrity."""

import csv
from importlib import resources

import pytest

from qlaudit import codes


def reference_rows(name):
    text = resources.files("qlaudit.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@pytest.mark.parametrize("code", ["2012901", "2012950", "2012999", "2080505", "2101101", "2210201"])
def test_valid_functional_codes(code):
    assert codes.is_valid_functional(code, 2021)


@pytest.mark.parametrize(
    "code",
    [
        "201",  # 类: not specific enough
        "20129",  # 款: not specific enough
        "2012998",  # not in the table
        "2012901.0",
        "",
        "30211",  # an economic code
    ],
)
def test_invalid_functional_codes(code):
    assert not codes.is_valid_functional(code, 2021)


@pytest.mark.parametrize("code", ["30101", "30211", "30299", "30302", "30902", "31002"])
def test_valid_economic_codes(code):
    assert codes.is_valid_economic(code, 2021)


@pytest.mark.parametrize("code", ["302", "30230", "3021", "302110", "2012901", ""])
def test_invalid_economic_codes(code):
    assert not codes.is_valid_economic(code, 2021)


def test_codes_are_valid_per_year():
    """The tables start in 2019: a 2018 ledger cannot use them."""
    assert codes.is_valid_functional("2012950", 2019)
    assert not codes.is_valid_functional("2012950", 2018)
    assert codes.is_valid_economic("30211", 2019)
    assert not codes.is_valid_economic("30211", 2018)
    assert codes.is_valid_economic("30211", 2030)  # no valid_to: still valid


def test_code_valid_in_a_closed_range():
    retired = codes.Code("30230", "retired", 2, valid_from=2019, valid_to=2020, needs_verification=False)
    assert [year for year in range(2017, 2023) if retired.valid_in(year)] == [2019, 2020]


def test_economic_class():
    assert codes.economic_class("30211") == "302"
    assert codes.economic_class("31002") == "310"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("30101", "personnel"),  # 基本工资
        ("30113", "personnel"),  # 住房公积金
        ("30302", "personnel"),  # 退休费: 对个人和家庭的补助
        ("30201", "public"),  # 办公费
        ("30299", "public"),
        ("30902", "public"),
        ("31002", "public"),  # 资本性支出 办公设备购置
        ("30701", None),  # 债务利息: not placed by the convention
        ("39999", None),
    ],
)
def test_basic_kind(code, kind):
    assert codes.basic_kind(code) == kind


def test_names():
    assert codes.economic_name("30211") == "差旅费"
    assert codes.economic_name("302") == "商品和服务支出"
    assert codes.economic_name("39999") == "39999"
    assert codes.functional_name("2012950") == "事业运行"
    assert codes.functional_name("9999999") == "9999999"


def test_needs_verification_is_read_from_the_note():
    assert codes.economic_codes()["30224"].needs_verification
    assert not codes.economic_codes()["30211"].needs_verification


def test_reference_version():
    assert codes.reference_version().startswith("reference-")


@pytest.mark.parametrize(
    ("table", "digits_by_level"),
    [("functional_codes.csv", {1: 3, 2: 5, 3: 7}), ("economic_codes.csv", {1: 3, 2: 5})],
)
def test_reference_table_integrity(table, digits_by_level):
    rows = reference_rows(table)
    all_codes = [r["code"] for r in rows]
    assert len(all_codes) == len(set(all_codes)), "duplicate codes"
    by_code = {r["code"]: r for r in rows}
    for r in rows:
        level = int(r["level"])
        assert r["code"].isdigit(), r
        assert len(r["code"]) == digits_by_level[level], r
        assert r["name"], r
        assert r["note"] in ("", "verify"), r
        if level > 1:
            parent = r["code"][: digits_by_level[level - 1]]
            assert parent in by_code, f"{r['code']} has no parent {parent}"
            assert int(by_code[parent]["level"]) == level - 1
            assert int(by_code[parent]["valid_from"]) <= int(r["valid_from"])


def test_expense_classes_are_economic_classes():
    rows = reference_rows("expense_classes.csv")
    classes = [r["economic_class"] for r in rows]
    assert len(classes) == len(set(classes))
    for r in rows:
        assert codes.economic_codes()[r["economic_class"]].level == 1
        assert r["basic_kind"] in ("personnel", "public")
    assert codes.basic_kind_by_class() == {
        "301": "personnel", "302": "public", "303": "personnel", "309": "public", "310": "public",
    }
