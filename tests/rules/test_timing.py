"""TIM-DEC-RUSH (project December share) and TIM-Q4-SHARE (unit fourth-quarter share)."""

from qlaudit.rules.timing import december_rush
from qlaudit.settings import load_settings
from tests.rules.builders import line, rows, workbook

SETTINGS = load_settings()


def _projects():
    return workbook(lines=[
        line("2021-01-10", 1_000, project="P1", code="30299"), line("2021-12-10", 500, project="P1", code="30299"),
        line("2021-01-10", 1_000, project="P2", code="30299"), line("2021-12-10", 300, project="P2", code="30299"),
        line("2021-02-10", 700, project="P3", code="30299"), line("2021-12-10", 300, project="P3", code="30299"),
        line("2021-03-10", 10_000, code="30101"),  # keeps the unit's Q4 share low
    ])


def test_december_share_above_threshold_fires_with_december_lines():
    findings = december_rush(_projects(), SETTINGS)
    assert [(f.rule, f.subject) for f in findings] == [("TIM-DEC-RUSH", "P1")]
    (f,) = findings
    assert f.amounts == (("annual", 150_000), ("december", 50_000))
    assert rows(findings) == [[3]]
    assert "33.33%" in f.explanation


def test_december_share_at_or_below_threshold_is_silent_unless_lowered():
    # P2 23%, P3 exactly 30%: silent at 0.30; both fire at 0.20
    assert [f.subject for f in december_rush(_projects(), SETTINGS.replace(december_share_project=0.2))] == [
        "P1", "P2", "P3"]


def test_fourth_quarter_share_for_the_unit():
    wb = workbook(lines=[line("2021-03-10", 1_000), line("2021-11-10", 800, payee="甲公司"),
                         line("2021-12-10", 400, code="30101", payee="职工")])
    (f,) = december_rush(wb, SETTINGS)
    assert (f.rule, f.amounts) == ("TIM-Q4-SHARE", (("annual", 220_000), ("q4", 120_000)))
    assert rows([f]) == [[3]]  # Q4 lines other than 人员经费


def test_fourth_quarter_share_at_half_is_silent():
    wb = workbook(lines=[line("2021-03-10", 1_000), line("2021-11-10", 1_000)])
    assert december_rush(wb, SETTINGS) == []
