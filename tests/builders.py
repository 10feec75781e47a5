"""Builders for real input files written into a test's tmp_path: CSV bytes in a chosen encoding, XLSX, unit folders.

Nothing is mocked: the loader reads exactly the bytes a unit would send.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

Row = Sequence[object]

APPROPRIATIONS_HEADER = ["指标文号", "文号名称", "指标来源", "预算类型", "支出类型", "项目编码", "项目名称", "功能分类",
                         "经济分类", "金额", "下达日期"]
EXPENDITURES_HEADER = ["日期", "凭证号", "摘要", "收款人", "预算类型", "支出类型", "项目编码", "项目名称", "功能分类",
                       "经济分类", "金额"]
PROJECTS_HEADER = ["项目编码", "项目名称", "是否纳入年初预算", "一级指标", "二级指标", "三级指标", "指标方向", "指标值",
                   "计量单位", "实际完成值", "分值"]

#: A small valid unit-year (amounts in 元): every identity holds and every line has a quota.
APPROPRIATIONS = [
    ["芦财预〔2021〕1号", "年初预算-人员经费-基本工资", "年初", "一般公共预算", "人员经费", "", "", "2012950", "30101",
     "52,800.00", "2021-01-15"],
    ["芦财预〔2021〕1号", "年初预算-公用经费-办公费", "年初", "一般公共预算", "公用经费", "", "", "2012950", "30201",
     "6000.00", "2021-01-15"],
    ["芦财预〔2021〕1号", "年初预算-侨联工作经费", "年初", "一般公共预算", "项目支出", "QL2021001", "侨联工作经费",
     "2012999", "30299", "30000.00", "2021-01-15"],
]
EXPENDITURES = [
    ["2021-01-31", "记-001", "1月基本工资", "职工", "一般公共预算", "人员经费", "", "", "2012950", "30101", "4400.00"],
    ["2021-02-28", "记-002", "2月基本工资", "职工", "一般公共预算", "人员经费", "", "", "2012950", "30101", "4400.00"],
    ["2021-03-10", "记-003", "购买办公用品", "某文具店", "一般公共预算", "公用经费", "", "", "2012950", "30201", "1250.50"],
    ["2021-04-20", "记-004", "侨情调研", "某旅行社", "一般公共预算", "项目支出", "QL2021001", "侨联工作经费",
     "2012999", "30299", "8000.00"],
    ["2021-05-06", "记-005", "归侨座谈会", "某酒店", "一般公共预算", "项目支出", "QL2021001", "侨联工作经费",
     "2012999", "30299", "2600.00"],
]
PROJECTS = [
    ["QL2021001", "侨联工作经费", "是", "产出指标", "数量指标", "开展侨情调研次数", "≥", "2", "次", "3", "20"],
    ["QL2021001", "侨联工作经费", "是", "效益指标", "社会效益指标", "归侨侨眷满意度", "≥", "90", "%", "95", "10"],
]

UNIT_YAML = """\
code: {code}
name: 株洲市芦淞区归国华侨联合会
short_name: 区侨联
"""


def csv_bytes(rows: Sequence[Row], encoding: str = "utf-8") -> bytes:
    """The rows as CSV text encoded with ``encoding`` ('utf-8-sig' writes the BOM)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_csv(path: Path, rows: Sequence[Row], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(rows, encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Row], *, sheet: str = "Sheet1", merges: Sequence[str] = ()) -> Path:
    """An .xlsx whose first sheet holds ``rows`` (None = empty cell), with ``merges`` like 'J3:K3' merged."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for cell_range in merges:
        ws.merge_cells(cell_range)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def replace_in_xlsx(path: Path, member: str, old: bytes, new: bytes) -> Path:
    """Rewrite one part of a saved .xlsx (a zip), e.g. to store a number with the 17 digits Excel writes."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == member:
                assert old in data, f"{old!r} not in {member}"
                data = data.replace(old, new)
            target.writestr(info, data)
    return path


def make_unit(
    data_dir: Path,
    code: str = "test-unit",
    year: int = 2021,
    *,
    appropriations: Sequence[Row] = APPROPRIATIONS,
    expenditures: Sequence[Row] = EXPENDITURES,
    projects: Sequence[Row] = PROJECTS,
    activities: str | None = "本年度开展侨情调研3次。\n",
) -> Path:
    """data_dir/<code>/unit.yaml and data_dir/<code>/<year>/{appropriations,expenditures,projects}.csv."""
    unit_dir = data_dir / code
    year_dir = unit_dir / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    (unit_dir / "unit.yaml").write_text(UNIT_YAML.format(code=code), encoding="utf-8")
    write_csv(year_dir / "appropriations.csv", [APPROPRIATIONS_HEADER, *appropriations])
    write_csv(year_dir / "expenditures.csv", [EXPENDITURES_HEADER, *expenditures])
    write_csv(year_dir / "projects.csv", [PROJECTS_HEADER, *projects])
    if activities is not None:
        (year_dir / "activities.md").write_text(activities, encoding="utf-8")
    return data_dir
