"""NUM-ROUND (round-amount concentration) and NUM-BENFORD (first-digit test)."""

from decimal import Decimal

import pandas as pd
import pytest

from qlaudit.rules.numbers import BENFORD, benford, benford_verdict, first_digits, mad, round_amounts
from qlaudit.settings import load_settings
from tests.rules.builders import fen, line, workbook

SETTINGS = load_settings()


def _lines(amounts, code="30201"):
    return [line(f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}", a, code=code, voucher=f"记-{i:03d}")
            for i, a in enumerate(amounts)]


ODD = [f"{123 + i}.45" for i in range(20)]


def test_many_round_amounts_fire():
    amounts = [5_000, 6_000, 12_000, 8_000, 20_000, 7_000, 9_000, *ODD[:13]]  # 7 of 20 = 35%
    (f,) = round_amounts(workbook(lines=_lines(amounts)), SETTINGS)
    assert (f.rule, f.severity) == ("NUM-ROUND", "warning")
    assert f.amount("round_total") == fen(67_000)
    assert [e.amount_fen for e in f.evidence] == [fen(a) for a in amounts[:7]]


def test_round_share_at_threshold_small_rounds_few_lines_and_pay_are_silent():
    at_threshold = [5_000, 6_000, 12_000, 8_000, 20_000, 7_000, *ODD[:14]]  # 6 of 20 = 30%
    assert round_amounts(workbook(lines=_lines(at_threshold)), SETTINGS) == []
    small_rounds = [1_000, 2_000, 3_000, 4_000, 4_000, 3_000, 2_000, *ODD[:13]]  # multiples of 1,000 below 5,000
    assert round_amounts(workbook(lines=_lines(small_rounds)), SETTINGS) == []
    assert round_amounts(workbook(lines=_lines([5_000] * 19)), SETTINGS) == []  # fewer than 20 lines
    assert round_amounts(workbook(lines=_lines([5_000] * 30, code="30101")), SETTINGS) == []  # pay is not tested


def test_benford_is_not_run_on_a_small_population():
    (f,) = benford(workbook(lines=_lines([5_000] * 40 + [5] * 400)), SETTINGS)  # amounts < 10 元 do not count
    assert (f.rule, f.severity, f.passed) == ("NUM-BENFORD", "info", True)
    assert "40笔" in f.explanation and "未进行" in f.title


def _log_uniform(n):
    """Amounts from 10 元 to 100,000 元 spread evenly on a log scale: first digits follow Benford closely."""
    return [Decimal(repr(10 ** (1 + 4 * i / n))).quantize(Decimal("0.01")) for i in range(n)]


def test_benford_conforming_population_passes():
    (f,) = benford(workbook(lines=_lines(_log_uniform(1_000))), SETTINGS)
    assert (f.severity, f.passed) == ("info", True)
    assert "高度符合" in f.title


def test_benford_nonconforming_population_warns_with_the_excess_digit():
    amounts = [*(Decimal(500) + Decimal(i) / 2 for i in range(200)), *_log_uniform(200)]
    (f,) = benford(workbook(lines=_lines(amounts)), SETTINGS)
    assert (f.severity, f.passed) == ("warning", False)
    assert "不符合" in f.title and "首位数字5" in f.explanation
    assert all(str(e.amount_fen).startswith("5") for e in f.evidence) and f.evidence_rows >= 200
    assert len(f.evidence) == SETTINGS.evidence_max_rows  # the rest counted: evidence_omitted


def test_benford_population_setting():
    (f,) = benford(workbook(lines=_lines(_log_uniform(50))), SETTINGS.replace(benford_min_population=50))
    assert "MAD" in f.title


@pytest.mark.parametrize(("value", "verdict"), [
    (0.0, "close"), (0.006, "close"), (0.0061, "acceptable"), (0.012, "acceptable"), (0.015, "marginal"),
    (0.0151, "nonconformity"),
])
def test_nigrini_bounds(value, verdict):
    assert benford_verdict(value, SETTINGS) == verdict


def test_first_digits_and_mad():
    assert list(first_digits(pd.Series([1_000, 250, 99_999, 7]))) == [1, 2, 9, 7]
    assert BENFORD[1] == pytest.approx(0.30103, abs=1e-5) and BENFORD[9] == pytest.approx(0.04576, abs=1e-5)
    uniform = pd.Series(list(range(1, 10)))  # each digit 1/9
    assert mad(uniform) == pytest.approx(sum(abs(1 / 9 - p) for p in BENFORD.values()) / 9)
