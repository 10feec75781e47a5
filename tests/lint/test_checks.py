"""Each check on small reports written here: one where it fires, one where it must not."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qlaudit.lint import CHECKS
from tests.lint.reports import CLEAN, findings_of, lint, rules


def only(result, rule, *, passed=False):
    found = findings_of(result, rule, passed=passed)
    assert len(found) == 1, [f.title for f in result.findings]
    return found[0]


# --- the clean report ---------------------------------------------------------------------------------------------


def test_clean_report_has_no_error_warning_or_info():
    result = lint(CLEAN)
    assert rules(result) == []
    assert not result.has_error
    passed = set(rules(result, passed=True))
    assert passed >= {"LINT-PARTS", "LINT-SAME-ITEM", "LINT-RATE", "LINT-SCORE", "LINT-SOURCES-USES", "LINT-CLAIM-100",
                      "LINT-COUNTS"}


def test_every_check_is_listed():
    assert len(CHECKS) == 13


# --- LINT-PARTS ---------------------------------------------------------------------------------------------------


def test_parts_fire_when_categories_do_not_add_up():
    f = only(lint("支出为47.13万元，其中基本支出39.32万元，项目支出7.91万元。"), "LINT-PARTS")
    assert f.severity == "error"
    assert f.title == "支出 47.13万元 ≠ 基本支出 39.32万元 + 项目支出 7.91万元"
    assert f.amount("差额") == -100_000
    assert "第1行「支出为47.13万元，其中基本支出39.32万元，项目支出7.91万元。」" in f.explanation


def test_parts_hold_within_the_rounding_of_each_addend():
    assert rules(lint("支出10.01万元，基本支出5.00万元，项目支出5.00万元。")) == []
    assert rules(lint("支出10.02万元，基本支出5.00万元，项目支出5.00万元。"), "error") == ["LINT-PARTS"]
    assert rules(lint("基本支出39.32万元，其中人员经费33.22万元，公用经费6.10万元。")) == []


def test_listed_projects_short_of_the_project_total_is_a_warning_and_beyond_it_an_error():
    short = lint("项目支出7.81万元。侨联工作经费实际支出7.00万元。")
    assert only(short, "LINT-PARTS").severity == "warning"
    beyond = lint("项目支出7.81万元。侨联工作经费实际支出7.66万元。民生100项目实际支出0.25万元。")
    assert only(beyond, "LINT-PARTS").severity == "error"


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=2))
def test_correctly_rounded_figures_never_break_an_identity(parts):
    def wan(fen):
        return (Decimal(fen) / 1_000_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    text = f"支出{wan(sum(parts))}万元，基本支出{wan(parts[0])}万元，项目支出{wan(parts[1])}万元。"
    assert rules(lint(text), "error") == []


# --- LINT-SAME-ITEM -----------------------------------------------------------------------------------------------


def test_same_item_with_two_amounts():
    f = only(lint("侨联工作经费专项实际支出数7.81万元。\n一是侨联工作经费，实际支出7.66万元。"), "LINT-SAME-ITEM")
    assert (f.severity, f.subject) == ("error", "侨联工作经费")
    assert f.title == "侨联工作经费支出前后不一致：7.81万元 / 7.66万元"
    assert [e.row for e in f.evidence] == [1, 2]


def test_same_item_in_two_units_within_rounding_is_consistent():
    result = lint("侨联工作经费实际支出7.66万元。\n侨联工作经费实际支出76,583.50元。")
    assert rules(result) == []
    assert only(result, "LINT-SAME-ITEM", passed=True).severity == "info"


def test_different_years_or_budgets_are_not_the_same_item():
    assert rules(lint("2021年支出47.13万元，2020年支出40.00万元。")) == []
    assert "LINT-SAME-ITEM" not in rules(lint("二、一般公共预算\n支出47.13万元。\n三、政府性基金预算支出情况\n支出5.00万元。"))


# --- LINT-RATE ----------------------------------------------------------------------------------------------------


def test_rate_that_does_not_match_its_amounts():
    f = only(lint("调整后预算51.79万元，实际支出47.13万元，预算执行率95%。"), "LINT-RATE")
    assert f.severity == "error" and f.title == "执行率 95% 与金额不符：应为 91%"


def test_rate_that_matches_at_its_precision():
    for rate in ("91%", "91.00%", "91.0%"):
        result = lint(f"调整后预算51.79万元，实际支出47.13万元，预算执行率{rate}。")
        assert rules(result) == [], rate
        assert rules(result, passed=True) == ["LINT-RATE"]


def test_rate_from_figures_elsewhere_in_the_report_is_a_warning():
    result = lint("调整后预算51.79万元。\n实际支出47.13万元。\n预算执行率100%。")
    assert [(f.rule, f.severity) for f in result.findings if f.rule == "LINT-RATE"] == [("LINT-RATE", "warning")]


# --- LINT-SCORE ---------------------------------------------------------------------------------------------------


def test_grade_outside_its_band():
    f = only(lint("自评得分85分，评价等级为优。"), "LINT-SCORE")
    assert (f.severity, f.title) == ("error", "得分 85分 应评为“良”，报告写“优”")
    assert rules(lint("自评得分92分，评价等级为优。")) == []


def test_score_against_a_stated_rule_is_an_error_and_against_the_default_a_warning():
    stated = only(lint("预算执行率指标分值10分，执行率91%，按执行率计分，得分10分。"), "LINT-SCORE")
    assert (stated.severity, stated.title) == ("error", "得分 10分 与计分规则不符：应为 9.1分")
    default = only(lint("预算执行率指标分值10分，执行率91%，得分10分。"), "LINT-SCORE")
    assert default.severity == "warning"
    assert rules(lint("预算执行率指标分值10分，执行率91%，得分9.1分。")) == []
    assert rules(lint("预算执行率指标分值10分，执行率91%，按区间分档计分，得分9分。")) == []


def test_execution_above_100_percent_under_a_stated_deduction_rule():
    """qlaudit's own 自评表 states that execution above 100% loses points (2 − rate): 100.17% of 15 points is 14.97."""
    row = "预算执行率指标分值15分，执行率100.17%，按执行率计分，超过100%的部分反向扣分，得分{}分。"
    assert rules(lint(row.format("14.97"))) == []
    assert only(lint(row.format("15.00")), "LINT-SCORE").title == "得分 15.00分 与计分规则不符：应为 14.97分"
    capped = only(lint("预算执行率指标分值15分，执行率100.17%，按执行率计分，得分14.97分。"), "LINT-SCORE")
    assert capped.title == "得分 14.97分 与计分规则不符：应为 15.00分"  # no deduction rule stated: capped at 100%


