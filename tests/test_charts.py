"""Charts render Chinese with the bundled CJK font (no 'Glyph missing' warning: warnings are errors here) and give
the same PNG bytes for the same figures."""

from qlaudit.report import charts


def summary() -> list[tuple[str, int, int]]:
    return [("人员经费", 33_221_437, 33_221_437), ("公用经费", 6_098_720, 6_098_720),
            ("项目支出", 12_468_350, 7_808_350), ("合计", 51_788_507, 47_128_507)]


def kinds() -> list[tuple[str, int]]:
    return [("人员经费", 33_221_437), ("公用经费", 6_098_720), ("项目支出", 7_808_350)]


def test_cjk_font_is_registered():
    assert "CJK" in charts.cjk_font_name()


def test_budget_chart_is_a_deterministic_png():
    first = charts.budget_vs_spending(summary(), "2021年度预算与支出（侨联）$x$")
    second = charts.budget_vs_spending(summary(), "2021年度预算与支出（侨联）$x$")
    assert first.startswith(b"\x89PNG")
    assert first == second
    assert b"Software" not in first and b"matplotlib" not in first


def test_composition_chart_renders_chinese_class_names():
    png = charts.spending_composition(kinds(), [("301 工资福利支出", 33_221_437), ("302 商品和服务支出", 13_907_070)],
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
