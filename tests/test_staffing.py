"""Staffing (编制/实有/在职/离退休) from unit.yaml or the payroll lines, and the new optional unit.yaml keys."""

import datetime as dt

import pytest

from qlaudit.profile import ProfileError, UnitProfile, load_profile
from qlaudit.staffing import staffing
from tests.scoring.builders import voucher, workbook


def pay(payee, month, code="30101", amount=300_000, kind="personnel"):
    return voucher(amount, kind=kind, code=code, payee=payee, date=dt.date(2021, month, 15))


def payroll():
    lines = [pay(p, m, code) for m in range(1, 13) for p in ("甲", "乙") for code in ("30101", "30102", "30107")]
    lines += [pay("丙", m) for m in range(7, 13)]  # joins in July
    lines += [pay("丁", m, "30302", 250_000) for m in range(1, 13)]  # one retiree
    lines += [pay("某劳务派遣有限公司", 12, "30102"),  # paid to an agency: not a person
              pay("甲", 12, "30107", -300_000),  # a reversal does not count a person
              pay("戊", 5, "30101", kind="project")]  # project money on 30101: not the unit's staff
    return lines


def test_counts_from_the_payroll_lines():
    s = staffing(workbook([], [], payroll(), profile=UnitProfile(code="t", name="测试单位", staffing_authorised=2)))
    assert (s.authorised, s.actual, s.in_service, s.retired) == (2, 3, 3, 1)
    assert s.source == ("编制数：unit.yaml；在职人数：工资发放凭证推算（30101/30102/30107，12月领取人数）；"
                        "离退休人数：工资发放凭证推算（30301/30302，12月领取人数）；实有人数：按在职人数（工资发放人数）计，未区分编外人员")
    assert s.notes == ("1个工资收款方为单位而非个人，未计入人数", "在职人数按月在2至3人之间，取12月（年内最后发放月份）人数")
    assert "丙" not in repr(s) and "甲" not in repr(s)  # counts only, never names


def test_unit_yaml_wins_and_a_difference_is_noted():
    profile = UnitProfile(code="t", name="测试单位", staffing_authorised=4, staffing_actual=3, staffing_in_service=4,
                          staffing_retired=2)
    s = staffing(workbook([], [], payroll(), profile=profile))
    assert (s.authorised, s.actual, s.in_service, s.retired) == (4, 3, 4, 2)
    assert s.source == "编制数：unit.yaml；在职人数：unit.yaml；离退休人数：unit.yaml；实有人数：unit.yaml"
    assert "unit.yaml填写在职人数4人，工资发放凭证推算（30101/30102/30107，12月领取人数）为3人" in s.notes
    assert "unit.yaml填写离退休人数2人，工资发放凭证推算（30301/30302，12月领取人数）为1人" in s.notes


def test_nothing_to_count_is_unknown_not_zero():
    s = staffing(workbook([], [], [pay("甲", m) for m in range(1, 11)]))  # salaries until October, no pensions
    assert (s.authorised, s.actual, s.in_service, s.retired) == (None, 1, 1, None)
    assert "离退休人数：未提供（unit.yaml未填写，账套中无离退休费发放凭证，可能由社保基金发放）" in s.source
    assert "在职人数对应的发放凭证最后一个月为10月" in s.notes
    empty = staffing(workbook([], [], []))
    assert (empty.actual, empty.in_service, empty.retired) == (None, None, None)


def write_profile(tmp_path, staffing_text):
    path = tmp_path / "unit.yaml"
    path.write_text(f"name: 测试单位\nstaffing:\n{staffing_text}", encoding="utf-8")
    return path


def test_profile_reads_the_optional_counts(tmp_path):
    profile = load_profile(write_profile(tmp_path, "  authorised: 3\n  actual: 3\n  in_service: 4\n  retired: 1\n"), "u")
    assert (profile.staffing_authorised, profile.staffing_actual, profile.staffing_in_service,
            profile.staffing_retired) == (3, 3, 4, 1)
    bare = load_profile(write_profile(tmp_path, "  authorised: 3\n"), "u")
    assert (bare.staffing_actual, bare.staffing_in_service, bare.staffing_retired) == (None, None, None)


@pytest.mark.parametrize("bad", ["  retired: -1\n", "  in_service: 二\n", "  actual: 2.5\n", "  actual: true\n"])
def test_profile_rejects_counts_that_are_not_whole_numbers(tmp_path, bad):
    with pytest.raises(ProfileError, match="is not a whole number of people") as caught:
        load_profile(write_profile(tmp_path, bad), "u/unit.yaml")
    assert caught.value.issue.hint.startswith("write staffing.")


def test_profile_rejects_staffing_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "unit.yaml"
    path.write_text("name: 测试单位\nstaffing: 3\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="staffing must be a mapping"):
        load_profile(path, "u/unit.yaml")
