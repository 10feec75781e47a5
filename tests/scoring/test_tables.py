"""The per-project 自评表 layout: funds rows split between this year's money and the carry-over by quota document."""

from decimal import Decimal

from qlaudit.scoring import project_tables, score_projects
from tests.scoring.builders import indicator, quota, voucher, workbook

D = Decimal
CARRY_DOC = "芦财结〔2021〕3号"


def test_funds_rows_split_spending_by_the_quota_document_drawn_on():
    quotas = [quota("initial", 3_000_000), quota("carry_in", 4_658_350, doc=CARRY_DOC),
              quota("addition", 150_000, "MS100", doc="芦财预〔2021〕20号"),
              quota("carry_in", 100_000, "MS100", doc=CARRY_DOC)]  # one carry-over document for two projects
    vouchers = [voucher(4_658_350, doc=CARRY_DOC), voucher(2_341_650, doc="芦财预〔2021〕1号"),
                voucher(150_000, "MS100", doc="芦财预〔2021〕20号"), voucher(100, "QBZJ")]
    rows = [{**indicator("产出", "数量", "慰问人数", "ge", "30", "人", "28", weight=D("90")), "purpose": "慰问困难侨胞"}]
    wb = workbook(rows, quotas, vouchers)
    tables = {t.code: t for t in project_tables(wb, score_projects(wb))}
    assert list(tables) == ["MS100", "QBZJ", "QL1"]
    ql1 = tables["QL1"]
    assert [(f.label, f.initial_fen, f.full_year_fen, f.spent_fen) for f in ql1.funds] == [
        ("年度资金总额", 7_658_350, 7_658_350, 7_000_000),
        ("其中：本年财政拨款", 3_000_000, 3_000_000, 2_341_650),
        ("上年结转", 4_658_350, 4_658_350, 4_658_350),
        ("其他资金", 0, 0, 0),
    ]
    assert [f.rate for f in ql1.funds] == ["91.40%", "78.06%", "100.00%", "—"]
    assert (ql1.funds[0].points, ql1.funds[0].score) == (D(10), D("9.14"))
    assert ql1.funds[1].points is None
    assert (ql1.goal, ql1.unit_name, ql1.year) == ("慰问困难侨胞", "测试单位", 2021)
    assert ql1.total == D("93.14")  # 9.14 + 90 × 28/30
    (row,) = ql1.indicators
    assert ql1.deviation(row) == "完成值28人低于指标值30人，按完成比例93.33%得分"
    ms = tables["MS100"]
    assert [f.spent_fen for f in ms.funds[:3]] == [150_000, 150_000, 0]  # the carry-over was not drawn on
    assert ms.indicators == () and ms.notes[-1] == "未设置绩效指标，产出、效益、满意度指标共90分缺失，不得分"
    assert tables["QBZJ"].funds[0].rate == "—"  # no budget at all
