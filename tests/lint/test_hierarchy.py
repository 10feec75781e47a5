"""Which amount is a part of which, and what that means for PARTS and SAME-ITEM (like with like)."""

from tests.lint.reports import findings_of, lint, rules


def parts(text):
    result = lint(text)
    at = {f.position: f for f in result.figures}
    return [(f.raw, at[f.parent].raw, f.breakdown) for f in result.figures if f.parent >= 0]


def test_qizhong_after_a_change_and_a_full_stop_takes_the_total_of_the_parts_measure():
    text = "全县累计完成税费收入80.00亿元，同比增加3.00亿元。其中：城区收入50.00亿元，增加1.00亿元；乡镇收入30.00亿元。"
    assert parts(text) == [("50.00亿元", "80.00亿元", "其中"), ("30.00亿元", "80.00亿元", "其中")]
    assert rules(lint(text)) == []  # 50 + 30 = 80, and a change is no part and no second 收入


def test_a_list_within_a_list():
    text = ("项目预算共计20.50万元，其中：1.本年安排项目2个，预算资金为20.00万元，即：培训经费12.00万元、宣传经费8.00万元。"
            "2.上年结转项目1个，预算资金为0.50万元。")
    got = parts(text)
    assert ("12.00万元", "20.00万元", "即") in got and ("0.50万元", "20.50万元", "其中") in got
    assert ("20.00万元", "20.50万元", "其中") in got
    assert rules(lint(text), "error") == []


def test_parts_named_by_their_source_must_cover_the_total():
    f = findings_of(lint("图书馆每年补助40万元（中央和省级补助30万元，本级配套5万元）。"), "LINT-PARTS")[0]
    assert (f.severity, f.title) == ("error", "图书馆每年补助 40万元 ≠ 中央和省级补助金额 30万元 + 本级配套金额 5万元")
    short = lint("年度预算80.00万元，其中培训经费20.00万元，宣传经费10.00万元。")
    assert rules(short) == []  # a plain 其中 may list only some parts: not judged


def test_sources_after_a_total_without_qizhong():
    f = findings_of(lint("实际使用共计100.00万元，财政拨款支出40.00万元，自筹资金支出70.00万元。"), "LINT-PARTS")[0]
    assert f.severity == "error" and f.title.startswith("支出 100.00万元 ≠")


def test_a_list_ends_when_its_parts_reach_the_total():
    text = "下达资金60万元，其中甲项目40万元，乙项目20万元，调减10万元，全年实际下达50万元。"
    assert [p[0] for p in parts(text)] == ["40万元", "20万元"]


def test_same_named_parts_of_different_totals_are_different_items_and_of_the_same_total_the_same():
    batches = ("一批项目批复总投资30.00万元（其中建筑工程25.00万元），二批项目批复总投资20.00万元（其中建筑工程18.00万元）。")
    assert "LINT-SAME-ITEM" not in rules(lint(batches))
    twice = ("下达专项资金50.00万元，其中一般项目40.00万元，绩效奖励10.00万元。\n"
             "下达专项资金30.00万元，其中一般项目19.00万元，绩效奖励11.00万元。")
    titles = [f.title for f in findings_of(lint(twice), "LINT-SAME-ITEM")]
    assert "绩效奖励金额前后不一致：10.00万元 / 11.00万元" in titles


def test_plan_and_actual_columns_are_not_one_item():
    text = "支出内容 | 计划支出数(万元) | 实际支出数(万元)\n培训费 | 10.00 | 8.50\n宣传费 | 5.00 | 5.00\n支出合计 | 15.00 | 13.50"
    result = lint(text)
    assert rules(result, "error") == [] and "LINT-SAME-ITEM" not in rules(result)
    got = [(f.subject, f.measure, f.raw) for f in result.figures][:2]
    assert got == [("培训费", "预算", "10.00万元"), ("培训费", "支出", "8.50万元")]


def test_zero_amounts_after_the_parts_reached_the_total_are_still_parts():
    text = "本年支出合计60.00万元，其中：基本支出20.00万元，项目支出40.00万元，经营支出0万元，其他支出0万元。"
    assert [p[0] for p in parts(text)] == ["20.00万元", "40.00万元", "0万元", "0万元"]
    assert "LINT-SAME-ITEM" not in rules(lint(text))


def test_levels_of_a_hierarchy_are_not_parts_of_a_count():
    assert "LINT-COUNTS" not in rules(lint("共设置绩效指标8个，其中一级指标3个，二级指标5个，三级指标8个。"))
    assert "LINT-COUNTS" in rules(lint("共走访企业10家，其中侨企4家，海归企业7家。"))


def test_a_row_whose_dropped_cell_leaves_a_percentage_under_an_amount_column_is_not_read_as_a_table():
    text = "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n其中：财政拨款 | 6.00 | 6.00 | 6.00 | 100% |"
    rates = [f.raw for f in lint(text).figures if f.kind == "rate"]
    assert "6.00%" not in rates
