"""The import cache: a hit gives the same frame and import record without parsing; any change of the key misses;
it lives under $QLAUDIT_CACHE_DIR (a temporary folder in tests, see tests/conftest.py), never in the data folder."""

import json

import pandas as pd
import pytest

from qlaudit.ledgers import cache, load
from qlaudit.ledgers.profiles import find_profile
from tests.builders import EXPENDITURES, EXPENDITURES_HEADER, PROJECTS, PROJECTS_HEADER, write_csv


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("QLAUDIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("QLAUDIT_NO_CACHE", raising=False)
    return folder / "imports"


def entries(folder):
    return sorted(p.suffix for p in folder.iterdir()) if folder.is_dir() else []


def no_parsing(monkeypatch):
    def fail(*_args, **_kwargs):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(load, "_load", fail)


@pytest.mark.parametrize(("ledger", "header", "rows"), [("expenditures", EXPENDITURES_HEADER, EXPENDITURES),
                                                       ("projects", PROJECTS_HEADER, PROJECTS)])
def test_a_hit_gives_the_same_frame_and_record_without_parsing(tmp_path, cache_dir, monkeypatch, ledger, header, rows):
    path = write_csv(tmp_path / "data" / f"{ledger}.csv", [header, *rows, ["合计"]])
    frame, record = load.load_ledger(path, ledger, 2021)
    assert entries(cache_dir) == [".json", ".parquet"]
    no_parsing(monkeypatch)
    again, again_record = load.load_ledger(path, ledger, 2021)
    pd.testing.assert_frame_equal(again, frame, check_exact=True)
    assert list(again.dtypes) == list(frame.dtypes)
    assert pd.util.hash_pandas_object(again.astype(str)).equals(pd.util.hash_pandas_object(frame.astype(str)))
    assert json.dumps(again_record.as_dict(), ensure_ascii=False) == json.dumps(record.as_dict(), ensure_ascii=False)
    assert not any(p.suffix in (".parquet", ".json") for p in path.parent.iterdir())  # nothing in the data folder


def test_changes_of_the_key_miss(tmp_path, cache_dir):
    path = write_csv(tmp_path / "expenditures.csv", [EXPENDITURES_HEADER, *EXPENDITURES])
    load.load_ledger(path, "expenditures", 2021)
    load.load_ledger(path, "expenditures", 2021)
    assert len(entries(cache_dir)) == 2
    load.load_ledger(path, "expenditures", 2022)  # another year: another key
    load.load_ledger(path, "expenditures", 2021, "u/2021/expenditures.csv")  # another display name
    load.load_ledger(path, "expenditures", 2021, profile=find_profile("jiuqi-voucher", "expenditures"))
    assert len(entries(cache_dir)) == 8
    write_csv(path, [EXPENDITURES_HEADER, *EXPENDITURES[:2]])  # the source changed
    frame, _ = load.load_ledger(path, "expenditures", 2021)
    assert len(frame) == 2 and len(entries(cache_dir)) == 10


def test_key_covers_loader_and_reference_versions(monkeypatch):
    key = cache.cache_key("abc", "expenditures", 2021, "e.csv", None)
    monkeypatch.setattr(load, "LOADER_VERSION", "test")
    assert cache.cache_key("abc", "expenditures", 2021, "e.csv", None) != key
    monkeypatch.undo()
    monkeypatch.setattr(cache.codes, "reference_version", lambda: "other")
    assert cache.cache_key("abc", "expenditures", 2021, "e.csv", None) != key


def test_disabled_and_damaged_entries(tmp_path, cache_dir, monkeypatch):
    path = write_csv(tmp_path / "expenditures.csv", [EXPENDITURES_HEADER, *EXPENDITURES])
    monkeypatch.setenv("QLAUDIT_NO_CACHE", "1")
    load.load_ledger(path, "expenditures", 2021)
    assert entries(cache_dir) == []
    monkeypatch.delenv("QLAUDIT_NO_CACHE")
    frame, _ = load.load_ledger(path, "expenditures", 2021)
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"damaged")
    again, _ = load.load_ledger(path, "expenditures", 2021)  # a damaged entry is a miss, then rewritten
    pd.testing.assert_frame_equal(again, frame)
