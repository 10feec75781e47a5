"""On the sample data: every planted problem (data/README.md) is found, the seed's carry-over story is reported,
and nothing fires (no error or warning) on the unit built clean."""

from pathlib import Path

import pytest

import qlaudit

DATA = Path(__file__).resolve().parent.parent / "data"

PLANTED = {  # (unit, year): {(rule, subject or a voucher number in the evidence)}
    ("lusong-fulian", 2022): {("BUD-OVER-CLASS", "430203-FL-002"), ("REC-BUDGET", "430203-FL-002"),
                              ("TIM-DEC-RUSH", "430203-FL-003"), ("SPLIT-PURCHASE", "记-001")},
    ("lusong-fulian", 2023): {("DUP-EXACT", "记-004"), ("CLASS-MISMATCH", "记-015")},
    ("lusong-tuanwei", 2022): {("SEQ-GAP", "记-007"), ("SUSPECT-PROJECT-CODE", "记-014")},
    ("lusong-tuanwei", 2023): {("REC-NO-QUOTA", "430203-TW-009")},
}


def fired(unit: str, year: int) -> list[qlaudit.Finding]:
    wb = qlaudit.open(unit, year, DATA)
    return [f for f in qlaudit.check(wb) if f.severity in ("error", "warning") and not f.passed]


@pytest.mark.parametrize(("unit", "year"), sorted(PLANTED))
def test_every_planted_problem_is_found(unit, year):
    findings = fired(unit, year)
    for rule, mark in PLANTED[(unit, year)]:
        assert any(f.rule == rule and (f.subject == mark or any(e.voucher_no == mark for e in f.evidence))
                   for f in findings), (rule, mark, [(f.rule, f.subject) for f in findings])


@pytest.mark.parametrize("year", [2022, 2023])
def test_nothing_fires_on_the_clean_unit(year):
    assert fired("lusong-kexie", year) == []


def test_seed_year_reports_carry_over_covering_the_initial_budget_and_the_unbudgeted_project():
    findings = qlaudit.check(qlaudit.open("lusong-qiaolian", 2021, DATA))
    covered = next(f for f in findings if f.rule == "REC-BUDGET" and f.subject == "430203-QL-001")
    assert covered.severity == "info" and "由上年结转4.66万元弥补" in covered.explanation
    assert dict(covered.amounts)["initial"] == 3_000_000 and dict(covered.amounts)["carry_in"] == 4_658_350
    unbudgeted = next(f for f in findings if f.rule == "REC-BUDGET" and f.subject == "430203-QL-002")
    assert unbudgeted.severity == "warning" and "未纳入年初预算" in unbudgeted.title
    continuity = next(f for f in findings if f.rule == "CARRY-CONTINUITY")
    assert continuity.passed
