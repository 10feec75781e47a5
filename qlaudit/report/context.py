"""Everything the two documents are written from, computed once per report (``ReportContext``).

The budget figures as printed (``figures``), the findings, the unit score (``qlaudit.scoring.score_unit``: the
部门整体支出绩效自评表 with every project's score, computed once by the notebook's score cell), the report, rule and
scoring settings, the year before (for 增减额/增减率) and the natural persons among the payees (kept out of the
publishable report).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.findings import Finding
from qlaudit.reconcile import BudgetSummary
from qlaudit.report.figures import BudgetFigures, budget_figures
from qlaudit.report.privacy import Redactor, natural_persons
from qlaudit.report.settings import ReportSettings
from qlaudit.report.settings import load as load_report_settings
from qlaudit.scoring import ScoreCard, ScoringSettings, UnitScore
from qlaudit.scoring import load_settings as load_scoring
from qlaudit.settings import RuleSettings, load_settings

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook


@dataclass(frozen=True, eq=False)
class ReportContext:
    workbook: Workbook
    general: BudgetSummary
    findings: tuple[Finding, ...]
    score: UnitScore | None
    settings: ReportSettings
    rules: RuleSettings
    scoring: ScoringSettings
    previous: Workbook | None = None

    @property
    def card(self) -> ScoreCard | None:
        """Every project's score (the project part of the unit score)."""
        return self.score.projects if self.score is not None else None

    @property
    def recovery_keywords(self) -> tuple[str, ...]:
        """What names a year-end recovery (年底收回): the scoring settings' ``[unit] year_end_recovery``."""
        return self.scoring.year_end_recovery

    @cached_property
    def figures(self) -> BudgetFigures:
        return budget_figures(self.workbook.appropriations, self.workbook.expenditures, self.general,
                              self.recovery_keywords)

    @cached_property
    def previous_figures(self) -> BudgetFigures | None:
        p = self.previous
        if p is None:
            return None
        return budget_figures(p.appropriations, p.expenditures, p.summary("general"), self.recovery_keywords)

    @cached_property
    def spend(self) -> pd.DataFrame:
        """一般公共预算 voucher lines."""
        e = self.workbook.expenditures
        return e[e["budget_type"] == "general"]

    @cached_property
    def redactor(self) -> Redactor:
        names = natural_persons(self.workbook.expenditures, self.settings)
        if self.previous is not None:
            names |= natural_persons(self.previous.expenditures, self.settings)
        return Redactor(names, self.settings.replacement)

    @cached_property
    def project_spend(self) -> dict[str, pd.DataFrame]:
        """Project voucher lines per project code, in ledger order."""
        lines = self.spend[self.spend["expense_kind"] == "project"].sort_values(
            ["date", "voucher_no", "line_no", "source_row"], kind="stable")
        return {str(code): rows for code, rows in lines.groupby("project_code", sort=False)}

    @cached_property
    def project_quota(self) -> dict[str, pd.DataFrame]:
        """Quota rows per project code, by date."""
        quota = self.workbook.appropriations.sort_values("date", kind="stable")
        return {str(code): rows for code, rows in quota.groupby("project_code", sort=False)}

    @cached_property
    def project_additions(self) -> dict[str, pd.DataFrame]:
        """追加 quota rows per project code, by date."""
        quota = self.workbook.appropriations
        quota = quota[quota["source"] == "addition"].sort_values("date", kind="stable")
        return {str(code): rows for code, rows in quota.groupby("project_code", sort=False)}

    @cached_property
    def project_lines(self) -> dict[str, object]:
        """The printed budget line of each project code."""
        return {p.key[2:]: p for p in self.figures.projects}

    @cached_property
    def listed(self) -> frozenset[str]:
        """Keys of the projects printed one by one (all of them, or the largest ``long_table_rows`` of a unit with
        many): 二（二）, 六（二）, 表2, 表6 and the execution chart list the same projects and sum up the rest."""
        from qlaudit.report.tables import cut

        shown, _ = cut(list(self.figures.projects), self.settings.long_table_rows)
        return frozenset(p.key for p in shown)

    @property
    def year(self) -> int:
        return self.workbook.year

    @cached_property
    def problems(self) -> tuple[Finding, ...]:
        """The errors and warnings that did not pass: what 七 is written from. Whether carry-over spent as planned is
        a problem is the rule's judgement (REC-BUDGET), and findings of one fact are told once by
        ``qlaudit.report.problems`` (their shared ``fact`` key), so nothing is filtered here."""
        return tuple(f for f in self.findings if not f.passed and f.severity in ("error", "warning"))


def build_context(workbook: Workbook, findings: list[Finding] | tuple[Finding, ...], score: UnitScore | None = None,
                  settings: ReportSettings | None = None, rules: RuleSettings | None = None,
                  previous: Workbook | bool | None = True, scoring: ScoringSettings | None = None) -> ReportContext:
    """``previous=True`` loads the year before through the workbook (None when absent or invalid); ``scoring``
    defaults to the score's settings, else ``qlaudit/scoring.toml``."""
    before = workbook.previous_year() if previous is True else (previous or None)
    scoring = scoring or (score.settings if score is not None else load_scoring())
    return ReportContext(workbook, workbook.summary("general"), tuple(findings), score,
                         settings or load_report_settings(), rules or load_settings(), scoring, before)
