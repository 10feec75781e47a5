"""qlaudit — an offline audit workbook for budget performance self-evaluations (部门整体支出绩效自评).

    >>> import qlaudit
    >>> wb = qlaudit.open("lusong-qiaolian", 2021)        # the three ledgers as DataFrames
    >>> wb.display("expenditures")                         # a ledger for people: 中文表头, 元, first 200 rows
    >>> wb.spending_by_kind()                              # summary views, readable in JupyterLab
    >>> qlaudit.check(wb)                                  # every audit rule: findings with evidence
    >>> wb.rules.december_rush(december_share_project=0.2) # one rule, changed threshold
    >>> wb.sample("monetary_unit", n=10, seed=2021)        # reproducible voucher sample
    >>> print(wb.oplog.render_text())                      # what was done, replayable
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qlaudit.findings import Evidence, Finding, FindingList
    from qlaudit.workbook import Workbook

__version__ = "0.1.0"

# Exported on first use (PEP 562): ``import qlaudit`` alone loads no pandas, so that the command line can settle
# its process settings (``qlaudit.cli``) before numpy starts.
_LAZY = {"Evidence": "qlaudit.findings", "Finding": "qlaudit.findings", "FindingList": "qlaudit.findings",
         "Workbook": "qlaudit.workbook"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'qlaudit' has no attribute {name!r}")


def open(unit: str, year: int, data_dir: str | Path | None = None, *, strict: bool = True) -> Workbook:
    """Open the workbook of one unit-year. ``strict=False`` keeps going past input errors (rows are left out).
    ``unit`` is a folder name of the data folder and ``year`` four digits (checked: no path can be given here);
    files are read only from inside the data folder (docs/security.md)."""
    from qlaudit.workbook import load_workbook

    return load_workbook(unit, year, data_dir, strict=strict)


def check(workbook: Workbook, settings_path: str | Path | None = None) -> list[Finding]:
    """Every audit rule (reconciliation and the auditor's tests) on the workbook, findings in deterministic order;
    thresholds from ``qlaudit/settings.toml`` with ``settings_path`` merged over them. Logged in ``workbook.oplog``."""
    from qlaudit.allocation import cyclic_gc_paused
    from qlaudit.findings import FindingList, findings_json_utf8
    from qlaudit.ledgers.read import sha256_of
    from qlaudit.rules import run_rules
    from qlaudit.settings import load_settings

    with cyclic_gc_paused():  # 10^5 evidence rows and their JSON at 10^6 lines: no cycles (qlaudit.allocation)
        findings = FindingList(run_rules(workbook, load_settings(settings_path)))
        text = findings_json_utf8(workbook.unit.code, workbook.year, findings)
    counts = {s: sum(1 for f in findings if f.severity == s and not f.passed) for s in ("error", "warning", "info")}
    workbook.oplog.record(
        "check", {"settings_path": str(settings_path) if settings_path else None},
        inputs={str(settings_path): sha256_of(Path(settings_path))} if settings_path else None,
        rows_in=len(workbook.expenditures) + len(workbook.appropriations), rows_out=len(findings),
        result=text,
        summary=f"{counts['error']} 错误，{counts['warning']} 关注，{counts['info']} 信息",
    )
    return findings


__all__ = ["Evidence", "Finding", "FindingList", "Workbook", "__version__", "check", "open"]
