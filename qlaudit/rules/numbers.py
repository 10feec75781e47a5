"""Digit and round-number tests on payment amounts (数字分析).

- NUM-ROUND    the share of round amounts (a multiple of ``round_unit_fen`` and at least ``round_min_fen``) above
               ``round_amount_share``, among at least ``round_min_lines`` lines
- NUM-BENFORD  the first-digit test of Benford's law with the mean absolute deviation (MAD) and Nigrini's verdict,
               run only on a population of at least ``benford_min_population`` amounts ≥ ``benford_min_amount_fen``;
               otherwise one ``info`` finding (``passed=True``) says why it was not run

Both look at positive lines on ``number_test_classes``. Round amounts and digit excesses are signs of estimated or
invented payments, to be read with the evidence, not proofs. Sources: Nigrini, *Benford's Law* (2012), ch. 5 and
table 7.1 (first-digit MAD bounds 0.006 / 0.012 / 0.015); 审计署 数字化审计 practice; domain.md §7.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit.columnar.evidence import Draft, EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule
from qlaudit.findings import Finding
from qlaudit.money import format_rate, format_yuan
from qlaudit.rules.common import percent, share_above

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.columnar.runner import UnitYear
    from qlaudit.settings import RuleSettings

BENFORD = {d: math.log10(1 + 1 / d) for d in range(1, 10)}


def _classes(settings: RuleSettings) -> str:
    """The number-test classes as an SQL list (codes are digits only, checked by settings)."""
    return ", ".join(f"'{c}'" for c in settings.number_test_classes) or "NULL"


def _population(settings: RuleSettings) -> str:
    return f"l.amount_fen > 0 AND l.economic_class IN ({_classes(settings)})"


ROUND = """
SELECT unit, year, CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(amount_fen) AS BIGINT) AS total,
       CAST(COUNT(*) FILTER (WHERE amount_fen % $unit = 0 AND amount_fen >= $min) AS BIGINT) AS round_n,
       CAST(COALESCE(SUM(amount_fen) FILTER (WHERE amount_fen % $unit = 0 AND amount_fen >= $min), 0) AS BIGINT)
           AS round_total
