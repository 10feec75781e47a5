"""Reproducible voucher sampling (凭证抽样): simple random, stratified and monetary-unit (MUS / PPS) samples.

Another auditor who makes the same call on the same ledger lines gets the same picks, whatever the row order:

- the lines are first put in a canonical order: ``source_file``, ``source_row``, then the other voucher columns
  as tie-breakers (hand-built or concatenated frames may repeat a source row);
- every random number is a raw 64-bit integer from numpy's PCG64 bit generator seeded with ``seed``. numpy keeps
  the raw stream of a seeded bit generator stable across versions; the distribution methods of
  ``numpy.random.Generator`` (``choice``, ``integers`` …) carry no such promise, so they are not used.

One meaning of ``n`` for every method — **the size of the sample, in lines (at most n)**:

- ``random``: ``n`` lines, each equally likely (all lines when fewer);
- ``stratified``: ``n`` lines in total, allocated to the strata in proportion to their line counts (largest
  remainder, ties in stratum order, so a small stratum may get none); ``per_stratum=k`` instead takes ``k`` lines in
  every stratum (or a count per stratum from a mapping). Give one of ``n`` and ``per_stratum``;
- ``monetary_unit``: ``n`` selection points, so at most ``n`` lines (a line hit by two points is picked once).

:func:`draw` is the checked entry point (``wb.sample`` calls it): a wrong method, parameter name, type or value
raises :class:`qlaudit.errors.InvalidParameter` naming what is accepted.

Simple random and stratified samples give each line (in canonical order) one random key and take the lines with
the smallest keys. The monetary-unit sample walks the cumulative absolute amount in 分 with a fixed interval
``ceil(|population| / n)`` from a random start in ``[0, interval)``: at most ``n`` selection points, and every line
whose absolute amount is at least the interval is always selected. A selection point is an offset (the number of 分
before it), so the point at offset ``p`` is the ``p + 1``-th 分 of the population: texts state every point, the
random start included, as that cumulative amount (:func:`point_amount_fen`), so the start and the first point read
the same figure (an offset of 2,778,187 分 is the 分 at 累计金额 27,781.88 元).

This module does not choose the population (pass the lines to sample from, e.g.
``wb.expenditures[wb.expenditures["expense_kind"] == "project"]``) and does not evaluate the sample (no
misstatement projection or upper error limit).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from qlaudit.errors import InvalidParameter
from qlaudit.money import fen_to_yuan, format_yuan

REQUIRED_COLUMNS = ("source_file", "source_row", "amount_fen")
_ORDER = ("source_file", "source_row", "date", "voucher_no", "line_no", "amount_fen", "summary", "payee",
          "project_code", "economic_code", "functional_code", "expense_kind", "budget_type", "quota_doc")
_TWO_64 = 1 << 64


@dataclass(frozen=True, eq=False)
class SampleResult:
    """A drawn sample: how it was drawn, the population it was drawn from, and the picked lines.

    ``picks`` keeps the original columns and index labels (so ``wb.expenditures.loc[result.picks.index]`` works),
    in canonical order, plus a Chinese ``pick_reason``. Amounts in ``parameters`` are int 分 (keys ending ``_fen``).
    """

    method: str  # "random" | "stratified" | "monetary_unit"
    seed: int
    parameters: Mapping[str, object]
    population_lines: int
    population_fen: int  # net sum of the population's amount_fen
    picks: pd.DataFrame = field(repr=False)

    def as_dict(self) -> dict[str, object]:
        """JSON-safe form: amounts as exact 元 strings (``"1234.50"``), dates as ISO text."""
        return {
            "method": self.method,
            "seed": self.seed,
            "parameters": _json(dict(self.parameters)),
            "population_lines": self.population_lines,
            "population_yuan": str(fen_to_yuan(self.population_fen)),
            "picks": [_json(record) for record in self.picks.to_dict(orient="records")],
        }

    def _repr_html_(self) -> str:
        from qlaudit.frames import sample_html

        return sample_html(self)


def random_sample(expenditures: pd.DataFrame, n: int, seed: int) -> SampleResult:
    """``n`` lines drawn without replacement, each line equally likely (all lines when fewer than ``n``)."""
    n, seed = _count(n), _seed(seed)
    population = _canonical(expenditures)
    keys = _keys(seed, len(population))
    chosen = _smallest(keys, range(len(population)), n)
    reasons = [f"简单随机抽样：随机序第{rank}位（共{len(population)}行抽{len(chosen)}行）" for rank in _ranks(keys, chosen)]
    return _result("random", seed, {"n_requested": n, "n_selected": len(chosen)}, expenditures, population,
                   chosen, reasons)


def stratified_sample(expenditures: pd.DataFrame, per_stratum: int | Mapping[object, int] | None = None,
                      by: str | Iterable[str] = ("expense_kind",), seed: int = 0, *, n: int | None = None
                      ) -> SampleResult:
    """A simple random sample inside each stratum (the distinct values of the ``by`` columns).

    ``n`` is the sample size in lines, allocated to the strata in proportion to their line counts (largest
    remainder; ties in stratum order). ``per_stratum`` instead is a count for every stratum, or a mapping from
    stratum value (a scalar for one ``by`` column, a tuple for several) to a count; strata missing from the mapping
    get no picks. A stratum smaller than its count is taken whole. One key sequence over the canonical order serves
    all strata.
    """
    seed = _seed(seed)
    if (n is None) == (per_stratum is None):
        raise InvalidParameter("分层抽样需要 n（样本总行数，按各层行数比例分配）或 per_stratum（每层行数），二者取一")
    columns = (by,) if isinstance(by, str) else tuple(by)
    if not columns:
        raise InvalidParameter("stratified_sample needs at least one column in by")
    missing = [c for c in columns if c not in expenditures.columns]
    if missing:
        raise InvalidParameter(f"stratification column(s) not in the ledger: {', '.join(missing)}")
    population = _canonical(expenditures)
    keys = _keys(seed, len(population))
    values = list(zip(*(population[c].tolist() for c in columns), strict=True)) if len(population) else []
    strata: dict[tuple[object, ...], list[int]] = {}
    for position, value in enumerate(values):
        strata.setdefault(value, []).append(position)
    if n is not None:
        requested = allocate(_count(n), {s: len(strata[s]) for s in sorted(strata, key=_stratum_order)})
    else:
        requested = _requested(per_stratum, columns, strata)  # type: ignore[arg-type]
    chosen: list[int] = []
    reasons: dict[int, str] = {}
    report: list[dict[str, object]] = []
    for stratum in sorted(set(strata) | set(requested), key=_stratum_order):
        positions = strata.get(stratum, [])
        picked = _smallest(keys, positions, requested.get(stratum, 0))
        label = "，".join(f"{c}={v}" for c, v in zip(columns, stratum, strict=True))
        for position, rank in zip(picked, _ranks(keys, picked, positions), strict=True):
            reasons[position] = f"分层抽样：{label}，本层随机序第{rank}位（本层{len(positions)}行抽{len(picked)}行）"
        chosen.extend(picked)
        report.append({"stratum": dict(zip(columns, stratum, strict=True)), "requested": requested.get(stratum, 0),
                       "available": len(positions), "selected": len(picked)})
    chosen.sort()
    parameters: dict[str, object] = {"by": list(columns), "strata": report, "n_selected": len(chosen)}
    if n is not None:
        parameters = {"n_requested": n, "allocation": "proportional", **parameters}
    return _result("stratified", seed, parameters, expenditures, population, chosen, [reasons[p] for p in chosen])


def monetary_unit_sample(expenditures: pd.DataFrame, n: int, seed: int) -> SampleResult:
    """Monetary-unit (PPS) sample: systematic selection on the cumulative absolute amount in 分.

    ``interval_fen = ceil(absolute_fen / n)`` and ``start_fen`` uniform in ``[0, interval_fen)``; the selection
    points are ``start + k × interval`` below ``absolute_fen`` (at most ``n``), and a point selects the line whose
    span of 分 contains it. A line hit by several points is picked once, so the sample has at most ``n`` lines;
    lines of 0 分 are never picked; reversals count by their absolute amount.
    """
    n, seed = _count(n), _seed(seed)
    population = _canonical(expenditures)
    absolute = [abs(int(a)) for a in population["amount_fen"].tolist()]
    total = sum(absolute)
    parameters: dict[str, object] = {"n_requested": n, "absolute_fen": total, "interval_fen": None,
                                     "start_fen": None, "points": 0, "n_selected": 0}
    if n == 0 or total == 0:
        return _result("monetary_unit", seed, parameters, expenditures, population, [], [])
    interval = -(-total // n)
    start = _uniform_below(seed, interval)
    points = range(start, total, interval)
    ends = np.cumsum(np.asarray(absolute, dtype=np.int64))
    hits: dict[int, list[int]] = {}
    for point in points:
        hits.setdefault(int(np.searchsorted(ends, point, side="right")), []).append(point)
    chosen = sorted(hits)
    reasons = []
    for position in chosen:
        if absolute[position] >= interval:
            reasons.append(f"货币单位抽样：金额绝对值{format_yuan(absolute[position])}元不低于抽样间隔"
                           f"{format_yuan(interval)}元，必然选中（{len(hits[position])}个选样点）")
        else:
            reasons.append(f"货币单位抽样：第{points.index(hits[position][0]) + 1}个选样点"
                           f"（累计金额{format_yuan(point_amount_fen(hits[position][0]))}元处）落在本行")
    parameters.update(interval_fen=interval, start_fen=start, points=len(points), n_selected=len(chosen))
    return _result("monetary_unit", seed, parameters, expenditures, population, chosen, reasons)


def point_amount_fen(point_fen: int) -> int:
    """The cumulative amount (分, counted from 1) at which the selection point at offset ``point_fen`` falls: the
    ``point_fen + 1``-th 分 of the population. ``start_fen`` (an offset in ``[0, interval)``) is shown through it
    as 随机起点, equal to the first selection point's 累计金额."""
    return int(point_fen) + 1


