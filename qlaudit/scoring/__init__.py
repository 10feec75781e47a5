"""Self-evaluation scoring: the project 自评表 and the unit's 部门整体支出绩效自评表, computed from the ledgers.

    >>> from qlaudit.scoring import load_settings, score_projects, score_unit, project_tables
    >>> card = score_projects(wb)            # every project: execution + indicator points, weighted mean
    >>> unit = score_unit(wb)                # 共性指标 + project part → the unit's total and grade
    >>> tables = project_tables(wb, card)    # each project's 自评表 in the official column layout

Modules: ``settings`` (the TOML framework, checked), ``formulas`` (pure scoring formulas), ``projects`` (project
scores), ``unit`` (共性指标 and the unit score), ``tables`` (the 自评表 layouts as data), ``output`` (the JSON and
text of ``qlaudit score``). Rendering to report blocks is ``qlaudit.score_text``.
"""

from __future__ import annotations

from qlaudit.scoring.projects import IndicatorScore, ProjectScore, ScoreCard, score_projects
from qlaudit.scoring.settings import (
    EXECUTION_RULES,
    Category,
    QualitativeLevel,
    ScoringSettings,
    ScoringSettingsError,
    UnitIndicatorSettings,
    load_settings,
)
from qlaudit.scoring.tables import FundLine, ProjectTable, project_tables
from qlaudit.scoring.unit import UnitIndicator, UnitScore, score_unit

__all__ = [
    "EXECUTION_RULES",
    "Category",
    "FundLine",
    "IndicatorScore",
    "ProjectScore",
    "ProjectTable",
    "QualitativeLevel",
    "ScoreCard",
    "ScoringSettings",
    "ScoringSettingsError",
    "UnitIndicator",
    "UnitIndicatorSettings",
    "UnitScore",
    "load_settings",
    "project_tables",
    "score_projects",
    "score_unit",
]
