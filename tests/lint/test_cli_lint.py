"""`qlaudit lint`: exit codes 0 / 1 / 2, text and JSON output, with and without ledgers."""

import json

from qlaudit.cli import main
from tests.lint.reports import CLEAN, DATA, SEED


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_text_exit_1(capsys):
    code, out, err = run(capsys, "lint", SEED)
    assert code == 1 and err == ""
    assert "[错误] LINT-SAME-ITEM 侨联工作经费支出前后不一致：7.81万元 / 7.66万元" in out
    assert f"· {SEED.name}:20 78,100.00 元" in out
    assert out.rstrip().splitlines()[-1].startswith(f"{SEED}: 错误 1，关注 4，信息 2")


def test_seed_with_ledgers(capsys):
    code, out, _ = run(capsys, "lint", SEED, "--unit", "lusong-qiaolian", "--year", "2021", "--data", DATA)
    assert code == 1
    assert "[错误] LINT-LEDGER 侨联工作经费支出：报告 7.81万元，账面 7.66万元（76,583.50元）" in out


def test_json_has_the_shape_of_check(capsys):
    code, out, _ = run(capsys, "lint", SEED, "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert list(payload) == ["unit", "year", "findings"] and payload["unit"] is None and payload["year"] is None
    first = payload["findings"][0]
    assert first["rule"] == "LINT-SAME-ITEM" and first["severity"] == "error"
    assert first["amounts"] == {"第20行": "78100.00", "第39行": "76600.00"}
    assert first["evidence"][0]["file"] == SEED.name and first["evidence"][0]["row"] == 20
    code, out, _ = run(capsys, "lint", SEED, "--format", "json", "--unit", "lusong-qiaolian", "--year", "2021",
                       "--data", DATA)
    assert json.loads(out)["unit"] == "lusong-qiaolian" and json.loads(out)["year"] == 2021


def test_clean_report_exit_0(tmp_path, capsys):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run(capsys, "lint", path)
    assert code == 0
    assert out.strip().endswith("识别数字 41 个（--verbose 显示通过的核对）")
    code, verbose, _ = run(capsys, "lint", path, "--verbose")
    assert code == 0 and "[✓] LINT-PARTS" in verbose


def test_unreadable_report_exit_2(tmp_path, capsys):
    code, out, err = run(capsys, "lint", tmp_path / "missing.txt")
    assert (code, out) == (2, "")
    assert err.startswith("qlaudit: ") and "no such file" in err
    bad = tmp_path / "r.docx"
    bad.write_bytes(b"plain text")
    code, _, err = run(capsys, "lint", bad)
    assert code == 2 and "not a .docx" in err


def test_unit_without_year_is_a_usage_error(capsys):
    code, _, err = run(capsys, "lint", SEED, "--unit", "lusong-qiaolian")
    assert code == 2 and "--unit and --year go together" in err


def test_unknown_unit_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "lint", SEED, "--unit", "nobody", "--year", "2021", "--data", tmp_path)
    assert code == 2 and "no unit 'nobody'" in err


def test_other_formats_and_an_override_vocabulary(tmp_path, capsys):
    from tests.lint.formats import FIXTURES

    code, out, _ = run(capsys, "lint", FIXTURES / "report.doc")
    assert code == 1 and "[错误] LINT-CLAIM-100" in out and "· report.doc:" in out
    words = tmp_path / "words.toml"
    words.write_text('[money_measures]\n"兑付" = "支出"\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("预算12.00万元，实际兑付10.00万元，执行率80%。", encoding="utf-8")
    assert run(capsys, "lint", report)[0] == 0
    code, out, _ = run(capsys, "lint", report, "--vocabulary", words)
    assert code == 1 and "执行率 80% 与金额不符：应为 83%" in out
    code, _, err = run(capsys, "lint", report, "--vocabulary", tmp_path / "missing.toml")
    assert code == 2 and "cannot read the vocabulary file" in err