def test_score_by_completion_ratio():
    f = only(lint("慰问困难侨胞指标分值15分，目标值30人，实际完成24人，得分15分。"), "LINT-SCORE")
    assert f.title == "得分 15分 与计分规则不符：应为 12.0分"
    assert rules(lint("慰问困难侨胞指标分值15分，目标值30人，实际完成34人，得分15分。")) == []


def test_components_that_do_not_add_up_and_a_score_above_its_maximum():
    result = lint("预算执行得分9分，产出得分45分，效益得分28分，满意度得分10分。自评得分95分。")
    assert only(result, "LINT-SCORE").title == "各部分得分之和 92分 ≠ 总分 95分"
    assert only(lint("自评得分105分。"), "LINT-SCORE").title == "得分 105分 超过满分 100分"


# --- LINT-SOURCES-USES --------------------------------------------------------------------------------------------


def test_sources_and_uses_stated_and_unbalanced():
    f = only(lint("收入47.13万元，上年结转4.66万元，支出47.13万元，年末结转3.00万元。"), "LINT-SOURCES-USES")
    assert f.severity == "error" and f.amount("差额") == 1_660_000


def test_sources_and_uses_balanced_or_plain():
    assert rules(lint("收入47.13万元，上年结转4.66万元，支出47.13万元，年末结转4.66万元。")) == []
    assert rules(lint("收入47.13万元，支出47.13万元。")) == []


