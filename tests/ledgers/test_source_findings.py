"""Issue 8 acceptance: a unit-year whose year folder holds the exports as they come (found by the profiles' file
patterns or a files: map in unit.yaml) gives the same `qlaudit check` findings as the canonical sample. Evidence
rows differ only in where they are (file and row of the export)."""

import json
import shutil

import pytest

import qlaudit
from qlaudit.findings import findings_json
from qlaudit.workbook import load_workbook
from tests.ledgers.conftest import ROOT
from tests.ledgers.test_source_layouts import EXPENDITURE_LAYOUTS

UNIT = "lusong-qiaolian"


def findings_without_locations(data_dir):
    workbook = load_workbook(UNIT, 2021, data_dir)
    data = json.loads(findings_json(UNIT, 2021, qlaudit.check(workbook)))
    for finding in data["findings"]:
        for evidence in finding["evidence"]:
            del evidence["file"], evidence["row"]
    return data, workbook


@pytest.fixture(scope="module")
def canonical_findings():
    return findings_without_locations(ROOT / "data")[0]


def unit_with_exports(tmp_path, exports, layout, unit_yaml_extra=""):
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data" / UNIT, data_dir / UNIT)
    year_dir = data_dir / UNIT / "2021"
    for ledger in ("appropriations", "expenditures", "projects"):
        (year_dir / f"{ledger}.csv").unlink()
    source = exports[layout]
    for path in (source.parent.iterdir() if layout == "gbt24589-voucher" else [source]):
        shutil.copy(path, year_dir / path.name)
    shutil.copy(exports["czyth-quota"], year_dir)
    shutil.copy(exports["project-form"], year_dir)
    if unit_yaml_extra:
        with (data_dir / UNIT / "unit.yaml").open("a", encoding="utf-8") as f:
            f.write(unit_yaml_extra)
    return data_dir


@pytest.mark.parametrize("layout", EXPENDITURE_LAYOUTS)
def test_exports_as_they_come_give_the_canonical_findings(tmp_path, exports, canonical_findings, layout):
    data_dir = unit_with_exports(tmp_path, exports, layout)
    findings, workbook = findings_without_locations(data_dir)
    assert workbook.import_log.ok, workbook.import_log.render_text()
    assert [f.profile for f in workbook.import_log.files] == ["czyth-quota", layout, "project-form"]
    assert findings == canonical_findings


def test_a_files_map_in_unit_yaml_names_the_exports(tmp_path, exports):
    data_dir = unit_with_exports(tmp_path, exports, "czyth-voucher")
    year_dir = data_dir / UNIT / "2021"
    (year_dir / "单位核算凭证_2021.xlsx").rename(year_dir / "export_0001.xlsx")  # a name no profile knows
    with pytest.raises(qlaudit.errors.InvalidInput):
        load_workbook(UNIT, 2021, data_dir)
    with (data_dir / UNIT / "unit.yaml").open("a", encoding="utf-8") as f:
        f.write('files:\n  "export_*.xlsx": {ledger: expenditures, profile: czyth-voucher}\n')
    workbook = load_workbook(UNIT, 2021, data_dir)
    (record,) = [f for f in workbook.import_log.files if f.ledger == "expenditures"]
    assert record.profile == "czyth-voucher"
    assert record.profile_reason == "profile czyth-voucher (预算管理一体化 单位会计核算凭证导出（平行记账）) as asked"
    assert len(workbook.expenditures) == 281


def test_missing_ledger_hint_names_the_files_found(tmp_path, exports):
    data_dir = unit_with_exports(tmp_path, exports, "czyth-voucher")
    year_dir = data_dir / UNIT / "2021"
    (year_dir / "单位核算凭证_2021.xlsx").rename(year_dir / "export_0001.xlsx")
    workbook = load_workbook(UNIT, 2021, data_dir, strict=False)
    (issue,) = [i for i in workbook.import_log.other_issues if i.message == "ledger file is missing"]
    assert issue.hint.startswith("add expenditures.csv or expenditures.xlsx — or name the export in unit.yaml")
    assert "export_0001.xlsx" in issue.hint
