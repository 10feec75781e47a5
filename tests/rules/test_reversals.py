"""REV-UNMATCHED and the matching of reversals to the payments they cancel."""

from hypothesis import given, settings
from hypothesis import strategies as st

from qlaudit.rules.reversals import match_reversals, reversal_lines, unmatched_reversals
from qlaudit.settings import load_settings
from tests.rules.builders import line, rows, workbook

SETTINGS = load_settings()


def test_a_reversal_with_nothing_to_cancel_fires():
    wb = workbook(lines=[
        line("2021-03-01", 300, payee="甲", voucher="记-001"),
        line("2021-03-05", -300, payee="乙", voucher="记-004", summary="冲销"),  # another payee
        line("2021-03-06", -120, payee="甲", voucher="记-005", summary="冲销"),  # another amount
        line("2021-04-01", 80, payee="丙", voucher="记-001", project="P1", code="30299"),
        line("2021-04-02", -80, payee="丙", voucher="记-002", project="P2", code="30299"),  # another project
    ])
    findings = unmatched_reversals(wb, SETTINGS)
    assert [(f.rule, f.severity, f.subject) for f in findings] == [
        ("REV-UNMATCHED", "warning", "2021-03-05 记-004"), ("REV-UNMATCHED", "warning", "2021-03-06 记-005"),
        ("REV-UNMATCHED", "warning", "2021-04-02 记-002")]
    assert rows(findings) == [[3], [4], [6]]
    assert findings[0].amounts == (("reversal", -30_000),)


def test_a_reversal_before_its_payment_does_not_match():
    wb = workbook(lines=[line("2021-03-01", -300, payee="甲", voucher="记-001"),
                         line("2021-03-05", 300, payee="甲", voucher="记-004")])
    assert len(unmatched_reversals(wb, SETTINGS)) == 1


def test_matched_reversals_are_silent_and_cancel_the_latest_earlier_payment():
    wb = workbook(lines=[
        line("2021-03-01", 300, payee="甲", voucher="记-001"),
        line("2021-03-03", 300, payee="甲", voucher="记-002"),
        line("2021-03-05", -300, payee="甲", voucher="记-003", summary="冲销3月3日凭证"),
        line("2021-03-05", 50, payee="乙", voucher="记-004"),
        line("2021-03-05", -50, payee="乙", voucher="记-004", line_no="2"),  # same day counts as earlier
    ])
    assert unmatched_reversals(wb, SETTINGS) == []
    matched = match_reversals(wb.expenditures)
    assert matched.pairs == ((2, 1), (4, 3))
    assert list(reversal_lines(wb.expenditures)) == [1, 2, 3, 4]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["甲", "乙"]), st.integers(1, 500), st.integers(1, 28), st.booleans()),
                min_size=1, max_size=12))
def test_every_reversal_of_an_earlier_payment_matches(payments):
    lines = []
    for payee, amount, day, reversed_ in payments:
        lines.append(line(f"2021-05-{day:02d}", amount, payee=payee))
        if reversed_:
            lines.append(line(f"2021-06-{day:02d}", -amount, payee=payee))
    assert unmatched_reversals(workbook(lines=lines), SETTINGS) == []
