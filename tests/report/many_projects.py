"""A generated unit with many projects (CSV files written by the test), for the scale tests of the report."""

from __future__ import annotations

import csv
import random
from pathlib import Path

APPROPRIATIONS = ["指标文号", "文号名称", "指标来源", "预算类型", "支出类型", "项目编码", "项目名称", "功能分类", "经济分类", "金额", "下达日期"]
EXPENDITURES = ["日期", "凭证号", "分录号", "摘要", "收款人", "预算类型", "支出类型", "项目编码", "项目名称", "功能分类", "经济分类", "金额",
                "指标文号"]
PROJECTS = ["项目编码", "项目名称", "是否纳入年初预算", "项目用途", "一级指标", "二级指标", "三级指标", "指标方向", "指标值", "计量单位",
            "实际完成值", "分值"]
UNIT_YAML = """code: {code}
name: 株洲市芦淞区测试单位
budget_code: '430203999'
founded: 2001-01-01
description: 是为规模测试生成的单位
staffing:
  authorised: 30
  kind: 行政编制
duties:
- 承担规模测试。
goals:
  {year}:
    overall: 完成年度各项目任务。
    special:
    - 开展项目活动
disclosure: 自评结果在政府网站公开，接受社会监督。
"""


def _letters(n: int) -> str:
    """1 → 'A', 27 → 'AA': project names without digits (a digit in a name reads as a figure)."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def write_unit(data: Path, code: str = "many", year: int = 2023, projects: int = 720, seed: int = 7) -> Path:
    """A unit-year with ``projects`` projects: each with a 年初 quota and a few payments to suppliers (some over
    budget, some unspent), plus a small basic budget paid in full."""
    rng = random.Random(seed)
    folder = data / code / str(year)
    folder.mkdir(parents=True)
    (data / code / "unit.yaml").write_text(UNIT_YAML.format(code=code, year=year), encoding="utf-8")
    quotas = [[f"芦财预〔{year}〕1号", "年初预算-人员经费-基本工资", "年初", "一般公共预算", "人员经费", "", "", "2012901", "30101",
               "120000.00", f"{year}-01-15"],
              [f"芦财预〔{year}〕1号", "年初预算-公用经费-办公费", "年初", "一般公共预算", "公用经费", "", "", "2012901", "30201",
               "30000.00", f"{year}-01-15"]]
    lines = []
    register = []
    counter = {m: 0 for m in range(1, 13)}

    def voucher(month: int) -> str:
        counter[month] += 1
        return f"记-{counter[month]:03d}"

    for month in range(1, 13):
        lines.append([f"{year}-{month:02d}-20", voucher(month), "1", f"发放{month}月基本工资", "株洲市芦淞区代发工资专户",
                      "一般公共预算", "人员经费", "", "", "2012901", "30101", "10000.00", f"芦财预〔{year}〕1号"])
        lines.append([f"{year}-{month:02d}-21", voucher(month), "1", f"购买{month}月办公用品", "株洲市芦淞区文具店",
                      "一般公共预算", "公用经费", "", "", "2012901", "30201", "2500.00", f"芦财预〔{year}〕1号"])
    for n in range(1, projects + 1):
        code_p = f"430203-MP-{n:03d}"
        name = f"专项工作经费{_letters(n)}"
        budget = rng.randrange(2_000, 60_000) * 100
        quotas.append([f"芦财预〔{year}〕1号", f"年初预算-{name}", "年初", "一般公共预算", "项目支出", code_p, name, "2012999", "30299",
                       f"{budget / 100:.2f}", f"{year}-01-15"])
        spend_share = rng.choice([0, 60, 90, 100, 100, 110])
        spent = budget * spend_share // 100
        parts = rng.randrange(1, 4)
        for k in range(parts):
            amount = spent // parts + (spent % parts if k == 0 else 0)
            if amount <= 0:
                continue
            month = rng.randrange(2, 12)
            lines.append([f"{year}-{month:02d}-{rng.randrange(1, 28):02d}", voucher(month), "1", f"{name}活动支出{k + 1}",
                          f"株洲市芦淞区服务公司{n % 40}", "一般公共预算", "项目支出", code_p, name, "2012999", "30299",
                          f"{amount / 100:.2f}", f"芦财预〔{year}〕1号"])
        register.append([code_p, name, "是", f"开展{name}对应的专项工作。", "产出", "数量", "开展专项活动次数", "≥", "2", "次",
                         str(rng.choice([1, 2, 3])), ""])
    lines.sort(key=lambda r: (r[0], r[1]))
    for name, header, rows in (("appropriations", APPROPRIATIONS, quotas), ("expenditures", EXPENDITURES, lines),
                               ("projects", PROJECTS, register)):
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    (folder / "activities.md").write_text("根据预算安排，本年开展以下工作：\n\n1.完成各专项工作。\n", encoding="utf-8")
    return data