FROM expenditures l WHERE {population}
GROUP BY unit, year ORDER BY unit, year
"""


def _round_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(ROUND.format(population=_population(settings)),
                        {"unit": settings.round_unit_fen, "min": settings.round_min_fen})


def _finish_round(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """NUM-ROUND: too many round amounts (整数金额集中, a sign of estimated payments; 审计数字分析)."""
    if rows.empty:
        return []
    r = rows.iloc[0]
    n, round_n = int(r["n"]), int(r["round_n"])
    if n < settings.round_min_lines or not share_above(round_n, n, settings.round_amount_share):
        return []
    round_total, total = int(r["round_total"]), int(r["total"])
    where = (f"{_population(settings)} AND l.amount_fen % {int(settings.round_unit_fen)} = 0 "
             f"AND l.amount_fen >= {int(settings.round_min_fen)}")
    return [Draft(Finding(
        rule="NUM-ROUND", severity="warning", subject="", title="整数金额支出比例偏高",
        explanation=f"{n}笔支出中有{round_n}笔为{format_yuan(settings.round_unit_fen)}元的整数倍"
                    f"且不低于{format_yuan(settings.round_min_fen)}元，占{format_rate(round_n, n)}，"
                    f"超过{percent(settings.round_amount_share)}（金额{format_yuan(round_total)}元，占支出的 "
                    f"{format_rate(round_total, total)}）。整数金额集中可能意味着按估计数或协议价支付，请抽查合同、"
                    "发票与结算单。",
        amounts=(("round_total", round_total), ("total", total))), (EvidenceRequest(uy.unit, uy.year, where=where),))]


round_amounts = ColumnarRule("round_amounts", _finish_round, _round_candidates)


def first_digits(amounts: pd.Series) -> pd.Series:
    """The first significant digit of each positive amount (the same in 分 and in 元)."""
    return amounts.astype("int64").astype(str).str[0].astype("int64")


def mad(digits: pd.Series) -> float:
    """Mean absolute deviation between the observed and Benford first-digit proportions (a statistic, not money)."""
    observed = digits.value_counts(normalize=True)
    return _mad({int(d): float(p) for d, p in observed.items()})


def _mad(observed: dict[int, float]) -> float:
    return sum(abs(observed.get(d, 0.0) - p) for d, p in BENFORD.items()) / 9


def benford_verdict(value: float, settings: RuleSettings) -> str:
    bounds = ((settings.benford_mad_close, "close"), (settings.benford_mad_acceptable, "acceptable"),
              (settings.benford_mad_marginal, "marginal"))
    return next((label for bound, label in bounds if Decimal(repr(value)) <= bound), "nonconformity")


VERDICT_LABELS = {"close": "高度符合", "acceptable": "可接受的符合", "marginal": "勉强可接受的符合",
                  "nonconformity": "不符合"}

DIGITS = """
SELECT unit, year, CAST(left(CAST(amount_fen AS VARCHAR), 1) AS INTEGER) AS digit, CAST(COUNT(*) AS BIGINT) AS n
FROM expenditures l WHERE {population} AND amount_fen >= $min
GROUP BY ALL ORDER BY unit, year, digit
"""


def _benford_candidates(engine: Engine, settings: RuleSettings) -> pd.DataFrame:
    return engine.query(DIGITS.format(population=_population(settings)), {"min": settings.benford_min_amount_fen})


def _finish_benford(uy: UnitYear, rows: pd.DataFrame, settings: RuleSettings) -> list[Draft]:
    """NUM-BENFORD: first-digit Benford test (Nigrini 2012, MAD bounds of table 7.1), only on a large population.

    Verdict close/acceptable → ``info`` passed; marginal → ``info``; nonconformity → ``warning``. Evidence: the lines
    whose first digit is the most over-represented against Benford.
    """
    counts = {int(d): int(n) for d, n in zip(rows.get("digit", []), rows.get("n", []), strict=True)}
    population = sum(counts.values())
    floor = format_yuan(settings.benford_min_amount_fen)
    if population < settings.benford_min_population:
        return [Draft(Finding(
            rule="NUM-BENFORD", severity="info", subject="", title="样本不足，未进行本福特定律首位数字检验",
            explanation=f"不低于{floor}元的支出只有{population}笔，少于{settings.benford_min_population}笔，"
                        "首位数字分布的检验结果不可靠，因此未进行。", passed=True,
        ))]
    observed = {d: n / population for d, n in counts.items()}
    value = _mad(observed)
    verdict = benford_verdict(value, settings)
    excess = {d: observed.get(d, 0.0) - p for d, p in BENFORD.items()}
    worst = max(excess, key=lambda d: (excess[d], -d))
    table = "，".join(f"{d}: {observed.get(d, 0.0):.1%}/{p:.1%}" for d, p in BENFORD.items())
    fails = verdict == "nonconformity"
    where = (f"{_population(settings)} AND l.amount_fen >= {int(settings.benford_min_amount_fen)} "
             f"AND left(CAST(l.amount_fen AS VARCHAR), 1) = '{worst}'")
    return [Draft(Finding(
        rule="NUM-BENFORD", severity="warning" if fails else "info", subject="",
        title=f"首位数字分布{VERDICT_LABELS[verdict]}本福特定律（MAD {value:.4f}）",
        explanation=f"不低于{floor}元的{population}笔支出，首位数字实际/理论占比：{table}。平均绝对偏差 MAD = "
                    f"{value:.4f}（≤ {settings.benford_mad_close}高度符合，≤ {settings.benford_mad_acceptable}可接受，"
                    f"≤ {settings.benford_mad_marginal}勉强可接受，其上为不符合），结论：{VERDICT_LABELS[verdict]}。"
                    f"首位数字{worst}偏多最明显（{excess[worst]:+.1%}）"
                    + ("，证据列示这些支出。" if fails else "。"),
        passed=verdict in ("close", "acceptable")), (EvidenceRequest(uy.unit, uy.year, where=where),) if fails else ())]


benford = ColumnarRule("benford", _finish_benford, _benford_candidates)
