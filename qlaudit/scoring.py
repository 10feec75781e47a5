"""Self-evaluation scoring (自评表): points per indicator, per project and for the unit, from the ledgers.

What it does (domain.md §6; settings in the packaged ``scoring.toml``, an override file may change any key):

- 预算执行率 points per project from its budget phases (执行数 / 调整后预算数, ``reconcile.project_budgets``),
  ``linear`` (分值 × min(执行率, 1)) or ``banded``. The rate is used at its displayed precision (0.01%), so a
  table reader can redo every sum from the printed figures.
- Indicator points: the ``weight`` (分值) column when filled; otherwise what is left of the level-1 category's
  weight, split equally among the category's indicators without a 分值 (cents of the split go to the first ones).
- Quantitative indicators: met per direction (ge ≥, le ≤, eq =) → full points; else 分值 × 完成值/指标值
  (le: × 指标值/完成值), the ratio rounded to 0.01% and capped at 1 (so an ``eq`` target exceeded scores full).
  A missing direction is read from the target's operator (``≥30``), else ``eq``; a non-numeric target makes the
  indicator qualitative. Qualitative: the share configured for 达成 / 部分达成 / 未达成. A missing or unreadable
  value scores 0 with the reason.
- Unit score: the mean of project totals weighted by each project's 调整后预算数 (negative budgets weigh 0); the
  simple mean when no project has a budget.

Points are ``Decimal`` quantized to 0.01 half-up, never floats. This module scores what the ledgers say; it does not
read the unit's submitted self-evaluation nor judge it (rules compare the two).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit import tomlconfig
from qlaudit.errors import QlauditError
from qlaudit.money import format_rate
from qlaudit.reconcile import Phases, project_budgets

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

CENT = Decimal("0.01")
_RATE = Decimal("0.0001")  # a ratio at the precision of a percentage with 2 decimals
EXECUTION_RULES = ("linear", "banded")
_OPERATORS = {"≥": "ge", "≧": "ge", ">=": "ge", ">": "ge", "不低于": "ge", "不少于": "ge", "大于等于": "ge",
              "≤": "le", "≦": "le", "<=": "le", "<": "le", "不高于": "le", "不超过": "le", "小于等于": "le",
              "=": "eq", "==": "eq", "等于": "eq"}
_NUMBER = re.compile(r"^(?P<op>" + "|".join(sorted(map(re.escape, _OPERATORS), key=len, reverse=True))
                     + r")?(?P<num>[-+]?\d+(?:\.\d+)?)(?P<suffix>\D*)$")
_INDICATOR_COLUMNS = ("indicator_level1", "indicator_level2", "indicator", "target", "actual")


class ScoringSettingsError(QlauditError):
    """A scoring settings file that cannot be read or makes no sense."""


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    weight: Decimal
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoringSettings:
    execution_weight: Decimal
    execution_rule: str  # linear | banded
    execution_bands: tuple[tuple[Decimal, Decimal], ...]  # (min_rate, share), highest first
    categories: tuple[Category, ...]
    grades: tuple[tuple[str, Decimal], ...]  # (label, lowest total), highest first
    qualitative: tuple[tuple[str, Decimal], ...]  # (completion value, share)
    source: str

    def category(self, level1: str) -> Category | None:
        text = _norm(level1)
        return next((c for c in self.categories if text in {_norm(a) for a in (c.label, *c.aliases)}), None)

    def grade(self, total: Decimal) -> str:
        return next((label for label, lowest in self.grades if total >= lowest), self.grades[-1][0])

    def qualitative_share(self, value: str) -> Decimal | None:
        return next((share for label, share in self.qualitative if _norm(label) == _norm(value)), None)


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


@dataclass(frozen=True)
class ScoreCard:
    projects: tuple[ProjectScore, ...]
    total: Decimal | None  # budget-weighted mean of the project totals; None without projects
    grade: str
    basis: str  # how the unit total was formed, in Chinese
    settings: ScoringSettings
    unscored: tuple[str, ...] = ()  # projects without performance indicators (listed, not scored)

    def indicators_frame(self) -> pd.DataFrame:
        """Every indicator score as one table (for JupyterLab and Excel)."""
        rows = [vars(i) for p in self.projects for i in p.indicators]
        return pd.DataFrame(rows, columns=list(IndicatorScore.__dataclass_fields__))


def load_settings(path: str | Path | None = None) -> ScoringSettings:
    """The packaged settings, with ``path`` (a TOML file) merged over them table by table when given."""
    data, source = tomlconfig.load("scoring.toml", path, "scoring settings", ScoringSettingsError)
    return _build(data, source)


def score_projects(workbook: Workbook, settings: ScoringSettings | None = None) -> ScoreCard:
    """The 自评表 of every project (register, quotas or vouchers), ordered by code, and the unit score."""
    settings = settings or load_settings()
    register = workbook.projects
    filled = register[list(_INDICATOR_COLUMNS)].fillna("").astype(str).apply(lambda c: c.str.strip() != "")
    indicators = register[filled.any(axis=1)]
    budgets = project_budgets(workbook.appropriations, workbook.expenditures, register)
    with_indicators = set(indicators["project_code"])
    scores = tuple(
        _score_project(b.code, b.name, b.phases, indicators[indicators["project_code"] == b.code], settings)
        for b in budgets
        if b.code in with_indicators
    )
    unscored = tuple(b.name for b in budgets if b.code not in with_indicators)
    if not scores:
        return ScoreCard((), None, "", "无设置绩效指标的项目，未评分", settings, unscored)
    weights = [max(p.adjusted_fen, 0) for p in scores]
    if sum(weights):
        total = sum((p.total * w for p, w in zip(scores, weights, strict=True)), Decimal(0)) / sum(weights)
        basis = "按各项目调整后预算数加权平均"
    else:
        total, basis = sum((p.total for p in scores), Decimal(0)) / len(scores), "各项目均无调整后预算，按简单平均"
    total = total.quantize(CENT, ROUND_HALF_UP)
    if unscored:
        basis += f"；{'、'.join(unscored)}未设绩效指标，未参与评分"
    return ScoreCard(scores, total, settings.grade(total), basis, settings, unscored)


def _score_project(code: str, name: str, phases: Phases, rows: pd.DataFrame, s: ScoringSettings) -> ProjectScore:
    records = rows.to_dict(orient="records")
    allocation, deductions, notes = _allocate(records, s)
    rate_text, execution, lost = _execution(phases, s)
    if lost:
        deductions.insert(0, lost)
    scored = []
    for record, (available, basis) in zip(records, allocation, strict=True):
        score = _score_indicator(code, record, available, basis, s)
        scored.append(score)
        if score.points < score.points_available:
            path = "/".join(t for t in (score.level1, score.level2, score.indicator) if t)
            deductions.append(f"{path}：{score.deduction_reason}，扣{score.points_available - score.points}分")
    available_total = s.execution_weight + sum((i.points_available for i in scored), Decimal(0))
    total = execution + sum((i.points for i in scored), Decimal(0))
    return ProjectScore(code, name, phases.adjusted, phases.spent, rate_text, s.execution_weight, execution,
                        tuple(scored), available_total, total, s.grade(total), tuple(deductions), tuple(notes))


def _execution(phases: Phases, s: ScoringSettings) -> tuple[str, Decimal, str]:
    text = format_rate(phases.spent, phases.adjusted)
    if phases.adjusted <= 0:
        return text, Decimal("0.00"), f"调整后预算数不大于0，无法计算预算执行率，预算执行率{_plain(s.execution_weight)}分不得分"
    rate = (Decimal(phases.spent) / Decimal(phases.adjusted)).quantize(_RATE, ROUND_HALF_UP)
    if s.execution_rule == "linear":
        share, rule = min(max(rate, Decimal(0)), Decimal(1)), "线性规则（分值×执行率，最高100%）"
    else:
        band = next(((low, sh) for low, sh in s.execution_bands if rate >= low), (Decimal(0), Decimal(0)))
        share, rule = band[1], f"分档规则（执行率达到{_percent(band[0])}%得{_percent(band[1])}%）"
    points = (s.execution_weight * share).quantize(CENT, ROUND_HALF_UP)
    lost = "" if points >= s.execution_weight else (
        f"预算执行率{text}，按{rule}得{points}分，扣{s.execution_weight - points}分")
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
            deductions.append(f"未设置{c.label}指标，{c.label}类{_plain(c.weight)}分不得分")
        if not open_:
            continue
        given = sum((weights[i] for i in members if weights[i] is not None), Decimal(0))  # type: ignore[misc]
        left = max(c.weight - given, Decimal(0))
        share = (left / len(open_)).quantize(CENT, ROUND_DOWN)
        extra = int((left - share * len(open_)) / CENT)
        basis = f"未填分值：{c.label}类{_plain(c.weight)}分" + (
            f"扣除已填分值{_plain(given)}分后剩余{_plain(left)}分" if given else "")
        for n, i in enumerate(open_):
            allocation[i] = (share + (CENT if n < extra else 0), f"{basis}，由{len(open_)}个指标平均分配")
    unknown = [i for i, cat in enumerate(categories) if cat is None and weights[i] is None]
    for i in unknown:
        allocation[i] = (Decimal("0.00"), f"一级指标“{records[i].get('indicator_level1') or '（空）'}”不在评分设置中，未分配分值")
    if unknown:
        notes.append(f"{len(unknown)}个指标的一级指标不在评分设置中且未填分值，未计分")
    expected = sum((c.weight for c in s.categories), Decimal(0))
    if all_weighted and sum(weights, Decimal(0)) != expected:  # type: ignore[arg-type]
        notes.append(f"分值列合计{_plain(sum(weights, Decimal(0)))}分，与设置的指标总分值{_plain(expected)}分不一致")  # type: ignore[arg-type]
    return allocation, deductions, notes


def _score_indicator(code: str, r: dict, available: Decimal, basis: str, s: ScoringSettings) -> IndicatorScore:
    target, actual, unit = (str(r.get(k) or "").strip() for k in ("target", "actual", "unit"))
    t, a = _parse_number(target), _parse_number(actual)
    stated = _norm(str(r.get("direction") or ""))
    direction = _OPERATORS.get(stated, stated) or ((t[1] or "eq") if t else "qualitative")
    points, reason = Decimal(0), ""
    if direction not in ("eq", "ge", "le", "qualitative"):
        reason = f"指标方向“{stated}”无法识别，不得分"
    elif not actual:
        reason = "未填报完成值，不得分"
    elif direction == "qualitative":
        share = s.qualitative_share(actual)
        if share is None:
            labels = "/".join(label for label, _ in s.qualitative)
            reason = f"完成情况“{actual}”不是{labels}之一，不得分"
        else:
            points = available * share
            reason = "" if share >= 1 else f"完成情况为“{actual}”，按{_percent(share)}%得分"
    elif t is None:
        reason = f"指标值“{target}”无法识别为数值，不得分" if target else "未填报指标值，无法比较，不得分"
    elif a is None:
        reason = f"完成值“{actual}”无法识别为数值，不得分"
    else:
        points, reason = _quantitative(direction, t[0], a[0], unit or a[2] or t[2], available)
    return IndicatorScore(code, str(r.get("indicator_level1") or ""), str(r.get("indicator_level2") or ""),
                          str(r.get("indicator") or ""), direction, target, actual, unit, available,
                          points.quantize(CENT, ROUND_HALF_UP), reason, basis)


def _quantitative(direction: str, t: Decimal, a: Decimal, unit: str, available: Decimal) -> tuple[Decimal, str]:
    met = {"ge": a >= t, "le": a <= t, "eq": a == t}[direction]
    if met:
        return available, ""
    if direction == "le":
        ratio, words = (t / a if t > 0 else Decimal(0)), ("高于", "按指标值/完成值比例")
    else:
        ratio, words = (a / t if t > 0 else Decimal(0)), ("低于" if a < t else "不等于", "按完成比例")
    ratio = min(max(ratio, Decimal(0)), Decimal(1)).quantize(_RATE, ROUND_HALF_UP)
    if ratio >= 1:
        return available, ""
    head = f"完成值{_plain(a)}{unit}{words[0]}指标值{_plain(t)}{unit}"
    if t <= 0:
        return Decimal(0), f"{head}，指标值不大于0，无法按比例计分，不得分"
    return available * ratio, f"{head}，{words[1]}{_percent(ratio)}%得分"


def _parse_number(text: str) -> tuple[Decimal, str | None, str] | None:
    """'≥30人' → (30, 'ge', '人'); '100%' → (100, None, '%'); None when not a single number."""
    clean = re.sub(r"(?<=\d),(?=\d{3})", "", re.sub(r"\s", "", unicodedata.normalize("NFKC", text)))
    m = _NUMBER.match(clean)
    if m is None:
        return None
    return Decimal(m["num"]), _OPERATORS.get(m["op"] or ""), m["suffix"]


def _weight(value: object) -> Decimal | None:
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        return None  # the loader rejects such cells; a hand-built frame scores the indicator as unweighted
    return max(number, Decimal(0)).quantize(CENT, ROUND_HALF_UP) if number.is_finite() else None


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _percent(share: Decimal) -> str:
    return _plain((share * 100).quantize(CENT, ROUND_HALF_UP).normalize()) if share else "0"


def _norm(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", str(text)))


def _build(data: dict, source: str) -> ScoringSettings:
    def number(value: object, where: str, low: Decimal = Decimal(0), high: Decimal | None = None) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise ScoringSettingsError(f"{source}: {where} must be a number, not {value!r}")
        if value < low or (high is not None and value > high):
            raise ScoringSettingsError(f"{source}: {where} = {value} is outside [{low}, {high if high else '∞'}]")
        return Decimal(value)

    one = Decimal(1)
    try:
        execution, grades, qualitative = data["execution"], data["grades"], data["qualitative"]
        rule = execution["rule"]
        if rule not in EXECUTION_RULES:
            raise ScoringSettingsError(f"{source}: execution.rule must be one of {', '.join(EXECUTION_RULES)}")
        bands = tuple(sorted(((number(b[0], "execution.bands min_rate"), number(b[1], "execution.bands share",
                                                                                  high=one))
                              for b in execution["bands"]), reverse=True))
        categories = tuple(Category(key, str(c["label"]), number(c["weight"], f"categories.{key}.weight"),
                                    tuple(map(str, c.get("aliases", ()))))
                           for key, c in data["categories"].items())
    except (KeyError, TypeError, IndexError) as exc:
        raise ScoringSettingsError(f"{source}: missing or malformed setting {exc}") from exc
    if rule == "banded" and not bands:
        raise ScoringSettingsError(f"{source}: the banded rule needs execution.bands")
    if not grades:
        raise ScoringSettingsError(f"{source}: [grades] is empty")
    return ScoringSettings(
        execution_weight=number(execution.get("weight"), "execution.weight"),
        execution_rule=rule,
        execution_bands=bands,
        categories=categories,
        grades=tuple(sorted(((str(k), number(v, f"grades.{k}")) for k, v in grades.items()),
                            key=lambda g: g[1], reverse=True)),
        qualitative=tuple((str(k), number(v, f"qualitative.{k}", high=one)) for k, v in qualitative.items()),
        source=source,
    )
