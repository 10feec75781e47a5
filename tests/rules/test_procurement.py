"""SPLIT-PURCHASE: purchases below the threshold within the window that together exceed it."""

import pandas as pd
import pytest

from qlaudit.rules.procurement import split_purchases, summary_stem
from qlaudit.settings import load_settings
from tests.rules.builders import line, rows, workbook

SETTINGS = load_settings()


@pytest.mark.parametrize(("summary", "stem"), [
    ("采购办公家具（第一批）", "采购办公家具"), ("采购办公家具第2批", "采购办公家具"), ("购买电脑3台", "购买电脑"),
    ("购买 A4 纸", "购买A纸"), ("统一采购", "统一采购"),
])
def test_summary_stem(summary, stem):
    assert summary_stem(summary) == stem


def test_three_purchases_from_one_payee_within_ten_days_fire():
    wb = workbook(lines=[
        line("2021-06-01", 40_000, payee="联创电脑", summary="购买电脑", code="31002", voucher="记-001"),
        line("2021-06-05", 35_000, payee="联创电脑", summary="购买打印机", code="31002", voucher="记-004"),
        line("2021-06-09", 38_000, payee="联创电脑", summary="购买投影仪", code="31002", voucher="记-007"),
        line("2021-06-30", 30_000, payee="联创电脑", summary="购买耗材", code="30201", voucher="记-020"),
    ])
    (f,) = split_purchases(wb, SETTINGS)
    assert (f.rule, f.severity, f.subject) == ("SPLIT-PURCHASE", "warning", "收款人:联创电脑")
    assert f.amounts == (("total", 11_300_000), ("threshold", 10_000_000), ("largest", 4_000_000))
    assert rows([f]) == [[2, 3, 4]]


def test_the_same_summary_stem_across_payees_fires_once():
    wb = workbook(lines=[
        line("2021-07-01", 60_000, payee="甲家具厂", summary="采购办公家具（第一批）", code="31002"),
        line("2021-07-04", 60_000, payee="乙家具厂", summary="采购办公家具（第二批）", code="31002"),
    ])
    (f,) = split_purchases(wb, SETTINGS)
    assert f.subject == "摘要:采购办公家具"


def test_a_payee_window_is_not_repeated_under_its_stem():
    wb = workbook(lines=[line("2021-07-01", 60_000, payee="甲", summary="采购桌椅"),
                         line("2021-07-02", 60_000, payee="甲", summary="采购桌椅")])
    assert [f.subject for f in split_purchases(wb, SETTINGS)] == ["收款人:甲"]


def test_spread_small_personnel_reversed_or_above_threshold_purchases_are_silent():
    wb = workbook(lines=[
        # spread over more than ten days
        line("2021-06-01", 40_000, payee="甲", summary="购买电脑"), line("2021-06-15", 40_000, payee="甲", summary="购买电脑"),
        line("2021-06-29", 40_000, payee="甲", summary="购买电脑"),
        # together not above the threshold
        line("2021-07-01", 30_000, payee="乙", summary="印刷"), line("2021-07-02", 30_000, payee="乙", summary="印刷"),
        line("2021-07-03", 40_000, payee="乙", summary="印刷"),
        # pay, not procurement
        line("2021-08-01", 60_000, payee="职工", summary="工资", code="30101"),
        line("2021-08-02", 60_000, payee="职工", summary="工资", code="30101"),
        # one line at the threshold is a purchase that went through procurement, not a split one
        line("2021-09-01", 100_000, payee="丙", summary="装修"), line("2021-09-02", 40_000, payee="丙", summary="装修"),
        # a reversed purchase does not count
        line("2021-10-01", 60_000, payee="丁", summary="购车位"), line("2021-10-02", -60_000, payee="丁", summary="冲销"),
        line("2021-10-03", 60_000, payee="丁", summary="购车位"),
    ])
    assert split_purchases(wb, SETTINGS) == []


def test_threshold_and_window_come_from_settings():
    wb = workbook(lines=[line("2021-06-01", 4_000, payee="甲"), line("2021-06-12", 4_000, payee="甲")])
    assert split_purchases(wb, SETTINGS) == []
    tighter = SETTINGS.replace(procurement_threshold_fen=500_000, split_window_days=11)
    assert len(split_purchases(wb, tighter)) == 1


def test_purchases_are_grouped_by_department_and_budget_line():
    lines = [
        line("2021-06-01", 40_000, payee="联创电脑", summary="购买办公用品", voucher="记-001"),
        line("2021-06-03", 40_000, payee="联创电脑", summary="购买办公用品", voucher="记-002"),
        line("2021-06-05", 40_000, payee="联创电脑", summary="购买办公用品", voucher="记-003", project="P1",
             code="30218"),
    ]
    departments = ["办公室", "财务科", "办公室"]
    wb = workbook(lines=lines)
    wb.expenditures = wb.expenditures.assign(department=pd.Series(departments, dtype="str"))
    assert split_purchases(wb, SETTINGS) == []  # three buyers: no split
    wb.expenditures = wb.expenditures.assign(department=pd.Series(["办公室"] * 3, dtype="str"))
    assert split_purchases(wb, SETTINGS) == []  # one department, but basic money and project P1
    wb = workbook(lines=[*lines[:2], line("2021-06-05", 40_000, payee="联创电脑", summary="购买办公用品",
                                          voucher="记-003")])
    wb.expenditures = wb.expenditures.assign(department=pd.Series(["办公室"] * 3, dtype="str"))
    (f,) = split_purchases(wb, SETTINGS)
    assert f.subject == "收款人:联创电脑" and "部门“办公室”向收款人“联创电脑”的3笔采购" in f.explanation
    assert rows([f]) == [[2, 3, 4]]
