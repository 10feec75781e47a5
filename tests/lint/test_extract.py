"""Extraction: every way an amount is written, rates, scores, counts, grades, labels and subjects, tables."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from qlaudit.lint import lint_text
from tests.lint.reports import seed_text


def figures(text, **kwargs):
    return lint_text(text, **kwargs).figures


def amounts(text):
    return [(f.subject, f.label, f.value) for f in figures(text) if f.kind == "money"]


def test_amount_spellings():
    text = "支出47.13万元，收入471,300元，上年结转3万元，年末结转7.66万，预算47.128507万元，调减1.5亿元。"
    assert [(f.label, f.value, f.unit, f.places) for f in figures(text)] == [
        ("支出", 47_130_000, "万元", 2), ("收入", 47_130_000, "元", 0), ("上年结转", 3_000_000, "万元", 0),
        ("年末结转", 7_660_000, "万元", 2), ("预算", 47_128_507, "万元", 6), ("调减", 15_000_000_000, "亿元", 1)]


def test_tolerance_is_half_the_last_decimal_at_most_0_005_wan():
    got = {f.raw: f.tolerance for f in figures("支出47.13万元，收入471,300元，预算3万元，结转47.128507万元，追加0.1元。")}
    assert got == {"47.13万元": 5_000, "471,300元": 50, "3万元": 5_000, "47.128507万元": 0, "0.1元": 5}


def test_seed_figures_and_labels():
    got = [(f.line, f.kind, f.subject, f.label, f.value) for f in figures(seed_text()) if f.kind == "money"]
    assert got == [
        (16, "money", "", "预算", 47_130_000), (17, "money", "", "收入", 47_130_000),
        (18, "money", "", "支出", 47_130_000), (18, "money", "", "项目支出", 7_810_000),
        (18, "money", "", "基本支出", 39_320_000), (18, "money", "", "人员经费", 33_220_000),
        (18, "money", "", "公用经费", 6_100_000), (20, "money", "侨联工作经费", "支出", 7_810_000),
        (36, "money", "", "", 5_000_000), (39, "money", "侨联工作经费", "预算", 3_000_000),
        (39, "money", "侨联工作经费", "支出", 7_660_000), (40, "money", "民生100", "支出", 150_000)]
    donation = next(f for f in figures(seed_text()) if f.raw == "5万余元")
    assert donation.approx and not donation.attributed
    sections = {f.section for f in figures(seed_text()) if f.line == 18}
    assert sections == {"二、一般公共预算支出情况 > (1)基本支出情况"}


def test_counts_dates_and_identifiers():
    got = [(f.kind, f.raw, f.value, f.approx) for f in
           figures("2017年12月26日成立，编制2名，走访企业4家，口罩2万余只，志愿者1000余名，第1季度，芦财预〔2021〕1号，QL-001。")]
    assert got == [("count", "2名", 2, False), ("count", "4家", 4, False), ("count", "2万余只", 20_000, True),
                   ("count", "1000余名", 1000, True)]


def test_a_number_inside_a_name_is_not_a_figure():
    assert [f.raw for f in figures("另外民生100项目实际支出0.15万元。")] == ["0.15万元"]


def test_rates_scores_and_grades():
    got = [(f.kind, f.label, f.category, f.value) for f in
           figures("预算执行率91.00%，满意度95%，预算执行率指标分值10分，得分9.1分，自评得分95.5分，评价等级为“优”。"
                   "百分之百，3分钟，部分完成，被评为优秀单位。")]
    assert got == [("rate", "执行率", "", Decimal("91.00")), ("rate", "满意度", "", Decimal(95)),
                   ("score", "分值", "预算执行", Decimal(10)), ("score", "得分", "预算执行", Decimal("9.1")),
                   ("score", "得分", "总分", Decimal("95.5")), ("grade", "等级", "", "优")]


def test_subject_carries_through_its_sentence_and_categories_are_the_units():
    assert amounts("一是侨联工作经费，预算支出3万元，实际支出7.66万元。") == [
        ("侨联工作经费", "预算", 3_000_000), ("侨联工作经费", "支出", 7_660_000)]
    assert amounts("年初预算47万元，其中基本支出40万元、项目支出7万元。") == [
        ("", "年初预算", 47_000_000), ("", "基本支出年初预算", 40_000_000), ("", "项目支出年初预算", 7_000_000)]
    assert amounts("专项支出7.81万元，其中侨联工作经费7.66万元、民生100项目0.15万元。") == [
        ("", "项目支出", 7_810_000), ("侨联工作经费", "支出", 7_660_000), ("民生100", "支出", 150_000)]


def test_another_year_is_a_different_period():
    got = [(f.label, f.period) for f in figures("2021年支出47.13万元，2020年支出40.00万元，上年支出40.00万元，上年结转4.66万元。")]
    assert got == [("支出", ""), ("支出", "2020"), ("支出", "上年"), ("上年结转", "")]


def test_other_budgets_are_their_own_subject():
    got = amounts("三、政府性基金预算支出情况\n本年支出5.00万元。")
    assert got == [("政府性基金预算", "支出", 5_000_000)]


def test_flattened_table_with_a_unit_line():
    text = "单位：万元\n项目名称 年初预算 调整后预算 实际支出 执行率\n侨联工作经费 3.00 7.66 7.66 100%\n合计 41.16 51.79 47.13 91.00%"
    got = [(f.kind, f.subject, f.label, f.value) for f in figures(text)]
    assert got == [("money", "侨联工作经费", "年初预算", 3_000_000), ("money", "侨联工作经费", "调整后预算", 7_660_000),
                   ("money", "侨联工作经费", "支出", 7_660_000), ("rate", "侨联工作经费", "执行率", Decimal(100)),
                   ("money", "", "年初预算", 41_160_000), ("money", "", "调整后预算", 51_790_000),
                   ("money", "", "支出", 47_130_000), ("rate", "", "执行率", Decimal("91.00"))]


def test_table_unit_in_the_header_and_a_category_row():
    text = "项目\t年初预算(元)\t实际支出(元)\n基本支出\t381,600.00\t393,201.57"
    assert [(f.label, f.value) for f in figures(text)] == [("基本支出年初预算", 38_160_000), ("基本支出", 39_320_157)]


def test_table_without_a_unit_gives_numbers_without_unit():
    f, _ = figures("项目\t年初预算\t实际支出\n侨联工作经费\t3.00\t7.66")
    assert (f.kind, f.unit, f.value) == ("number", "", Decimal("3.00"))


def test_truncated_text_keeps_what_it_can():
    cut = seed_text()[: seed_text().index("实际支出7.66") + len("实际支出7.6")]
    got = figures(cut)
    assert got[-1].kind == "number" and got[-1].raw == "7.6" and got[-1].subject == "侨联工作经费"
    assert len([f for f in got if f.kind == "money"]) == 10


@given(st.integers(min_value=0, max_value=10**12))
def test_any_amount_in_wan_with_six_decimals_or_in_yuan_reads_back_exactly(fen):
    wan = (Decimal(fen) / 1_000_000).quantize(Decimal("0.000001"))
    yuan = (Decimal(fen) / 100).quantize(Decimal("0.01"))
    got = figures(f"支出{wan}万元，收入{yuan:,}元。")
    assert [f.value for f in got] == [fen, fen]


@given(st.integers(min_value=1, max_value=10**10))
def test_rounded_wan_is_within_its_tolerance(fen):
    wan = (Decimal(fen) / 1_000_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    (f,) = figures(f"支出{wan}万元。")
    assert abs(f.value - fen) <= f.tolerance


# --- attribution: table rows and columns, "其中" clauses, named projects ------------------------------------------


def test_table_cells_belong_to_the_row_subject_and_the_column():
    text = ("表2 项目支出预算执行情况（单位：万元）\n项目编码\t项目名称\t年初预算\t追加/调减\t上年结转\t调整后预算\t实际支出\t执行率\n"
            "430203-QL-002\t民生100-为侨办实事\t0.00\t0.15\t0.00\t0.15\t0.15\t100.00%\n"
            "表1\n项目\t年初预算\t追加/调减\t实际支出\t执行率\n　其中：公用经费\t6.41\t-0.31\t6.10\t100.00%\n合计\t41.16\t5.97\t47.13\t91.00%")
    got = [(f.subject, f.category, f.measure, f.value) for f in figures(text)]
    assert got[:6] == [("民生100-为侨办实事", "", m, v) for m, v in (
        ("年初预算", 0), ("追加/调减", 150_000), ("上年结转", 0), ("调整后预算", 150_000), ("支出", 150_000),
        ("执行率", Decimal("100.00")))]
    assert got[6:] == [("", "公用经费", "年初预算", 6_410_000), ("", "公用经费", "追加/调减", -310_000),
                       ("", "公用经费", "支出", 6_100_000), ("", "公用经费", "执行率", Decimal("100.00")),
                       ("", "", "年初预算", 41_160_000), ("", "", "追加/调减", 5_970_000), ("", "", "支出", 47_130_000),
                       ("", "", "执行率", Decimal("91.00"))]


def test_score_table_columns_are_scores_and_grades_of_the_row():
    text = "项目名称\t预算执行率\t执行率得分\t指标得分\t总分\t等级\n侨联工作经费\t91.05%\t9.11\t90.00\t99.11\t优"
    got = [(f.kind, f.subject, f.measure, f.category, f.value) for f in figures(text)]
    assert got == [("rate", "侨联工作经费", "执行率", "", Decimal("91.05")),
                   ("score", "侨联工作经费", "得分", "预算执行", Decimal("9.11")),
                   ("score", "侨联工作经费", "得分", "", Decimal("90.00")),
                   ("score", "侨联工作经费", "得分", "总分", Decimal("99.11")), ("grade", "侨联工作经费", "等级", "", "优")]


def test_a_rate_after_qizhong_belongs_to_its_category_not_the_unit():
    got = [(f.category, f.value) for f in figures("调整后预算51.79万元，实际支出47.13万元，预算执行率91.00%；"
                                                  "其中基本支出执行率100.00%，项目支出执行率62.63%。")
           if f.kind == "rate"]
    assert got == [("", Decimal("91.00")), ("基本支出", Decimal("100.00")), ("项目支出", Decimal("62.63"))]


def test_a_named_project_and_its_paragraph_own_their_figures():
    text = ("2.民生100-为侨办实事实际支出0.15万元。\n"
            "1.项目“侨胞之家建设”预算执行率低。调整后预算4.66万元，预算执行率0.00%。\n"
            "项目430203-FL-003全年支出2.88万元，其中12月1.78万元。\n"
            "项目编码\t项目名称\t年初预算\t实际支出\n430203-QL-002\t民生100-为侨办实事\t0.00\t0.15\n"
            "430203-FL-003\t儿童之家建设\t3.00\t2.88")
    got = [(f.subject, f.measure, f.period, f.raw) for f in lint_text(text).figures if f.line < 4]
    assert got == [("民生100-为侨办实事", "支出", "", "0.15万元"), ("侨胞之家建设", "调整后预算", "", "4.66万元"),
                   ("侨胞之家建设", "执行率", "", "0.00%"), ("儿童之家建设", "支出", "", "2.88万元"),
                   ("", "", "12月", "1.78万元")]  # a month's part is no figure of the year


def test_an_amount_paid_to_a_quoted_payee_is_a_single_payment_whatever_the_payee_is_called():
    # a payee with none of the payee words (公司, 商店 …): "向“…旅行社”支付" still names a payment, not the unit's spending
    text = "15.疑似重复支付：向“某市彩虹旅行社”支付2,511.33元的2笔支出记在不同凭证上、日期相近且摘要相同。"
    got = [(f.subject, f.measure, f.raw) for f in lint_text(text).figures if f.kind == "money"]
    assert got == [("", "", "2,511.33元")]
