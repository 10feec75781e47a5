"""Report options (thresholds, scoring rules, sample) reach the report, the manifest and the batch key."""

import json
from pathlib import Path

from qlaudit.report.batch import batch_key
from qlaudit.report.model import ReportOptions
from qlaudit.report.run import build_report

DATA = Path(__file__).resolve().parent.parent / "data"


def test_settings_scoring_and_sample_options_shape_the_report(tmp_path):
    settings = tmp_path / "province.toml"
    settings.write_text("december_share_project = 0.05\n", encoding="utf-8")
    scoring = tmp_path / "scoring.toml"
    scoring.write_text('[grades]\n"优" = 101\n', encoding="utf-8")
    options = ReportOptions(sample_size=5, sample_seed=7, settings_path=str(settings), scoring_path=str(scoring))
    result = build_report("lusong-fulian", 2022, DATA, tmp_path / "out", options=options)
    html = result.html_path.read_text(encoding="utf-8")
    assert "部门整体支出绩效自评得分92.26分，等级为“良”" in html  # 92.26 is below the raised 优 band
    assert "等级：优≥101分" in html  # the configured bands, stated in 六 (lint judges the grades by them)
    papers = (result.html_path.parent / "workpapers.html").read_text(encoding="utf-8")
    assert "随机种子 7" in papers and "抽取 5 行" in papers
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    assert manifest["parameters"]["sample_seed"] == 7 and manifest["parameters"]["settings_path"] == str(settings)
    assert [i["path"] for i in manifest["inputs"] if i["role"] == "settings"] == [str(settings), str(scoring)]
    oplog = json.loads((result.html_path.parent / "oplog.json").read_text(encoding="utf-8"))
    check = next(op for op in oplog["operations"] if op["verb"] == "check")
    assert check["params"]["settings_path"] == str(settings)


def test_batch_key_follows_the_options_and_the_settings_file(tmp_path):
    settings = tmp_path / "province.toml"
    settings.write_text("december_share_project = 0.05\n", encoding="utf-8")
    plain = batch_key("lusong-kexie", 2023, DATA)
    with_settings = batch_key("lusong-kexie", 2023, DATA, ReportOptions(settings_path=str(settings)))
    assert plain != with_settings
    assert batch_key("lusong-kexie", 2023, DATA, ReportOptions(sample_seed=2023)) == plain  # the default seed
    settings.write_text("december_share_project = 0.06\n", encoding="utf-8")
    assert batch_key("lusong-kexie", 2023, DATA, ReportOptions(settings_path=str(settings))) != with_settings


def test_report_settings_choose_the_basis_documents_per_province(tmp_path):
    from qlaudit.report.settings import load

    override = tmp_path / "report.toml"
    override.write_text('[basis.hunan]\ndocuments = ["《示例省预算绩效管理办法》"]\n', encoding="utf-8")
    settings = load(override)
    assert settings.basis_for("hunan") == ("《示例省预算绩效管理办法》",)
    assert "财预〔2020〕10号" in "".join(settings.basis_for(""))  # no province: the national documents
