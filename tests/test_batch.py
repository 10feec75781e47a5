"""Batch runs: every unit-year written, unchanged ones skipped, failures reported without stopping the batch."""

import shutil
from pathlib import Path

import pytest

from qlaudit.cli import main
from qlaudit.report.batch import parse_years, run_batch

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA / "lusong-qiaolian", target / "lusong-qiaolian",
                    ignore=shutil.ignore_patterns("2019", "2022", "2023"))
    shutil.copytree(DATA / "lusong-kexie", target / "lusong-kexie", ignore=shutil.ignore_patterns("2022"))
    return target


def test_parse_years():
    assert parse_years("2019-2021") == [2019, 2020, 2021]
    assert parse_years("2023,2021") == [2021, 2023]
    assert parse_years(None) is None


def test_batch_writes_skips_and_rebuilds_what_changed(data, tmp_path):
    out = tmp_path / "reports"
    first = run_batch(data, out, jobs=2, progress=False)
    assert [(o.unit, o.year, o.status) for o in first.outcomes] == [
        ("lusong-kexie", 2023, "written"), ("lusong-qiaolian", 2020, "written"), ("lusong-qiaolian", 2021, "written")]
    index = first.index_path.read_text(encoding="utf-8")
    for link in ("lusong-kexie/2023/report.html", "lusong-qiaolian/2021/report.html"):
        assert f'href="{link}"' in index
        assert (out / link).is_file()
    assert "47.13" in index and "株洲市芦淞区归国华侨联合会" in index

    second = run_batch(data, out, jobs=2, progress=False)
    assert [o.status for o in second.outcomes] == ["skipped"] * 3
    assert "47.13" in second.index_path.read_text(encoding="utf-8")  # figures kept for skipped unit-years

    activities = data / "lusong-qiaolian" / "2020" / "activities.md"
    activities.write_text(activities.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    third = run_batch(data, out, jobs=2, progress=False)
    assert [o.status for o in third.outcomes] == ["skipped", "written", "skipped"]


def test_batch_goes_on_past_a_failing_unit_year(data, tmp_path, capsys):
    broken = data / "lusong-qiaolian" / "2020" / "expenditures.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2020-", "2O20-", 1), encoding="utf-8")
    code = main(["batch", "--data", str(data), "--out", str(tmp_path / "r"), "--years", "2020-2023"])
    printed = capsys.readouterr().out
    assert code == 1
    assert "FAILED lusong-qiaolian 2020" in printed and "2 written, 0 skipped" in printed
    assert "失败" in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
