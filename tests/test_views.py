"""Summary views: figures add up to the ledgers, money shows in 万元, ledger text is escaped in the HTML."""

from pathlib import Path

import pytest

import qlaudit
from qlaudit.views import MoneyTable

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def wb():
    return qlaudit.open("lusong-qiaolian", 2021, DATA)


@pytest.mark.parametrize("by", ["expense_kind", "economic_class", "economic_code", "functional_code", "project_code"])
def test_budget_vs_spending_adds_up_whatever_the_dimension(wb, by):
    table = wb.budget_vs_spending(by)
    assert int(table.frame["spent"].sum()) == int(wb.expenditures["amount_fen"].sum()) or by == "project_code"
    assert int(table.frame["adjusted"].sum()) == int(wb.appropriations["amount_fen"].sum()) or by == "project_code"
    assert (table.frame["balance"] == table.frame["adjusted"] - table.frame["spent"]).all()


def test_seed_figures_in_the_kind_views(wb):
    kinds = dict(zip(wb.spending_by_kind().display_frame()["支出类型"], wb.spending_by_kind().display_frame()["金额"],
                     strict=True))
    assert kinds == {"人员经费": "33.22", "公用经费": "6.10", "项目支出": "7.81", "合计": "47.13"}
    by_class = wb.budget_vs_spending("economic_class").display_frame().set_index("经济分类（类）")
    assert by_class.loc["302", "执行率"] == "74.70%"
    months = wb.spending_by_month().frame
    assert int(months["total"].sum()) == 47_128_507 and len(months) == 12


def test_money_table_html_escapes_text_and_shows_wan():
    import pandas as pd

    table = MoneyTable("<b>标题</b>", pd.DataFrame({"name": ["<script>x</script>"], "amount_fen": [4_658_350]}),
                       ("amount_fen",), (("name", "名称"), ("amount_fen", "金额")))
    html = table._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;标题" in html
    assert '<td class="num">4.66</td>' in html


def test_summary_is_computed_once_and_follows_a_reassigned_ledger():
    wb = qlaudit.open("lusong-qiaolian", 2021, DATA)
    assert wb.summary() is wb.summary()
    assert wb.summary().total.spent == 47_128_507
    wb.expenditures = wb.expenditures[wb.expenditures["expense_kind"] != "project"]
    assert wb.summary().total.spent == 39_320_157
