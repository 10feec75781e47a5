"""The scoring formulas as pure functions of Decimals: a share of the points (0 ≤ share ≤ 1) and why.

- 预算执行率: ``linear`` 分值 × 执行率 or ``banded``; above 100% ``symmetric`` (2 − 执行率), ``cap`` or ``zero``.
- 正向 (ge): met → 1, else 完成值/指标值; 反向 (le): met → 1, else ``linear`` 1 − (完成值 − 指标值)/指标值 (0 at twice
  the target) or ``ratio`` 指标值/完成值; 等于 (eq): below like ge, above ``as_ge`` (1) or ``deviation`` (like le).
  完成值 above 指标值 by more than ``over_achievement`` is flagged (no points lost).
- Ceiling indicators of the unit level (在职人员控制率, 三公经费变动率 …): 1 at or under the limit, minus ``per_point``
  for every percentage point above, not below 0.

Ratios are rounded half-up to 0.01% before use, so a printed rate reproduces the printed points.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from qlaudit.scoring.settings import ScoringSettings

CENT = Decimal("0.01")
RATE = Decimal("0.0001")  # a ratio at the precision of a percentage with 2 decimals
ZERO, ONE = Decimal(0), Decimal(1)
OPERATORS = {"≥": "ge", "≧": "ge", ">=": "ge", ">": "ge", "不低于": "ge", "不少于": "ge", "大于等于": "ge",
             "≤": "le", "≦": "le", "<=": "le", "<": "le", "不高于": "le", "不超过": "le", "小于等于": "le",
             "=": "eq", "==": "eq", "等于": "eq"}
_NUMBER = re.compile(r"^(?P<op>" + "|".join(sorted(map(re.escape, OPERATORS), key=len, reverse=True))
                     + r")?(?P<num>[-+]?\d+(?:\.\d+)?)(?P<suffix>\D*)$")


def clamp(share: Decimal) -> Decimal:
    return min(max(share, ZERO), ONE)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator at 0.01% precision (denominator > 0)."""
    return (numerator / denominator).quantize(RATE, ROUND_HALF_UP)


def plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def percent(share: Decimal) -> str:
    """0.9333 → '93.33'; 1 → '100'; 0 → '0'."""
    return plain((share * 100).quantize(CENT, ROUND_HALF_UP).normalize()) if share else "0"


def execution_share(rate: Decimal, s: ScoringSettings) -> tuple[Decimal, str]:
    """Share of the 预算执行率 points for a rate (1 = 100%), and the rule applied in words."""
    effective, over = rate, ""
    if rate > ONE:
        if s.execution_over == "zero":
            return ZERO, "超预算支出规则（执行率超过100%不得分）"
        effective = ONE if s.execution_over == "cap" else clamp(2 * ONE - rate)
        over = ("；超过100%的按100%计" if s.execution_over == "cap" else
                f"；超过100%（超预算支出）的部分反向扣分，计分比例{percent(effective)}%")
    if s.execution_rule == "linear":
        return clamp(effective), f"线性规则（分值×执行率，最高100%）{over}"
    low, share = next(((low, sh) for low, sh in s.execution_bands if effective >= low), (ZERO, ZERO))
    return share, f"分档规则（执行率达到{percent(low)}%得{percent(share)}%）{over}"


def quantitative(direction: str, t: Decimal, a: Decimal, unit: str, s: ScoringSettings) -> tuple[Decimal, str, str]:
    """(share, deduction reason, over-achievement flag) of a quantitative indicator: target t, actual a."""
    head = f"完成值{plain(a)}{unit}"
    flag = ""
    if direction in ("ge", "eq") and a > t and t > 0 and (a - t) / t > s.over_achievement:
        flag = (f"{head}，超过指标值{plain(t)}{unit}达{percent(ratio(a - t, t))}%（偏离超过"
                f"{percent(s.over_achievement)}%），应分析原因（指标值是否设定偏低）")
    if direction == "eq" and a > t and s.equal_above == "deviation":
        direction, flag = "le", ""
    met = {"ge": a >= t, "le": a <= t, "eq": a >= t}[direction]
    if met:
        return ONE, "", flag
    if direction == "le":
        if t <= 0:
            return ZERO, f"{head}高于指标值{plain(t)}{unit}，指标值不大于0，超出即不得分", ""
        if s.reverse_rule == "ratio":
            share = clamp(ratio(t, a))
            return share, f"{head}高于指标值{plain(t)}{unit}，按指标值/完成值{percent(share)}%得分", ""
        share = clamp(ONE - ratio(a - t, t))
        words = "达到指标值的2倍及以上，不得分" if share == 0 else f"按1−(完成值−指标值)/指标值即{percent(share)}%得分"
        return share, f"{head}高于指标值{plain(t)}{unit}（反向指标），{words}", ""
    if t <= 0:
        return ZERO, f"{head}低于指标值{plain(t)}{unit}，指标值不大于0，无法按比例计分，不得分", ""
    share = clamp(ratio(a, t))
    return share, f"{head}低于指标值{plain(t)}{unit}，按完成比例{percent(share)}%得分", ""


def ceiling_share(value: Decimal, limit: Decimal, per_point: Decimal) -> Decimal:
    """1 at or under ``limit`` (a percentage); each percentage point above costs ``per_point``; never below 0."""
    return ONE if value <= limit else clamp(ONE - (value - limit) * per_point)


def parse_number(text: str) -> tuple[Decimal, str | None, str] | None:
    """'≥30人' → (30, 'ge', '人'); '100%' → (100, None, '%'); None when not a single number."""
    clean = re.sub(r"(?<=\d),(?=\d{3})", "", re.sub(r"\s", "", unicodedata.normalize("NFKC", text)))
    m = _NUMBER.match(clean)
    if m is None:
        return None
    return Decimal(m["num"]), OPERATORS.get(m["op"] or ""), m["suffix"]
