"""The benchmark generator writes valid unit-years whose planted problems the rules find, and grows with N."""

import qlaudit
from tests.benchmarks import script


def _module():
    return script("make_ledgers")


def test_shape_grows_with_the_lines():
    make = _module()
    assert make.Shape.of(100_000).projects == 720
    small, big = make.Shape.of(10_000), make.Shape.of(1_000_000)
    assert big.departments > small.departments and big.staff > small.staff and big.vendors > small.vendors


def test_a_generated_unit_year_loads_and_its_planted_problems_are_found(tmp_path):
    make = _module()
    make.make_unit_year(tmp_path, "bench", 2023, 3_000)
    first = (tmp_path / "bench" / "2023" / "expenditures.csv").read_bytes()
    wb = qlaudit.open("bench", 2023, tmp_path)  # strict: no input error
    assert 2_900 <= len(wb.expenditures) <= 3_100
    fired = {f.rule for f in qlaudit.check(wb) if not f.passed}
    assert {"DUP-EXACT", "SEQ-GAP", "SUSPECT-PROJECT-CODE", "CLASS-MISMATCH", "REV-UNMATCHED", "BUD-OVER-CLASS",
            "REC-NO-QUOTA", "TIM-DEC-RUSH", "BUD-LOW-EXEC"} <= fired
    make.make_unit_year(tmp_path, "bench", 2023, 3_000)
    assert (tmp_path / "bench" / "2023" / "expenditures.csv").read_bytes() == first  # same N, same bytes
