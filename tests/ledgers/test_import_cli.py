"""`qlaudit import` (preview and write), `qlaudit profile new` and `qlaudit validate --format json` (issue 8)."""

import hashlib
import json
import shutil

from qlaudit.cli import main
from tests.ledgers.conftest import ROOT

UNIT = "lusong-qiaolian"


def empty_year(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data" / UNIT, data_dir / UNIT)
    for ledger in ("appropriations", "expenditures", "projects"):
        (data_dir / UNIT / "2021" / f"{ledger}.csv").unlink()
    return data_dir


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_preview_shows_profile_set_aside_rows_and_control_totals_and_writes_nothing(tmp_path, exports, capsys):
    data_dir = empty_year(tmp_path)
    code = main(["import", str(exports["czyth-voucher"]), "--unit", UNIT, "--year", "2021", "--data", str(data_dir),
                 "--preview"])
    out = capsys.readouterr().out
    assert code == 0
    assert "profile: profile czyth-voucher (预算管理一体化 单位会计核算凭证导出（平行记账）): headers 会计科目编码" in out
    # 5001 Dr, 4001 Cr, 6001 Cr per payment; the one reversal (1,286.40) mirrors them
    assert "平行记账对方科目行（非支出科目）: 843 row(s), 借方 475,144.27, 贷方 946,429.34" in out
    assert "72010102 | 281 | 472571.47 | 1286.40" in out
    assert "2021-03 | 104 | 87121.98 | 87121.98" in out
    assert "columns not used: 账套编码, 账套名称, 会计年度" in out
    assert "control total (kept + normalised lines): 471,285.07 元" in out
    assert not (data_dir / UNIT / "2021" / "expenditures.csv").exists()


def test_import_writes_the_canonical_ledgers_and_records_the_source(tmp_path, exports, capsys):
    data_dir = empty_year(tmp_path)
    sources = [exports["yonyou-grp-u8-detail"], exports["czyth-quota"], exports["project-form"]]
    before = [sha(p) for p in sources]
    args = ["--unit", UNIT, "--year", "2021", "--data", str(data_dir)]
    assert main(["import", *map(str, sources), *args]) == 0
    assert [sha(p) for p in sources] == before  # the sources are only read
    year_dir = data_dir / UNIT / "2021"
    imports = json.loads((year_dir / "imports.json").read_text(encoding="utf-8"))
    by_file = {e["file"]: e for e in imports["files"]}
    origin = by_file["expenditures.csv"]["source"]["files"][0]
    assert origin["file"] == sources[0].name and origin["sha256"] == before[0]
    assert origin["profile"] == "yonyou-grp-u8-detail" and origin["total_yuan"] == "471285.07"
    capsys.readouterr()
    assert main(["validate", "--unit", UNIT, "--year", "2021", "--data", str(data_dir), "--format", "json"]) == 0
    log = json.loads(capsys.readouterr().out)
    files = {f["ledger"]: f for f in log["files"]}
    assert files["expenditures"]["total_yuan"] == "471285.07"
    assert files["expenditures"]["kept"] == 281
    assert files["expenditures"]["source"]["files"][0]["profile"] == "yonyou-grp-u8-detail"
    assert files["appropriations"]["total_yuan"] == "517885.07"
    # a second import does not overwrite; --force does
    assert main(["import", str(sources[0]), *args]) == 2
    assert "canonical files exist: expenditures.csv" in capsys.readouterr().err
    assert main(["import", str(sources[0]), *args, "--force"]) == 0


def test_import_with_errors_writes_nothing(tmp_path, capsys):
    data_dir = empty_year(tmp_path)
    bad = tmp_path / "凭证.csv"
    bad.write_text("日期,凭证号,摘要,预算类型,支出类型,功能分类,经济分类,金额\n2021-03-05,记-001,x,111,公用经费,2012950,"
                   "30201,abc\n", encoding="utf-8")
    assert main(["import", str(bad), "--unit", UNIT, "--year", "2021", "--data", str(data_dir)]) == 2
    captured = capsys.readouterr()
    assert "not an amount" in captured.out and "nothing written" in captured.err
    assert not (data_dir / UNIT / "2021" / "expenditures.csv").exists()


def test_profile_new_drafts_a_profile_that_imports_the_sample(tmp_path, exports, capsys):
    sample = tmp_path / "export.xlsx"
    shutil.copy(exports["czyth-voucher"], sample)
    assert main(["profile", "new", str(sample)]) == 0
    draft = tmp_path / "export.profile.toml"
    text = draft.read_text(encoding="utf-8")
    assert 'economic_code = ["部门支出经济分类(账务)编码"]' in text
    assert "# columns of the sample not used: 账套编码" in text
    assert main(["profile", "new", str(sample)]) == 2  # no silent overwrite
    capsys.readouterr()
    data_dir = empty_year(tmp_path)
    assert main(["import", str(sample), "--profile", str(draft), "--unit", UNIT, "--year", "2021", "--data",
                 str(data_dir), "--preview"]) == 0
    out = capsys.readouterr().out
    assert "profile export-profile (export-profile) as asked" in out
    assert "281 kept" in out


def test_validate_json_reports_totals_and_counts_per_file(capsys):
    assert main(["validate", "--unit", UNIT, "--year", "2021", "--format", "json"]) == 0
    files = {f["ledger"]: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert files["expenditures"]["total_yuan"] == "471285.07"
    assert files["appropriations"]["total_yuan"] == "517885.07"
    assert (files["projects"]["kept"], files["projects"]["rejected"]) == (11, 0)
    assert files["expenditures"]["set_aside"] == {}
    assert files["expenditures"]["profile"] == "canonical"


def test_import_says_why_it_refused_in_chinese_by_default(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("QLAUDIT_LANG", raising=False)
    data_dir = empty_year(tmp_path)
    bad = tmp_path / "凭证.csv"
    bad.write_text("日期,凭证号,摘要,预算类型,支出类型,功能分类,经济分类,金额\n2021-03-05,记-001,x,111,公用经费,2012950,"
                   "30201,abc\n", encoding="utf-8")
    assert main(["import", str(bad), "--unit", UNIT, "--year", "2021", "--data", str(data_dir)]) == 2
    assert "存在输入错误：未写出任何文件" in capsys.readouterr().err
    stranger = tmp_path / "名单.csv"
    stranger.write_text("姓名,电话\n张三,123\n", encoding="utf-8")
    assert main(["import", str(stranger), "--unit", UNIT, "--year", "2021", "--data", str(data_dir)]) == 2
    out, err = capsys.readouterr()
    assert "无法识别为任何账表" in out + err and "qlaudit profile new" in out + err
    assert "not recognised" not in out + err
    monkeypatch.setenv("QLAUDIT_LANG", "en")
    assert main(["import", str(stranger), "--unit", UNIT, "--year", "2021", "--data", str(data_dir)]) == 2
    out, err = capsys.readouterr()
    assert "not recognised as any ledger" in out + err
