"""Confinement: unit and year by pattern everywhere (command line, qlaudit.open, replay, batch), every input inside
the data folder (a link leaving it refused, one inside followed and recorded), outputs only under --out, settings
read only where the user points, control characters never printed raw."""

import json
import os
import shutil

import pytest

import qlaudit
from qlaudit import terminal
from qlaudit.cli import main
from qlaudit.errors import QlauditError
from qlaudit.ledgers import transform
from qlaudit.ledgers.cells import text_cells
from qlaudit.report import run as report
from tests.builders import make_unit

UNIT_ARGS = ("--year", "2021")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("unit", ["../test-unit", "/etc", "a/b", "", ".hidden", "x" * 65, "unit\x1b[31m"])
@pytest.mark.parametrize("command", ["validate", "check", "score", "report"])
def test_a_unit_that_is_a_path_is_refused_before_anything_is_read(tmp_path, capsys, command, unit):
    make_unit(tmp_path / "data")
    code, out, err = run(capsys, command, "--unit", unit, *UNIT_ARGS, "--data", str(tmp_path / "data"))
    assert code == 2 and out == ""
    assert "is not a safe folder name" in err and "\x1b" not in err


def test_lint_and_import_refuse_a_unit_that_is_a_path(tmp_path, capsys):
    report_file = tmp_path / "r.txt"
    report_file.write_text("一、基本情况\n", encoding="utf-8")
    for argv in (["lint", str(report_file), "--unit", "../x", *UNIT_ARGS],
                 ["import", str(report_file), "--unit", "../../x", *UNIT_ARGS]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "is not a safe folder name" in err
    assert not (tmp_path.parent / "x").exists()


@pytest.mark.parametrize("year", ["20210", "-2021", "2_021", "21", "1850", "2021.0", "二〇二一"])
def test_a_year_is_four_digits(tmp_path, capsys, year):
    make_unit(tmp_path)
    code, _, err = run(capsys, "validate", "--unit", "test-unit", "--year", year, "--data", str(tmp_path))
    assert code == 2 and "is not a year" in err


def test_the_library_checks_unit_and_year_too(tmp_path):
    make_unit(tmp_path)
    assert qlaudit.open("test-unit", "2021", tmp_path).year == 2021
    for unit, year in (("../test-unit", 2021), (str(tmp_path / "test-unit"), 2021), ("test-unit", True),
                       ("test-unit", 20210), ("test-unit", "../2021")):
        with pytest.raises(QlauditError):
            qlaudit.open(unit, year, tmp_path)


@pytest.mark.parametrize(("argv", "message"), [
    (["--units", "../x"], "is not a safe folder name"),
    (["--years", "2019-abc"], "is not a list of years"),
    (["--years", "1-100000000"], "is not a list of years"),
    (["--years", "2023-2019"], "ends before it starts"),
    (["--jobs", "0"], "from 1 to 64"),
    (["--jobs", "100000"], "from 1 to 64"),
    (["--sample-size", "-1"], "from 0 to"),
])
def test_batch_arguments_are_checked(tmp_path, capsys, argv, message):
    try:
        code = main(["batch", "--data", str(tmp_path), "--out", str(tmp_path / "out"), *argv])
    except SystemExit as exited:  # argparse's own usage errors
        code = exited.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_replayed_log_cannot_open_a_path(tmp_path, capsys):
    log = tmp_path / "oplog.json"
    log.write_text(json.dumps({"operations": [{
        "seq": 1, "verb": "open", "params": {"unit": "../../etc", "year": 2021, "strict": True}, "inputs": {},
        "rows_in": 0, "rows_out": 0, "summary": "", "result_sha256": "0" * 64, "seed": None}]}), encoding="utf-8")
    code, out, err = run(capsys, "replay", str(log), "--data", str(tmp_path))
    assert code == 2 and "is not a safe folder name" in err and out == ""


# --- links ------------------------------------------------------------------------------------------------------


def test_a_link_inside_the_data_folder_is_followed_logged_and_recorded_in_the_manifest(tmp_path):
    data = tmp_path / "data"
    make_unit(data)
    shared = data / "shared"
    shared.mkdir()
    year = data / "test-unit" / "2021"
    shutil.move(year / "activities.md", shared / "activities.md")
    os.symlink(shared / "activities.md", year / "activities.md")
    wb = qlaudit.open("test-unit", 2021, data)
    assert "调研" in wb.activities
    (warning,) = [i for i in wb.import_log.warnings if "symbolic link" in i.message]
    assert warning.file == "test-unit/2021/activities.md" and warning.value == "shared/activities.md"
    assert [(f.path, f.link) for f in wb.inputs if f.link] == [("test-unit/2021/activities.md", "shared/activities.md")]
    run_ = report.stage("test-unit", 2021, data, tmp_path / "out")  # the manifest is written before the notebook
    try:
        manifest = json.loads(run_.staged_manifest.read_text(encoding="utf-8"))
        assert manifest["symlinks"] == [{"path": "test-unit/2021/activities.md", "target": "shared/activities.md"}]
    finally:
        run_.discard()


def test_a_link_leaving_the_data_folder_is_never_read(tmp_path, capsys):
    data = tmp_path / "data"
    make_unit(data)
    secret = tmp_path / "host.txt"
    secret.write_text("HOST SECRET 主机文件", encoding="utf-8")
    for name in ("activities.md", "self_evaluation.txt"):
        target = data / "test-unit" / "2021" / name
        target.unlink(missing_ok=True)
        os.symlink(secret, target)
    code, out, err = run(capsys, "validate", "--unit", "test-unit", *UNIT_ARGS, "--data", str(data))
    assert code == 2 and "HOST SECRET" not in out + err
    assert out.count("outside the data folder") == 2
    code, out, err = run(capsys, "report", "--unit", "test-unit", *UNIT_ARGS, "--data", str(data), "--out",
                         str(tmp_path / "out"))
    assert code == 2 and "outside the data folder" in err and not (tmp_path / "out" / "test-unit" / "2021").exists()


def test_a_profile_named_in_unit_yaml_is_read_only_inside_the_data_folder(tmp_path, capsys):
    data = tmp_path / "data"
    make_unit(data)
    (tmp_path / "host.toml").write_text('ledger = "expenditures"\n', encoding="utf-8")
    os.symlink(tmp_path / "host.toml", data / "test-unit" / "mine.toml")
    yaml_path = data / "test-unit" / "unit.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + "profile: {expenditures: mine.toml}\n",
                         encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--unit", "test-unit", *UNIT_ARGS, "--data", str(data))
    assert code == 2 and "test-unit/mine.toml is a symbolic link to" in out and "outside the data folder" in out


def test_a_code_list_beside_a_ledger_is_read_only_inside_the_data_folder(tmp_path):
    folder = tmp_path / "data" / "u" / "2021"
    folder.mkdir(parents=True)
    (tmp_path / "XMWLDW.txt").write_text("往来单位编码,往来单位名称\nC1,主机上的名字\n", encoding="utf-8")
    os.symlink(tmp_path / "XMWLDW.txt", folder / "XMWLDW.txt")
    spec = {"file": "XMWLDW*.txt", "key": "往来单位编码", "value": "往来单位名称"}
    import pyarrow as pa

    keys = text_cells(pa.array(["C1"]))
    names, note = transform.lookup(spec, keys, folder, 1, tmp_path / "data")
    assert names.text.to_pylist() == ["C1"] and "outside the data folder" in note
    names, note = transform.lookup(spec, keys, folder, 1, tmp_path)  # inside this root: read, and said so
    assert names.text.to_pylist() == ["主机上的名字"] and "symbolic link followed" in note
    assert transform.lookup_files({**spec, "file": "../*.txt"}, folder) == []


# --- outputs ----------------------------------------------------------------------------------------------------


def test_an_out_that_is_a_file_or_cannot_be_written_is_a_usage_error(tmp_path, capsys):
    make_unit(tmp_path / "data")
    a_file = tmp_path / "f"
    a_file.write_text("x", encoding="utf-8")
    base = ["--unit", "test-unit", *UNIT_ARGS, "--data", str(tmp_path / "data")]
    code, _, err = run(capsys, "report", *base, "--out", str(a_file))
    assert code == 2 and "is a file" in err and "internal error" not in err
    code, _, err = run(capsys, "batch", "--data", str(tmp_path / "data"), "--out", str(a_file))
    assert code == 2 and "is a file" in err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    unwritable = "/sys/qlaudit-test-out" if os.geteuid() == 0 else locked  # root ignores modes; /sys refuses it
    code, _, err = run(capsys, "report", *base, "--out", str(unwritable))
    assert code == 2 and "cannot" in err and "internal error" not in err
    code, _, err = run(capsys, "check", *base, "--output", str(tmp_path))
    assert code == 2 and "--output" in err and "cannot write" in err
    code, _, err = run(capsys, "check", *base, "--oplog", str(tmp_path / "no" / "such" / "folder" / "log.json"))
    assert code == 2 and "--oplog" in err


def test_a_unit_folder_in_out_that_links_elsewhere_is_refused(tmp_path, capsys):
    make_unit(tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", out / "test-unit")
    code, _, err = run(capsys, "report", "--unit", "test-unit", *UNIT_ARGS, "--data", str(tmp_path / "data"),
                       "--out", str(out))
    assert code == 2 and "leaving the output folder" in err
    assert list((tmp_path / "elsewhere").iterdir()) == []


# --- settings only where the user points ------------------------------------------------------------------------


def test_replay_reads_a_settings_file_only_when_the_user_names_it(tmp_path, capsys):
    make_unit(tmp_path / "data")
    settings = tmp_path / "province.toml"
    settings.write_text("low_execution_rate = 0.5\n", encoding="utf-8")
    log = tmp_path / "oplog.json"
    base = ["--unit", "test-unit", *UNIT_ARGS, "--data", str(tmp_path / "data")]
    assert run(capsys, "check", *base, "--settings", str(settings), "--oplog", str(log))[0] == 0
    code, _, err = run(capsys, "replay", str(log), "--data", str(tmp_path / "data"))
    assert code == 2 and "name it again" in err
    code, out, _ = run(capsys, "replay", str(log), "--data", str(tmp_path / "data"), "--settings", str(settings))
    assert code == 0 and "2 of 2 operations reproduced" in out
    other = tmp_path / "other.toml"
    other.write_text("low_execution_rate = 0.6\n", encoding="utf-8")
    code, out, _ = run(capsys, "replay", str(log), "--data", str(tmp_path / "data"), "--settings", str(other))
    assert code == 1 and "the settings file differs" in out


# --- terminal ---------------------------------------------------------------------------------------------------


def test_terminal_output_shows_control_characters_as_escapes():
    assert terminal.safe("a\x1b[31mb\x07\r\n\tc\u202ed\x9b") == "a\\x1b[31mb\\x07\\x0d\n\tc\\u202ed\\x9b"
    assert json.loads(terminal.safe_json(json.dumps({"k": "x\x9b\u202e\x1b"}, ensure_ascii=False))) == {
        "k": "x\x9b\u202e\x1b"}
    assert terminal.safe("普通文字 123") == "普通文字 123"
