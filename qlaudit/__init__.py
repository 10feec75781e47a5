"""qlaudit — an offline audit workbook for budget performance self-evaluations (部门整体支出绩效自评).

    >>> import qlaudit
    >>> wb = qlaudit.open("lusong-qiaolian", 2021)        # the three ledgers as DataFrames
    >>> wb.spending_by_kind()                              # summary views, readable in JupyterLab
    >>> qlaudit.check(wb)                                  # reconciliation findings
"""

from __future__ import annotations

from pathlib import Path

from qlaudit.findings import Evidence, Finding
from qlaudit.workbook import Workbook, load_workbook

__version__ = "0.1.0"


def open(unit: str, year: int, data_dir: str | Path | None = None, *, strict: bool = True) -> Workbook:
    """Open the workbook of one unit-year. ``strict=False`` keeps going past input errors (rows are left out)."""
    return load_workbook(unit, year, data_dir, strict=strict)


def check(workbook: Workbook) -> list[Finding]:
    """Every audit rule on the workbook, findings in deterministic order."""
    from qlaudit.rules import run_rules

    return run_rules(workbook)


__all__ = ["Evidence", "Finding", "Workbook", "__version__", "check", "open"]
