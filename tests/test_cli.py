"""The command line, run in-process on a data folder built in tmp_path: exit codes, messages, stable JSON."""

import json
import random
import sys

import pytest

from qlaudit.cli import main
from tests.builders import APPROPRIATIONS, EXPENDITURES, PROJECTS, make_unit


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def unit_args(data_dir, unit="test-unit", year=2021):
    return ["--unit", unit, "--year", str(year), "--data", str(data_dir)]


# --- validate -----------------------------------------------------------------------------------------------------


def test_validate_valid_unit_year(tmp_path, capsys):
    make_unit(tmp_path)
    code, out, err = run(capsys, "validate", *unit_args(tmp_path))
    assert code == 0
    assert err == ""
    table = {line.split()[1]: line.split() for line in out.splitlines() if line.startswith("expenditures ")}
    assert table["test-unit/2021/expenditures.csv"][3:7] == ["5", "5", "0", "0"]  # rows read, kept, normalised, rejected
    assert "WARNING test-unit/2021/appropriations.csv, row 2, column amount: normalised: thousands separators " \
           "removed (value '52,800.00')" in out
    assert out.rstrip().endswith("VALID; 1 warning(s)")


def test_validate_invalid_unit_year_names_file_row_value_and_hint(tmp_path, capsys):
    expenditures = [list(r) for r in EXPENDITURES]
    expenditures[2][-1] = "1250.505"  # row 4 of expenditures.csv: 3 decimals
    make_unit(tmp_path, expenditures=expenditures)
    code, out, _ = run(capsys, "validate", *unit_args(tmp_path))
    assert code == 2
    assert ("ERROR test-unit/2021/expenditures.csv, row 4, column amount: 1250.505 元 has more than 2 decimals "
            "(value '1250.505') — hint: amounts in 元 have at most 2 decimals (万元 at most 6)") in out
    assert "INVALID: 1 error(s)" in out


def test_validate_json(tmp_path, capsys):
    make_unit(tmp_path, expenditures=[*EXPENDITURES, ["2020-12-31", "记-099", "上年凭证", "", "一般公共预算", "公用经费",
                                                      "", "", "2012950", "30201", "10.00"]])
    code, out, _ = run(capsys, "validate", *unit_args(tmp_path), "--format", "json")
    assert code == 2
    log = json.loads(out)
    assert log["ok"] is False
    expenditures = next(f for f in log["files"] if f["ledger"] == "expenditures")
    assert (expenditures["rows_read"], expenditures["kept"], expenditures["rejected"]) == (6, 5, 1)
    assert expenditures["encoding"] == "utf-8"
    assert [(i["row"], i["column"], i["value"], i["message"]) for i in expenditures["issues"]] == [
        (7, "date", "2020-12-31", "voucher date outside 2021")
    ]


def test_validate_missing_ledger_file(tmp_path, capsys):
    make_unit(tmp_path)
    (tmp_path / "test-unit" / "2021" / "projects.csv").unlink()
    code, out, _ = run(capsys, "validate", *unit_args(tmp_path))
    assert code == 2
    assert "projects: ledger file is missing — hint: add projects.csv or projects.xlsx" in out
    assert "INVALID: 1 error(s)" in out


# --- check --------------------------------------------------------------------------------------------------------


def test_check_json_shape(tmp_path, capsys):
    make_unit(tmp_path)
    code, out, err = run(capsys, "check", *unit_args(tmp_path), "--format", "json")
    assert code == 0
    assert err == ""
    payload = json.loads(out)
    assert list(payload) == ["unit", "year", "findings"]
    assert (payload["unit"], payload["year"]) == ("test-unit", 2021)
    assert payload["findings"]
    for finding in payload["findings"]:
        assert {"rule", "severity", "title", "amounts", "evidence"} <= set(finding)
    total = next(f for f in payload["findings"] if f["rule"] == "REC-TOTAL")
    assert total["amounts"] == {"expected": "20650.50", "actual": "20650.50", "difference": "0.00"}
    assert total["severity"] == "info" and total["passed"] is True


def test_check_json_is_byte_identical_across_runs_and_row_orders(tmp_path, capsys):
    make_unit(tmp_path / "a")
    rnd = random.Random(2021)
    make_unit(tmp_path / "b", appropriations=rnd.sample(APPROPRIATIONS, len(APPROPRIATIONS)),
              expenditures=rnd.sample(EXPENDITURES, len(EXPENDITURES)), projects=PROJECTS[::-1])
    assert (tmp_path / "a/test-unit/2021/expenditures.csv").read_bytes() != \
        (tmp_path / "b/test-unit/2021/expenditures.csv").read_bytes()
    outputs = [run(capsys, "check", *unit_args(tmp_path / d), "--format", "json")[1] for d in ("a", "a", "b")]
    assert outputs[0].encode() == outputs[1].encode()

    def without_rows(out):  # evidence names the physical row, which moves when the file's rows are shuffled
        payload = json.loads(out)
        for finding in payload["findings"]:
            for evidence in finding["evidence"]:
                evidence.pop("row")
        return payload

    assert without_rows(outputs[0]) == without_rows(outputs[2])


