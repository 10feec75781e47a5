"""A unit with 720 projects (issue 10): the report renders, passes its gate, and stays readable — numerals past 九十九,
long tables cut to their largest rows with one "另有N项" row that keeps the totals, 七 and the score card capped."""

import re

import pytest

import qlaudit
from qlaudit.report import cells, render_html
from qlaudit.report.model import ReportOptions, build
from tests.report.many_projects import write_unit

PROJECTS = 720


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    data = write_unit(tmp_path_factory.mktemp("data"), projects=PROJECTS)
    wb = qlaudit.open("many", 2023, data)
    # The rules' own scale is tested with them; here 七 fills with the ~240 indicators that miss their target.
    return build(wb, ReportOptions(report_date="2024-03-31"), findings=[], own_lint=False)


def test_the_report_passes_its_gate(many):
    assert many.gate.ok, many.gate.reasons


def test_long_tables_keep_their_largest_rows_and_their_totals(many):
    budget = many.section("general_budget")
    table2 = next(b for b in budget.blocks if getattr(b, "caption", "").startswith("表2 "))
    assert len(table2.rows) == 30 + 2  # the largest 30, one "另有690项" row, the 项目支出小计
    assert table2.rows[-2][1] == f"另有{PROJECTS - 30}项" and "项目共720个" in table2.note
    assert "以下列示预算或支出较大的" in budget.text() and "其余项目支出合计" in budget.text()


def test_seven_and_six_stay_readable(many):
    problems = many.section("problems").text().splitlines()
    assert len(problems) <= 22  # heading, 20 problems, one line for the rest
    assert re.match(r"另有\d+项同类问题", problems[-1])
    performance = many.section("performance").text()
    assert "二十九是" in performance and "三十一是" not in performance  # numerals past 十, the list capped
    # the unit 自评表, the project scores (capped) and the 自评表 of the largest 5 projects; the rest in 附六
    assert performance.count("（资金情况）") == 1 + 5 and "另有715个项目的自评表见审计工作底稿附六" in performance
    assert len(performance.splitlines()) < 240
    assert len(many.text().splitlines()) < 600
    scores = many.section("scores").text()
    assert scores.count("项目支出绩效自评表：") == 2 * PROJECTS  # every project's funds and indicator tables


def test_working_papers_keep_every_problem(many):
    unmet = [e for e in many.entries if e.rule == "INDICATOR"]
    assert len(unmet) > 100 and len(many.entries) == len(unmet)
    assert many.entries[-1].index == f"DG-2023-{len(unmet):03d}"


def test_the_html_renders(many):
    html = "".join(render_html.render_section(s, lambda k: None) for s in many.self_evaluation)
    assert html.count("<table") >= 5 and "七百" not in html
    assert len(cells.workpapers_html(many)) > len(html)
