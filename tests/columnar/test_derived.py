"""The derived-columns cache: keyed on the exact content of the lines, a hit gives the computed columns, any changed
value is a miss, a damaged entry is recomputed, QLAUDIT_NO_CACHE turns it off."""

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qlaudit
from qlaudit.columnar import derived
from qlaudit.columnar.engine import arrow, ids, prepare_expenditures
from tests.test_findings_golden import DATA


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("QLAUDIT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("QLAUDIT_NO_CACHE", raising=False)
    return tmp_path / "derived"


def _lines():
    return qlaudit.open("lusong-fulian", 2022, DATA).expenditures


def test_a_hit_gives_the_computed_table_and_a_changed_value_is_a_miss(cache):
    spend = _lines()
    computed = prepare_expenditures(spend, "u", 2022)
    assert prepare_expenditures(spend, "u", 2022, cache=True).equals(computed)  # miss: computed and stored
    assert len(list(cache.glob("*.arrow"))) == 1
    assert prepare_expenditures(spend, "u", 2022, cache=True).equals(computed)  # hit
    assert len(list(cache.glob("*.arrow"))) == 1
    edited = spend.copy()
    edited.loc[5, "summary"] = str(edited.loc[5, "summary"]) + "（补）"  # one 摘要: its stem and keys change
    again = prepare_expenditures(edited, "u", 2022, cache=True)
    assert again.equals(prepare_expenditures(edited, "u", 2022)) and not again.equals(computed)
    assert len(list(cache.glob("*.arrow"))) == 2
    # another unit name or year is another table (the unit and year columns are part of the lines)
    assert prepare_expenditures(spend, "v", 2022, cache=True).column("unit")[0].as_py() == "v"


def test_a_damaged_entry_is_recomputed_and_no_cache_writes_nothing(cache, monkeypatch):
    spend = _lines()
    computed = prepare_expenditures(spend, "u", 2022, cache=True)
    (entry,) = cache.glob("*.arrow")
    entry.write_bytes(entry.read_bytes()[:100])
    assert prepare_expenditures(spend, "u", 2022, cache=True).equals(computed)
    monkeypatch.setenv("QLAUDIT_NO_CACHE", "1")
    for path in cache.glob("*.arrow"):
        path.unlink()
    assert prepare_expenditures(spend, "u", 2022, cache=True).equals(computed)
    assert not list(cache.glob("*.arrow"))


def test_a_cached_engine_gives_the_same_findings():
    # tests run with a fresh QLAUDIT_CACHE_DIR: the first check computes, the second reads the derived columns
    first = qlaudit.check(qlaudit.open("lusong-qiaolian", 2021, DATA))
    second = qlaudit.check(qlaudit.open("lusong-qiaolian", 2021, DATA))
    assert first == second


VALUES = st.lists(st.one_of(st.none(), st.text(max_size=4)), min_size=1, max_size=12)


@settings(max_examples=100, deadline=None)
@given(VALUES, st.integers(0, 11), st.data())
def test_the_fingerprint_is_the_values_not_the_chunks(values, cut, data):
    # the same values, chunked anywhere or sliced out of a larger array, give the same fingerprint; a changed
    # value, null or length does not
    cut = min(cut, len(values))
    whole = pa.table({"s": pa.array(values, pa.large_string()), "n": pa.array(range(len(values)), pa.int64())})
    chunked = pa.table({"s": pa.chunked_array([pa.array(values[:cut], pa.large_string()),
                                               pa.array(values[cut:], pa.large_string())]),
                        "n": pa.chunked_array([pa.array(range(cut), pa.int64()),
                                               pa.array(range(cut, len(values)), pa.int64())])})
    padded = pa.table({"s": pa.array(["x", *values, "y"], pa.large_string()).slice(1, len(values)),
                       "n": pa.array([-1, *range(len(values)), -1], pa.int64()).slice(1, len(values))})
    assert derived.fingerprint(whole) == derived.fingerprint(chunked) == derived.fingerprint(padded)
    i = data.draw(st.integers(0, len(values) - 1))
    changed = list(values)
    changed[i] = data.draw(st.one_of(st.none(), st.text(max_size=4)).filter(lambda v: v != values[i]))
    other = pa.table({"s": pa.array(changed, pa.large_string()), "n": pa.array(range(len(values)), pa.int64())})
    assert derived.fingerprint(other) != derived.fingerprint(whole)


def test_moving_text_between_neighbouring_values_changes_the_fingerprint():
    a = pa.table({"s": pa.array(["ab", "c"], pa.large_string())})
    b = pa.table({"s": pa.array(["a", "bc"], pa.large_string())})
    assert derived.fingerprint(a) != derived.fingerprint(b)


def test_the_lines_the_engine_fingerprints_are_every_column_of_the_loaded_frame():
    spend = _lines()
    lines = arrow(ids(spend, "u", 2022))
    assert set(spend.columns) - {"unit"} <= set(lines.column_names)
    assert isinstance(derived.fingerprint(lines), str)
    with pytest.raises(derived.Unhashable):
        derived.fingerprint(pa.table({"d": pa.array([pd.Timestamp("2021-01-01").date()])}))

