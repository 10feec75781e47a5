"""Self-evaluation scoring: a hand-scored project, execution rules, weights, grade bands, settings override."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from qlaudit.ledgers import ImportLog, empty_frame
from qlaudit.profile import UnitProfile
from qlaudit.scoring import ScoringSettingsError, load_settings, score_projects
from qlaudit.workbook import Workbook

D = Decimal


def quota(source, amount_fen, project="QL1"):
    return {"quota_doc": "芦财预〔2021〕1号", "quota_name": "", "source": source, "budget_type": "general",
            "expense_kind": "project", "project_code": project, "project_name": "", "functional_code": "2012999",
            "economic_code": "30299", "amount_fen": amount_fen, "date": pd.Timestamp("2021-01-15"),
            "source_file": "a.csv", "source_row": 2}


def voucher(amount_fen, project="QL1"):
    return {"date": pd.Timestamp(dt.date(2021, 6, 1)), "voucher_no": "记-001", "line_no": "1", "summary": "慰问",
            "payee": "某人", "budget_type": "general", "expense_kind": "project", "project_code": project,
            "project_name": "", "functional_code": "2012999", "economic_code": "30299", "amount_fen": amount_fen,
            "quota_doc": "", "source_file": "e.csv", "source_row": 2}


def indicator(level1, level2, name, direction, target, unit, actual, weight=None, project="QL1",
              project_name="侨联工作经费"):
    return {"project_code": project, "project_name": project_name, "in_initial_budget": "yes", "purpose": "",
            "indicator_level1": level1, "indicator_level2": level2, "indicator": name, "direction": direction,
            "target": target, "unit": unit, "actual": actual, "weight": weight, "source_file": "p.csv",
            "source_row": 2}


def frame(ledger, rows):
    if not rows:
        return empty_frame(ledger)
    return pd.DataFrame(rows, columns=list(empty_frame(ledger).columns))


def workbook(indicators, quotas=None, vouchers=None):
    quotas = [quota("initial", 3_000_000), quota("carry_in", 4_658_350)] if quotas is None else quotas
    vouchers = [voucher(7_000_000)] if vouchers is None else vouchers  # 7,000,000 / 7,658,350 = 91.40%
    return Workbook(unit=UnitProfile(code="t", name="测试单位"), year=2021, data_dir=Path("."),
                    appropriations=frame("appropriations", quotas), expenditures=frame("expenditures", vouchers),
                    projects=frame("projects", indicators), activities="", self_evaluation_path=None,
                    import_log=ImportLog())


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
        (D("12.50"), D("11.36")),  # le: 500/550 = 90.91%
        (D("15.00"), D("7.50")),  # 部分达成 × 0.5
        (D("15.00"), D("0.00")),  # no actual
        (D("10.00"), D("10.00")),
    ]
    assert p.points_available == D("100.00")
    assert p.total == D("74.11")
    assert p.grade == "中"
    first = p.indicators[0]
    assert first.deduction_reason == "完成值28人低于指标值30人，按完成比例93.33%得分"
    assert first.points_basis == "未填分值：产出类50分，由4个指标平均分配"
    assert p.indicators[3].deduction_reason == "完成值550元高于指标值500元，按指标值/完成值比例90.91%得分"
    assert p.indicators[4].deduction_reason == "完成情况为“部分达成”，按50%得分"
    assert p.indicators[5].deduction_reason == "未填报完成值，不得分"
    assert p.indicators[6].deduction_reason == ""
    assert p.deductions[0] == "预算执行率91.40%，按线性规则（分值×执行率，最高100%）得9.14分，扣0.86分"
    assert p.deductions[1] == "产出/数量/慰问困难侨胞人数：完成值28人低于指标值30人，按完成比例93.33%得分，扣0.83分"
    assert len(p.deductions) == 6
    assert all(isinstance(i.points, Decimal) for i in p.indicators)
    assert card.total == D("74.11") and card.grade == "中"
    assert len(card.indicators_frame()) == 7


def test_banded_execution_rule(tmp_path):
    path = tmp_path / "banded.toml"
    path.write_text('[execution]\nrule = "banded"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.execution_rule == "banded"
    assert settings.execution_bands[0] == (D("1.0"), D("1.0"))  # bands kept from the packaged file
    (p,) = score_projects(workbook(rows()), settings).projects
    assert p.execution_points == D("9.00")  # 91.40% reaches the 90% band
    assert p.total == D("73.97")
    assert p.deductions[0] == "预算执行率91.40%，按分档规则（执行率达到90%得90%）得9.00分，扣1.00分"
    low = workbook(rows(), vouchers=[voucher(5_000_000)])  # 65.29%: below 80% → band 0
    assert score_projects(low, settings).projects[0].execution_points == D("0.00")
    assert score_projects(low).projects[0].execution_points == D("6.53")  # linear


def test_execution_capped_and_without_budget():
    over = score_projects(workbook(rows(), vouchers=[voucher(9_000_000)])).projects[0]
    assert (over.execution_rate, over.execution_points) == ("117.52%", D("10.00"))
    none = score_projects(workbook(rows(), quotas=[], vouchers=[voucher(100)])).projects[0]
    assert (none.execution_rate, none.execution_points) == ("—", D("0.00"))
    assert "无法计算预算执行率" in none.deductions[0]


def test_weights_from_the_column():
    (p,) = score_projects(workbook(rows(weighted=True))).projects
    assert [i.points for i in p.indicators] == [D("18.67"), D("9.55"), D("10.00"), D("9.09"), D("10.00"), D("0.00"),
                                                D("10.00")]
    assert {i.points_basis for i in p.indicators} == {"分值列"}
    assert p.total == D("76.45")  # 9.14 + 67.31
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
    assert by["text actual"].deduction_reason == "完成值“约三十”无法识别为数值，不得分"
    assert by["full width"].points == by["full width"].points_available
    assert by["unknown word"].deduction_reason == "完成情况“较好”不是达成/部分达成/未达成之一，不得分"
    assert by["inferred qualitative"].direction == "qualitative"
    assert by["inferred qualitative"].deduction_reason == "完成情况为“未达成”，按0%得分"
    assert by["no target"].deduction_reason == "未填报指标值，无法比较，不得分"
    assert by["unknown category"].points_available == D("0.00")
    assert "不在评分设置中" in by["unknown category"].points_basis
    assert p.notes == ("1个指标的一级指标不在评分设置中且未填分值，未计分",)


def test_unit_score_is_weighted_by_adjusted_budget():
    second = [{**r, "project_code": "MS100", "project_name": "民生100"} for r in rows()]
    quotas = [quota("initial", 3_000_000), quota("carry_in", 4_658_350), quota("addition", 150_000, "MS100")]
    vouchers = [voucher(7_000_000), voucher(150_000, "MS100")]
    card = score_projects(workbook(rows() + second, quotas, vouchers))
    a, b = card.projects
    assert (a.code, b.code) == ("MS100", "QL1")
    expected = (a.total * 150_000 + b.total * 7_658_350) / (150_000 + 7_658_350)
    assert card.total == expected.quantize(D("0.01"))
    assert card.basis == "按各项目调整后预算数加权平均"
    assert score_projects(workbook([], quotas=[], vouchers=[])).total is None


def test_projects_without_indicators_are_listed_not_scored():
    quotas = [quota("initial", 3_000_000), quota("carry_in", 4_658_350), quota("addition", 150_000, "MS100")]
    vouchers = [voucher(7_000_000), voucher(150_000, "MS100")]
    card = score_projects(workbook(rows(), quotas, vouchers))
    (only,) = card.projects
    assert only.code == "QL1"
    assert card.unscored == ("MS100",)
    assert card.total == only.total
    assert card.basis.endswith("MS100未设绩效指标，未参与评分")


def test_settings_override_from_toml(tmp_path):
    path = tmp_path / "province.toml"
    path.write_text(
        '[execution]\nweight = 20\n\n[categories.output]\nweight = 40\n\n'
        '[grades]\n"优" = 85\n\n[qualitative]\n"部分达成" = 0.6\n"基本达成" = 0.8\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    assert settings.source.endswith("province.toml")
    assert settings.execution_weight == D(20)
    assert [c.weight for c in settings.categories] == [D(40), D(30), D(10)]
    assert settings.grade(D("86")) == "优"
    assert settings.qualitative_share("基本达成") == D("0.8")
    (p,) = score_projects(workbook(rows()), settings).projects
    assert p.execution_points == D("18.28")  # 20 × 91.40%
    assert p.indicators[0].points_available == D("10.00")  # 40 / 4
    assert p.indicators[4].points == D("9.00")  # 15 × 0.6


@pytest.mark.parametrize(("text", "message"), [
    ('[execution]\nrule = "stepwise"\n', "execution.rule"),
    ('[qualitative]\n"达成" = 1.5\n', "outside"),
    ('[categories.output]\nweight = "50"\n', "must be a number"),
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