def test_income_differs_from_spending_without_carry_over():
    f = only(lint("收入47.13万元，支出45.00万元。"), "LINT-SOURCES-USES")
    assert f.severity == "warning" and f.amount("差额") == 2_130_000


def test_carry_over_mentioned_but_not_stated():
    text = "收入47.13万元，支出47.13万元。\n一是侨联工作经费，预算3万元，实际支出7.66万元，因上年指标结转至今年。"
    f = only(lint(text), "LINT-SOURCES-USES")
    assert f.severity == "warning" and f.amount("推算上年结转") == 4_660_000


# --- LINT-CLAIM-100 -----------------------------------------------------------------------------------------------


def test_claim_of_100_percent_against_figures_that_show_otherwise():
    result = lint("调整后预算51.79万元，实际支出47.13万元。\n资金全部支出，执行到位。")
    f = only(result, "LINT-CLAIM-100")
    assert f.severity == "error" and "支出 47.13万元 < 调整后预算 51.79万元" in f.explanation
    assert rules(lint("调整后预算47.13万元，实际支出47.13万元。\n资金全部支出，执行到位。")) == []


def test_claim_of_completion_against_an_unmet_target():
    f = only(lint("六、绩效情况\n计划开展活动6次，实际完成5次，年度任务全部完成。"), "LINT-CLAIM-100")
    assert f.severity == "error" and "目标 6次，实际 5次" in f.explanation
    assert rules(lint("六、绩效情况\n计划开展活动6次，实际完成6次，年度任务全部完成。")) == []


# --- LINT-COUNTS --------------------------------------------------------------------------------------------------


def test_counts_that_do_not_add_up():
    assert only(lint("共走访企业10家，分别为侨企4家、海归企业7家。"), "LINT-COUNTS").severity == "error"
    assert only(lint("共走访企业10家，其中侨企4家、海归企业5家。"), "LINT-COUNTS").severity == "warning"
    assert rules(lint("共走访企业10家，其中侨企4家、海归企业6家。")) == []


def test_enumeration_shorter_than_announced():
    text = "（二）专项资金\n专项资金共2个，具体情况如下：\n一是侨联工作经费，实际支出7.66万元。"
    f = only(lint(text), "LINT-COUNTS")
    assert (f.severity, f.title) == ("warning", "称共2个，其后列举了 1 项")
    ok = text + "\n二是民生100项目，实际支出0.15万元。"
    assert "LINT-COUNTS" not in rules(lint(ok))


# --- LINT-VAGUE-GOAL ----------------------------------------------------------------------------------------------


def test_goals_with_only_vague_verbs():
    result = lint("（二）绩效目标\n进一步加强侨务工作，提升服务水平。")
    f = only(result, "LINT-VAGUE-GOAL")
    assert f.severity == "warning" and f.title == "目标只有“进一步、加强、提升”类表述，没有可衡量的指标"


def test_goals_without_any_indicator():
    f = only(lint("（二）绩效目标\n慰问困难侨胞；开展文体活动。"), "LINT-VAGUE-GOAL")
    assert f.title == "绩效目标未量化（2处）"


def test_measurable_goals_and_vague_words_outside_goals():
    assert rules(lint("（二）绩效目标\n加强侨务工作，全年慰问困难侨胞不少于30人，年底前建成侨胞之家7个。")) == []
    assert "LINT-VAGUE-GOAL" not in rules(lint("八、下一步改进措施\n加强预算管理，提升资金使用效益。"))


# --- LINT-PROBLEMS-NONE -------------------------------------------------------------------------------------------


PROBLEMS = "一是侨联工作经费，年初预算3万元，实际支出7.66万元。\n另外民生100项目实际支出0.15万元，未纳入年初预算。\n"


def test_problems_none_while_figures_show_overspending():
    f = only(lint(PROBLEMS + "七、存在的问题及原因分析\n无"), "LINT-PROBLEMS-NONE")
    assert f.severity == "warning"
    assert "侨联工作经费实际支出 7.66万元 超过年初预算 3万元" in f.explanation
    assert "未纳入年初预算" in f.explanation


