"""The Parquet store and the province run: the same findings as in process, unit-year by unit-year, from one run of
every rule over all unit-years; unchanged unit-years skipped; cross-unit findings."""

import shutil
from pathlib import Path

import pytest

import qlaudit
from qlaudit.columnar import store
from qlaudit.findings import findings_json
from qlaudit.settings import load_settings

DATA = Path(__file__).resolve().parent.parent.parent / "data"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "findings"


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """Every sample unit-year in one store."""
    root = tmp_path_factory.mktemp("store")
    pairs = [(u.name, int(y.name)) for u in sorted(DATA.iterdir()) if (u / "unit.yaml").is_file()
             for y in sorted(u.iterdir()) if y.name.isdigit()]
    results = [store.write_unit_year(u, y, DATA, root) for u, y in pairs]
    return root, pairs, results


def test_the_store_run_gives_each_unit_year_its_in_process_findings(samples):
    root, pairs, results = samples
    assert {r.status for r in results} == {"stored"} and len(pairs) == 11
    findings, cross = store.run_store(root, pairs, load_settings())
    assert sorted(findings) == sorted(pairs)
    for (unit, year), found in findings.items():
        assert findings_json(unit, year, found) == (GOLDEN / f"{unit}-{year}.json").read_text(encoding="utf-8")
    assert cross == []


def test_one_unit_year_alone_still_sees_its_earlier_years(samples):
    root, _, _ = samples
    findings, _ = store.run_store(root, [("lusong-qiaolian", 2021)], load_settings())
    assert findings_json("lusong-qiaolian", 2021, findings[("lusong-qiaolian", 2021)]) == (
        GOLDEN / "lusong-qiaolian-2021.json").read_text(encoding="utf-8")


def test_unchanged_unit_years_are_skipped_and_invalid_ones_recorded(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "lusong-qiaolian", data / "lusong-qiaolian", ignore=shutil.ignore_patterns("2019", "2023"))
    root = tmp_path / "store"
    assert store.write_unit_year("lusong-qiaolian", 2021, data, root).status == "stored"
    assert store.write_unit_year("lusong-qiaolian", 2021, data, root).status == "skipped"
    broken = data / "lusong-qiaolian" / "2020" / "expenditures.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2020-", "2O20-", 1), encoding="utf-8")
    assert store.write_unit_year("lusong-qiaolian", 2020, data, root).status == "invalid"
    assert store.write_unit_year("lusong-qiaolian", 2022, data, root).status == "stored"
    assert store.stored_years(root) == {("lusong-qiaolian", 2020): "invalid", ("lusong-qiaolian", 2021): "stored",
                                        ("lusong-qiaolian", 2022): "stored"}
    findings, _ = store.run_store(root, [("lusong-qiaolian", 2021)], load_settings())
    (continuity,) = [f for f in findings[("lusong-qiaolian", 2021)] if f.rule == "CARRY-CONTINUITY"]
    assert continuity.explanation.startswith("2020年度账套未通过导入校验")
    in_process = qlaudit.check(qlaudit.open("lusong-qiaolian", 2021, data))
    assert findings_json("u", 2021, findings[("lusong-qiaolian", 2021)]) == findings_json("u", 2021, in_process)


def test_a_payee_paid_by_many_units_is_a_cross_unit_finding(tmp_path):
    data = tmp_path / "data"
    for i in range(5):
        unit = data / f"unit{i}"
        shutil.copytree(DATA / "lusong-kexie", unit, ignore=shutil.ignore_patterns("2022"))
        (unit / "unit.yaml").write_text((unit / "unit.yaml").read_text(encoding="utf-8").replace(
            "code: lusong-kexie", f"code: unit{i}"), encoding="utf-8")
        spend = unit / "2023" / "expenditures.csv"
        spend.write_text(spend.read_text(encoding="utf-8") + f"2023-06-{15 + i},记-099,1,购买实验材料,共享科技有限公司,"
                         f"一般公共预算,公用经费,,,2012901,30218,{25000 + i}.00,芦财预〔2023〕1号\n", encoding="utf-8")
    root = tmp_path / "store"
    pairs = [(f"unit{i}", 2023) for i in range(5)]
    for unit, year in pairs:
        assert store.write_unit_year(unit, year, data, root).status == "stored"
    _, cross = store.run_store(root, pairs, load_settings())
    (f,) = cross
    assert (f.rule, f.severity, f.subject) == ("X-PAYEE-UNITS", "info", "2023 共享科技有限公司")
    assert f.amounts == (("total", 12_501_000), ("largest_unit", 2_500_400))
    assert [e.file.split("/")[0] for e in f.evidence] == [f"unit{i}" for i in range(5)]
    _, fewer = store.run_store(root, pairs[:4], load_settings())
    assert fewer == []  # four units are below cross_unit_min_units