#: What ``n`` means for each method (the same in every case: the sample size in lines, at most n).
N_MEANING = {
    "random": "样本行数（简单随机，不放回）",
    "stratified": "样本总行数，按各层行数比例分配（per_stratum=k 则每层 k 行）",
    "monetary_unit": "选样点个数，即至多 n 行（同一行被多个选样点选中只算一次）",
}
PARAMETERS = {"random": ("n", "seed"), "stratified": ("n", "per_stratum", "by", "seed"),
              "monetary_unit": ("n", "seed")}


def draw(expenditures: pd.DataFrame, method: str, **params: object) -> SampleResult:
    """The sample of ``method`` with its parameters checked first: a wrong method, a parameter the method does not
    take or a missing ``n`` raises :class:`InvalidParameter` naming what is accepted and what ``n`` means."""
    if method not in PARAMETERS:
        raise InvalidParameter(f"未知的抽样方法 {method!r}；可用：" + "、".join(PARAMETERS))
    accepted = PARAMETERS[method]
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise InvalidParameter(f"{method} 抽样不接受参数 {', '.join(unknown)}；可用参数：{', '.join(accepted)}"
                               f"（n：{N_MEANING[method]}）")
    if "seed" not in params:
        raise InvalidParameter(f"{method} 抽样需要 seed（非负整数，同一 seed 抽得同样的行）")
    if method == "stratified":
        return stratified_sample(expenditures, **params)  # type: ignore[arg-type]
    if "n" not in params:
        raise InvalidParameter(f"{method} 抽样需要 n（{N_MEANING[method]}）")
    function = random_sample if method == "random" else monetary_unit_sample
    return function(expenditures, n=params["n"], seed=params["seed"])  # type: ignore[arg-type]


