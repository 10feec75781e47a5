"""Batch runs: every unit-year written, unchanged ones skipped, failures reported without stopping the batch."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qlaudit.report.batch import parse_years, run_batch
from tests.golden import assert_matches_golden

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
    assert_matches_golden("batch-index.html", index_for_golden(index))
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


def index_for_golden(page: str) -> str:
    """The index page's body, one table row or section per line, without the volatile generation time."""
    body = page[page.index("<body>"):]
    body = re.sub(r'<p class="index-note">生成时间：[^<]*</p>', "", body)
    assert "生成时间" not in body
    return re.sub(r"(</tr>|</section>|</p>|</nav>|</thead>)", r"\1\n", body)


def test_batch_goes_on_past_a_failing_unit_year_and_says_so_in_a_log_file(data, tmp_path):
    """Output to files (no terminal): one flushed line per unit-year on standard error, no bar, a summary line."""
    broken = data / "lusong-qiaolian" / "2020" / "expenditures.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2020-", "2O20-", 1), encoding="utf-8")
    log, out = tmp_path / "batch.log", tmp_path / "batch.out"
    with log.open("w", encoding="utf-8") as err, out.open("w", encoding="utf-8") as std:
        code = subprocess.run([str(Path(sys.executable).parent / "qlaudit"), "--lang", "zh", "batch", "--data", str(data), "--out",
                               str(tmp_path / "r"), "--years", "2020-2023"], stdout=std, stderr=err,
                              cwd=tmp_path, timeout=600).returncode
    printed, lines = out.read_text(encoding="utf-8"), log.read_text(encoding="utf-8").splitlines()
    assert code == 1
    assert "失败 lusong-qiaolian 2020" in printed and "写出 2 个，跳过 0 个" in printed
    assert "\r" not in log.read_text(encoding="utf-8") and "it/s" not in log.read_text(encoding="utf-8")  # no bar
    assert len(lines) == 4, lines
    assert [line[:6] for line in lines[:3]] == ["[1/3] ", "[2/3] ", "[3/3] "]  # in the order they finished
    done = {re.sub(r"  \d+\.\d 秒  ", "  N 秒  ", line[6:]) for line in lines[:3]}
    assert done == {
        "完成 株洲市芦淞区科学技术协会（lusong-kexie）2023年  N 秒  错误 0，关注 0，信息 1",
        "完成 株洲市芦淞区归国华侨联合会（lusong-qiaolian）2021年  N 秒  错误 0，关注 2，信息 1",
        "失败 株洲市芦淞区归国华侨联合会（lusong-qiaolian）2020年  N 秒  lusong-qiaolian 2020: 1 input error(s); "
        "run `qlaudit validate`",
    }
    assert re.fullmatch(r"完成 2 个，跳过 0 个，失败 1 个，共 3 个单位年度，用时 \d+\.\d 秒；索引：.*index\.html", lines[3])
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    attention = index[index.index('id="by-attention"'):]
    assert attention.index("失败") < attention.index("lusong-kexie")  # the failed run at the very top
    assert "无已发布的报告" in attention
