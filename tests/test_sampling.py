"""Voucher sampling: reproducible from the seed, independent of row order, MUS key items, stratum counts."""

import json
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qlaudit.errors import InvalidParameter, QlauditError
from qlaudit.ledgers import empty_frame
from qlaudit.sampling import SampleResult, allocate, draw, monetary_unit_sample, random_sample, stratified_sample

KINDS = ("personnel", "public", "project")


def voucher(row, amount_fen, kind="public", file="e.csv"):
    return {"date": pd.Timestamp(2021, 1 + row % 12, 1 + row % 28), "voucher_no": f"记-{row:04d}", "line_no": "1",
            "summary": f"摘要{row}", "payee": "某单位", "budget_type": "general", "expense_kind": kind,
            "project_code": "P1" if kind == "project" else "", "project_name": "", "functional_code": "2012999",
            "economic_code": "30201", "amount_fen": amount_fen, "quota_doc": "", "source_file": file,
            "source_row": row + 2}


def ledger(rows):
    if not rows:
        return empty_frame("expenditures")
    return pd.DataFrame(rows, columns=list(empty_frame("expenditures").columns))


def population(size=200):
    return ledger([voucher(i, (i * 7919) % 500_000 + 100, KINDS[i % 3]) for i in range(size)])


def keys(result: SampleResult):
    return list(zip(result.picks["source_file"], result.picks["source_row"], strict=True))


SAMPLERS = [
    lambda df, seed: random_sample(df, 20, seed),
    lambda df, seed: stratified_sample(df, 5, seed=seed),
    lambda df, seed: monetary_unit_sample(df, 20, seed),
]


@pytest.mark.parametrize("draw", SAMPLERS, ids=["random", "stratified", "mus"])
def test_same_seed_same_picks_and_shuffled_input_same_picks(draw):
    df = population()
    first = draw(df, 2021)
    assert keys(first) == keys(draw(df, 2021))
    shuffled = df.sample(frac=1, random_state=7)
    again = draw(shuffled, 2021)
    assert keys(again) == keys(first)
    assert list(again.picks.index) == list(first.picks.index)  # original index labels are kept
    assert again.parameters == first.parameters


@pytest.mark.parametrize("draw", SAMPLERS, ids=["random", "stratified", "mus"])
def test_different_seed_different_picks(draw):
    df = population()
    assert keys(draw(df, 1)) != keys(draw(df, 2))


def test_random_sample_shape_and_reason():
    df = population()
    result = random_sample(df, 20, 42)
    assert result.method == "random" and result.seed == 42
    assert len(result.picks) == 20
    assert result.population_lines == 200
    assert result.population_fen == int(df["amount_fen"].sum())
    assert list(result.picks.columns) == [*df.columns, "pick_reason"]
    assert result.picks["pick_reason"].str.startswith("简单随机抽样").all()
    assert random_sample(df.head(5), 20, 42).parameters == {"n_requested": 20, "n_selected": 5}


