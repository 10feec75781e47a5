"""qlaudit's own narrative (every figure computed from the ledgers) is a correct report in the standard style —
tables flattened to tab-separated lines, "其中…" clauses, named projects: the linter must find nothing wrong in it,
alone or against the ledgers, and must still catch a wrong figure put into it."""

import pytest

from qlaudit.lint import lint_text
from tests.report.built import UNIT_YEARS, report, workbook


def generated(unit: str, year: int) -> str:
    return report(unit, year).text()


def problems(unit: str, year: int, result) -> list[tuple[str, str, str]]:
    """Open findings: none at all. The report's conventions (尾差 stated and moved to the largest part, 年底收回 in its
    own column, an overspend printed as 超支金额 beside 年末结转 0, long tables summed up in one row, the 自评表's
    forms, the grade bands it states) are conventions of real reports that lint knows, not exceptions."""
    return [(f.severity, f.rule, f.title) for f in result.findings if not f.passed and f.severity != "info"]


@pytest.mark.parametrize(("unit", "year"), UNIT_YEARS)
@pytest.mark.parametrize("with_ledgers", [False, True], ids=["alone", "ledgers"])
def test_generated_report_has_no_error_or_warning(unit, year, with_ledgers):
    # against the ledgers: the very lint the report's gate ran on report.txt (not run a second time)
    result = report(unit, year).gate.lint if with_ledgers else lint_text(generated(unit, year))
    assert result is not None
    assert problems(unit, year, result) == []
    checked = {f.rule for f in result.findings if f.passed}
    assert {"LINT-PARTS", "LINT-RATE", "LINT-SCORE"} <= checked
    assert not with_ledgers or "LINT-LEDGER" in checked


@pytest.mark.parametrize("with_ledgers", [False, True], ids=["alone", "ledgers"])
def test_a_wrong_figure_in_a_generated_report_is_caught(with_ledgers):
    text = generated("lusong-qiaolian", 2021)
    assert "项目支出7.81万元" in text
    wrong = text.replace("项目支出7.81万元", "项目支出7.91万元", 1)
    result = lint_text(wrong, workbook("lusong-qiaolian", 2021) if with_ledgers else None)
    caught = {(f.severity, f.rule) for f in result.findings if not f.passed and "7.91" in f.title}
    assert ("error", "LINT-SAME-ITEM") in caught
    assert not with_ledgers or ("error", "LINT-LEDGER") in caught


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("年底收回未用指标1.66万元", "年底收回未用指标1.76万元", "LINT-SAME-ITEM"),  # 年底收回 stated in 二, 表1 and 十
    ("公用经费\t6.41\t0.00\t0.00\t0.00\t6.41", "公用经费\t6.41\t0.00\t0.00\t0.00\t6.51", "LINT-PARTS"),  # 全年预算数
    ("预算执行率88.18%；", "预算执行率95.00%；", "LINT-RATE"),
    ("自评得分76.20分，等级为“中”", "自评得分85.00分，等级为“中”", "LINT-SCORE"),  # the grade of the stated bands
])
def test_other_wrong_figures_in_a_generated_report_are_caught(old, new, rule):
    text = generated("lusong-qiaolian", 2021)
    assert old in text
    result = lint_text(text.replace(old, new, 1))
    assert ("error", rule) in {(f.severity, f.rule) for f in result.findings if not f.passed}
