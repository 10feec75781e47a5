"""Scoring settings (``qlaudit/scoring.toml`` with an optional province file merged over it), read and checked.

Everything a province may change is data: the 自评表 weights and grade bands, the execution rule and what happens
above 100%, the indicator formulas (反向 linear or ratio, = above target, the over-achievement flag), the qualitative
labels with their official bands, how projects are weighted, and the unit-level framework (共性指标: points, limits,
formulas and the official text each comes from). This module reads and validates; it scores nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from qlaudit import tomlconfig
from qlaudit.errors import QlauditError

EXECUTION_RULES = ("linear", "banded")
OVER_RULES = ("symmetric", "cap", "zero")
REVERSE_RULES = ("linear", "ratio")
EQUAL_ABOVE = ("as_ge", "deviation")
WEIGHTINGS = ("max", "adjusted", "spent")
# The unit-level indicators qlaudit can compute, in no particular order (the settings file gives the order).
UNIT_INDICATORS = ("execution", "adjustment", "carry_over", "payment_progress", "staffing", "sangong",
                   "public_funds", "procurement", "compliance", "projects")
FIGURE_BASES = ("initial", "spent")
SEVERITIES = ("error", "warning", "info")


class ScoringSettingsError(QlauditError):
    """A scoring settings file that cannot be read or makes no sense."""


def norm(text: str) -> str:
    """Text compared without spaces and width differences (NFKC)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", str(text)))


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    weight: Decimal
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class QualitativeLevel:
    """A completion value of a qualitative indicator: the share of its points, within its official band."""

    label: str
    share: Decimal
    band: tuple[Decimal, Decimal] | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitIndicatorSettings:
    """One indicator of the unit-level framework (部门整体支出绩效自评表)."""

    key: str
    name: str
    points: Decimal
    formula: str
    basis: str  # the official text it comes from, "(verify)" where not confirmed
    limit: Decimal | None = None  # ceiling rules: full points at or under this value (percent)
    per_point: Decimal = Decimal(0)  # share of the points lost per percentage point above the limit
    figure: str = "initial"  # sangong: the 年初预算数 ("initial") or the 执行数 ("spent") on the 三公 codes
    checkpoints: tuple[tuple[int, Decimal], ...] = ()  # payment_progress: (month, target percent)
    rules: tuple[str, ...] = ()  # compliance: the rule ids that count
    severity_share: tuple[tuple[str, Decimal], ...] = ()  # compliance: share of the points lost per finding


@dataclass(frozen=True)
class ScoringSettings:
    execution_weight: Decimal
    execution_rule: str  # linear | banded
    execution_bands: tuple[tuple[Decimal, Decimal], ...]  # (min_rate, share), highest first
    categories: tuple[Category, ...]
    grades: tuple[tuple[str, Decimal], ...]  # (label, lowest total), highest first
    qualitative: tuple[tuple[str, Decimal], ...]  # (completion value, share)
    source: str
    execution_over: str = "symmetric"  # above 100%: symmetric | cap | zero
    reverse_rule: str = "linear"  # ≤ indicators above target: linear | ratio
    equal_above: str = "as_ge"  # = indicators above target: as_ge | deviation
    over_achievement: Decimal = Decimal("0.2")  # flag when 完成值 exceeds 指标值 by more than this share
    weighting: str = "max"  # unit mean of project totals weighted by max(调整后预算, 执行数) | adjusted | spent
    qualitative_levels: tuple[QualitativeLevel, ...] = ()
    unit_rescale: bool = True  # unit total over the scored indicators only, brought to 100
    year_end_recovery: tuple[str, ...] = ()  # 调减 quota names that are a year-end recovery (年底收回)
    unit_indicators: tuple[UnitIndicatorSettings, ...] = ()

    def category(self, level1: str) -> Category | None:
        text = norm(level1)
        return next((c for c in self.categories if text in {norm(a) for a in (c.label, *c.aliases)}), None)

    def grade(self, total: Decimal) -> str:
        return next((label for label, lowest in self.grades if total >= lowest), self.grades[-1][0])

    def qualitative_level(self, value: str) -> QualitativeLevel | None:
        text = norm(value)
        return next((q for q in self.qualitative_levels if text in {norm(a) for a in (q.label, *q.aliases)}), None)

    def qualitative_share(self, value: str) -> Decimal | None:
        level = self.qualitative_level(value)
        return None if level is None else level.share

    @property
    def indicator_weight(self) -> Decimal:
        return sum((c.weight for c in self.categories), Decimal(0))


def load_settings(path: str | Path | None = None) -> ScoringSettings:
    """The packaged settings, with ``path`` (a TOML file) merged over them table by table when given."""
    data, source = tomlconfig.load("scoring.toml", path, "scoring settings", ScoringSettingsError)
    return _build(data, source)


def _choice(table: dict, key: str, choices: tuple[str, ...], default: str, where: str, source: str) -> str:
    value = table.get(key, default)
    if value not in choices:
        raise ScoringSettingsError(f"{source}: {where}.{key} must be one of {', '.join(choices)}, not {value!r}")
    return str(value)