def test_mus_always_includes_items_at_least_the_interval():
    rows = [voucher(i, 10_000 + i) for i in range(100)]
    rows += [voucher(100, 5_000_000), voucher(101, -3_000_000), voucher(102, 0)]
    df = ledger(rows)
    for seed in range(20):
        result = monetary_unit_sample(df, 10, seed)
        interval = result.parameters["interval_fen"]
        assert interval == -(-int(df["amount_fen"].abs().sum()) // 10)
        assert 0 <= result.parameters["start_fen"] < interval
        big = df.loc[df["amount_fen"].abs() >= interval, "source_row"]
        assert set(big) <= set(result.picks["source_row"])
        assert len(big) == 2
        assert 104 not in set(result.picks["source_row"])  # the 0 分 line
        assert len(result.picks) <= 10
        reasons = result.picks.set_index("source_row")["pick_reason"]
        assert "必然选中" in reasons[102]


def test_mus_of_nothing():
    result = monetary_unit_sample(ledger([voucher(0, 0)]), 5, 1)
    assert result.picks.empty
    assert result.parameters["interval_fen"] is None
    assert monetary_unit_sample(population(), 0, 1).picks.empty


def test_stratified_respects_per_stratum_counts():
    df = population(200)  # 67 personnel, 67 public, 66 project
    result = stratified_sample(df, {"personnel": 3, "project": 70}, seed=5)
    counts = result.picks["expense_kind"].value_counts().to_dict()
    assert counts == {"personnel": 3, "project": 66}
    report = {s["stratum"]["expense_kind"]: (s["requested"], s["available"], s["selected"])
              for s in result.parameters["strata"]}
    assert report == {"personnel": (3, 67, 3), "project": (70, 66, 66), "public": (0, 67, 0)}

    uniform = stratified_sample(df, 4, by=["expense_kind", "source_file"], seed=5)
    assert uniform.picks.groupby("expense_kind").size().to_dict() == dict.fromkeys(KINDS, 4)
    assert uniform.picks["pick_reason"].str.contains("expense_kind=").all()


def test_stratified_rejects_bad_strata():
    with pytest.raises(ValueError, match="not in the ledger"):
        stratified_sample(population(), 1, by="nope", seed=1)
    with pytest.raises(ValueError, match="does not match"):
        stratified_sample(population(), {("public", "x"): 1}, seed=1)


def test_bad_arguments():
    with pytest.raises(InvalidParameter, match="seed"):
        random_sample(population(), 1, -1)
    with pytest.raises(InvalidParameter, match=r"seed must be a non-negative integer, not 1\.5"):
        random_sample(population(), 1, 1.5)
    with pytest.raises(ValueError, match="n must"):
        monetary_unit_sample(population(), -1, 1)
    with pytest.raises(ValueError, match="source_row"):
        random_sample(pd.DataFrame({"amount_fen": [1]}), 1, 1)


def test_as_dict_is_json_safe_with_exact_yuan():
    df = ledger([voucher(0, 123_456_789), voucher(1, -5), voucher(2, 100)])
    result = monetary_unit_sample(df, 2, 3)
    data = result.as_dict()
    json.dumps(data, ensure_ascii=False)
    assert data["population_yuan"] == "1234568.84"
    assert data["parameters"]["absolute_yuan"] == "1234568.94"
    assert data["parameters"]["interval_yuan"] == "617284.47"
    assert set(data["parameters"]) >= {"interval_yuan", "start_yuan", "n_requested", "n_selected"}
    first = data["picks"][0]
    assert first["amount"] == "1234567.89"
    assert first["date"] == "2021-01-01"
    assert first["source_row"] == 2


lines = st.lists(st.tuples(st.integers(-10**8, 10**9), st.sampled_from(KINDS)), max_size=60)


@settings(max_examples=80, deadline=None)
@given(lines, st.integers(0, 30), st.integers(0, 2**32))
def test_picks_are_a_subset_and_mus_has_at_most_n(data, n, seed):
    df = ledger([voucher(i, amount, kind) for i, (amount, kind) in enumerate(data)])
    rows = set(df["source_row"])
    for result in (random_sample(df, n, seed), stratified_sample(df, n, seed=seed), monetary_unit_sample(df, n, seed)):
        assert set(result.picks["source_row"]) <= rows
        assert not result.picks["source_row"].duplicated().any()
        assert result.picks.drop(columns="pick_reason").equals(df.loc[result.picks.index])
    mus = monetary_unit_sample(df, n, seed)
    assert len(mus.picks) <= n
    assert len(random_sample(df, n, seed).picks) == min(n, len(df))
    if mus.parameters["interval_fen"]:
        interval = mus.parameters["interval_fen"]
        assert set(df.loc[df["amount_fen"].abs() >= interval, "source_row"]) <= set(mus.picks["source_row"])


def test_mus_start_and_first_point_are_stated_as_the_same_amount():
    """附三 states the random start as the cumulative amount of the first selection point (the start is an offset:
    the point at offset p is the p+1-th 分), with thousands separators, exactly as the first pick's reason does."""
    import re

    from qlaudit.report.appendices import sampling_section
    from qlaudit.sampling import point_amount_fen

    df = ledger([voucher(i, 123_456 + i * 1_000) for i in range(300)])  # every line far below the interval
    for seed in range(5):
        result = monetary_unit_sample(df, 10, seed)
        start = int(result.parameters["start_fen"])
        assert point_amount_fen(start) == start + 1
        text = sampling_section(result).blocks[1].text
        stated = re.search(r"随机起点（第1个选样点）为累计金额 ([\d,]+\.\d\d) 元处", text)
        first = re.search(r"第1个选样点（累计金额([\d,.]+)元处）", result.picks["pick_reason"].iloc[0])
        assert stated and first, (text, result.picks["pick_reason"].iloc[0])
        assert stated[1] == first[1]
        assert stated[1] == f"{Decimal(start + 1).scaleb(-2):,.2f}" and "," in stated[1]
        assert f"抽样间隔 {Decimal(int(result.parameters['interval_fen'])).scaleb(-2):,.2f} 元" in text
        # every amount in every reason has separators when it is 1,000 元 or more
        for reason in result.picks["pick_reason"]:
            assert not re.search(r"\d{4}\.\d\d", reason.replace(",", "|")), reason


# One meaning of n for every method: the sample size in lines (at most n).

def test_n_is_the_sample_size_for_every_method():
    df = population(200)
    assert len(draw(df, "random", n=7, seed=1).picks) == 7
    stratified = draw(df, "stratified", n=7, seed=1)
    assert len(stratified.picks) == 7 and stratified.parameters["allocation"] == "proportional"
    # personnel 67, project 66, public 67 lines: 2.345, 2.31, 2.345 → 2 each, the 7th to the first largest remainder
    assert [s["requested"] for s in stratified.parameters["strata"]] == [3, 2, 2]
    assert len(draw(df, "monetary_unit", n=7, seed=1).picks) <= 7
    per = draw(df, "stratified", per_stratum=2, seed=1)  # per_stratum keeps its meaning: k in every stratum
    assert len(per.picks) == 6 and "allocation" not in per.parameters


@pytest.mark.parametrize(("method", "params", "message"), [
    ("stratified", {"n": 5, "per_stratum": 2, "seed": 1}, "二者取一"),
    ("stratified", {"seed": 1}, "二者取一"),
    ("stratified", {"n": 5, "size": 2, "seed": 1}, "不接受参数 size；可用参数：n, per_stratum, by, seed"),
    ("random", {"per_stratum": 2, "seed": 1}, "不接受参数 per_stratum"),
    ("random", {"seed": 1}, "需要 n"),
    ("monetary_unit", {"n": 5}, "需要 seed"),
    ("monetary_unit", {"n": "5", "seed": 1}, "n must be a non-negative integer"),
    ("monetary_unit", {"n": True, "seed": 1}, "n must be a non-negative integer"),
    ("systematic", {"n": 5, "seed": 1}, "未知的抽样方法"),
])
def test_wrong_parameters_are_a_clear_qlaudit_error_not_a_type_error(method, params, message):
    with pytest.raises(QlauditError, match=message) as caught:
        draw(population(30), method, **params)
    assert isinstance(caught.value, InvalidParameter) and caught.value.exit_code == 2


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=8), st.integers(0, 400))
def test_proportional_allocation_adds_up_and_stays_within_each_stratum(sizes, n):
    strata = {(f"s{i}",): size for i, size in enumerate(sizes)}
    shares = allocate(n, strata)
    total = sum(sizes)
    assert sum(shares.values()) == min(n, total)
    for stratum, size in strata.items():
        assert 0 <= shares[stratum] <= size
        if n < total:  # within one line of the exact proportional share n × size / total
            assert abs(shares[stratum] * total - n * size) < total


