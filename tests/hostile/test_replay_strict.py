"""Replay is strict: an operation log that is emptied, truncated or edited off its schema is refused (exit 2); a
changed input, parameter or result is reported as not reproduced (exit 1); never exit 0 or 3."""

import json

import pytest

import qlaudit
from qlaudit.cli import main
from qlaudit.oplog import OperationLog, OplogInvalid
from tests.builders import make_unit


@pytest.fixture
def logged(tmp_path):
    data = tmp_path / "data"
    make_unit(data)
    wb = qlaudit.open("test-unit", 2021, data)
    qlaudit.check(wb)
    wb.rules.december_rush(december_share_project=0.2)
    wb.sample("monetary_unit", n=3, seed=7)
    path = tmp_path / "oplog.json"
    path.write_text(wb.oplog.to_json(), encoding="utf-8")
    return data, path


def replay(capsys, data, path):
    code = main(["replay", str(path), "--data", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def edit(path, change):
    log = json.loads(path.read_text(encoding="utf-8"))
    change(log)
    path.write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")


def test_an_unchanged_log_reproduces(logged, capsys):
    code, out, _ = replay(capsys, *logged)
    assert code == 0 and "4 of 4 operations reproduced" in out


@pytest.mark.parametrize(("change", "message"), [
    (lambda log: log["operations"].clear(), "no operations (emptied?)"),
    (lambda log: log["operations"][1].update(verb="delete_everything"), "unknown operation 'delete_everything'"),
    (lambda log: log["operations"][1].update(seq=7), "seq is 7, expected 2"),
    (lambda log: log["operations"].pop(0), "seq is 2, expected 1 (operations removed or reordered?)"),
    (lambda log: log["operations"][0].update(verb="check"), "starts by opening a unit-year"),
    (lambda log: log["operations"][3]["params"].update(n="10"), "n and seed must be whole numbers"),
    (lambda log: log["operations"][3]["params"].update(n=10**9), "n and seed must be whole numbers"),
    (lambda log: log["operations"][3]["params"].update(method="all"), "unknown method"),
    (lambda log: log["operations"][3]["params"].update(extra=1), "sample monetary_unit takes"),
    (lambda log: log["operations"][2]["params"].update(rule="os.system; rm"), "rule takes rule"),
    (lambda log: log["operations"][2]["params"].update(rule="__import__"), "a rule qlaudit does not have"),
    (lambda log: log["operations"][0].update(result_sha256="abc"), "has the wrong type"),
    (lambda log: log["operations"][0].update(note="x"), "expected the fields"),
    (lambda log: log["operations"][0]["params"].update(unit="/etc"), "is not a safe folder name"),
    (lambda log: log["operations"][1]["params"].update(settings_path=["a"]), "check takes settings_path"),
    (lambda log: log.update(extra=True), "nothing else"),
])
def test_an_edited_log_is_refused_with_exit_2(logged, capsys, change, message):
    data, path = logged
    edit(path, change)
    code, out, err = replay(capsys, data, path)
    assert code == 2 and message in err and out == ""


@pytest.mark.parametrize("text", ["", "{", '{"operations": [', "null", "[]", '"x"', "{" * 100_000])
def test_an_empty_or_truncated_log_is_refused_with_exit_2(logged, capsys, text):
    data, path = logged
    path.write_text(text, encoding="utf-8")
    code, _, err = replay(capsys, data, path)
    assert code == 2 and "operation log" in err and "internal error" not in err


def test_a_truncated_log_file_is_refused(logged, capsys):
    data, path = logged
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    code, _, err = replay(capsys, data, path)
    assert code == 2 and "not complete JSON (truncated or edited?)" in err


def test_a_changed_parameter_does_not_reproduce(logged, capsys):
    data, path = logged
    edit(path, lambda log: log["operations"][3]["params"].update(n=4))
    code, out, _ = replay(capsys, data, path)
    assert code == 1 and "DIFF 4. sample: result differs" in out


def test_an_unknown_rule_or_setting_is_refused(logged, capsys):
    data, path = logged
    edit(path, lambda log: log["operations"][2]["params"].update(rule="no_such_rule"))
    code, _, err = replay(capsys, data, path)
    assert code == 2 and "a rule qlaudit does not have" in err
    edit(path, lambda log: log["operations"][2]["params"].update(rule="december_rush", overrides={"nonsense": 1}))
    code, _, err = replay(capsys, data, path)
    assert code == 2 and "unknown rule setting" in err


def test_a_changed_input_does_not_reproduce_and_is_named(logged, capsys):
    data, path = logged
    expenditures = data / "test-unit" / "2021" / "expenditures.csv"
    expenditures.write_text(expenditures.read_text(encoding="utf-8").replace("8000.00", "8000.01"), encoding="utf-8")
    code, out, _ = replay(capsys, data, path)
    assert code == 1 and "DIFF 1. open: input files differ: test-unit/2021/expenditures.csv" in out


def test_from_json_checks_the_schema_too():
    with pytest.raises(OplogInvalid, match="no operations"):
        OperationLog.from_json('{"operations": []}')
