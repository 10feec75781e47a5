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

from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_rate, format_yuan
from qlaudit.rules.common import economic_class, percent, share_above

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook

BENFORD = {d: math.log10(1 + 1 / d) for d in range(1, 10)}


def _population(wb: Workbook, settings: RuleSettings) -> pd.DataFrame:
    spend = wb.expenditures
    return spend[(spend["amount_fen"] > 0) & economic_class(spend["economic_code"]).isin(settings.number_test_classes)]


def round_amounts(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """NUM-ROUND: too many round amounts (整数金额集中, a sign of estimated payments; 审计数字分析)."""
    lines = _population(wb, settings)
    if len(lines) < settings.round_min_lines:
        return []
    is_round = (lines["amount_fen"] % settings.round_unit_fen == 0) & (lines["amount_fen"] >= settings.round_min_fen)
    round_lines = lines[is_round]
    if not share_above(len(round_lines), len(lines), settings.round_amount_share):
        return []
    round_total, total = int(round_lines["amount_fen"].sum()), int(lines["amount_fen"].sum())
    return [Finding(
        rule="NUM-ROUND", severity="warning", subject="", title="整数金额支出比例偏高",
        explanation=f"{len(lines)}笔支出中有{len(round_lines)}笔为{format_yuan(settings.round_unit_fen)}元的整数倍"
                    f"且不低于{format_yuan(settings.round_min_fen)}元，占{format_rate(len(round_lines), len(lines))}，"
                    f"超过{percent(settings.round_amount_share)}（金额{format_yuan(round_total)}元，占支出的 "
                    f"{format_rate(round_total, total)}）。整数金额集中可能意味着按估计数或协议价支付，请抽查合同、"
                    "发票与结算单。",
        amounts=(("round_total", round_total), ("total", total)), evidence=evidence_from(round_lines),
    )]


def first_digits(amounts: pd.Series) -> pd.Series:
    """The first significant digit of each positive amount (the same in 分 and in 元)."""
    return amounts.astype("int64").astype(str).str[0].astype("int64")


def mad(digits: pd.Series) -> float:
    """Mean absolute deviation between the observed and Benford first-digit proportions (a statistic, not money)."""
    observed = digits.value_counts(normalize=True)
    return sum(abs(float(observed.get(d, 0.0)) - p) for d, p in BENFORD.items()) / 9


def benford_verdict(value: float, settings: RuleSettings) -> str:
    bounds = ((settings.benford_mad_close, "close"), (settings.benford_mad_acceptable, "acceptable"),
              (settings.benford_mad_marginal, "marginal"))
    return next((label for bound, label in bounds if Decimal(repr(value)) <= bound), "nonconformity")


VERDICT_LABELS = {"close": "高度符合", "acceptable": "可接受的符合", "marginal": "勉强可接受的符合",
                  "nonconformity": "不符合"}


def benford(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """NUM-BENFORD: first-digit Benford test (Nigrini 2012, MAD bounds of table 7.1), only on a large population.

    Verdict close/acceptable → ``info`` passed; marginal → ``info``; nonconformity → ``warning``. Evidence: the lines
    whose first digit is the most over-represented against Benford.
    """
    lines = _population(wb, settings)
    lines = lines[lines["amount_fen"] >= settings.benford_min_amount_fen]
    floor = format_yuan(settings.benford_min_amount_fen)
    if len(lines) < settings.benford_min_population:
        return [Finding(
            rule="NUM-BENFORD", severity="info", subject="", title="样本不足，未进行本福特定律首位数字检验",
            explanation=f"不低于{floor}元的支出只有{len(lines)}笔，少于{settings.benford_min_population}笔，"
                        "首位数字分布的检验结果不可靠，因此未进行。", passed=True,
        )]
    digits = first_digits(lines["amount_fen"])
    value = mad(digits)
    verdict = benford_verdict(value, settings)
    observed = digits.value_counts(normalize=True)
    excess = {d: float(observed.get(d, 0.0)) - p for d, p in BENFORD.items()}
    worst = max(excess, key=lambda d: (excess[d], -d))
    table = "，".join(f"{d}: {float(observed.get(d, 0.0)):.1%}/{p:.1%}" for d, p in BENFORD.items())
    fails = verdict == "nonconformity"
    return [Finding(
        rule="NUM-BENFORD", severity="warning" if fails else "info", subject="",
        title=f"首位数字分布{VERDICT_LABELS[verdict]}本福特定律（MAD {value:.4f}）",
        explanation=f"不低于{floor}元的{len(lines)}笔支出，首位数字实际/理论占比：{table}。平均绝对偏差 MAD = "
                    f"{value:.4f}（≤ {settings.benford_mad_close}高度符合，≤ {settings.benford_mad_acceptable}可接受，"
                    f"≤ {settings.benford_mad_marginal}勉强可接受，其上为不符合），结论：{VERDICT_LABELS[verdict]}。"
                    f"首位数字{worst}偏多最明显（{excess[worst]:+.1%}）"
                    + ("，证据列示这些支出。" if fails else "。"),
        evidence=evidence_from(lines[digits == worst]) if fails else (),
        passed=verdict in ("close", "acceptable"),
    )]
