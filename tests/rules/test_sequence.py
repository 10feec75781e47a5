"""SEQ-GAP / SEQ-DUP: voucher numbers per word per month."""

import pytest

from qlaudit.rules.sequence import parse_voucher_no, voucher_sequence
from qlaudit.settings import load_settings
from tests.rules.builders import line, rows, workbook

SETTINGS = load_settings()


@pytest.mark.parametrize(("text", "parsed"), [
    ("记-056", ("记", 56)), ("记字第56号", ("记", 56)), ("记 7", ("记", 7)), ("７", ("", 7)), ("付-003", ("付", 3)),
    ("记-A", None), ("", None),
])
def test_parse_voucher_no(text, parsed):
    assert parse_voucher_no(text) == parsed


def test_a_missing_number_fires_with_its_neighbours_as_evidence():
    wb = workbook(lines=[
        line("2021-03-02", 10, voucher="记-001"),
        line("2021-03-05", 20, voucher="记-002", line_no="1"),
        line("2021-03-05", 30, voucher="记-002", line_no="2"),
        line("2021-03-09", 40, voucher="记-004"),
        line("2021-03-19", 50, voucher="记-005"),
        line("2021-04-01", 60, voucher="记-001"),  # numbering restarts in April
        line("2021-04-02", 70, voucher="记-002"),
        line("2021-03-20", 80, voucher="收-001"),  # another voucher word has its own numbers
    ])
    (f,) = voucher_sequence(wb, SETTINGS)
    assert (f.rule, f.severity, f.subject) == ("SEQ-GAP", "warning", "2021-03 记")
    assert "第3号" in f.explanation
    assert rows([f]) == [[3, 4, 5]]


def test_gap_ranges_and_a_missing_start():
    wb = workbook(lines=[line("2021-05-06", 10, voucher="记-003"), line("2021-05-07", 10, voucher="记-007")])
    (f,) = voucher_sequence(wb, SETTINGS)
    assert "第1～2、4～6号" in f.explanation
    assert rows([f]) == [[2, 3]]


def test_continuous_numbering_is_silent():
    wb = workbook(lines=[line("2021-05-06", 10, voucher="记-001"), line("2021-05-06", 10, voucher="记-001", line_no="2"),
                         line("2021-05-07", 10, voucher="记-002"), line("2021-06-01", 10, voucher="记-001")])
    assert voucher_sequence(wb, SETTINGS) == []


def test_a_number_on_two_dates_or_a_repeated_line_number_fires():
    wb = workbook(lines=[
        line("2021-05-06", 10, voucher="记-001"),
        line("2021-05-20", 10, voucher="记-001"),
        line("2021-05-21", 10, voucher="记-002", line_no="1"),
        line("2021-05-21", 10, voucher="记-002", line_no="1"),
    ])
    findings = voucher_sequence(wb, SETTINGS)
    assert [(f.rule, f.subject) for f in findings] == [("SEQ-DUP", "2021-05 记-001"), ("SEQ-DUP", "2021-05 记-002")]
    assert "用于不同日期" in findings[0].explanation and "分录号1重复" in findings[1].explanation
    assert rows(findings) == [[2, 3], [4, 5]]


def test_numbering_through_the_year_is_checked_per_year():
    continuous = workbook(lines=[line("2021-01-05", 10, voucher="记-001"), line("2021-02-05", 10, voucher="记-002"),
                                 line("2021-02-06", 10, voucher="记-003"), line("2021-03-05", 10, voucher="记-004")])
    assert voucher_sequence(continuous, SETTINGS) == []
    gap = workbook(lines=[line("2021-01-05", 10, voucher="记-001"), line("2021-02-05", 10, voucher="记-002"),
                          line("2021-03-05", 10, voucher="记-004")])
    (f,) = voucher_sequence(gap, SETTINGS)
    assert (f.subject, rows([f])) == ("2021 年 记", [[3, 4]])
    assert "第3号" in f.explanation
