"""Issue 8 acceptance: every export layout loads as exported, by detection, to the sample's exact control totals
and the same canonical rows (281 voucher lines, 471,285.07 元; 51 quota lines, 517,885.07 元; 11 indicator rows)."""

from decimal import Decimal

import pandas as pd
import pytest

from qlaudit.ledgers import load_ledger
from tests.ledgers.conftest import ROOT

CANONICAL = ROOT / "data" / "lusong-qiaolian" / "2021"
EXPENDITURE_LAYOUTS = ["yonyou-grp-u8-detail", "yonyou-grp-u8-multi", "yonyou-u8-voucher-text", "czyth-voucher",
                       "jiuqi-voucher", "gbt24589-voucher"]
COMPARED = {
    "expenditures": ["date", "voucher_no", "summary", "payee", "budget_type", "expense_kind", "project_code",
                     "project_name", "functional_code", "economic_code", "amount_fen", "quota_doc"],
    "appropriations": ["quota_doc", "quota_name", "source", "budget_type", "expense_kind", "project_code",
                       "project_name", "functional_code", "economic_code", "amount_fen", "date"],
    "projects": ["project_code", "project_name", "in_initial_budget", "purpose", "indicator_level1",
                 "indicator_level2", "indicator", "direction", "target", "unit", "actual", "weight"],
}


def canonical(ledger):
    frame, record = load_ledger(CANONICAL / f"{ledger}.csv", ledger, 2021)
    assert record.errors == []
    return frame


def assert_same_rows(frame, ledger):
    expected = canonical(ledger)[COMPARED[ledger]].reset_index(drop=True)
    pd.testing.assert_frame_equal(frame[COMPARED[ledger]].reset_index(drop=True), expected)


@pytest.mark.parametrize("layout", EXPENDITURE_LAYOUTS)
def test_expenditure_layout_loads_to_the_sample_totals(exports, layout):
    frame, record = load_ledger(exports[layout], "expenditures", 2021)
    assert record.profile == layout, record.profile_reason
    assert record.errors == []
    assert record.accounted
    assert len(frame) == 281 and record.kept + record.normalised == 281
    assert record.total_fen == int(frame["amount_fen"].sum()) == 47_128_507
    assert record.as_dict()["total_yuan"] == "471285.07"
    assert_same_rows(frame, "expenditures")


def test_parallel_bookkeeping_counterparts_are_set_aside_with_their_totals(exports):
    """一体化 平行记账: each payment is 5001/4001 and 7201/6001 in one voucher; only the 7201 lines are spending."""
    _, record = load_ledger(exports["czyth-voucher"], "expenditures", 2021)
    counterpart = record.set_aside["counterpart"]
    assert counterpart.rows == 3 * 281
    # 5001 Dr and 6001 Cr mirror the 7201 lines; 4001 Cr too: Σ借方 = Σ贷方 over a voucher.
    assert counterpart.debit_fen - counterpart.credit_fen == -47_128_507
    accounts = {a["account"]: a for a in record.controls["by_account"]}
    assert set(accounts) == {"5001", "4001", "72010102", "6001"}
    assert accounts["72010102"]["lines"] == 281
    assert "平行记账对方科目行" in record.summary() or "set aside: 843" in record.summary()


def test_detail_ledger_totals_and_running_balance_are_checked(exports):
    _, record = load_ledger(exports["yonyou-grp-u8-detail"], "expenditures", 2021)
    assert record.set_aside["period_total"].rows == 24  # 本月合计 and 本年累计 of 12 months
    assert record.set_aside["opening"].rows == 1
    stated = record.controls["stated_totals"]
    assert len(stated) == 24 and all(s["ok"] for s in stated)
    assert record.controls["running_balance"] == {"checked": 306 - 0, "mismatches": 0}
    assert {m["month"] for m in record.controls["by_month"]} == {f"2021-{m:02d}" for m in range(1, 13)}
    assert record.sheet == "明细账"
    assert {"name": "说明", "read": False, "reason": "no header of the expenditures ledger in its first rows"} \
        in record.sheets


def test_quota_ledger_loads_to_the_sample_totals(exports):
    frame, record = load_ledger(exports["czyth-quota"], "appropriations", 2021)
    assert record.profile == "czyth-quota"
    assert record.errors == [] and record.accounted
    assert len(frame) == 51 and record.total_fen == 51_788_507
    assert record.controls["stated_totals"][0]["ok"]  # the 合计 row equals its lines
    assert_same_rows(frame, "appropriations")


def test_project_forms_one_sheet_per_project_all_load(exports):
    frame, record = load_ledger(exports["project-form"], "projects", 2021)
    assert record.profile == "project-form"
    assert record.errors == [] and record.accounted
    assert [s["name"] for s in record.sheets if s["read"]] == ["侨联工作经费", "民生100-为侨办实事", "侨胞之家建设"]
    assert len(frame) == 11
    assert frame["weight"].iloc[0] == Decimal("15")
    assert_same_rows(frame, "projects")
    assert set(frame["source_file"]) == {f"{exports['project-form'].name}:{s}" for s in
                                         ("侨联工作经费", "民生100-为侨办实事", "侨胞之家建设")}


def test_detection_says_which_profile_and_why(exports):
    _, record = load_ledger(exports["yonyou-grp-u8-detail"], "expenditures", 2021)
    assert record.profile_reason.startswith("profile yonyou-grp-u8-detail (用友 GRP-U8 明细账（三栏式）): headers 凭证字号")
    assert "title 明细账" in record.profile_reason
    _, record = load_ledger(CANONICAL / "expenditures.csv", "expenditures", 2021)
    assert record.profile == "canonical"
    assert record.profile_reason == "the file's headers are the qlaudit contract's (docs/data-format.md)"
