"""Project scores (项目支出绩效自评表 points): every project of the year, its indicators, and their weighted mean.

What it does (财预〔2020〕10号; settings in ``qlaudit/scoring.toml``, see ``qlaudit.scoring.settings``):

- Every project found in quotas, vouchers or the register is scored (覆盖率 100%). A project without indicators is
  scored on execution only: its indicator part (the category weights) is missing and counts 0, said in a deduction.
- 预算执行率 points from its budget phases (执行数 / 调整后预算数, ``reconcile``, from ``workbook.summary()``), by the configured rule;
  above 100% it does not earn full points by default (``execution.over``).
- Indicator points: the ``weight`` (分值) column when filled; otherwise what is left of the level-1 category's
  weight, split equally among the category's indicators without a 分值 (cents of the split go to the first ones).
- Quantitative indicators by direction (``qlaudit.scoring.formulas``); a missing direction is read from the target's
  operator (``≥30``), else ``eq``; a non-numeric target makes the indicator qualitative. Qualitative: the share of
  the completion value's level (达成 / 部分达成 / 未达成 and the official wording). Missing or unreadable values score
  0 with the reason. Over-achievement far above target is flagged, at no cost.
- The unit's project mean: project totals weighted by max(调整后预算数, 执行数) (``weighting.basis``); the simple
  mean when no project has money.

Points are ``Decimal`` quantized to 0.01 half-up, never floats. This module scores what the ledgers say; it does not
read the unit's submitted self-evaluation nor judge it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.money import format_rate
from qlaudit.reconcile import BUDGET_TYPES, SOURCES, Phases, ProjectBudget
from qlaudit.scoring.formulas import (
    CENT,
    OPERATORS,
    RATE,
    execution_share,
    parse_number,
    percent,
    plain,
    quantitative,
)
from qlaudit.scoring.settings import ScoringSettings, load_settings, norm

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

_INDICATOR_COLUMNS = ("indicator_level1", "indicator_level2", "indicator", "target", "actual")
WEIGHT_BASES = {"max": "调整后预算数与执行数孰高", "adjusted": "调整后预算数", "spent": "执行数"}


@dataclass(frozen=True)
class IndicatorScore:
    project_code: str
    level1: str
    level2: str
    indicator: str
    direction: str  # eq | ge | le | qualitative (as used, after inference)
    target: str
    actual: str
    unit: str
    points_available: Decimal
    points: Decimal
    deduction_reason: str  # '' when full points
    points_basis: str  # where points_available came from
    flag: str = ""  # a remark that costs no points (over-achievement to explain)


@dataclass(frozen=True)
class ProjectScore:
    code: str
    name: str
    adjusted_fen: int
    spent_fen: int
    execution_rate: str  # '98.50%', '—' when there is no budget
    execution_points_available: Decimal
    execution_points: Decimal
    indicators: tuple[IndicatorScore, ...]
    points_available: Decimal
    total: Decimal
    grade: str
    deductions: tuple[str, ...]  # each lost point, in Chinese
    notes: tuple[str, ...] = ()  # remarks that cost no points
    has_indicators: bool = True  # False: scored on execution only, the indicator part missing
    weight_fen: int = 0  # this project's weight in the unit's mean (weighting.basis)
    phases: Phases | None = None

    @property
    def indicator_points(self) -> Decimal | None:
        """Points of the indicator part; None when the project has no indicators."""
        return self.total - self.execution_points if self.has_indicators else None


@dataclass(frozen=True)
class ScoreCard:
    projects: tuple[ProjectScore, ...]
    total: Decimal | None  # weighted mean of the project totals; None without projects
    grade: str
    basis: str  # how the unit total was formed, in Chinese
    settings: ScoringSettings
    unscored: tuple[str, ...] = ()  # names of projects without indicators (scored on execution only)

    def indicators_frame(self) -> pd.DataFrame:
        """Every indicator score as one table (for JupyterLab and Excel)."""
        rows = [vars(i) for p in self.projects for i in p.indicators]
        return pd.DataFrame(rows, columns=list(IndicatorScore.__dataclass_fields__))


def project_weight(phases: Phases, basis: str) -> int:
    values = {"max": max(phases.adjusted, phases.spent), "adjusted": phases.adjusted, "spent": phases.spent}
    return max(values[basis], 0)


def score_projects(workbook: Workbook, settings: ScoringSettings | None = None) -> ScoreCard:
    """The 自评表 points of every project (register, quotas or vouchers), ordered by code, and their weighted mean."""
    s = settings or load_settings()
    register = workbook.projects
    filled = register[list(_INDICATOR_COLUMNS)].fillna("").astype(str).apply(lambda c: c.str.strip() != "")
    indicators = register[filled.any(axis=1)]
    budgets = _budgets(workbook)
    rows: dict[str, list[dict]] = {}
    for record in indicators.to_dict(orient="records"):  # one pass over the register, not one filter per project
        rows.setdefault(str(record["project_code"]), []).append(record)
    scores = tuple(_score_project(b.code, b.name, b.phases, rows.get(b.code, []), s) for b in budgets)
    missing = tuple(p.name for p in scores if not p.has_indicators)
    if not scores:
        return ScoreCard((), None, "", "本年度无项目支出，未评分", s, ())
    weights = [p.weight_fen for p in scores]
    if sum(weights):
        total = sum((p.total * w for p, w in zip(scores, weights, strict=True)), Decimal(0)) / sum(weights)
        basis = f"{len(scores)}个项目全部评分，按各项目{WEIGHT_BASES[s.weighting]}加权平均"
    else:
        total = sum((p.total for p in scores), Decimal(0)) / len(scores)
        basis = f"{len(scores)}个项目全部评分，各项目均无预算和支出，按简单平均"
    total = total.quantize(CENT, ROUND_HALF_UP)
    if missing:
        basis += f"；{'、'.join(missing)}未设绩效指标，仅按预算执行率计分，指标部分不得分"
    return ScoreCard(scores, total, s.grade(total), basis, s, missing)


def budget_types(workbook: Workbook) -> tuple[str, ...]:
    """The budget types with quotas or spending, in report order (一般公共预算 when there is none)."""
    present = set(workbook.appropriations["budget_type"].unique()) | set(workbook.expenditures["budget_type"].unique())
    return tuple(t for t in BUDGET_TYPES if t in present) or ("general",)


def _budgets(workbook: Workbook) -> list[ProjectBudget]:
    """Every project's phases over all budget types, from the workbook's cached summaries (one per type)."""
    types = budget_types(workbook)
    merged: dict[str, ProjectBudget] = {}
    for budget_type in types:
        for b in workbook.summary(budget_type).projects:
            seen = merged.get(b.code)
            merged[b.code] = b if seen is None else replace(seen, phases=Phases(
                *(getattr(seen.phases, f) + getattr(b.phases, f) for f in (*SOURCES, "spent"))))
    return [merged[code] for code in sorted(merged)]


def _score_project(code: str, name: str, phases: Phases, records: list[dict], s: ScoringSettings) -> ProjectScore:
    rate_text, execution, lost = _execution(phases, s)
    deductions = [lost] if lost else []
    if not records:
        categories = "、".join(c.label for c in s.categories)
        deductions.append(f"未设置绩效指标，{categories}指标共{plain(s.indicator_weight)}分缺失，不得分")
        return ProjectScore(code, name, phases.adjusted, phases.spent, rate_text, s.execution_weight, execution, (),
                            s.execution_weight + s.indicator_weight, execution, s.grade(execution), tuple(deductions),
                            (), False, project_weight(phases, s.weighting), phases)
    allocation, lost_categories, notes = _allocate(records, s)
    deductions.extend(lost_categories)
    scored = []
    for record, (available, basis) in zip(records, allocation, strict=True):
        score = _score_indicator(code, record, available, basis, s)
        scored.append(score)
        path = "/".join(t for t in (score.level1, score.level2, score.indicator) if t)
        if score.points < score.points_available:
            deductions.append(f"{path}：{score.deduction_reason}，扣{score.points_available - score.points}分")
        if score.flag:
            notes.append(f"{path}：{score.flag}")
    available_total = s.execution_weight + sum((i.points_available for i in scored), Decimal(0))
    total = execution + sum((i.points for i in scored), Decimal(0))
    return ProjectScore(code, name, phases.adjusted, phases.spent, rate_text, s.execution_weight, execution,
                        tuple(scored), available_total, total, s.grade(total), tuple(deductions), tuple(notes), True,
                        project_weight(phases, s.weighting), phases)


def _execution(phases: Phases, s: ScoringSettings) -> tuple[str, Decimal, str]:
    text = format_rate(phases.spent, phases.adjusted)
    if phases.adjusted <= 0:
        what = "无预算支出，" if phases.spent > 0 else ""
        return text, Decimal("0.00"), (f"{what}调整后预算数不大于0，无法计算预算执行率，"
                                       f"预算执行率{plain(s.execution_weight)}分不得分")
    rate = (Decimal(phases.spent) / Decimal(phases.adjusted)).quantize(RATE, ROUND_HALF_UP)
    share, rule = execution_share(rate, s)
    points = (s.execution_weight * share).quantize(CENT, ROUND_HALF_UP)
    lost = "" if points >= s.execution_weight else (
        f"预算执行率{text}，按{rule}，得{points}分，扣{s.execution_weight - points}分")
    return text, points, lost


def _allocate(records: list[dict], s: ScoringSettings) -> tuple[list[tuple[Decimal, str]], list[str], list[str]]:
    """Points available and their basis per indicator row; deductions for empty categories; notes."""
    weights = [_weight(r.get("weight")) for r in records]
    categories = [s.category(str(r.get("indicator_level1") or "")) for r in records]
    allocation: list[tuple[Decimal, str]] = [(w, "分值列") if w is not None else (Decimal("0.00"), "") for w in weights]
    deductions: list[str] = []
    notes: list[str] = []
    all_weighted = bool(records) and all(w is not None for w in weights)
    for c in s.categories:
        members = [i for i, cat in enumerate(categories) if cat is c]
        open_ = [i for i in members if weights[i] is None]
        if not members and not all_weighted:
            deductions.append(f"未设置{c.label}指标，{c.label}类{plain(c.weight)}分不得分")
        if not open_:
            continue
        given = sum((w for i in members if (w := weights[i]) is not None), Decimal(0))
        left = max(c.weight - given, Decimal(0))
        share = (left / len(open_)).quantize(CENT, ROUND_DOWN)
        extra = int((left - share * len(open_)) / CENT)
        basis = f"未填分值：{c.label}类{plain(c.weight)}分" + (
            f"扣除已填分值{plain(given)}分后剩余{plain(left)}分" if given else "")
        for n, i in enumerate(open_):
            allocation[i] = (share + (CENT if n < extra else 0), f"{basis}，由{len(open_)}个指标平均分配")
    unknown = [i for i, cat in enumerate(categories) if cat is None and weights[i] is None]
    for i in unknown:
        allocation[i] = (Decimal("0.00"), f"一级指标“{records[i].get('indicator_level1') or '（空）'}”不在评分设置中，未分配分值")
    if unknown:
        notes.append(f"{len(unknown)}个指标的一级指标不在评分设置中且未填分值，未计分")
    stated = sum((w for w in weights if w is not None), Decimal(0))
    if all_weighted and stated != s.indicator_weight:
        notes.append(f"分值列合计{plain(stated)}分，与设置的指标总分值{plain(s.indicator_weight)}分不一致")
    return allocation, deductions, notes


def _score_indicator(code: str, r: dict, available: Decimal, basis: str, s: ScoringSettings) -> IndicatorScore:
    target, actual, unit = (str(r.get(k) or "").strip() for k in ("target", "actual", "unit"))
    t, a = parse_number(target), parse_number(actual)
    stated = norm(str(r.get("direction") or ""))
    direction = OPERATORS.get(stated, stated) or ((t[1] or "eq") if t else "qualitative")
    share, reason, flag = Decimal(0), "", ""
    if direction not in ("eq", "ge", "le", "qualitative"):
        reason = f"指标方向“{stated}”无法识别，不得分"
    elif not actual:
        reason = "未填报完成值，不得分"
    elif direction == "qualitative":
        level = s.qualitative_level(actual)
        if level is None:
            labels = "/".join(q.label for q in s.qualitative_levels)
            reason = f"完成情况“{actual}”不是{labels}之一，不得分"
        else:
            share = level.share
            band = f"，分值区间{percent(level.band[0])}%–{percent(level.band[1])}%" if level.band else ""
            named = "" if norm(actual) == norm(level.label) else f"（即“{level.label}”）"
            reason = "" if share >= 1 else f"完成情况为“{actual}”{named}{band}，按{percent(share)}%得分"
    elif t is None:
        reason = f"指标值“{target}”无法识别为数值，不得分" if target else "未填报指标值，无法比较，不得分"
    elif a is None:
        reason = f"完成值“{actual}”无法识别为数值，不得分"
    else:
        share, reason, flag = quantitative(direction, t[0], a[0], unit or a[2] or t[2], s)
    points = (available * share).quantize(CENT, ROUND_HALF_UP)
    if points >= available:
        reason = ""
    return IndicatorScore(code, str(r.get("indicator_level1") or ""), str(r.get("indicator_level2") or ""),
                          str(r.get("indicator") or ""), direction, target, actual, unit, available, points, reason,
                          basis, flag)


def _weight(value: object) -> Decimal | None:
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        return None  # the loader rejects such cells; a hand-built frame scores the indicator as unweighted
    return max(number, Decimal(0)).quantize(CENT, ROUND_HALF_UP) if number.is_finite() else None