def test_spending_beyond_the_final_budget_or_without_budget_is_an_error():
    text = "侨联工作经费调整后预算7.00万元，实际支出7.66万元。\n七、存在的问题及原因分析\n暂无。"
    assert only(lint(text), "LINT-PROBLEMS-NONE").severity == "error"
    text = "某项目资金0.15万元属预算外支出。\n七、存在的问题及原因分析\n无"
    assert only(lint(text), "LINT-PROBLEMS-NONE").severity == "error"


def test_problems_described_or_nothing_to_describe():
    assert rules(lint(PROBLEMS + "七、存在的问题及原因分析\n侨联工作经费超年初预算，系使用上年结转。")) == []
    result = lint("支出47.13万元。\n七、存在的问题及原因分析\n无")
    assert rules(result) == [] and rules(result, passed=True) == ["LINT-PROBLEMS-NONE"]


# --- LINT-UNATTRIBUTED and LINT-STRUCTURE -------------------------------------------------------------------------


def test_unattributed_amount_and_amount_without_unit():
    result = lint("捐赠物资共计价值5万余元。\n2021年预算资金为47.13")
    titles = [f.title for f in findings_of(result, "LINT-UNATTRIBUTED")]
    assert titles == ["无法归属的金额：5万余元", "金额未注明单位：47.13"]
    assert all(f.severity == "info" for f in findings_of(result, "LINT-UNATTRIBUTED"))
    assert rules(lint("2021年预算资金为47.13万元。")) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("一、基本情况\n二、一般公共预算\n三、政府性基金\n支出47.13万元，其中基本支出39.32万元，项目支出7.8",
     ["报告似乎在句中中断", "缺少模板中的部分：国有资本经营、社会保险基金、绩效情况、问题、改进、公开、其他"]),
    ("本报告未列任何金额。", ["报告中没有识别到任何数字"]),
])
def test_structure(text, expected):
    assert [f.title for f in findings_of(lint(text), "LINT-STRUCTURE")] == expected


# --- robustness ---------------------------------------------------------------------------------------------------

TOKENS = st.sampled_from(["支出", "预算", "年初预算", "调整后预算", "收入", "上年结转", "年末结转", "基本支出", "人员经费",
                          "公用经费", "项目支出", "侨联工作经费", "民生100项目", "万元", "元", "万", "%", "分", "，", "、",
                          "。", "；", "：", "\n", "\t", " ", "一、", "（一）", "(1)", "1.", "2、", "其中", "共", "个", "家",
                          "分别为", "计划", "实际完成", "全部完成", "100%", "执行率", "得分", "分值", "总分", "等级为优",
                          "七、存在的问题及原因分析\n无", "（二）绩效目标", "加强", "结转", "未纳入年初预算", "2020年",
                          "2021年", "0", "3", "7.66", "47.13", "471,300", "0.005", "123456.789", "余", "约", "單位：萬元"])


@given(st.lists(TOKENS, max_size=60))
def test_any_jumble_of_report_words_lints_without_crashing(tokens):
    result = lint("".join(tokens))
    assert all(f.rule.startswith("LINT-") for f in result.findings)


def test_final_budget_from_its_phases():
    assert rules(lint("年初预算41.16万元，追加7.63万元，调减1.66万元，上年结转4.66万元，调整后预算51.79万元。")) == []
    f = only(lint("年初预算41.16万元，追加7.63万元，调减1.66万元，上年结转4.66万元，调整后预算47.13万元。"), "LINT-PARTS")
    assert f.severity == "error"
    assert f.title == "调整后预算 47.13万元 ≠ 年初预算 41.16万元 + 追加 7.63万元 − 调减 1.66万元 + 上年结转 4.66万元"
    partial = only(lint("年初预算41.16万元，追加7.63万元，调整后预算51.79万元。"), "LINT-PARTS")
    assert partial.severity == "warning"


