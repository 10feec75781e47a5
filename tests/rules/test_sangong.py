"""SANGONG-HIDDEN (三公 keywords on other codes) and SANGONG-TOTAL (三公 spending against its quotas)."""

from qlaudit.rules.sangong import hidden_sangong, sangong_total
from qlaudit.settings import load_settings
from tests.rules.builders import line, quota, rows, workbook

SETTINGS = load_settings()


def test_reception_and_fuel_booked_elsewhere_fire():
    wb = workbook(lines=[
        line("2021-03-01", 680, summary="接待来访客人餐费", code="30201"),
        line("2021-03-02", 300, summary="公务用车加油", code="30299"),
        line("2021-03-03", 200, summary="工作餐", code="30201"),
    ])
    findings = hidden_sangong(wb, SETTINGS)
    assert [(f.rule, f.subject) for f in findings] == [("SANGONG-HIDDEN", "30201→30217"),
                                                       ("SANGONG-HIDDEN", "30299→30231")]
    assert rows(findings) == [[2, 4], [3]]
    assert findings[0].amounts == (("spent", 88_000),)
    assert "公务接待费" in findings[0].title


def test_sangong_codes_exempt_codes_plain_summaries_and_reversals_are_silent():
    wb = workbook(lines=[
        line("2021-03-01", 680, summary="接待来访客人", code="30217"),
        line("2021-03-02", 300, summary="车辆保险", code="30231"),
        line("2021-03-03", 900, summary="会议期间餐费", code="30215"),
        line("2021-03-04", 400, summary="职工午餐补助", code="30106"),
        line("2021-03-05", 500, summary="购买办公用品", code="30201"),
        line("2021-03-06", 100, summary="餐费", payee="饭店", code="30201"),
        line("2021-03-07", -100, summary="冲销餐费", payee="饭店", code="30201"),
    ])
    assert hidden_sangong(wb, SETTINGS) == []


def test_sangong_over_its_quotas_is_an_error():
    wb = workbook(
        quotas=[quota(5_000, code="30217"), quota(10_000, code="30231"), quota(9_000, code="30201")],
        lines=[line("2021-03-01", 6_000, summary="接待", code="30217"),
               line("2021-04-01", 9_500, summary="车辆维修", code="30231"),
               line("2021-05-01", 1_000, summary="办公", code="30201")],
    )
    (f,) = sangong_total(wb, SETTINGS)
    assert (f.rule, f.severity, f.passed) == ("SANGONG-TOTAL", "error", False)
    assert f.amounts == (("abroad", 0), ("vehicle_purchase", 0), ("vehicle_operation", 950_000),
                         ("reception", 600_000), ("quota", 1_500_000), ("spent", 1_550_000), ("excess", 50_000))
    assert rows([f]) == [[2, 3]]


def test_sangong_within_quotas_passes_and_without_quotas_is_not_compared():
    within = workbook(quotas=[quota(5_000, code="30217")], lines=[line("2021-03-01", 5_000, code="30217")])
    (f,) = sangong_total(within, SETTINGS)
    assert (f.severity, f.passed, f.evidence) == ("info", True, ())
    no_quota = workbook(quotas=[quota(5_000, code="30201")], lines=[line("2021-03-01", 800, code="30217")])
    assert sangong_total(no_quota, SETTINGS) == []
