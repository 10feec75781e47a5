"""The findings of the 11 sample unit-years, byte for byte as before the columnar rewrite (tests/golden/findings:
the output of `qlaudit check --format json` on the code before it). A difference is a change of behaviour to explain."""

from pathlib import Path

import pytest

import qlaudit
from qlaudit.findings import findings_json

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden" / "findings"
UNIT_YEARS = [("lusong-qiaolian", y) for y in range(2019, 2024)] + [
    (u, y) for u in ("lusong-fulian", "lusong-tuanwei", "lusong-kexie") for y in (2022, 2023)]


@pytest.mark.parametrize(("unit", "year"), UNIT_YEARS)
def test_sample_findings_are_unchanged(unit, year):
    golden = GOLDEN / f"{unit}-{year}.json"
    assert golden.is_file(), f"golden file {golden} is missing"
    text = findings_json(unit, year, qlaudit.check(qlaudit.open(unit, year, DATA)))
    assert text == golden.read_text(encoding="utf-8")
