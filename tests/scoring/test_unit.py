"""The unit-level 自评表 on a hand-built unit-year: every 共性指标 by hand, not-scored indicators, the total."""

import datetime as dt
from decimal import Decimal

import pytest

from qlaudit.findings import Finding
from qlaudit.profile import UnitProfile
from qlaudit.scoring import load_settings, score_unit
from tests.scoring.builders import indicator, quota, voucher, workbook

D = Decimal
PROFILE = UnitProfile(code="t", name="测试单位", staffing_authorised=2)
RECOVERY = "年底收回结余指标-基本工资"


def quotas(sangong_fen=50_000):
    return [
        quota("initial", 1_000_000, kind="personnel", code="30101"),
        quota("reduction", -100_000, kind="personnel", code="30101", name=RECOVERY, doc="芦财预〔2021〕99号",
              date="2021-12-30"),
        quota("initial", 200_000, kind="public", code="30201"),
        quota("initial", sangong_fen, kind="public", code="30217"),
        quota("initial", 3_000_000),
        quota("carry_in", 4_658_350, doc="芦财结〔2021〕3号", date="2021-01-01"),
        quota("addition", 500_000, doc="芦财预〔2021〕20号", date="2021-05-10"),
    ]


def vouchers():
    salaries = [voucher(37_500, kind="personnel", code="30101", payee=p, date=dt.date(2021, m, 15))
                for m in range(1, 13) for p in ("甲", "乙")]
    return [*salaries,
            voucher(150_000, kind="public", code="30201", payee="某文具店", date=dt.date(2021, 3, 10)),
            voucher(30_000, kind="public", code="30217", payee="某宾馆", date=dt.date(2021, 4, 12)),
            voucher(7_000_000, date=dt.date(2021, 6, 1))]


INDICATORS = [indicator("产出", "数量", "活动次数", "ge", "1", "次", "1", weight=D("90"))]
FINDINGS = [
    Finding("BUD-OVER-CLASS", "error", "超预算", "", subject="QL1"),
    Finding("TIM-DEC-RUSH", "warning", "年底突击", "", subject="QL1"),
    Finding("DUP-EXACT", "warning", "重复支付", "", subject="张三"),
    Finding("NUM-BENFORD", "warning", "Benford", ""),  # a risk signal, not counted
    Finding("REC-TOTAL", "info", "恒等式成立", "", passed=True),
]


def unit_year(sangong_fen=50_000, previous_sangong_fen=48_000, profile=PROFILE):
    wb = workbook(INDICATORS, quotas(sangong_fen), vouchers(), profile=profile)
    if previous_sangong_fen is not None:
        wb._previous = workbook([], [quota("initial", previous_sangong_fen, kind="public", code="30217")], [],
                                profile=profile, year=2020)
    return wb


@pytest.fixture(scope="module")
def score():
    return score_unit(unit_year(), findings=FINDINGS)


def by_key(score):
    return {i.key: i for i in score.indicators}


def test_every_indicator_by_hand(score):
    got = {k: (i.value, i.points, i.score) for k, i in by_key(score).items()}
    assert got == {
        "execution": (D("85.88"), D(15), D("12.88")),  # 8,080,000 / (9,308,350 + 100,000 recovered)
        "adjustment": (D("11.76"), D(5), D("4.12")),  # 500,000 / 4,250,000; 1.76 points over 10% × 10%
        "carry_over": (D("14.12"), D(5), D("2.94")),  # (1,158,350 + 70,000 + 100,000) / 9,408,350
        "payment_progress": (D("100.00"), D(5), D("5.00")),  # June 81.10% ≥ 50%, September 83.49% ≥ 75%
        "staffing": (D("100.00"), D(5), D("5.00")),  # 2 paid / 2 authorised
        "sangong": (D("4.17"), D(5), D("2.92")),  # (50,000 − 48,000) / 48,000
        "public_funds": (D("72.00"), D(5), D("5.00")),  # 180,000 / 250,000
        "procurement": (None, D(5), None),
        "compliance": (D(3), D(10), D("5.00")),  # error 30% + 2 warnings 10%
        "projects": (D("98.58"), D(40), D("39.43")),  # 8.58 + 90
    }
    assert score.total == D("86.62")  # 82.29 of 95 scored points, on 100
    assert score.grade == "良"
    assert score.basis == "9项适用指标得82.29分（满分95分），按百分制折算为86.62分；政府采购执行率因数据不足未评分，不计入总分"
    assert [i.name for i in score.not_scored] == ["政府采购执行率"]