def test_problems_section_at_a_lower_level_and_short_none_answers():
    text = PROBLEMS + "六、绩效情况\n（三）存在的问题\n本年度无。\n七、改进措施\n加强管理。"
    assert only(lint(text), "LINT-PROBLEMS-NONE").severity == "warning"


def test_a_category_at_100_percent_is_no_claim_of_the_unit():
    text = "调整后预算51.79万元，实际支出47.13万元，预算执行率91.00%；其中基本支出执行率100.00%。"
    assert rules(lint(text)) == []
    wrong = "基本支出调整后预算39.32万元，基本支出30.00万元。\n其中基本支出执行率100.00%。"
    assert only(lint(wrong), "LINT-CLAIM-100").title == "基本支出称全部执行/100%，但数字显示未执行完"


# --- claims of full payment and of completion against indicators ---------------------------------------------------


def test_claim_of_full_payment_against_the_amount_paid():
    text = "一、资金情况\n专项资金80.00万元已全部拨付。\n截至年底，已拨付72.00万元，执行率90%。"
    f = only(lint(text), "LINT-CLAIM-100")
    assert (f.severity, f.title) == ("error", "单位整体称已全部拨付，但报告写拨付72.00万元")
    assert rules(lint("一、资金情况\n专项资金80.00万元已全部拨付到位。\n实际执行72.00万元。"), "error") == []


def test_claim_of_completion_against_a_bounded_target():
    text = ("一、绩效情况\n（一）总体\n项目已按计划完成目标。\n（二）指标\n"
            "发放补贴人次年初指标值为不低于200人，全年实际完成值185人。")
    f = only(lint(text), "LINT-CLAIM-100")
    assert f.severity == "error" and "目标 ≥200人，实际 185人" in f.explanation
    met = text.replace("185人", "205人")
    assert rules(lint(met)) == [] and rules(lint(met), passed=True) == ["LINT-CLAIM-100"]


def test_vague_goals_are_info_when_some_indicator_is_quantified():
    vague = "（二）绩效目标\n进一步加强侨务工作，提升服务水平。"
    assert only(lint(vague), "LINT-VAGUE-GOAL").severity == "warning"
    quantified = vague + "\n（三）绩效指标\n慰问困难侨胞年度指标值为不少于30人。"
    assert only(lint(quantified), "LINT-VAGUE-GOAL").severity == "info"


def test_problems_said_to_be_none_beside_low_execution():
    text = "一、基本情况\n全年安排资金共计50.00万元，实际支出共计30.00万元，余款结转下年。\n二、存在的问题\n工作正常开展，暂无问题。"
    f = only(lint(text), "LINT-PROBLEMS-NONE")
    assert f.severity == "warning" and "单位整体支出 30.00万元 只占预算 50.00万元 的 60.00%" in f.explanation


# --- the open vocabulary -------------------------------------------------------------------------------------------


def test_a_provinces_own_words_in_an_override_file(tmp_path):
    from qlaudit.lint.vocab import VocabularyError, vocabulary

    text = "统筹下达资金12.00万元，实际兑付10.00万元，兑付率90%。"
    assert not [f for f in lint(text).figures if f.kind == "rate" and f.measure]
    extra = tmp_path / "province.toml"
    extra.write_text('[money_measures]\n"统筹下达资金" = "预算"\n"兑付" = "支出"\n[rate_names]\n"兑付率" = "执行率"\n'
                     '[words]\nsource_words = ["旗级"]\n', encoding="utf-8")
    result = lint(text, vocabulary_file=str(extra))
    assert [(f.measure, f.raw) for f in result.figures] == [("预算", "12.00万元"), ("支出", "10.00万元"),
                                                            ("执行率", "90%")]
    assert "旗级" in vocabulary(str(extra)).words["source_words"]
    assert "LINT-RATE" in rules(lint(text.replace("90%", "95%"), vocabulary_file=str(extra)), "error")
    bad = tmp_path / "bad.toml"
    bad.write_text("[colours]\nred = 1\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="unknown table"):
        vocabulary(str(bad))
