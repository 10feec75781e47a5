"""Conventions of real reports that lint reads structurally (each on a small text written here, never corpus text):
year columns, items of the economic classification, a change column, the 尾差 a report says it moved, section
references, the year-end recovery (年底收回) as a kind of 调减, 超支金额 beside 年末结转 0, summary rows, the
自评表's 资金 block, grade bands a report states — and the misreads fixed on the way ("结余", "“三公”经费", a
month's part, digits in declared names, payments to suppliers)."""

from qlaudit.lint import lint_text
from tests.scoring.builders import indicator, quota, voucher, workbook

ERRORS = ("error", "warning")


def open_findings(result, rule=None):
    return [f for f in result.findings if not f.passed and f.severity in ERRORS and (rule is None or f.rule == rule)]


def figure(result, raw, line=None):
    return next(f for f in result.figures if f.raw == raw and (line is None or f.line == line))


# --- tables ---------------------------------------------------------------------------------------------------------

YEARS = """二、一般公共预算支出情况
人员经费支出33.22万元，公用经费支出6.10万元，基本支出39.32万元。
表1-2 基本支出经济分类明细（单位：万元）
经济分类\t科目名称\t2021年\t2020年
30101\t基本工资\t5.44\t5.18
30215\t会议费\t0.12\t0.08
\t人员经费小计\t33.22\t32.25
\t公用经费小计\t6.10\t6.25
\t基本支出合计\t39.32\t38.50
表1-1 会议费支出情况（单位：万元）
项目\t2020年\t2021年\t2021年预算\t比上年增减
会议费\t0.08\t0.89\t0.12\t0.81
"""


def test_a_year_column_holds_that_years_figures():
    result = lint_text(YEARS, year=2021)
    assert figure(result, "32.25万元").period == "2020" and figure(result, "33.22万元", 7).period == ""
    assert figure(result, "33.22万元", 7).category == "人员经费"
    assert open_findings(result) == []  # 2020's 32.25 is not 2021's 33.22


def test_economic_items_are_not_projects_and_a_tables_caption_scopes_them():
    result = lint_text(YEARS, year=2021)
    basic = figure(result, "0.12万元", 6)
    assert (basic.subject, basic.category, basic.measure) == ("会议费", "基本支出经济分类", "支出")
    whole = figure(result, "0.89万元")
    assert (whole.subject, whole.category) == ("会议费", "经济分类")  # all spending on 会议费, not only basic
    assert figure(result, "0.12万元", 12).measure == "预算"
    assert figure(result, "0.81万元").measure == "变动"  # 比上年增减: a change
    assert not [f for f in result.figures if f.raw.startswith("30101")]  # a code column holds codes


def test_economic_items_in_prose_and_quoted_三公():
    result = lint_text("“三公”经费支出0.50万元，比上年减少0.10万元；会议费0.30万元。单位支出47.13万元。")
    sangong = figure(result, "0.50万元")
    assert (sangong.subject, sangong.category) == ("三公经费", "经济分类")
    assert figure(result, "0.30万元").subject == "会议费"
    assert open_findings(result, "LINT-SAME-ITEM") == []  # neither is the unit's 支出


def test_a_cross_reference_is_not_a_heading():
    text = ("二、一般公共预算支出情况\n向一家供应商采购11.37万元，执行情况见七、存在的问题及原因分析。\n"
            "七、存在的问题及原因分析\n1.采购未按规定程序办理。\n")
    result = lint_text(text)
    tops = [(h.line, h.title) for h in result.document.headings if h.level == 1]
    assert tops == [(1, "一般公共预算支出情况"), (3, "存在的问题及原因分析")]


def test_a_table_row_keeps_its_cells_when_a_cell_holds_a_sentence():
    text = ("表4 指标（单位：万元）\n指标\t说明\t分值\t得分\n预算执行率\t按执行率计分，执行数÷预算数\t10.00\t9.50\n")
    result = lint_text(text)
    assert result.document.sentences[-1].cells[0] == "预算执行率"


# --- the ledgers: 年底收回, 超支, 尾差, summary rows -------------------------------------------------------------