def _number(source: str, value: object, where: str, low: Decimal = Decimal(0), high: Decimal | None = None) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ScoringSettingsError(f"{source}: {where} must be a number, not {value!r}")
    if value < low or (high is not None and value > high):
        raise ScoringSettingsError(f"{source}: {where} = {value} is outside [{low}, {high if high else '∞'}]")
    return Decimal(value)


def _qualitative(data: dict, source: str) -> tuple[QualitativeLevel, ...]:
    bands = data.get("qualitative_bands", {})
    aliases: dict[str, list[str]] = {}
    for alias, label in data.get("qualitative_aliases", {}).items():
        aliases.setdefault(str(label), []).append(str(alias))
    levels = []
    for label, share in data["qualitative"].items():
        value = _number(source, share, f"qualitative.{label}", high=Decimal(1))
        band = None
        if label in bands:
            low, high = (_number(source, b, f"qualitative_bands.{label}", high=Decimal(1)) for b in bands[label])
            if not low <= value <= high:
                raise ScoringSettingsError(f"{source}: qualitative.{label} = {value} is outside its band "
                                           f"[{low}, {high}] (qualitative_bands.{label})")
            band = (low, high)
        levels.append(QualitativeLevel(str(label), value, band, tuple(aliases.get(label, ()))))
    unknown = sorted(set(aliases) - {q.label for q in levels})
    if unknown:
        raise ScoringSettingsError(f"{source}: qualitative_aliases point to unknown labels: {', '.join(unknown)}")
    return tuple(levels)


def _unit_indicator(key: str, t: dict, source: str) -> UnitIndicatorSettings:
    where = f"unit.indicators.{key}"
    if key not in UNIT_INDICATORS:
        raise ScoringSettingsError(f"{source}: unknown indicator {where}; known: {', '.join(UNIT_INDICATORS)}")
    limit = t.get("limit")
    checkpoints = tuple((int(_number(source, m, f"{where}.checkpoints month", Decimal(1), Decimal(12))),
                         _number(source, p, f"{where}.checkpoints target", Decimal(0), Decimal(100)))
                        for m, p in t.get("checkpoints", ()))
    severity = tuple((s, _number(source, t[s], f"{where}.{s}", high=Decimal(1))) for s in SEVERITIES if s in t)
    return UnitIndicatorSettings(
        key=key, name=str(t["name"]), points=_number(source, t["points"], f"{where}.points"),
        formula=str(t.get("formula", "")), basis=str(t.get("basis", "")),
        limit=None if limit is None else _number(source, limit, f"{where}.limit", Decimal(-100)),
        per_point=_number(source, t.get("per_point", 0), f"{where}.per_point", high=Decimal(1)),
        figure=_choice(t, "figure", FIGURE_BASES, "initial", where, source),
        checkpoints=checkpoints, rules=tuple(map(str, t.get("rules", ()))), severity_share=severity)


def _build(data: dict, source: str) -> ScoringSettings:
    one = Decimal(1)
    try:
        execution, grades = data["execution"], data["grades"]
        rule = _choice(execution, "rule", EXECUTION_RULES, "", "execution", source)
        bands = tuple(sorted(((_number(source, b[0], "execution.bands min_rate"),
                               _number(source, b[1], "execution.bands share", high=one))
                              for b in execution["bands"]), reverse=True))
        categories = tuple(Category(key, str(c["label"]), _number(source, c["weight"], f"categories.{key}.weight"),
                                    tuple(map(str, c.get("aliases", ()))))
                           for key, c in data["categories"].items())
        levels = _qualitative(data, source)
        rules, unit = data.get("indicator_rules", {}), data.get("unit", {})
        indicators = tuple(_unit_indicator(k, t, source) for k, t in unit.get("indicators", {}).items()
                           if t.get("enabled", True))
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        raise ScoringSettingsError(f"{source}: missing or malformed setting {exc}") from exc
    if rule == "banded" and not bands:
        raise ScoringSettingsError(f"{source}: the banded rule needs execution.bands")
    if not grades:
        raise ScoringSettingsError(f"{source}: [grades] is empty")
    return ScoringSettings(
        execution_weight=_number(source, execution.get("weight"), "execution.weight"),
        execution_rule=rule,
        execution_bands=bands,
        categories=categories,
        grades=tuple(sorted(((str(k), _number(source, v, f"grades.{k}")) for k, v in grades.items()),
                            key=lambda g: g[1], reverse=True)),
        qualitative=tuple((q.label, q.share) for q in levels),
        source=source,
        execution_over=_choice(execution, "over", OVER_RULES, "symmetric", "execution", source),
        reverse_rule=_choice(rules, "reverse", REVERSE_RULES, "linear", "indicator_rules", source),
        equal_above=_choice(rules, "equal_above", EQUAL_ABOVE, "as_ge", "indicator_rules", source),
        over_achievement=_number(source, rules.get("over_achievement", Decimal("0.2")),
                                 "indicator_rules.over_achievement"),
        weighting=_choice(data.get("weighting", {}), "basis", WEIGHTINGS, "max", "weighting", source),
        qualitative_levels=levels,
        unit_rescale=bool(unit.get("rescale", True)),
        year_end_recovery=tuple(map(str, unit.get("year_end_recovery", ()))),
        unit_indicators=indicators,
    )