def test_check_findings_with_evidence_do_not_depend_on_row_order(tmp_path, capsys):
    """Evidence carries the source row, which moves with the row; everything else is the same."""
    unregistered = ["2021-06-01", "记-006", "未立项活动", "某酒店", "一般公共预算", "项目支出", "QL2021009", "未立项",
                    "2012999", "30299", "900.00"]
    make_unit(tmp_path / "a", expenditures=[*EXPENDITURES, unregistered])
    make_unit(tmp_path / "b", expenditures=[unregistered, *EXPENDITURES[::-1]])

    def without_rows(out):
        payload = json.loads(out)
        for finding in payload["findings"]:
            for evidence in finding["evidence"]:
                evidence.pop("row")
        return payload

    out_a = run(capsys, "check", *unit_args(tmp_path / "a"), "--format", "json")[1]
    out_b = run(capsys, "check", *unit_args(tmp_path / "b"), "--format", "json")[1]
    assert without_rows(out_a) == without_rows(out_b)
    no_quota = next(f for f in json.loads(out_a)["findings"] if f["rule"] == "REC-NO-QUOTA")
    assert no_quota["severity"] == "error"
    assert [(e["file"], e["row"], e["amount"]) for e in no_quota["evidence"]] == [
        ("test-unit/2021/expenditures.csv", 7, "900.00")
    ]


def test_check_fail_on_error(tmp_path, capsys):
    make_unit(tmp_path, expenditures=[*EXPENDITURES, ["2021-06-01", "记-006", "未列指标", "", "一般公共预算",
                                                      "公用经费", "", "", "2012950", "30211", "300.00"]])
    assert run(capsys, "check", *unit_args(tmp_path))[0] == 0
    code, out, _ = run(capsys, "--lang", "zh", "check", *unit_args(tmp_path), "--fail-on-error")
    assert code == 1
    assert "[错误] REC-NO-QUOTA 基本支出经济分类30211无预算指标" in out


def test_check_text(tmp_path, capsys):
    make_unit(tmp_path)
    code, out, _ = run(capsys, "check", *unit_args(tmp_path))
    assert code == 0
    assert "[✓] REC-TOTAL 一般公共预算支出合计与基本支出、项目支出之和一致" in out


def test_check_on_invalid_input_exits_2_with_the_errors(tmp_path, capsys):
    expenditures = [list(r) for r in EXPENDITURES]
    expenditures[0][-1] = "abc"
    make_unit(tmp_path, expenditures=expenditures)
    code, out, err = run(capsys, "check", *unit_args(tmp_path), "--format", "json")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "qlaudit: test-unit 2021: 1 input error(s); run `qlaudit validate`",
        "  ERROR test-unit/2021/expenditures.csv, row 2, column amount: not an amount (value 'abc') — hint: use digits "
        "with at most 2 decimals, e.g. 1234.56 or (1234.56)",
    ]


@pytest.mark.parametrize(
    ("unit", "year", "message"),
    [
        ("no-such-unit", 2021, "qlaudit: no unit 'no-such-unit' in the data folder {data.name}; known units: "
                               "test-unit（株洲市芦淞区归国华侨联合会 / 区侨联）"),
        ("test-unit", 2019, "qlaudit: no 2019 data for unit 'test-unit' (years available: 2021)"),
    ],
)
@pytest.mark.parametrize("command", ["check", "validate"])
def test_unknown_unit_or_year_is_one_line_without_traceback(tmp_path, capsys, command, unit, year, message):
    make_unit(tmp_path)
    code, out, err = run(capsys, command, *unit_args(tmp_path, unit, year))
    assert code == 2
    assert out == ""
    assert err == message.format(data=tmp_path) + "\n"
    assert "Traceback" not in err


# --- usage --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "check", "report"])
def test_each_command_help_has_an_example(capsys, command):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert f"example: qlaudit {command} --unit lusong-qiaolian --year 2021" in out


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["check", "--unit", "x"])
    assert exited.value.code == 2
    assert "--year" in capsys.readouterr().err


# --- the console script's process settings -----------------------------------------------------------------------


def test_importing_the_command_loads_no_numpy():
    """What makes ``run``'s OpenBLAS setting take effect: numpy starts only when a command needs it."""
    import subprocess
    import sys

    code = "import sys, qlaudit.cli; print(sorted(m for m in ('numpy', 'pandas', 'pyarrow') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_run_exits_with_mains_code_after_its_process_settings(monkeypatch):
    import gc
    import os

    import qlaudit.cli as cli

    frozen = []
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"})
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))  # not this test process's objects
    monkeypatch.setattr(cli, "main", lambda: 7)
    monkeypatch.setattr(cli.sys, "platform", "not-linux")  # the huge-page setting: see the next test
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 7
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1" and frozen == [True]
    os.environ["OPENBLAS_NUM_THREADS"] = "4"  # a setting of the user's own is kept
    with pytest.raises(SystemExit):
        cli.run()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and /proc are Linux's")
def test_the_command_process_takes_no_transparent_huge_pages():
    import subprocess

    code = ("from qlaudit.cli import _settle_process; _settle_process(); "
            "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('THP_enabled')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() in ("['0']", "[]")  # [] on a kernel that does not report it