def _canonical(expenditures: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in REQUIRED_COLUMNS if c not in expenditures.columns]
    if missing:
        raise InvalidParameter(f"sampling needs the column(s) {', '.join(missing)} (a canonical expenditures ledger)")
    keys = [c for c in _ORDER if c in expenditures.columns]
    return expenditures.sort_values(keys, kind="stable", na_position="first")


def _seed(seed: object) -> int:
    return _non_negative(seed, "seed")


def _count(n: object) -> int:
    return _non_negative(n, "n")


def _non_negative(value: object, name: str) -> int:
    try:
        if isinstance(value, bool):
            raise TypeError
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidParameter(f"{name} must be a non-negative integer, not {value!r}") from None
    if number < 0:
        raise InvalidParameter(f"{name} must be a non-negative integer, not {value!r}")
    return number


def _stratum_order(stratum: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(map(str, stratum))


def allocate(n: int, sizes: Mapping[tuple[object, ...], int]) -> dict[tuple[object, ...], int]:
    """``n`` lines shared among strata in proportion to their ``sizes`` (largest remainder, ties in the mapping's
    order): exact integer arithmetic; the counts add up to ``min(n, Σ sizes)`` and none exceeds its stratum."""
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    shares = {s: n * size // total for s, size in sizes.items()}
    order = sorted(enumerate(sizes.items()), key=lambda item: (-(n * item[1][1] % total), item[0]))
    for _, (stratum, _size) in order[: n - sum(shares.values())]:
        shares[stratum] += 1
    return shares


def _keys(seed: int, size: int) -> list[int]:
    """One raw 64-bit random integer per line of the canonical order."""
    return [int(k) for k in np.random.PCG64(seed).random_raw(size)]


def _uniform_below(seed: int, bound: int) -> int:
    """An integer uniform in ``[0, bound)`` from the raw stream, without modulo bias (rejection)."""
    generator = np.random.PCG64(seed)
    limit = _TWO_64 - _TWO_64 % bound
    while True:
        raw = int(generator.random_raw())
        if raw < limit:
            return raw % bound


def _smallest(keys: list[int], positions: Iterable[int], k: int) -> list[int]:
    """The ``k`` positions with the smallest keys (ties by position), returned in canonical order."""
    ordered = sorted(positions, key=lambda p: (keys[p], p))
    return sorted(ordered[:k])


def _ranks(keys: list[int], chosen: list[int], among: Iterable[int] | None = None) -> list[int]:
    """1-based rank of each chosen position in the random order of ``among`` (default: every position)."""
    pool = range(len(keys)) if among is None else among
    order = {p: i + 1 for i, p in enumerate(sorted(pool, key=lambda p: (keys[p], p)))}
    return [order[p] for p in chosen]


def _requested(per_stratum: int | Mapping[object, int], columns: tuple[str, ...],
               strata: Mapping[tuple[object, ...], list[int]]) -> dict[tuple[object, ...], int]:
    if not isinstance(per_stratum, Mapping):
        count = _count(per_stratum)
        return dict.fromkeys(strata, count)
    requested: dict[tuple[object, ...], int] = {}
    for key, count in per_stratum.items():
        stratum = key if isinstance(key, tuple) else (key,)
        if len(stratum) != len(columns):
            raise InvalidParameter(f"stratum {key!r} does not match by={list(columns)}")
        requested[stratum] = _count(count)
    return requested


def _result(method: str, seed: int, parameters: dict[str, object], original: pd.DataFrame,
            population: pd.DataFrame, chosen: list[int], reasons: list[str]) -> SampleResult:
    picks = population.iloc[chosen].copy()
    picks["pick_reason"] = pd.Series(reasons, index=picks.index, dtype=str)
    return SampleResult(method=method, seed=seed, parameters=parameters, population_lines=len(original),
                        population_fen=int(original["amount_fen"].sum()), picks=picks)


def _json(value: object) -> object:
    """JSON-safe copy: ``*_fen`` keys become ``*_yuan`` (``amount_fen`` → ``amount``) with exact 元 strings."""
    if isinstance(value, Mapping):
        out: dict[str, object] = {}
        for key, item in value.items():
            key = str(key)
            if key.endswith("_fen"):
                name = "amount" if key == "amount_fen" else key[: -len("_fen")] + "_yuan"
                out[name] = None if item is None else str(fen_to_yuan(int(item)))  # type: ignore[call-overload]
            else:
                out[key] = _json(item)
        return out
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, Decimal):
        return str(value)
    if pd.isna(value):  # type: ignore[call-overload]
        return None
    return str(value)
