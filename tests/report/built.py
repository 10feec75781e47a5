"""The reports of the 11 sample unit-years, built once per test session (shared by the report and lint tests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import qlaudit
from qlaudit.report.model import Report, ReportOptions, build

DATA = Path(__file__).resolve().parent.parent.parent / "data"
UNIT_YEARS = [*(("lusong-qiaolian", y) for y in range(2019, 2024)),
              *((u, y) for u in ("lusong-fulian", "lusong-tuanwei", "lusong-kexie") for y in (2022, 2023))]


@cache
def workbook(unit: str, year: int):  # type: ignore[no-untyped-def]
    return qlaudit.open(unit, year, DATA)


@cache
def report(unit: str, year: int) -> Report:
    return build(workbook(unit, year), ReportOptions(report_date=f"{year + 1}-03-31"))