def ledger():
    """Basic 1.00万 (0.10万 recovered at year end, 0.90万 spent); 甲项目 2.00万 spent 2.30万 (超支 0.30万);
    乙项目 1.00万 spent 0.60万 (年末结转 0.40万)."""
    quotas = [quota("initial", 1_000_000, kind="personnel", code="30101"),
              quota("reduction", -100_000, kind="personnel", code="30101", name="年底收回结余指标-基本工资",
                    date="2021-12-30"),
              quota("initial", 2_000_000, "P1"), quota("initial", 1_000_000, "P2")]
    vouchers = [voucher(900_000, kind="personnel", code="30101"), voucher(2_300_000, "P1"), voucher(600_000, "P2")]
    indicators = [indicator("产出", "数量", "活动", "ge", "1", "次", "1", project="P1", project_name="甲项目"),
                  indicator("产出", "数量", "培训", "ge", "1", "次", "1", project="P2", project_name="乙项目")]
    return workbook(indicators, quotas, vouchers)


TABLE = """表1 一般公共预算收支情况（单位：万元）
项目\t年初预算\t追加\t调减\t上年结转\t全年预算数\t年底收回\t实际支出\t年末结转\t超支金额\t执行率
基本支出\t1.00\t0.00\t0.00\t0.00\t1.00\t0.10\t0.90\t0.00\t0.00\t90.00%
项目支出\t3.00\t0.00\t0.00\t0.00\t3.00\t0.00\t2.90\t0.40\t0.30\t96.67%
合计\t4.00\t0.00\t0.00\t0.00\t4.00\t0.10\t3.80\t0.40\t0.30\t95.00%
表2 项目支出（单位：万元）
项目名称\t全年预算数\t实际支出\t年末结转\t超支金额
甲项目\t2.00\t2.30\t0.00\t0.30
乙项目\t1.00\t0.60\t0.40\t0.00
"""


def test_year_end_recovery_apart_and_rates_before_it_agree_with_the_ledgers():
    result = lint_text(TABLE, ledger(), year=2021)
    assert open_findings(result) == [], [f.title for f in open_findings(result)]
    assert figure(result, "0.10万元", 3).measure == "年底收回"
    # the same figures after the recovery (the ledgers' 调整后预算 and rate) are the other convention: also accepted
    after = TABLE.replace("基本支出\t1.00\t0.00\t0.00\t0.00\t1.00\t0.10\t0.90\t0.00\t0.00\t90.00%",
                          "基本支出\t1.00\t0.00\t0.00\t0.00\t0.90\t0.10\t0.90\t0.00\t0.00\t100.00%")
    assert open_findings(lint_text(after, ledger(), year=2021), "LINT-LEDGER") == []


def test_a_wrong_recovery_or_rate_is_still_an_error():
    wrong = TABLE.replace("1.00\t0.10\t0.90", "1.00\t0.20\t0.90", 1)
    assert [f.severity for f in open_findings(lint_text(wrong, ledger(), year=2021), "LINT-LEDGER")] == ["error"]
    rate = TABLE.replace("90.00%", "93.00%")
    assert open_findings(lint_text(rate, ledger(), year=2021), "LINT-LEDGER")


def test_recovery_inside_or_beside_调减_in_prose():
    beside = "基本支出年初预算1.00万元，年中调减0.00万元，年底收回结余指标0.10万元，基本支出0.90万元。"
    inside = "基本支出年初预算1.00万元，调减0.10万元（含年底收回0.10万元），基本支出0.90万元。"
    qualified = "单位调减（不含年底收回）0.00元，年底收回0.10万元。"
    for text in (beside, inside, qualified):
        result = lint_text(text, ledger(), year=2021)
        errors = [f.title for f in open_findings(result, "LINT-LEDGER") if f.severity == "error"]
        assert errors == [], (text, errors)
        assert any(f.passed and "年底收回" in f.explanation for f in result.findings if f.rule == "LINT-LEDGER")
    assert figure(lint_text(qualified), "0.00元").measure == "调减"  # a bracket qualifies, it is no measure


def test_overspend_beside_a_zero_carry_over_balances_sources_and_uses():
    text = ("2021年财政拨款收入2.00万元，上年结转0.00万元，支出2.30万元，年末结转0.00万元，超支金额0.30万元。")
    result = lint_text(text)
    assert open_findings(result, "LINT-SOURCES-USES") == []
    assert open_findings(lint_text(text.replace("，超支金额0.30万元", "")), "LINT-SOURCES-USES")


def test_an_execution_rate_above_100_is_no_claim_of_full_execution():
    text = "项目支出全年预算数3.00万元，实际支出3.20万元，年末结转0.10万元，执行率106.67%。"
    assert open_findings(lint_text(text), "LINT-CLAIM-100") == []
    claim = "项目支出全年预算数3.00万元，实际支出2.90万元，年末结转0.10万元，执行率100%。"
    assert open_findings(lint_text(claim), "LINT-CLAIM-100")


