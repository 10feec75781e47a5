"""CLASS-MISMATCH (摘要 vs economic code) and SUSPECT-PROJECT-CODE (专项资金 on running-cost codes)."""

from qlaudit.rules.classification import class_mismatch, suspect_project_codes
from qlaudit.settings import load_settings
from tests.rules.builders import line, project, rows, workbook

SETTINGS = load_settings()


def test_a_meeting_booked_to_other_services_fires():
    wb = workbook(lines=[
        line("2021-04-01", 2_600, summary="召开年度工作会议", code="30299", project="P1"),
        line("2021-04-02", 300, summary="会议室茶歇（会议）", code="30299", project="P1"),
        line("2021-04-03", 800, summary="缴纳3月电费", code="30201"),
    ])
    findings = class_mismatch(wb, SETTINGS)
    assert [(f.rule, f.subject) for f in findings] == [("CLASS-MISMATCH", "30201→30206"),
                                                       ("CLASS-MISMATCH", "30299→30215")]
    assert rows(findings) == [[4], [2, 3]]
    assert findings[1].amounts == (("spent", 290_000),)
    assert "30215 会议费" in findings[1].explanation


def test_matching_codes_several_keywords_and_reversals_are_silent():
    wb = workbook(lines=[
        line("2021-04-01", 2_600, summary="会议费", code="30215"),
        line("2021-04-02", 900, summary="差旅费（参加培训）", code="30216"),  # one of the implied codes
        line("2021-04-03", 500, summary="购买办公用品", code="30201"),  # no keyword
        line("2021-04-04", 700, summary="培训资料", payee="书店", code="30201"),  # booked wrongly, then reversed
        line("2021-04-05", -700, summary="冲销培训资料", payee="书店", code="30201"),
    ])
    assert class_mismatch(wb, SETTINGS) == []


def test_project_money_on_reception_fires_and_quotes_the_purpose():
    wb = workbook(
        lines=[line("2021-05-06", 800, summary="接待考察团餐费", code="30217", project="P1"),
               line("2021-05-07", 1_000, summary="开展侨情调研", code="30299", project="P1")],
        projects=[project("P1", purpose="开展侨情调研和归侨慰问")],
    )
    (f,) = suspect_project_codes(wb, SETTINGS)
    assert (f.rule, f.severity, f.subject, f.amounts) == ("SUSPECT-PROJECT-CODE", "warning", "P1/30217",
                                                          (("spent", 80_000),))
    assert "开展侨情调研和归侨慰问" in f.explanation
    assert rows([f]) == [[2]]


def test_basic_money_netted_lines_and_ordinary_codes_are_silent():
    wb = workbook(lines=[
        line("2021-05-06", 800, summary="接待", code="30217"),  # basic, not project money
        line("2021-05-07", 500, summary="办公用品", code="30201", project="P1"),
        line("2021-05-08", -500, summary="冲销", code="30201", project="P1"),
        line("2021-05-09", 1_000, summary="调研", code="30299", project="P1"),
    ])
    assert suspect_project_codes(wb, SETTINGS) == []
