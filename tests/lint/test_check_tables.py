"""The 自评表 read as a table however it was flattened: '|' rows, one cell per line, a row broken over two lines,
OCR-glued rows; the 资金 block (rate, score by the stated rule, totals vs 其中 rows) and indicator rows."""

import pytest

from tests.lint.reports import findings_of, lint

FUND = [["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "20.00", "20.00", "18.00", "10", "90%", "10"],
        ["其中：当年财政拨款", "16.00", "16.00", "14.00", "", "", ""],
        ["上年结转资金", "4.00", "4.00", "4.00", "", "", ""]]
INDICATORS = [["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分", "偏差原因"],
              ["产出指标", "数量指标", "培训人次", "20", "≥300人次", "280人次", "20", "疫情影响"],
              ["产出指标", "质量指标", "培训合格率", "20", "≥95%", "98%", "18", ""],
              ["产出指标", "成本指标", "人均培训成本", "10", "≤200元", "180元", "10", ""],
              ["效益指标", "社会效益", "群众认可度", "20", "明显提高", "明显提高", "17", ""]]
RULE = "评分说明：执行率*分值计分，以分值为限。"


def pipes(rows):
    return "\n".join(" | ".join(r) + " |" for r in rows)


def one_per_line(rows):
    return "\n\n".join(c for r in rows for c in r if c)


def broken(rows):  # every row broken after its fourth cell, as some sites print them
    return "\n".join(" | ".join(r[:4]) + " |\n" + " | ".join(r[4:]) + " |" for r in rows)


@pytest.mark.parametrize("layout", [pipes, one_per_line, broken], ids=["pipes", "one-per-line", "broken-rows"])
def test_fund_block_score_by_the_stated_rule(layout):
    result = lint(layout(FUND) + "\n" + RULE)
    (score,) = [f for f in findings_of(result, "LINT-SCORE") if f.title.startswith("年度资金总额")]
    assert (score.severity, score.title) == ("error", "年度资金总额得分 10 与表中计分规则不符：应为 9.00")
    parts = findings_of(result, "LINT-PARTS", passed=True)
    assert sorted(f.title for f in parts) == ["年度资金总额 18.00 = 其中：当年财政拨款 14.00 + 上年结转资金 4.00",
                                              "年度资金总额 20.00 = 其中：当年财政拨款 16.00 + 上年结转资金 4.00",
                                              "年度资金总额 20.00 = 其中：当年财政拨款 16.00 + 上年结转资金 4.00"]


def test_fund_block_without_a_rule_and_its_rate():
    rows = [r[:] for r in FUND]
    rows[1][5] = "95%"  # 18 / 20 = 90%
    result = lint(pipes(rows))
    assert [(f.severity, f.title) for f in findings_of(result, "LINT-RATE")] == [
        ("error", "年度资金总额执行率 95% 与金额不符：应为 90.00%")]
    assert findings_of(result, "LINT-SCORE") == []  # 10 against 9.00: no rule stated, integer rounding not judged
    full = [r[:] for r in FUND]
    full[1][3], full[1][5], full[1][6] = "20.00", "100%", "9"
    (deducted,) = findings_of(lint(pipes(full)), "LINT-SCORE")
    assert deducted.severity == "warning" and "执行率 100.00% 却扣分" in deducted.title


def test_fund_parts_that_do_not_add_up():
    rows = [r[:] for r in FUND]
    rows[3][3] = "5.00"
    (f,) = findings_of(lint(pipes(rows)), "LINT-PARTS")
    assert f.severity == "error" and f.title == "年度资金总额 18.00 ≠ 其中：当年财政拨款 14.00 + 上年结转资金 5.00"


@pytest.mark.parametrize("layout", [pipes, one_per_line], ids=["pipes", "one-per-line"])
def test_indicators_met_but_deducted_and_missed_with_full_points(layout):
    result = lint(layout(INDICATORS))
    got = sorted((f.severity, f.title) for f in findings_of(result, "LINT-SCORE"))
    assert got == [("error", "培训人次：指标未完成却得满分"), ("warning", "培训合格率：指标已完成却扣分")]
    passed = sorted(f.title for f in findings_of(result, "LINT-SCORE", passed=True))
    assert passed == ["人均培训成本：得分与完成情况相符", "群众认可度：得分与完成情况相符"]  # 17 of 20 ≥ 80%: qualitative


def test_comparator_and_unit_in_their_own_cells():
    rows = [["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["资料印发数量", "=", "500", "份", "500", "10", "8"]]
    (f,) = findings_of(lint(pipes(rows)), "LINT-SCORE")
    assert (f.severity, f.title) == ("warning", "资料印发数量：指标已完成却扣分")


def test_glued_ocr_rows():
    text = "项目决策项目立项规范性3一立项规范3预算执行率10一100%8项目完成时间42023年11月完成2023年11月完成3满意度"
    got = sorted(f.title for f in findings_of(lint(text), "LINT-SCORE"))
    assert got == ["项目完成时间：指标已完成却扣分", "预算执行率：指标已完成却扣分"]
