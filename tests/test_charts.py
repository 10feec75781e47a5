"""Charts render Chinese with the bundled CJK font (no 'Glyph missing' warning: warnings are errors here) and give
the same PNG bytes for the same figures."""

from qlaudit.reconcile import BudgetSummary, Phases
from qlaudit.report import charts


def summary() -> BudgetSummary:
    personnel = Phases(initial=33_221_437, spent=33_221_437)
    public = Phases(initial=6_098_720, spent=6_098_720)
    project = Phases(initial=3_000_000, addition=4_810_000, carry_in=4_658_350, spent=7_808_350)
    basic = Phases(initial=39_320_157, spent=39_320_157)
    total = Phases(initial=42_320_157, addition=4_810_000, carry_in=4_658_350, spent=47_128_507)
    return BudgetSummary("general", total, basic, personnel, public, project, ())


def test_cjk_font_is_registered():
    assert "CJK" in charts.cjk_font_name()


def test_budget_chart_is_a_deterministic_png():
    first = charts.budget_vs_spending(summary(), "2021年度预算与支出（侨联）$x$")
    second = charts.budget_vs_spending(summary(), "2021年度预算与支出（侨联）$x$")
    assert first.startswith(b"\x89PNG")
    assert first == second
    assert b"Software" not in first and b"matplotlib" not in first


def test_composition_chart_renders_chinese_class_names():
    png = charts.spending_composition(summary(), [("301 工资福利支出", 33_221_437), ("302 商品和服务支出", 13_907_070)],
                                      "2021年度支出构成")
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_execution_monthly_and_trend_charts_render():
    pngs = [
        charts.execution_by_project([("侨联工作经费", 7_658_350, 7_658_350), ("侨胞之家建设", 0, 4_660_000)], "执行率"),
        charts.monthly_profile([100] * 11 + [900], "月度支出"),
        charts.monthly_profile([0] * 12, "无支出"),
        charts.multi_year_trend([2020, 2021], {"实际支出": [1, 2], "调整后预算": [2, 3]}, "趋势"),
    ]
    assert all(p.startswith(b"\x89PNG") for p in pngs)
