"""Audit rules: each is a plain function ``(workbook, settings) -> list[Finding]`` in the ``RULES`` list.

Reconciliation identities come first (``reconciliation``), then the auditor's test catalogue grouped by theme:
``budget`` (执行率, 超预算), ``carryover`` (结转资金), ``timing`` (年底突击), ``duplicates`` (重复支付), ``reversals``
(冲销), ``sequence`` (凭证断号), ``procurement`` (拆分采购), ``classification`` (分类错误, 挤占挪用), ``sangong``
(三公经费) and ``numbers`` (整数金额, Benford). Thresholds live in ``qlaudit/settings.toml`` (``qlaudit.settings``).
``stale_carry_over`` takes several years and is not in the list. For exploration, ``workbook.rules`` runs one rule
with changed settings (``qlaudit.rules.explore``).

Each rule is a :class:`qlaudit.columnar.runner.ColumnarRule`: a candidate query in SQL over the engine's tables
(grouped by unit and year) and a small finisher that turns one unit-year's candidates into findings. Called as
``rule(workbook, settings)`` it runs on one workbook in process; ``qlaudit.columnar.store`` runs the same list over
every unit-year of a Parquet store at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qlaudit.findings import Finding, sort_findings
from qlaudit.rules import (
    budget,
    carryover,
    classification,
    duplicates,
    numbers,
    procurement,
    reconciliation,
    reversals,
    sangong,
    sequence,
    timing,
)
from qlaudit.rules.carryover import stale_carry_over
from qlaudit.settings import RuleSettings, load_settings

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

Rule = Callable[["Workbook", RuleSettings], list[Finding]]

RULES: list[Rule] = [
    *reconciliation.RULES,
    budget.low_execution,
    budget.over_class_budget,
    carryover.stale_carry_in,
    carryover.stale_over_years,
    carryover.continuity,
    timing.december_rush,
    duplicates.duplicate_payments,
    reversals.unmatched_reversals,
    sequence.voucher_sequence,
    procurement.split_purchases,
    classification.suspect_project_codes,
    sangong.hidden_sangong,
    sangong.sangong_total,
    classification.class_mismatch,
    numbers.round_amounts,
    numbers.benford,
]


def run_rules(workbook: Workbook, settings: RuleSettings | None = None) -> list[Finding]:
    """Every rule on the workbook (default settings unless given), findings in deterministic order."""
    from qlaudit.columnar.runner import WorkbookYear
    from qlaudit.columnar.runner import run_rules as run_columnar

    year = WorkbookYear(workbook, workbook)
    findings = run_columnar(workbook.columnar(), [year], settings or load_settings(), RULES)
    return sort_findings(findings[(year.unit, year.year)])


__all__ = ["RULES", "Rule", "run_rules", "stale_carry_over"]