def test_a_stated_尾差_allows_one_unit_of_the_last_decimal():
    moved = TABLE.replace("乙项目\t1.00\t0.60", "乙项目\t1.00\t0.61")  # 0.01 moved (not what the ledger has)
    assert open_findings(lint_text(moved, ledger(), year=2021), "LINT-LEDGER")
    noted = moved + "注：金额按万元四舍五入，分项与合计的尾差调整在最大项。\n"
    result = lint_text(noted, ledger(), year=2021)
    assert open_findings(result, "LINT-LEDGER") == []
    assert any(f.passed and "尾差" in f.title for f in result.findings)


def test_a_summary_row_stands_for_the_projects_it_does_not_list():
    text = ("表2 项目支出（单位：万元）\n项目名称\t全年预算数\t实际支出\n甲项目\t2.00\t2.30\n另有1项\t1.00\t0.60\n"
            "项目支出小计\t3.00\t2.90\n")
    result = lint_text(text, ledger(), year=2021)
    assert [f.title for f in open_findings(result)] == ["账面年末结转 0.10万元，报告未列示"]  # no project unmentioned
    assert any(f.passed and "汇总行" in f.title for f in result.findings)
    wrong = lint_text(text.replace("另有1项\t1.00\t0.60", "另有1项\t1.00\t0.70"), ledger(), year=2021)
    assert "另有1项支出：报告 0.70万元，账面 0.60万元" in [f.title for f in open_findings(wrong)]
    assert "账中项目“乙项目”报告未提及" in [f.title for f in open_findings(wrong)]  # not accounted for by a wrong row


def test_the_forms_资金_block_is_read_as_a_form():
    text = ("项目名称：甲项目\n表5-1 项目支出绩效自评表：甲项目（资金情况）\n"
            "项目\t年初预算数（万元）\t全年预算数（万元）\t全年执行数（万元）\t分值\t执行率\t得分\n"
            "年度资金总额\t2.00\t2.00\t2.30\t10.00\t115.00%\t8.50\n"
            "其中：本年财政拨款\t2.00\t2.00\t2.30\t—\t115.00%\t—\n上年结转\t0.00\t0.00\t0.00\t—\t—\t—\n"
            "其他资金\t0.00\t0.00\t0.00\t—\t—\t—\n"
            "注：执行率按线性规则（分值×执行率，最高100%）计分，超过100%的部分反向扣分。\n")
    result = lint_text(text, ledger(), year=2021)
    total = figure(result, "2.30万元", 4)
    assert (total.subject, total.category) == ("甲项目", "")
    assert figure(result, "2.30万元", 5).category == "资金来源：本年财政拨款"
    assert figure(result, "2.00万元", 4).measure == "年初预算数（自评表）"
    assert [f.title for f in open_findings(result) if f.severity == "error"] == []  # 10 × (2 − 1.15) = 8.50


def test_grade_bands_stated_by_the_report_or_configured():
    text = "自评得分85.00分，等级为“良”。"
    assert open_findings(lint_text(text), "LINT-SCORE") == []
    strict = "等级：优≥95分、良≥88分、中≥60分、差低于60分。" + text
    assert [f.title for f in open_findings(lint_text(strict), "LINT-SCORE")] == ["得分 85.00分 应评为“中”，报告写“良”"]


def test_misreads_fixed():
    # "结余" is not 年末结转
    assert figure(lint_text("年末结余0.50万元，上年结余资金1.00万元。"), "0.50万元").measure == "年末结转"
    assert figure(lint_text("形成结余0.20万元。"), "0.20万元").measure == "结余"
    # "年中追加" is 追加
    assert figure(lint_text("甲项目年中追加0.15万元。"), "0.15万元").measure == "追加"
    # a month's part with its own measure
    month = lint_text("甲项目实际支出8.00万元，其中12月支出5.00万元。")
    assert figure(month, "5.00万元").period == "12月" and open_findings(month) == []
    # a payment to suppliers is no budget line
    assert not figure(lint_text("全年向供应商支付9.10万元。"), "9.10万元").measure
    # digits of a declared project's name are no figures
    named = lint_text("表2 项目（单位：万元）\n项目名称\t全年预算数\t实际支出\n乡村振兴2期工程\t10.00\t8.00\n"
                      "乡村振兴2期工程实际支出8.00万元。")
    assert [f.raw for f in named.figures if f.line == 4] == ["8.00万元"]  # no "2期" count
    assert figure(named, "8.00万元", 4).subject == "乡村振兴2期工程"
    assert open_findings(named) == []
