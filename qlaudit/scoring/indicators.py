"""One indicator of the 部门整体支出绩效自评表 as data (``UnitIndicator``), and what its computations share.

An indicator carries its name, formula and official basis (from the settings), the figures it used (label, text),
its value, points and score, and the deduction in words; ``score is None`` means not scored, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from qlaudit.money import format_yuan
from qlaudit.reconcile import Phases
from qlaudit.scoring.formulas import CENT, ONE
from qlaudit.scoring.settings import ScoringSettings, UnitIndicatorSettings

if TYPE_CHECKING:
    from qlaudit.findings import Finding
    from qlaudit.scoring.projects import ScoreCard
    from qlaudit.settings import RuleSettings
    from qlaudit.staffing import Staffing
    from qlaudit.workbook import Workbook


def yuan(fen: int) -> str:
    """An exact amount in 元 for the figures a formula used ('471,285.07元')."""
    return f"{format_yuan(fen)}元"


def pct(value: Decimal) -> str:
    """A percentage with 2 decimals ('91.00%')."""
    return f"{value.quantize(CENT, ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class UnitIndicator:
    key: str
    name: str
    formula: str
    basis: str  # the official text it comes from
    figures: tuple[tuple[str, str], ...]  # (label, value as text) of every figure the formula used
    value: Decimal | None  # the indicator's value (a percentage, a count of findings, a score), None when unknown
    value_unit: str  # '%', '条', '分' or ''
    points: Decimal  # 分值
    score: Decimal | None  # 得分; None when not scored
    deduction: str  # how the score was reached and the points lost, or why not scored

    @property
    def scored(self) -> bool:
        return self.score is not None

    @property
    def value_text(self) -> str:
        if self.value is None:
            return "—"
        if self.value_unit == "%":
            return pct(self.value)
        return f"{self.value.quantize(CENT, ROUND_HALF_UP) if self.value_unit == '分' else self.value}{self.value_unit}"

    @property
    def note(self) -> str:
        """The figures used, then the deduction: one line for the JSON and the table."""
        used = "；".join(f"{label}{text}" for label, text in self.figures)
        return f"{used}。{self.deduction}" if used else self.deduction


@dataclass(frozen=True)
class Context:
    """What every unit indicator may use, computed once."""

    wb: Workbook
    s: ScoringSettings
    total: Phases
    basic: Phases
    public: Phases
    project: Phases
    project_phases: tuple[Phases, ...]
    recovered: int  # 分 recovered at year end (positive)
    findings: list[Finding]
    card: ScoreCard
    staffing: Staffing
    rules: RuleSettings

    @property
    def full_year(self) -> int:
        """全年预算数: 调整后预算数 with the year-end recovery counted back."""
        return self.total.adjusted + self.recovered


def scored(i: UnitIndicatorSettings, figures: list[tuple[str, str]], value: Decimal | None, unit: str,
           share: Decimal, words: str) -> UnitIndicator:
    points = (i.points * share).quantize(CENT, ROUND_HALF_UP)
    result = f"得满分{i.points}分" if share >= ONE else f"得{points}分，扣{(i.points - points).quantize(CENT)}分"
    return UnitIndicator(i.key, i.name, i.formula, i.basis, tuple(figures),
                         None if value is None else value.quantize(CENT, ROUND_HALF_UP) if unit != "条" else value,
                         unit, i.points, points, f"{words}，{result}")


def not_scored(i: UnitIndicatorSettings, figures: list[tuple[str, str]], reason: str) -> UnitIndicator:
    return UnitIndicator(i.key, i.name, i.formula, i.basis, tuple(figures), None, "", i.points, None,
                         f"未评分：{reason}")
