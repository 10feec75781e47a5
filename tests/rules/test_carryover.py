"""CARRY-STALE: one year (stale_carry_in) and several years (stale_carry_over)."""

from qlaudit.rules.carryover import stale_carry_in, stale_carry_over
from qlaudit.settings import load_settings
from tests.rules.builders import line, quota, rows, workbook

SETTINGS = load_settings()


def test_carry_in_unused_all_year_fires():
    wb = workbook(quotas=[quota(3_000, project="P1"), quota(5_000, project="P1", source="carry_in", date="2021-01-01")])
    (f,) = stale_carry_in(wb, SETTINGS)
    assert (f.rule, f.subject, f.severity) == ("CARRY-STALE", "P1", "warning")
    assert f.amounts == (("carry_in", 500_000), ("spent", 0))
    assert rows([f]) == [[3]]  # the 结转 quota line


def test_carry_in_used_or_absent_is_silent():
    wb = workbook(
        quotas=[quota(5_000, project="P1", source="carry_in"), quota(3_000, project="P2")],
        lines=[line("2021-04-01", 10, project="P1", code="30299")],
    )
    assert stale_carry_in(wb, SETTINGS) == []


def _year(year, carry_in, spent, initial=0):
    quotas = [quota(initial, project="P1", date=f"{year}-01-15")] if initial else []
    if carry_in:
        quotas.append(quota(carry_in, project="P1", source="carry_in", date=f"{year}-01-01"))
    lines = [line(f"{year}-06-01", spent, project="P1", code="30299")] if spent else []
    return workbook(quotas=quotas, lines=lines, year=year)


def test_money_idle_for_two_consecutive_years_fires():
    books = [_year(2023, 5_000, 2_000), _year(2021, 0, 4_000, initial=10_000), _year(2022, 6_000, 1_000)]
    (f,) = stale_carry_over(books)
    assert (f.rule, f.subject) == ("CARRY-STALE", "P1")
    assert "2022–2023" in f.title
    # 2022: 6,000 carried in, 1,000 spent → 5,000 idle a year; 2023: 2,000 spent of it → 3,000 idle two years
    assert f.amounts == (("carry_in", 500_000), ("spent", 200_000), ("stale", 300_000))
    assert [e.date for e in f.evidence] == ["2022-01-01", "2023-01-01"]


def test_spent_carry_over_or_a_missing_year_is_silent():
    assert stale_carry_over([_year(2022, 6_000, 1_000), _year(2023, 5_000, 5_000)]) == []
    assert stale_carry_over([_year(2021, 6_000, 1_000), _year(2023, 5_000, 0)]) == []  # 2022 missing


def test_stale_years_setting():
    books = [_year(2021, 6_000, 1_000), _year(2022, 5_000, 0), _year(2023, 5_000, 0)]
    assert [f.title[-11:] for f in stale_carry_over(books, SETTINGS.replace(carry_stale_years=3))] == ["（2021–2023）"]
    assert len(stale_carry_over(books)) == 2  # 2021–2022 and 2022–2023
