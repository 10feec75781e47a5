"""Project scores: a hand-scored project, execution rules (also above 100%), weights, every project counted,
qualitative levels with the official wording, grade bands, settings overrides."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qlaudit.scoring import ScoringSettingsError, load_settings, score_projects
from tests.scoring.builders import indicator, quota, voucher, workbook

D = Decimal

# weights: 产出 20/10/10/10, 效益 20/10, 满意度 10 (used by the "weights from the column" test)
INDICATORS = [
    ("产出", "数量", "慰问困难侨胞人数", "ge", "≥30", "人", "28", "20"),
    ("产出", "质量", "侨胞数据库建档准确率", "ge", "100%", "%", "95.5%", "10"),
    ("产出", "时效", "活动按时完成", "qualitative", "达成", "", "达成", "10"),
    ("产出", "成本", "人均慰问成本", "le", "≤500", "元", "550", "10"),
    ("效益指标", "社会效益", "侨界凝聚力提升", "qualitative", "达成", "", "部分达成", "20"),
    ("效益", "可持续影响", "侨胞之家运行个数", "ge", "4", "个", "", "10"),
    ("满意度", "服务对象满意度", "侨胞满意度", "ge", "≥90%", "%", "95%", "10"),
]


def rows(weighted=False):
    return [indicator(*r[:7], weight=D(r[7]) if weighted else None) for r in INDICATORS]


def override(tmp_path, text):
    path = tmp_path / "province.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_hand_scored_project_equal_split_linear():
    card = score_projects(workbook(rows()))
    (p,) = card.projects
    assert (p.code, p.name, p.execution_rate) == ("QL1", "侨联工作经费", "91.40%")
    assert p.execution_points == D("9.14")
    got = [(i.points_available, i.points) for i in p.indicators]
    assert got == [
        (D("12.50"), D("11.67")),  # 28/30 = 93.33%
        (D("12.50"), D("11.94")),  # 95.5/100
        (D("12.50"), D("12.50")),  # 达成
        (D("12.50"), D("11.25")),  # 反向, linear: 1 − (550 − 500)/500 = 90%
        (D("15.00"), D("10.50")),  # 部分达成 × 70% (band 60–80%)
        (D("15.00"), D("0.00")),  # no actual
        (D("10.00"), D("10.00")),
    ]
    assert p.points_available == D("100.00")
    assert p.total == D("77.00")
    assert p.indicator_points == D("67.86")
    assert p.grade == "中"
    first = p.indicators[0]
    assert first.deduction_reason == "完成值28人低于指标值30人，按完成比例93.33%得分"
    assert first.points_basis == "未填分值：产出类50分，由4个指标平均分配"
    assert p.indicators[3].deduction_reason == "完成值550元高于指标值500元（反向指标），按1−(完成值−指标值)/指标值即90%得分"
    assert p.indicators[4].deduction_reason == "完成情况为“部分达成”，分值区间60%–80%，按70%得分"
    assert p.indicators[5].deduction_reason == "未填报完成值，不得分"
    assert p.indicators[6].deduction_reason == ""
    assert p.deductions[0] == "预算执行率91.40%，按线性规则（分值×执行率，最高100%），得9.14分，扣0.86分"
    assert p.deductions[1] == "产出/数量/慰问困难侨胞人数：完成值28人低于指标值30人，按完成比例93.33%得分，扣0.83分"
    assert len(p.deductions) == 6
    assert all(isinstance(i.points, Decimal) for i in p.indicators)
    assert card.total == D("77.00") and card.grade == "中"
    assert len(card.indicators_frame()) == 7


def test_banded_execution_rule(tmp_path):
    settings = override(tmp_path, '[execution]\nrule = "banded"\n')
    assert settings.execution_rule == "banded"
    assert settings.execution_bands[0] == (D("1.0"), D("1.0"))  # bands kept from the packaged file
    (p,) = score_projects(workbook(rows()), settings).projects
    assert p.execution_points == D("9.00")  # 91.40% reaches the 90% band
    assert p.total == D("76.86")
    assert p.deductions[0] == "预算执行率91.40%，按分档规则（执行率达到90%得90%），得9.00分，扣1.00分"
    low = workbook(rows(), vouchers=[voucher(5_000_000)])  # 65.29%: below 80% → band 0
    assert score_projects(low, settings).projects[0].execution_points == D("0.00")
    assert score_projects(low).projects[0].execution_points == D("6.53")  # linear


def test_execution_above_100_percent_does_not_earn_full_points_by_default(tmp_path):
    over = workbook(rows(), vouchers=[voucher(9_000_000)])  # 9,000,000 / 7,658,350 = 117.52%
    p = score_projects(over).projects[0]
    assert (p.execution_rate, p.execution_points) == ("117.52%", D("8.25"))  # 10 × (2 − 1.1752)
    assert "超过100%（超预算支出）的部分反向扣分，计分比例82.48%" in p.deductions[0]
    capped = score_projects(over, override(tmp_path, '[execution]\nover = "cap"\n')).projects[0]
    assert capped.execution_points == D("10.00")
    zero = score_projects(over, override(tmp_path, '[execution]\nover = "zero"\n')).projects[0]
    assert zero.execution_points == D("0.00")
    banded = score_projects(over, override(tmp_path, '[execution]\nrule = "banded"\n')).projects[0]
    assert banded.execution_points == D("8.00")  # 82.48% reaches the 80% band
    none = score_projects(workbook(rows(), quotas=[], vouchers=[voucher(100)])).projects[0]
    assert (none.execution_rate, none.execution_points) == ("—", D("0.00"))
    assert none.deductions[0].startswith("无预算支出，调整后预算数不大于0，无法计算预算执行率")


def test_weights_from_the_column():
    (p,) = score_projects(workbook(rows(weighted=True))).projects
    assert [i.points for i in p.indicators] == [D("18.67"), D("9.55"), D("10.00"), D("9.00"), D("14.00"), D("0.00"),
                                                D("10.00")]
    assert {i.points_basis for i in p.indicators} == {"分值列"}
    assert p.total == D("80.36")  # 9.14 + 71.22
    assert p.notes == ()


def test_weight_column_partly_filled_and_uneven_split():
    mixed = [indicator("产出", "数量", "a", "ge", "1", "", "1", weight=D("20")),
             indicator("产出", "数量", "b", "ge", "1", "", "1"),
             indicator("产出", "数量", "c", "ge", "1", "", "1"),
             indicator("产出", "数量", "d", "ge", "1", "", "1"),
             indicator("效益", "社会效益", "e", "ge", "1", "", "1"),
             indicator("效益", "社会效益", "f", "ge", "1", "", "1"),
             indicator("效益", "社会效益", "g", "ge", "1", "", "1")]
    (p,) = score_projects(workbook(mixed)).projects
    assert [i.points_available for i in p.indicators] == [D("20"), D("10.00"), D("10.00"), D("10.00"),
                                                         D("10.00"), D("10.00"), D("10.00")]
    assert p.indicators[1].points_basis == "未填分值：产出类50分扣除已填分值20分后剩余30分，由3个指标平均分配"
    assert "未设置满意度指标，满意度类10分不得分" in p.deductions
    thirds = [indicator("产出", "数量", n, "ge", "1", "", "1") for n in "abc"]
    (q,) = score_projects(workbook(thirds)).projects
    assert [i.points_available for i in q.indicators] == [D("16.67"), D("16.67"), D("16.66")]


def test_weight_column_not_adding_up_is_noted():
    (p,) = score_projects(workbook([indicator("产出", "数量", "a", "ge", "1", "", "1", weight=D("80"))])).projects
    assert p.notes == ("分值列合计80分，与设置的指标总分值90分不一致",)
    assert p.total == D("89.14")


@pytest.mark.parametrize(("total", "grade"), [("100", "优"), ("90", "优"), ("90.00", "优"), ("89.99", "良"),
                                              ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"),
                                              ("0", "差")])
def test_grade_boundaries(total, grade):
    assert load_settings().grade(D(total)) == grade


def test_indicator_parsing_and_directions():
    cases = [
        indicator("产出", "数量", "inferred ≥", "", "≥30", "人", "30"),
        indicator("产出", "数量", "eq short", "eq", "4", "次", "3"),
        indicator("产出", "数量", "eq over", "eq", "4", "次", "5"),
        indicator("产出", "数量", "text actual", "ge", "30", "人", "约三十"),
        indicator("产出", "数量", "full width", "ge", "１，２００", "人", "1,200人"),
        indicator("效益", "社会效益", "unknown word", "qualitative", "有效提升", "", "较好"),
        indicator("效益", "社会效益", "inferred qualitative", "", "有效提升", "", "未达成"),
        indicator("满意度", "满意度", "no target", "ge", "", "%", "90"),
        indicator("其他", "x", "unknown category", "ge", "1", "", "1"),
    ]
    (p,) = score_projects(workbook(cases)).projects
    by = {i.indicator: i for i in p.indicators}
    assert by["inferred ≥"].direction == "ge" and by["inferred ≥"].points == by["inferred ≥"].points_available
    assert by["eq short"].deduction_reason == "完成值3次低于指标值4次，按完成比例75%得分"
    assert by["eq over"].points == by["eq over"].points_available
    assert by["eq over"].flag.startswith("完成值5次，超过指标值4次达25%（偏离超过20%），应分析原因")
    assert by["text actual"].deduction_reason == "完成值“约三十”无法识别为数值，不得分"
    assert by["full width"].points == by["full width"].points_available
    assert by["unknown word"].deduction_reason == "完成情况“较好”不是达成/部分达成/未达成之一，不得分"
    assert by["inferred qualitative"].direction == "qualitative"
    assert by["inferred qualitative"].deduction_reason == "完成情况为“未达成”，分值区间0%–60%，按0%得分"
    assert by["no target"].deduction_reason == "未填报指标值，无法比较，不得分"
    assert by["unknown category"].points_available == D("0.00")
    assert "不在评分设置中" in by["unknown category"].points_basis
    assert p.notes[0] == "1个指标的一级指标不在评分设置中且未填分值，未计分"
    assert any(n.startswith("产出/数量/eq over：完成值5次，超过指标值4次达25%") for n in p.notes)


@pytest.mark.parametrize(("actual", "share"), [
    ("达成年度指标", D("1")), ("达成", D("1")), ("已达成", D("1")),
    ("部分达成年度指标并具有一定效果", D("0.7")), ("部分达成", D("0.7")),
    ("未达成年度指标且效果较差", D("0")), ("未达成", D("0")),
])
def test_official_qualitative_wording_is_recognised(actual, share):
    (p,) = score_projects(workbook([indicator("效益", "社会效益", "q", "qualitative", "有效提升", "", actual,
                                              weight=D("30"))])).projects
    assert p.indicators[0].points == (D(30) * share).quantize(D("0.01"))


def test_partly_met_scores_inside_the_official_band():
    settings = load_settings()
    level = settings.qualitative_level("部分达成年度指标并具有一定效果")
    assert level is not None and level.band == (D("0.6"), D("0.8"))
    assert D("0.6") <= level.share <= D("0.8")
    assert [(q.label, q.band) for q in settings.qualitative_levels] == [
        ("达成", (D("0.8"), D("1.0"))), ("部分达成", (D("0.6"), D("0.8"))), ("未达成", (D("0"), D("0.6")))]


def test_reverse_and_equal_rules_are_selectable(tmp_path):
    cases = [indicator("产出", "成本", "le", "le", "≤500", "元", "550", weight=D("10")),
             indicator("产出", "成本", "le far", "le", "≤500", "元", "1200", weight=D("10")),
             indicator("产出", "数量", "eq above", "eq", "4", "次", "5", weight=D("10"))]
    default = {i.indicator: i.points for i in score_projects(workbook(cases)).projects[0].indicators}
    assert default == {"le": D("9.00"), "le far": D("0.00"), "eq above": D("10.00")}
    s = override(tmp_path, '[indicator_rules]\nreverse = "ratio"\nequal_above = "deviation"\n')
    chosen = {i.indicator: i.points for i in score_projects(workbook(cases), s).projects[0].indicators}
    assert chosen == {"le": D("9.09"), "le far": D("4.17"), "eq above": D("8.00")}  # 500/550, 500/1200, 4/5 (as ≤)


def test_unit_mean_is_weighted_by_the_larger_of_budget_and_spending():
    second = [{**r, "project_code": "MS100", "project_name": "民生100"} for r in rows()]
    quotas = [quota("initial", 3_000_000), quota("carry_in", 4_658_350), quota("addition", 150_000, "MS100")]
    vouchers = [voucher(7_000_000), voucher(300_000, "MS100")]  # MS100 spends twice its budget
    card = score_projects(workbook(rows() + second, quotas, vouchers))
    a, b = card.projects
    assert (a.code, b.code) == ("MS100", "QL1")
    assert (a.weight_fen, b.weight_fen) == (300_000, 7_658_350)
    expected = (a.total * 300_000 + b.total * 7_658_350) / (300_000 + 7_658_350)
    assert card.total == expected.quantize(D("0.01"))
    assert card.basis == "2个项目全部评分，按各项目调整后预算数与执行数孰高加权平均"
    assert score_projects(workbook([], quotas=[], vouchers=[])).total is None


def test_projects_without_indicators_are_scored_on_execution_not_dropped():
    quotas = [quota("initial", 3_000_000), quota("carry_in", 4_658_350), quota("addition", 4_660_000, "QBZJ")]
    vouchers = [voucher(7_000_000)]  # QBZJ: added, nothing spent (0%), no indicators
    card = score_projects(workbook(rows(), quotas, vouchers))
    bare, full = card.projects
    assert (bare.code, bare.has_indicators, bare.indicators) == ("QBZJ", False, ())
    assert (bare.execution_points, bare.indicator_points, bare.total, bare.grade) == (D("0.00"), None, D("0.00"), "差")
    assert bare.points_available == D("100")
    assert bare.deductions[-1] == "未设置绩效指标，产出、效益、满意度指标共90分缺失，不得分"
    assert card.unscored == ("QBZJ",)
    expected = (full.total * 7_658_350 + 0 * 4_660_000) / (7_658_350 + 4_660_000)
    assert card.total == expected.quantize(D("0.01")) == D("47.87")
    assert card.basis.endswith("QBZJ未设绩效指标，仅按预算执行率计分，指标部分不得分")


def test_an_unbudgeted_project_weighs_what_it_spent(tmp_path):
    vouchers = [voucher(7_000_000), voucher(947_200, "TW9")]
    card = score_projects(workbook(rows(), vouchers=vouchers))
    tw9 = next(p for p in card.projects if p.code == "TW9")
    assert (tw9.weight_fen, tw9.total) == (947_200, D("0.00"))
    assert card.total < card.projects[0].total
    adjusted = score_projects(workbook(rows(), vouchers=vouchers), override(tmp_path, '[weighting]\nbasis = "adjusted"\n'))
    assert adjusted.total == D("77.00")  # weight 0 for the unbudgeted project


def test_settings_override_from_toml(tmp_path):
    settings = override(tmp_path, '[execution]\nweight = 20\n\n[categories.output]\nweight = 40\n\n'
                                  '[grades]\n"优" = 85\n\n[qualitative]\n"部分达成" = 0.6\n"基本达成" = 0.8\n')
    assert settings.source.endswith("province.toml")
    assert settings.execution_weight == D(20)
    assert [c.weight for c in settings.categories] == [D(40), D(30), D(10)]
    assert settings.grade(D("86")) == "优"
    assert settings.qualitative_share("基本达成") == D("0.8")
    assert settings.qualitative_share("部分达成年度指标并具有一定效果") == D("0.6")  # aliases kept
    (p,) = score_projects(workbook(rows()), settings).projects
    assert p.execution_points == D("18.28")  # 20 × 91.40%
    assert p.indicators[0].points_available == D("10.00")  # 40 / 4
    assert p.indicators[4].points == D("9.00")  # 15 × 0.6


@pytest.mark.parametrize(("text", "message"), [
    ('[execution]\nrule = "stepwise"\n', "execution.rule"),
    ('[execution]\nover = "double"\n', "execution.over"),
    ('[indicator_rules]\nreverse = "inverse"\n', "indicator_rules.reverse"),
    ('[weighting]\nbasis = "count"\n', "weighting.basis"),
    ('[qualitative]\n"达成" = 1.5\n', "outside"),
    ('[qualitative]\n"部分达成" = 0.5\n', "outside its band"),
    ('[qualitative_aliases]\n"大体达成" = "基本达成"\n', "unknown labels"),
    ('[categories.output]\nweight = "50"\n', "must be a number"),
    ('[unit.indicators.morale]\nname = "士气"\npoints = 5\n', "unknown indicator"),
    ('[unit.indicators.payment_progress]\ncheckpoints = [[13, 50]]\n', "checkpoints month"),
    ('[unit.indicators.sangong]\nfigure = "adjusted"\n', "figure"),
    ("[execution\n", "not valid TOML"),
])
def test_bad_settings_are_usage_errors(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScoringSettingsError, match=message) as caught:
        load_settings(path)
    assert caught.value.exit_code == 2
    with pytest.raises(ScoringSettingsError, match="cannot read"):
        load_settings(tmp_path / "missing.toml")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["ge", "le", "eq", ""]), st.decimals(min_value=0, max_value=10_000, places=2),
       st.decimals(min_value=0, max_value=10_000, places=2), st.integers(min_value=0, max_value=20_000_000))
def test_points_stay_within_what_is_available(direction, target, actual, spent):
    row = indicator("产出", "数量", "x", direction, str(target), "", str(actual), weight=D("90"))
    (p,) = score_projects(workbook([row], vouchers=[voucher(spent)] if spent else [])).projects
    (i,) = p.indicators
    assert D(0) <= i.points <= i.points_available == D("90")
    assert D(0) <= p.execution_points <= D(10)
    assert D(0) <= p.total <= p.points_available == D(100)
    assert (i.points == i.points_available) == (i.deduction_reason == "")
