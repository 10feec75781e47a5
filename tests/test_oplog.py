"""The operation log records every verb with its inputs and result hash, and replays to the same results."""

import shutil
from pathlib import Path

import qlaudit
from qlaudit.cli import main
from qlaudit.oplog import OperationLog
from qlaudit.replay import replay

DATA = Path(__file__).resolve().parent.parent / "data"


def test_verbs_are_logged_and_replay_reproduces_them(tmp_path):
    wb = qlaudit.open("lusong-fulian", 2022, DATA)
    qlaudit.check(wb)
    wb.rules.december_rush(december_share_project=0.2)
    wb.sample("monetary_unit", n=8, seed=7)
    assert [op.verb for op in wb.oplog.operations] == ["open", "check", "rule", "sample"]
    opened = wb.oplog.operations[0]
    assert opened.inputs["lusong-fulian/2022/expenditures.xlsx"] == next(
        f.sha256 for f in wb.inputs if f.role == "expenditures")
    assert wb.oplog.operations[3].seed == 7 and wb.oplog.operations[3].rows_out == 8
    log = OperationLog.from_json(wb.oplog.to_json())
    assert log.to_json() == wb.oplog.to_json()
    assert all(step.ok for step in replay(log, DATA))


def test_replay_notices_a_changed_input(tmp_path):
    shutil.copytree(DATA / "lusong-kexie", tmp_path / "lusong-kexie")
    wb = qlaudit.open("lusong-kexie", 2023, tmp_path)
    qlaudit.check(wb)
    path = tmp_path / "lusong-kexie" / "2023" / "expenditures.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", "\n", 1) + "", encoding="utf-8")  # same content: still reproduces
    assert all(s.ok for s in replay(OperationLog.from_json(wb.oplog.to_json()), tmp_path))
    lines = text.splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # drop the last voucher line
    steps = replay(OperationLog.from_json(wb.oplog.to_json()), tmp_path)
    assert [s.ok for s in steps] == [False, False]


def test_cli_check_writes_a_log_that_replays(tmp_path, capsys):
    log = tmp_path / "oplog.json"
    assert main(["check", "--unit", "lusong-qiaolian", "--year", "2021", "--data", str(DATA), "--format", "json",
                 "--output", str(tmp_path / "f.json"), "--oplog", str(log)]) == 0
    assert main(["replay", str(log), "--data", str(DATA)]) == 0
    assert "2 of 2 operations reproduced" in capsys.readouterr().out
    assert main(["replay", str(tmp_path / "missing.json")]) == 2
