"""DUP-EXACT / DUP-NEAR: same payee and amount on different vouchers within the window."""

from qlaudit.rules.duplicates import duplicate_payments
from qlaudit.settings import load_settings
from tests.rules.builders import line, rows, workbook

SETTINGS = load_settings()


def test_same_payee_amount_and_summary_two_days_apart_is_an_exact_duplicate():
    wb = workbook(lines=[
        line("2021-05-10", 6_840, summary="印刷宣传册", payee="彩虹印务", voucher="记-010"),
        line("2021-05-11", 120, summary="快递费", payee="顺丰", voucher="记-011", code="30207"),
        line("2021-05-12", 6_840, summary="印刷宣传册", payee="彩虹印务", voucher="记-012"),
    ])
    (f,) = duplicate_payments(wb, SETTINGS)
    assert (f.rule, f.severity, f.subject) == ("DUP-EXACT", "warning", "彩虹印务")
    assert f.amounts == (("amount", 684_000), ("total", 1_368_000), ("possible_duplicate", 684_000))
    assert rows([f]) == [[2, 4]]


def test_same_payee_and_amount_with_another_summary_is_a_near_duplicate():
    wb = workbook(lines=[
        line("2021-05-10", 3_000, summary="购买打印纸", payee="文具店", voucher="记-010"),
        line("2021-05-13", 3_000, summary="购买墨盒", payee="文具店", voucher="记-015"),
    ])
    (f,) = duplicate_payments(wb, SETTINGS)
    assert (f.rule, f.severity) == ("DUP-NEAR", "info")


def test_monthly_lines_same_voucher_far_apart_reversed_or_without_payee_are_not_duplicates():
    wb = workbook(lines=[
        # payroll naming different months, two days apart
        line("2021-03-31", 4_400, summary="支付3月工资", payee="张三", voucher="记-030", code="30101"),
        line("2021-04-01", 4_400, summary="支付4月工资", payee="张三", voucher="记-001", code="30101"),
        # utilities naming different months
        line("2021-05-28", 812.5, summary="缴纳五月电费", payee="供电公司", voucher="记-020", code="30206"),
        line("2021-06-02", 812.5, summary="缴纳6月电费", payee="供电公司", voucher="记-002", code="30206"),
        # two lines of one voucher
        line("2021-06-10", 500, summary="办公用品", payee="文具店", voucher="记-005", line_no="1"),
        line("2021-06-10", 500, summary="办公用品", payee="文具店", voucher="记-005", line_no="2"),
        # eight days apart
        line("2021-07-01", 900, summary="维修空调", payee="维修部", voucher="记-001", code="30213"),
        line("2021-07-09", 900, summary="维修空调", payee="维修部", voucher="记-006", code="30213"),
        # paid, reversed, paid again
        line("2021-08-02", 700, summary="培训资料", payee="书店", voucher="记-001", code="30216"),
        line("2021-08-03", -700, summary="冲销8月1号凭证", payee="书店", voucher="记-002", code="30216"),
        line("2021-08-04", 700, summary="培训资料", payee="书店", voucher="记-003", code="30216"),
        # no payee
        line("2021-09-01", 50, summary="手续费", payee="", voucher="记-001", code="30204"),
        line("2021-09-02", 50, summary="手续费", payee="", voucher="记-002", code="30204"),
    ])
    assert duplicate_payments(wb, SETTINGS) == []


def test_same_voucher_number_in_another_month_is_another_voucher():
    wb = workbook(lines=[
        line("2021-05-31", 300, summary="购书", payee="书店", voucher="记-001"),
        line("2021-06-01", 300, summary="购书", payee="书店", voucher="记-001"),
    ])
    assert [f.rule for f in duplicate_payments(wb, SETTINGS)] == ["DUP-EXACT"]
    assert duplicate_payments(wb, SETTINGS.replace(duplicate_window_days=0)) == []


def test_three_lines_linked_by_pairs_make_one_finding():
    wb = workbook(lines=[line(f"2021-05-{d:02d}", 250, summary="茶叶", payee="茶庄", voucher=f"记-{d:03d}")
                         for d in (3, 8, 13)])
    (f,) = duplicate_payments(wb, SETTINGS)
    assert rows([f]) == [[2, 3, 4]]
    assert f.amount("possible_duplicate") == 50_000
