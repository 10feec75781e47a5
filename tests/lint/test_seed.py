"""The seed report (2021 区侨联): what is wrong in it, alone and against the sample ledgers; the corrected seed."""

import pytest

import qlaudit
from qlaudit.lint import lint_file, lint_text
from tests.lint.reports import DATA, SEED, corrected_seed, findings_of, rules, seed_text


@pytest.fixture(scope="module")
def workbook():
    return qlaudit.open("lusong-qiaolian", 2021, DATA)


def test_seed_alone():
    result = lint_file(SEED)
    assert result.has_error
    assert result.year == 2021
    assert sorted(rules(result)) == ["LINT-PROBLEMS-NONE", "LINT-READ", "LINT-SAME-ITEM", "LINT-SOURCES-USES",
                                     "LINT-UNATTRIBUTED", "LINT-VAGUE-GOAL", "LINT-VAGUE-GOAL"]
    (read,) = findings_of(result, "LINT-READ")
    assert read.title == "已修复中文数字 2 处" and "第5行 三个 → 3个" in read.explanation
    (same,) = findings_of(result, "LINT-SAME-ITEM")
    assert same.severity == "error" and same.title == "侨联工作经费支出前后不一致：7.81万元 / 7.66万元"
    assert [e.row for e in same.evidence] == [20, 39]
    (sources,) = findings_of(result, "LINT-SOURCES-USES")
    assert sources.severity == "warning" and sources.amount("推算上年结转") == 4_660_000
    (problems,) = findings_of(result, "LINT-PROBLEMS-NONE")
    assert "侨联工作经费实际支出 7.66万元 超过预算 3万元" in problems.explanation
    assert "未纳入年初预算" in problems.explanation and problems.evidence[-1].row == 42
    vague = [f.title for f in findings_of(result, "LINT-VAGUE-GOAL")]
    assert "目标只有“加强”类表述，没有可衡量的指标" in vague and "绩效目标未量化（5处）" in vague
    passed = [f.title for f in result.findings if f.passed]
    assert "支出 47.13万元 = 基本支出 39.32万元 + 项目支出 7.81万元" in passed
    assert "基本支出 39.32万元 = 人员经费 33.22万元 + 公用经费 6.10万元" in passed
    assert "项目支出 7.81万元 = 侨联工作经费支出 7.66万元 + 民生100支出 0.15万元" in passed


def test_seed_against_the_ledgers(workbook):
    result = lint_text(seed_text(), workbook, source=SEED.name)
    ledger = findings_of(result, "LINT-LEDGER")
    assert [(f.severity, f.title) for f in ledger] == [
        ("error", "侨联工作经费支出：报告 7.81万元，账面 7.66万元（76,583.50元）"),
        ("warning", "账面上年结转 4.66万元（46,583.50元），报告未列示"),
        ("warning", "账面年末结转 4.66万元，报告未列示"),
        ("warning", "账中项目“侨胞之家建设”报告未提及"),
    ]
    (agreed,) = findings_of(result, "LINT-LEDGER", passed=True)
    assert agreed.title == "10 个数字与账面一致"
    assert "第39行 侨联工作经费预算 3万元 = 账面年初预算 3.00万元" in agreed.explanation
    assert "第16行 预算 47.13万元 = 账面本年预算 47.13万元（471,301.57元）" in agreed.explanation


def test_the_corrected_seed_has_no_error_or_warning_alone_or_against_the_ledgers(workbook):
    alone = lint_text(corrected_seed())
    assert rules(alone, "error") == [] and rules(alone, "warning") == []
    against = lint_text(corrected_seed(), workbook)
    assert rules(against, "error") == [] and rules(against, "warning") == []
    assert rules(against, passed=True).count("LINT-LEDGER") == 1


def test_a_truncated_seed_is_read_up_to_the_cut():
    text = seed_text()
    cut = text[: text.index("实际支出7.66万元") + len("实际支出7.6")]
    result = lint_text(cut)
    assert "报告似乎在句中中断" in [f.title for f in findings_of(result, "LINT-STRUCTURE")]
    assert "金额未注明单位：7.6" in [f.title for f in findings_of(result, "LINT-UNATTRIBUTED")]
    assert not findings_of(result, "LINT-SAME-ITEM")  # 7.66 was cut off: nothing to contradict 7.81 any more
