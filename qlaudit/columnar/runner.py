"""Running the columnar rules: one candidate query per rule for every unit-year of an engine, then a small
finisher per unit-year that turns candidate rows into findings, then their evidence in bulk.

A :class:`ColumnarRule` is what ``qlaudit.rules.RULES`` holds: calling it as ``rule(workbook, settings)`` runs it
on one workbook (the old signature of every rule); :func:`run_rules` runs a list of rules on an :class:`Engine` over
any number of unit-years, each described by a :class:`UnitYear` (budget summaries, the previous years for the
carry-over rules). The finisher sees only its unit-year's candidate rows, so the output of a unit-year does not
depend on what else the engine holds: the same findings in process and over a whole province.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from qlaudit.allocation import cyclic_gc_paused
from qlaudit.columnar.evidence import Draft, EvidenceBlock, EvidenceRequest, fill
from qlaudit.findings import Finding, evidence_block, sort_findings

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.reconcile import BudgetSummary
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook

Candidates = Callable[["Engine", "RuleSettings"], "pd.DataFrame | None"]
Finisher = Callable[["UnitYear", pd.DataFrame, "RuleSettings"], list[Draft]]


class UnitYear(Protocol):
    """One unit-year as the finishers see it."""

    @property
    def unit(self) -> str: ...

    @property
    def year(self) -> int: ...

    def summary(self, budget_type: str = "general") -> BudgetSummary: ...

    def previous(self) -> UnitYear | None: ...

    def previous_note(self) -> str: ...

    def history(self) -> Sequence[UnitYear]: ...

    def quota_evidence(self, match: tuple[tuple[str, object], ...]) -> EvidenceRequest | EvidenceBlock: ...


@dataclass
class WorkbookYear:
    """A loaded :class:`Workbook` as a :class:`UnitYear`; ``engine_of`` is the workbook whose engine runs the rules
    (another year, or any year when it is None, has its evidence taken from its own frames, capped)."""

    workbook: Workbook
    engine_of: Workbook | None = None

    @property
    def unit(self) -> str:
        return engine_unit(self.engine_of or self.workbook)

    @property
    def year(self) -> int:
        return self.workbook.year

    def summary(self, budget_type: str = "general") -> BudgetSummary:
        return self.workbook.summary(budget_type)

    def previous(self) -> UnitYear | None:
        previous = self.workbook.previous_year()
        return None if previous is None else WorkbookYear(previous, self.engine_of)

    def previous_note(self) -> str:
        return self.workbook.previous_year_note

    def history(self) -> list[UnitYear]:
        return [WorkbookYear(wb, self.engine_of) for wb in self.workbook.history()]

    def quota_evidence(self, match: tuple[tuple[str, object], ...]) -> EvidenceRequest | EvidenceBlock:
        if self.workbook is self.engine_of:
            return EvidenceRequest(self.unit, self.year, "appropriations", match)
        return frame_evidence(self.workbook.appropriations, match)


def frame_evidence(frame: pd.DataFrame, match: tuple[tuple[str, object], ...], cap: int | None = None) -> EvidenceBlock:
    """The evidence of the rows of ``frame`` matching ``match``, capped (``evidence_max_rows`` by default)."""
    if cap is None:
        from qlaudit.settings import load_settings

        cap = load_settings().evidence_max_rows
    mask = pd.Series(True, index=frame.index)
    for column, value in match:
        mask &= frame[column] == value
    rows, omitted, omitted_fen = evidence_block(frame[mask], cap)
    return EvidenceBlock(rows, omitted, omitted_fen)


def engine_unit(workbook: Workbook) -> str:
    return workbook.folder or workbook.unit.code


class ColumnarRule:
    """A rule: ``candidates`` (SQL over the engine, all unit-years) and ``finish`` (per unit-year)."""

    def __init__(self, name: str, finish: Finisher, candidates: Candidates | None = None, doc: str = "") -> None:
        self.__name__ = name
        self.__qualname__ = name
        self.__doc__ = doc or finish.__doc__
        self.candidates = candidates
        self.finish = finish

    def __call__(self, wb: Workbook, settings: RuleSettings | None = None) -> list[Finding]:
        """The rule on one workbook, findings in the order the finisher made them."""
        from qlaudit.settings import load_settings

        year = WorkbookYear(wb, wb)
        return run_rules(wb.columnar(), [year], settings or load_settings(), [self], sort=False)[(year.unit, year.year)]

    def __repr__(self) -> str:
        return f"<rule {self.__name__}>"


def run_rules(engine: Engine, years: Sequence[UnitYear], settings: RuleSettings, rules: Sequence[ColumnarRule],
              *, sort: bool = True) -> dict[tuple[str, int], list[Finding]]:
    """Every rule over every unit-year of ``years``: {(unit, year): findings}, sorted unless ``sort=False``."""
    out: dict[tuple[str, int], list[Finding]] = {(y.unit, y.year): [] for y in years}
    drafts: list[tuple[tuple[str, int], Draft]] = []
    for rule in rules:
        candidates = rule.candidates(engine, settings) if rule.candidates is not None else None
        per_year = _split(candidates)
        for y in years:
            rows = per_year.get((y.unit, y.year))
            if rows is None:
                rows = candidates.iloc[0:0] if candidates is not None else pd.DataFrame()
            drafts.extend(((y.unit, y.year), d) for d in rule.finish(y, rows, settings))
    # The evidence of every rule's findings at once: one query per kind of request (10^5 acyclic objects at 10^6
    # lines: built with the cyclic collector paused, qlaudit.allocation).
    with cyclic_gc_paused():
        findings = fill(engine, [d for _, d in drafts], settings.evidence_max_rows)
    for (key, _), finding in zip(drafts, findings, strict=True):
        out[key].append(finding)
    return {k: sort_findings(v) if sort else v for k, v in out.items()}


def _split(candidates: pd.DataFrame | None) -> dict[tuple[str, int], pd.DataFrame]:
    if candidates is None or candidates.empty:
        return {}
    return {(str(unit), int(year)): group.reset_index(drop=True)
            for (unit, year), group in candidates.groupby(["unit", "year"], sort=False)}
