"""Batch progress: a line per unit-year whatever the stream, a bar naming the unit-year only on a terminal."""

import io
from pathlib import Path

import pytest

from qlaudit.i18n import language
from qlaudit.report.batch import BatchSummary, UnitYearOutcome
from qlaudit.report.progress_log import Progress, line

DONE = UnitYearOutcome("lusong-fulian", 2022, "written", "", {"unit_name": "株洲市芦淞区妇女联合会", "errors": 2,
                                                              "warnings": 2, "infos": 1}, 19.64)
SKIPPED = UnitYearOutcome("lusong-kexie", 2023, "skipped", "unchanged", {"unit_name": "科协", "errors": 0,
                                                                      "warnings": 0}, 0.04)
FAILED = UnitYearOutcome("bad", 2021, "failed", "bad 2021: 1 input error(s)\x1b[31m", {"unit_name": ""}, 1.0)


@pytest.fixture(autouse=True)
def chinese():
    """The lines as a user sees them by default (the session runs in English, tests/conftest.py)."""
    with language("zh"):
        yield


def test_the_lines_come_from_the_catalogue_in_english_too():
    with language("en"):
        assert line(DONE, 3, 11) == "[ 3/11] done 株洲市芦淞区妇女联合会 (lusong-fulian) 2022  19.6 s  errors 2, warnings 2, infos 1"
        assert line(SKIPPED, 1, 2) == "[1/2] skipped 科协 (lusong-kexie) 2023  0.0 s  inputs unchanged  errors 0, warnings 0"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_lines_name_status_seconds_counts_and_the_unit_year():
    assert line(DONE, 3, 11) == "[ 3/11] 完成 株洲市芦淞区妇女联合会（lusong-fulian）2022年  19.6 秒  错误 2，关注 2，信息 1"
    assert line(SKIPPED, 1, 2) == "[1/2] 跳过 科协（lusong-kexie）2023年  0.0 秒  输入未变更  错误 0，关注 0"
    assert line(FAILED, 2, 2) == "[2/2] 失败 bad 2021年  1.0 秒  bad 2021: 1 input error(s)\\x1b[31m"  # escaped


def test_a_log_file_gets_the_lines_and_no_bar():
    stream = io.StringIO()
    progress = Progress(2, stream)
    progress.done(DONE)
    progress.done(FAILED)
    progress.close(BatchSummary((DONE, FAILED), Path("reports/index.html")), 21.0)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and "\r" not in stream.getvalue()
    assert lines[2] == "完成 1 个，跳过 0 个，失败 1 个，共 2 个单位年度，用时 21.0 秒；索引：reports/index.html"


def test_a_terminal_gets_a_bar_naming_the_unit_year_above_which_the_lines_go():
    stream = Terminal()
    progress = Progress(2, stream)
    progress.done(DONE)
    assert progress.bar is not None and progress.bar.desc == "完成 株洲市芦淞区妇女联合会（lusong-fulian）2022年"
    progress.done(SKIPPED)
    progress.close(BatchSummary((DONE, SKIPPED), Path("index.html")), 1.0)
    text = stream.getvalue()
    assert "\r" in text and "2/2" in text  # the bar, redrawn in place
    assert "[1/2] 完成 株洲市芦淞区妇女联合会（lusong-fulian）2022年" in text and "完成 1 个，跳过 1 个" in text


def test_progress_off_writes_nothing():
    progress = Progress(1, None)
    progress.done(DONE)
    progress.close(BatchSummary((DONE,), Path("index.html")), 1.0)
    assert progress.bar is None
