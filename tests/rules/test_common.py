"""Shared helpers: periods named in a 摘要, exact ratio comparisons."""

from decimal import Decimal

import pytest

from qlaudit.rules.common import different_periods, percent, periods_named, rate_below, share_above


@pytest.mark.parametrize(("summary", "periods"), [
    ("支付3月工资", {"M3"}), ("支付２０２１年１２月工资", {"M12"}), ("缴纳十一月电费", {"M11"}), ("十月电费", {"M10"}),
    ("一季度物业费", {"Q1"}), ("第4季度物业费", {"Q4"}), ("1-3月水费", {"M1", "M2", "M3"}), ("10月至12月", {"M10", "M11", "M12"}), ("购买纸张", set()),
    ("三个月租金", set()), ("四季酒店住宿", set()),
])
def test_periods_named(summary, periods):
    assert periods_named(summary) == periods


def test_different_periods_needs_both_sides():
    assert different_periods("支付3月工资", "支付4月工资")
    assert not different_periods("支付3月工资", "支付3月工资")
    assert not different_periods("支付3月工资", "工资")


def test_exact_ratios():
    assert share_above(301, 1_000, Decimal("0.30")) and not share_above(300, 1_000, Decimal("0.30"))
    assert rate_below(899, 1_000, Decimal("0.90")) and not rate_below(900, 1_000, Decimal("0.90"))
    assert not share_above(1, 0, Decimal("0.30")) and not rate_below(0, 0, Decimal("0.90"))
    assert percent(Decimal("0.30")) == "30%" and percent(Decimal("0.125")) == "12.5%"
