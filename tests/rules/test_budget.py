"""BUD-LOW-EXEC and BUD-OVER-CLASS on small inline ledgers."""

from qlaudit.rules.budget import low_execution, over_class_budget
from qlaudit.settings import load_settings
from tests.rules.builders import line, quota, rows, workbook

SETTINGS = load_settings()


def test_low_execution_fires_per_project_and_for_the_unit():
    wb = workbook(
        quotas=[quota(10_000, project="P1"), quota(2_000, code="30201")],
        lines=[line("2021-05-10", 8_000, project="P1", code="30299"), line("2021-06-10", 2_000, code="30201")],
    )
    findings = low_execution(wb, SETTINGS)
    assert [(f.rule, f.subject, f.severity) for f in findings] == [
        ("BUD-LOW-EXEC", "general", "warning"), ("BUD-LOW-EXEC", "P1", "warning")]
    unit, project = findings
    assert project.amounts == (("adjusted", 1_000_000), ("spent", 800_000), ("unspent", 200_000))
    assert "80.00%" in project.explanation and "需说明原因" in project.explanation
    assert rows([project]) == [[2]]  # the project's quota line
    assert unit.amounts == (("adjusted", 1_200_000), ("spent", 1_000_000), ("unspent", 200_000))


def test_low_execution_silent_at_exactly_the_threshold():
    wb = workbook(
        quotas=[quota(10_000, project="P1"), quota(2_000, code="30201")],
        lines=[line("2021-05-10", 9_000, project="P1", code="30299"), line("2021-06-10", 2_000, code="30201")],
    )
    assert low_execution(wb, SETTINGS) == []
    assert [f.subject for f in low_execution(wb, SETTINGS.replace(low_execution_rate=0.95))] == ["general", "P1"]


def test_over_class_per_class_when_quotas_name_several_classes():
    wb = workbook(
        quotas=[quota(5_000, project="P1", code="30299"), quota(3_000, project="P1", code="31002")],
        lines=[
            line("2021-03-01", 3_000, project="P1", code="30215", summary="召开会议"),
            line("2021-04-01", 2_500, project="P1", code="30202", summary="印刷资料"),
            line("2021-05-01", 1_000, project="P1", code="31002", summary="购买电脑"),
            line("2021-06-01", 200, project="P1", code="30305", summary="困难补助"),
        ],
    )
    findings = over_class_budget(wb, SETTINGS)
    assert [(f.subject, f.severity) for f in findings] == [("P1/302", "error"), ("P1/303", "error")]
    assert findings[0].amounts == (("quota", 500_000), ("spent", 550_000), ("excess", 50_000))
    assert rows(findings) == [[3], [5]]  # from the line that exhausts the quota
    assert findings[1].amounts == (("quota", 0), ("spent", 20_000), ("excess", 20_000))


def test_over_class_on_the_whole_project_when_quotas_name_one_class():
    wb = workbook(
        quotas=[quota(1_000, project="P2", code="30299")],
        lines=[line("2021-03-01", 600, project="P2", code="30202"), line("2021-03-02", 600, project="P2", code="30215")],
    )
    (f,) = over_class_budget(wb, SETTINGS)
    assert (f.subject, f.amount("excess")) == ("P2", 20_000)
    assert "项目整体" in f.title
    assert rows([f]) == [[3]]


def test_over_class_silent_within_quotas():
    wb = workbook(
        quotas=[quota(1_000, project="P3", code="30299"), quota(1_000, project="P3", code="31002"),
                quota(500, project="P4", code="30299")],
        lines=[line("2021-03-01", 1_000, project="P3", code="30202"),
               line("2021-03-02", 1_000, project="P3", code="31002"),
               line("2021-03-03", 500, project="P4", code="30215"),
               line("2021-03-04", 99, project="P5", code="30215")],  # no quota at all: REC-NO-QUOTA's case
    )
    assert over_class_budget(wb, SETTINGS) == []
