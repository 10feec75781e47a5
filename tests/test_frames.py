"""Frames people read: Chinese headers from data, 元 with separators, totals in 万元, escaped text, a bounded head."""

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qlaudit
from qlaudit import frames
from qlaudit.errors import InvalidParameter
from qlaudit.ledgers import empty_frame
from qlaudit.ledgers.schema import LEDGERS
from qlaudit.money import format_wan, format_yuan
from tests.builders import EXPENDITURES, make_unit
from tests.golden import assert_matches_golden

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def wb():
    return qlaudit.open("lusong-qiaolian", 2021, DATA)


def test_every_canonical_column_has_one_chinese_header_and_maps_back():
    table = frames.headers()
    for ledger in LEDGERS:
        for name in empty_frame(ledger).columns:
            shown = frames.chinese_header(name)
            assert re.search(r"[\u4e00-\u9fff]", shown), f"{ledger}.{name} has no Chinese header"
            assert frames.canonical_name(shown) == name
    assert len(set(table.values())) == len(table), "two columns share a header: canonical_name would be ambiguous"
    assert frames.canonical_name("金额（元）") == "amount_fen" and frames.canonical_name("无此列") == "无此列"


def test_the_machine_frame_stays_canonical_and_the_people_view_is_one_call_away(wb):
    before = wb.expenditures.copy()
    view = wb.display("expenditures")
    assert view.data is wb.expenditures and wb.expenditures.equals(before)
    assert wb.expenditures["amount_fen"].dtype == "int64"
    head = view.head_frame()
    assert list(head.columns[:4]) == ["日期", "凭证号", "分录号", "摘要"] and "金额（元）" in head.columns
    assert view.note() == "共281行（显示前200行）；金额合计 47.13万元（471,285.07元）；空列未显示：科目编码、科目名称、部门"
    assert "科目编码" not in head.columns and view.empty_columns == ["account_code", "account_name", "department"]
    assert len(head) == 200 and head["日期"].iloc[0] == "2021-01-18" and head["支出类型"].iloc[0] == "人员经费"


def test_a_project_view_golden(wb):
    lines = wb.lines("侨联工作经费")
    assert int(lines["amount_fen"].sum()) == 7_658_350  # 7.66 万元 of the seed report
    view = wb.display(lines.sort_values("amount_fen", ascending=False).head(8)[
        ["date", "voucher_no", "summary", "payee", "economic_code", "amount_fen"]], "侨联工作经费：最大的8笔")
    assert_matches_golden("frames-qiaolian-2021-project-lines.html", view.to_html() + "\n")


def test_findings_rule_results_and_samples_show_as_chinese_tables(wb):
    findings = qlaudit.check(wb)
    assert isinstance(findings, list) and isinstance(findings, qlaudit.FindingList)
    assert_matches_golden("frames-qiaolian-2021-findings.html", findings._repr_html_() + "\n")
    page = wb.rules.low_execution()._repr_html_()
    assert ">性质</th>" in page and "项目“侨胞之家建设”预算执行率低" in page and "未执行 46,600.00元" in page
    assert "证据" in page and ">凭证号</th>" in page and ">规则</th>" in page
    sample = wb.sample("monetary_unit", n=5, seed=2021, record=False)
    assert_matches_golden("frames-qiaolian-2021-sample.html", sample._repr_html_() + "\n")


def test_ledger_text_is_escaped_and_amounts_are_exact(tmp_path):
    hostile = [*EXPENDITURES,
               ["2021-06-01", "记-006", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "一般公共预算",
                "公用经费", "", "", "2012950", "30201", "1,234,567.89"],
               ["2021-06-02", "记-007", "冲销 & 更正", "某文具店", "一般公共预算", "公用经费", "", "", "2012950", "30201",
                "(0.05)"]]
    wb = qlaudit.open("test-unit", 2021, make_unit(tmp_path, expenditures=hostile), strict=False)
    page = wb.display("expenditures").to_html()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "冲销 &amp; 更正" in page
    assert 'text-align:right">1,234,567.89</td>' in page and 'text-align:right">-0.05</td>' in page
    total = int(wb.expenditures["amount_fen"].sum())
    assert f"金额合计 {format_wan(total)}万元（{format_yuan(total)}元）" in page


def test_only_a_bounded_head_is_formatted_but_totals_cover_every_row():
    big = pd.DataFrame({"summary": [f"第{i}笔" for i in range(5000)], "amount_fen": range(5000)})
    view = frames.people(big)
    assert len(view.head_frame()) == frames.MAX_ROWS
    page = view.to_html()
    assert page.count("<tr>") == frames.MAX_ROWS + 1  # header row + 200 rows
    assert "共5,000行（显示前200行）" in page and f"{format_yuan(sum(range(5000)))}元" in page


def test_unknown_ledger_is_a_clear_error(wb):
    with pytest.raises(InvalidParameter, match="expenditures"):
        wb.display("vouchers")
    with pytest.raises(InvalidParameter, match="侨联工作经费"):
        wb.lines("不存在的项目")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=40))
def test_money_cells_and_totals_are_the_money_helpers_of_the_exact_fen(amounts):
    view = frames.people(pd.DataFrame({"amount_fen": pd.Series(amounts, dtype="int64")}))
    assert view.head_frame()["金额（元）"].tolist() == [format_yuan(a) for a in amounts]
    assert view.totals() == {"amount_fen": sum(amounts)}
    assert f"{format_wan(sum(amounts))}万元" in view.note()


def test_summary_by_payee_and_month_of_one_project(wb):
    payees = wb.spending_by_payee("430203-QL-001")
    assert int(payees.frame["amount_fen"].sum()) == 7_658_350 and payees.frame["lines"].sum() == 30
    assert payees.frame["amount_fen"].is_monotonic_decreasing
    months = wb.spending_by_month("侨联工作经费").frame
    assert int(months["total"].sum()) == 7_658_350 and int(months["personnel"].sum()) == 0
    assert "（侨联工作经费）" in wb.spending_by_economic_class("侨联工作经费").title