def test_indicators_state_their_figures_and_deductions(score):
    i = by_key(score)
    assert i["execution"].figures == (("全年执行数", "80,800.00元"), ("全年预算数", "94,083.50元"),
                                      ("其中年底收回结余指标", "1,000.00元"))
    assert i["execution"].deduction == "预算执行率85.88%，按线性规则（分值×执行率，最高100%），得12.88分，扣2.12分"
    assert i["adjustment"].note == ("追加5,000.00元；调减（不含年底收回）0.00元；年初预算数42,500.00元；"
                                    "年底收回结余指标（不计入调整）1,000.00元。预算调整率11.76%，超过10%共1.76个百分点，"
                                    "每个百分点扣分值的10%，得4.12分，扣0.88分")
    assert i["sangong"].figures[:2] == (("本年“三公经费”年初预算数", "500.00元"), ("上年“三公经费”年初预算数", "480.00元"))
    assert i["procurement"].deduction == "未评分：账套中没有政府采购预算（采购计划）和采购执行数据，无法计算"
    assert i["procurement"].value_text == "—"
    assert i["compliance"].figures == (("BUD-OVER-CLASS（错误）", "QL1"), ("TIM-DEC-RUSH（关注）", "QL1"),
                                       ("DUP-EXACT（关注）", "1条"))  # a payee's name is not repeated
    assert "张三" not in i["compliance"].note
    assert i["staffing"].note.startswith("在职人数2人；编制数2人；来源编制数：unit.yaml；在职人数：工资发放凭证推算")
    assert i["execution"].formula.startswith("预算执行率 = 全年执行数 / 全年预算数")
    assert i["execution"].basis.startswith("财预〔2013〕53号")


def test_funds_block_counts_the_year_end_recovery_back(score):
    total, basic, project = score.funds
    assert (total.label, total.initial_fen, total.full_year_fen, total.spent_fen) == (
        "年度资金总额", 8_908_350, 9_408_350, 8_080_000)
    assert (basic.full_year_fen, basic.spent_fen, basic.rate) == (1_250_000, 1_080_000, "86.40%")
    assert (project.full_year_fen, project.spent_fen) == (8_158_350, 7_000_000)
    assert "全年预算数含年底收回的结余指标1,000.00元" in score.funds_note


def test_indicators_the_data_cannot_support_are_not_scored():
    wb = unit_year(previous_sangong_fen=None, profile=UnitProfile(code="t", name="测试单位"))
    score = score_unit(wb, findings=[])
    i = by_key(score)
    assert i["sangong"].score is None
    assert i["sangong"].deduction == "未评分：无法取得上年数据（数据目录中没有2020年度账套），无法计算变动率"
    assert i["staffing"].score is None and "编制数或在职人数无法取得" in i["staffing"].deduction
    assert i["compliance"].score == D(10)
    assert score.basis.endswith("在职人员控制率、“三公经费”变动率、政府采购执行率因数据不足未评分，不计入总分")
    assert score.total == (sum(x.score for x in score.indicators if x.score is not None) * 100 / 85).quantize(D("0.01"))


def test_sangong_from_zero(tmp_path):
    both_zero = by_key(score_unit(unit_year(0, 0), findings=[]))["sangong"]
    assert (both_zero.value, both_zero.score) == (D("0.00"), D(5))
    new = by_key(score_unit(unit_year(50_000, 0), findings=[]))["sangong"]
    assert (new.value, new.score) == (None, D("0.00"))
    assert "上年为0而本年增加" in new.deduction
    path = tmp_path / "spent.toml"
    path.write_text('[unit.indicators.sangong]\nfigure = "spent"\n', encoding="utf-8")
    spent = by_key(score_unit(unit_year(), load_settings(path), findings=[]))["sangong"]
    assert spent.figures[0] == ("本年“三公经费”执行数", "300.00元")
    assert (spent.value, spent.score) == (None, D("0.00"))  # the year before spent nothing on 30217


def test_settings_change_the_framework(tmp_path):
    path = tmp_path / "province.toml"
    path.write_text('[unit]\nrescale = false\nyear_end_recovery = []\n\n'
                    '[unit.indicators.payment_progress]\ncheckpoints = [[3, 50]]\n\n'
                    '[unit.indicators.procurement]\nenabled = false\n', encoding="utf-8")
    score = score_unit(unit_year(), load_settings(path), findings=FINDINGS)
    i = by_key(score)
    assert "procurement" not in i
    assert i["adjustment"].value == D("14.12")  # the year-end 调减 now counts as an adjustment
    assert i["execution"].value == D("86.80")  # 8,080,000 / 9,308,350
    assert i["payment_progress"].value == D("8.06")  # March: 375,000 / 9,308,350 = 4.03% of the 50% planned
    assert score.total == sum(x.score for x in score.indicators).quantize(D("0.01"))  # plain sum, not rescaled
