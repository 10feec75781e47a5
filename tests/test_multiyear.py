"""Carry-over continuity across years and the multi-year trend."""

import itertools
import shutil
from pathlib import Path

import qlaudit
from qlaudit.multiyear import carry_over_continuity, load_years, trend

DATA = Path(__file__).resolve().parent.parent / "data"


def test_sample_unit_chains_its_carry_over_every_year():
    years = load_years("lusong-qiaolian", DATA)
    assert [w.year for w in years] == [2019, 2020, 2021, 2022, 2023]
    for previous, current in itertools.pairwise(years):
        (finding,) = carry_over_continuity(previous, current)
        assert finding.passed, finding.explanation
    table = trend(years)
    assert table.loc[table["year"] == 2021, "spent"].item() == 47_128_507
    assert table.loc[table["year"] == 2020, "carry_out"].item() == table.loc[table["year"] == 2021, "carry_in"].item()


def test_a_broken_chain_is_an_error_with_the_carry_in_quota_as_evidence(tmp_path):
    shutil.copytree(DATA / "lusong-qiaolian", tmp_path / "u", ignore=shutil.ignore_patterns("2019", "2022", "2023"))
    path = tmp_path / "u" / "2021" / "appropriations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("46583.50", "46000.00"), encoding="utf-8")
    current = qlaudit.open("u", 2021, tmp_path)
    findings = [f for f in qlaudit.check(current) if f.rule == "CARRY-CONTINUITY"]
    (broken,) = findings
    assert broken.severity == "error" and broken.subject == "430203-QL-001"
    assert dict(broken.amounts) == {"previous_carry_out": 4_658_350, "carry_in": 4_600_000, "difference": -58_350}
    assert [e.voucher_no for e in broken.evidence] == ["芦财结〔2021〕3号"]


def test_first_year_has_nothing_to_compare():
    wb = qlaudit.open("lusong-qiaolian", 2019, DATA)
    (finding,) = [f for f in qlaudit.check(wb) if f.rule == "CARRY-CONTINUITY"]
    assert finding.passed and "没有2018年度账套" in finding.explanation
