"""Chinese numerals past 九十九 (a unit can have hundreds of projects), changes between years, main causes."""

import pytest

from qlaudit.report.words import change, cn_number, main_cause


@pytest.mark.parametrize(("n", "text"), [
    (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"),
    (111, "一百一十一"), (720, "七百二十"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (10000, "一万"),
    (10001, "一万零一"), (11000, "一万一千"), (100000, "十万"), (120000, "十二万"), (100010000, "一亿零一万"), (0, "零"),
])
def test_cn_number(n, text):
    assert cn_number(n) == text


def test_change_states_amount_and_rate():
    assert change(110_000_0, 100_000_0) == "比上年增加0.10万元，增长10.00%"
    assert change(90_000_0, 100_000_0) == "比上年减少0.10万元，下降10.00%"
    assert change(5, 5) == "与上年持平"
    assert change(1_000_000, 0) == "比上年增加1.00万元"


def test_main_cause_is_the_largest_change_in_the_direction_of_the_total():
    now, before = {"a": 500_000, "b": 100_000, "c": 0}, {"a": 100_000, "b": 300_000, "c": 50_000}
    assert main_cause(now, before, {"a": "办公费"}) == "主要是办公费比上年增加0.40万元"
    assert main_cause({"a": 1}, {"a": 1}, {}) == ""
