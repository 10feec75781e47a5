"""The message catalogue (qlaudit/messages.toml, qlaudit.i18n): every entry in both languages with the same
placeholders, every key the code uses present, Chinese by default and English with --lang en / QLAUDIT_LANG=en."""

import re
import string
from pathlib import Path

import pytest

from qlaudit import i18n
from qlaudit.cli import main
from qlaudit.ledgers.importlog import ImportIssue

ROOT = Path(__file__).resolve().parent.parent / "qlaudit"
#: message("key" …), message_in(lang, "key" …), Keyed("key" …) and their f-string forms (f"cli.{name}.help").
CALL = re.compile(r"""\b(?:message|Keyed)\(\s*(f?)"([^"]+)"|\bmessage_in\([^,()]+,\s*(f?)"([^"]+)\"""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def used_keys() -> list[tuple[str, bool]]:
    found = []
    for path in ROOT.rglob("*.py"):
        for m in CALL.finditer(path.read_text(encoding="utf-8")):
            f, key = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
            found.append((key, bool(f)))
    return found


def test_every_entry_has_both_languages_with_the_same_placeholders():
    catalogue = i18n.catalogue()
    assert len(catalogue) > 100
    for key, entry in catalogue.items():
        assert set(entry) == {"zh", "en"}, key
        assert placeholders(entry["zh"]) == placeholders(entry["en"]), key
        english = re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|qlaudit|import|profile new", "", entry["en"]))
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]) or not english, f"{key}: zh without Chinese"


def test_the_code_uses_only_keys_the_catalogue_has():
    keys = set(i18n.catalogue())
    used = used_keys()
    assert len(used) > 80
    for key, is_f in used:
        if is_f:  # a family: f"cli.{name}.help" → some key matches its fixed parts
            pattern = re.compile(re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(key)) + "$")
            assert any(pattern.match(k) for k in keys), key
        else:
            assert key in keys, key
    for family, members in {"severity": ("error", "warning", "info"), "log": ("error", "warning"),
                            "ledger": ("appropriations", "expenditures", "projects")}.items():
        assert all(f"{family}.{m}" in keys for m in members)
    for command in ("validate", "check", "replay", "report", "batch", "lint", "score", "profile"):
        assert all(f"cli.{command}.{part}" in keys for part in ("help", "description", "example"))


def test_the_check_of_keys_can_fail():
    assert ("no.such.key", False) not in [(k, f) for k, f in used_keys() if k in i18n.catalogue()]
    with pytest.raises(KeyError):
        i18n.message("no.such.key")


def test_language_from_the_environment_and_the_context(monkeypatch):
    monkeypatch.delenv("QLAUDIT_LANG", raising=False)
    assert i18n.current_language() == "zh"
    monkeypatch.setenv("QLAUDIT_LANG", "en_US.UTF-8")
    assert i18n.current_language() == "en"
    with i18n.language("zh"):
        assert i18n.message("log.error") == "错误"
    assert i18n.message("log.error") == "ERROR"


def test_an_issue_is_said_in_the_reader_language_and_stored_in_english(monkeypatch):
    issue = ImportIssue("error", "u/2021/expenditures.csv", i18n.Keyed("issue.not_amount"),
                        i18n.Keyed("issue.not_amount_hint"), row=4, column="amount", value="abc")
    assert issue.message == "not an amount" and type(issue.message) is str
    assert issue.as_dict()["key"] == "issue.not_amount"
    assert ImportIssue.from_dict(issue.as_dict()) == issue
    monkeypatch.setenv("QLAUDIT_LANG", "zh")
    assert str(issue) == ("错误 u/2021/expenditures.csv，第 4 行，列 amount：不是金额（原值 'abc'）——提示：用数字表示，"
                          "最多两位小数，如 1234.56 或 (1234.56)")
    monkeypatch.setenv("QLAUDIT_LANG", "en")
    assert str(issue) == ("ERROR u/2021/expenditures.csv, row 4, column amount: not an amount (value 'abc') — hint: "
                          "use digits with at most 2 decimals, e.g. 1234.56 or (1234.56)")


DATA = Path(__file__).resolve().parent.parent / "data"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_prints_the_import_table_in_chinese_by_default(capsys, monkeypatch):
    monkeypatch.delenv("QLAUDIT_LANG", raising=False)
    code, out, err = run(capsys, "validate", "--unit", "区妇联", "--year", "2022", "--data", str(DATA))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "导入核对表：株洲市芦淞区妇女联合会 2022 年度"
    assert lines[1].split() == ["账表", "文件", "工作表", "读取行数", "保留", "规范化", "拒绝", "另置", "金额合计（元）"]
    assert lines[4].split() == ["支出", "lusong-fulian/2022/expenditures.xlsx", "支出", "384", "384", "0", "0", "—",
                                "957,849.88"]
    assert "  警告 lusong-fulian/2022/expenditures.xlsx，工作表 支出，第 2 行：已规范化：跳过表头上方的标题行 2 行" in lines
    assert lines[-1] == "结论：有效；警告 3 条"
    assert not re.search(r"\b(rows|kept|WARNING|normalised|VALID)\b", out)
    code, out_en, _ = run(capsys, "--lang", "en", "validate", "--unit", "lusong-fulian", "--year", "2022", "--data",
                          str(DATA))
    assert "WARNING lusong-fulian/2022/expenditures.xlsx, sheet 支出, row 2: normalised: 2 title row(s) above the " \
           "header skipped" in out_en
    assert out_en.rstrip().endswith("VALID; 3 warning(s)")


def test_version_and_help_in_both_languages(capsys, monkeypatch):
    monkeypatch.delenv("QLAUDIT_LANG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"qlaudit {__import__('qlaudit').__version__}"
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：qlaudit validate") and "读取单位年度的账表并打印导入核对表" in out and "显示本帮助并退出" in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "validate", "--help"])
    assert "Read a unit-year's ledgers and print the import log" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["validate", "check", "score"])
def test_units_by_name_ambiguous_and_unknown(capsys, monkeypatch, command):
    monkeypatch.delenv("QLAUDIT_LANG", raising=False)
    code, out, err = run(capsys, command, "--unit", "芦淞区", "--year", "2022", "--data", str(DATA))
    assert code == 2 and out == ""
    assert err.startswith("qlaudit: 单位 '芦淞区' 对应 4 个单位，请用代码指定其中之一：lusong-fulian（株洲市芦淞区妇女联合会 / 区妇联）")
    code, out, err = run(capsys, command, "--unit", "区税务局", "--year", "2022", "--data", str(DATA))
    assert code == 2 and "已有单位：" in err and "lusong-tuanwei（共青团株洲市芦淞区委员会 / 团区委）" in err
    code, _, err = run(capsys, command, "--unit", "团区委", "--year", "2019", "--data", str(DATA))
    assert (code, err) == (2, "qlaudit: 单位 lusong-tuanwei 没有 2019 年度的数据（已有年度：2022, 2023）\n")


def test_a_unit_name_never_becomes_a_path(tmp_path, capsys):
    (tmp_path / "u1").mkdir()
    (tmp_path / "u1" / "unit.yaml").write_text("code: u1\nname: ../../etc\nshort_name: x/y\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", "--unit", "../../etc", "--year", "2021", "--data", str(tmp_path))
    assert code == 2 and "u1" in err  # resolved to the code u1, whose year folder is missing — never a path


def test_errors_before_anything_is_read_are_chinese_by_default(capsys, monkeypatch, tmp_path):
    """A mistyped unit or year, an output folder in the way, a bad limit: one line in the reader's language."""
    monkeypatch.delenv("QLAUDIT_LANG", raising=False)
    code, out, err = run(capsys, "validate", "--unit", "../x", "--year", "2022", "--data", str(DATA))
    assert code == 2 and out == ""
    assert "单位代码 '../x' 不是安全的文件夹名" in err and "safe folder" not in err
    code, _, err = run(capsys, "validate", "--unit", "lusong-fulian", "--year", "20220", "--data", str(DATA))
    assert code == 2 and "年度 '20220' 不是年份" in err
    (tmp_path / "out").write_text("a file in the way", encoding="utf-8")
    code, _, err = run(capsys, "report", "--unit", "lusong-fulian", "--year", "2022", "--data", str(DATA),
                       "--out", str(tmp_path / "out"))
    assert code == 2 and "是一个文件，不是文件夹" in err
    monkeypatch.setenv("QLAUDIT_LIMIT_ROWS", "lots")
    code, _, err = run(capsys, "validate", "--unit", "lusong-fulian", "--year", "2022", "--data", str(DATA))
    assert code == 2 and "QLAUDIT_LIMIT_ROWS='lots' 不是正整数" in err
    monkeypatch.delenv("QLAUDIT_LIMIT_ROWS")
    code, _, err = run(capsys, "--lang", "en", "validate", "--unit", "../x", "--year", "2022", "--data", str(DATA))
    assert code == 2 and "unit code '../x' is not a safe folder name" in err


def test_argparse_errors_in_chinese_by_default_and_argparse_left_as_it_was(capsys, monkeypatch):
    import argparse

    before = argparse._
    monkeypatch.delenv("QLAUDIT_LANG", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(["check", "--unit", "lusong-qiaolian", "--year", "2021", "--format", "xml"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "qlaudit check：错误：参数 --format：无效的取值 'xml'" in err and "invalid choice" not in err
    with pytest.raises(SystemExit):
        main(["check", "--year", "2021"])
    assert "缺少必需的参数：--unit" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "check", "--year", "2021"])
    assert "error: the following arguments are required: --unit" in capsys.readouterr().err
    assert argparse._ is before