@settings(max_examples=40, deadline=None)
@given(lines, st.integers(0, 30), st.integers(0, 2**32))
def test_stratified_n_draws_min_n_population_lines(data, n, seed):
    df = ledger([voucher(i, amount, kind) for i, (amount, kind) in enumerate(data)])
    result = stratified_sample(df, n=n, seed=seed)
    assert len(result.picks) == min(n, len(df))
    assert keys(result) == keys(stratified_sample(df.iloc[::-1], n=n, seed=seed))


def test_workbook_sample_takes_the_issue_call_defaults_the_seed_to_the_year_and_replays(tmp_path):
    from pathlib import Path

    import qlaudit
    from qlaudit.oplog import OperationLog
    from qlaudit.replay import replay

    data = Path(__file__).resolve().parent.parent / "data"
    wb = qlaudit.open("lusong-qiaolian", 2021, data)
    drawn = wb.sample("stratified", n=5)  # raised TypeError before: stratified took only per_stratum
    assert len(drawn.picks) == 5 and drawn.seed == 2021
    project = wb.sample("random", n=4, project="侨联工作经费")
    assert len(project.picks) == 4 and set(project.picks["project_name"]) == {"侨联工作经费"}
    assert project.population_lines == 30 and wb.oplog.operations[-1].params["project"] == "侨联工作经费"
    with pytest.raises(InvalidParameter, match="per_stratum"):
        wb.sample("stratified", m=5)
    assert all(step.ok for step in replay(OperationLog.from_json(wb.oplog.to_json()), data))
