"""Generate realistic SYNTHETIC unit-years of N voucher lines in the canonical CSV format, for the scale benchmarks.

A unit-year of N lines has departments, staff, vendors, projects and quota lines that grow with N (720 projects at
10^5 lines), the ledger shape of the sample data (data/README.md: personnel ≈ 40 %, public ≈ 30 %, projects ≈ 30 %
of the lines; vouchers of 1–3 lines numbered from 1 every month; basic quotas recovered at year end so that basic
quota = basic spending per department and code; projects with 年初/追加/上年结转 quotas) and the planted problems of
the sample at about their rate (one of each per ~3,000 lines): duplicate payments, voucher-number gaps, split
purchases, 摘要 vs economic code, project money on 30217 (接待餐费), reversal pairs and unmatched reversals, and
per project over-budget, no-quota, December-rush and low-execution cases.

Files: ``<root>/<unit>/unit.yaml`` and ``<root>/<unit>/<year>/{appropriations,expenditures,projects}.csv`` (UTF-8,
Chinese headers of docs/data-format.md, plus a 部门 column) and ``activities.md``. Vectorised with numpy (10^7
lines in about a minute); the same (N, seed) gives the same bytes.

    .venv/bin/python benchmarks/make_ledgers.py --lines 10000 100000 --out /tmp/qlaudit-bench
    .venv/bin/python benchmarks/make_ledgers.py --units 2000 --lines 5000 --out /tmp/qlaudit-province
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国红梅志文斌辉波宁晨琳雪婷鹏飞云霖浩然宇航子涵欣怡思远嘉豪梓轩雨萱")
VENDOR_PREFIX = ["株洲", "芦淞", "湘东", "神农", "炎陵", "建宁", "荷塘", "天元", "渌口", "醴陵", "攸县", "茶陵"]
VENDOR_WORD = ["华联", "宏达", "恒信", "鑫源", "博远", "新创", "金桥", "长城", "同心", "东方", "永盛", "天成", "佳美", "瑞丰",
               "联创", "明远", "彩虹", "启航", "兴业", "中南"]
VENDOR_KIND = ["文具店", "印务有限公司", "电脑科技有限公司", "文化传媒有限公司", "酒店", "物业管理有限公司",
               "广告有限公司", "家具有限公司", "旅行社", "商贸有限公司", "会务服务有限公司", "教育咨询有限公司"]
TOPICS = ["侨务工作经费", "妇女儿童维权服务", "青少年关爱", "科普活动经费", "社区服务", "文化体育活动", "干部培训",
          "信息化建设", "宣传教育", "志愿服务", "为民办实事", "阵地建设"]
DEPARTMENT_NAMES = ["办公室", "组织部", "宣传部", "联络部", "权益部", "财务科", "信息中心", "服务中心", "培训中心", "活动中心"]

# Public (公用经费) purchases: code, 摘要, share of the public lines, payee kind (v = vendor, s = staff), amount range 元.
PUBLIC_ITEMS = [
    ("30201", "购买办公用品", 0.30, "v", 80, 3_000),
    ("30211", "出差差旅费", 0.22, "s", 200, 4_000),
    ("30213", "维修办公设备", 0.10, "v", 150, 5_000),
    ("30202", "印刷资料", 0.10, "v", 100, 4_000),
    ("30215", "召开工作会议", 0.04, "v", 800, 12_000),
    ("30216", "举办业务培训", 0.04, "v", 1_000, 15_000),
    ("30229", "节日慰问职工", 0.06, "s", 200, 800),
    ("30239", "公务交通补贴", 0.14, "s", 300, 800),
]
PROJECT_ITEMS = [
    ("30202", "印刷宣传资料", 0.20), ("30214", "租赁活动场地", 0.10), ("30215", "召开项目推进会议", 0.08),
    ("30216", "开展专题培训", 0.10), ("30218", "购买活动物资", 0.22), ("30226", "支付活动劳务费", 0.12),
    ("30299", "开展专项活动", 0.18),
]
RATE = 1 / 3_000  # planted problems per line (the sample's rate: 8 planted problems over 11 unit-years)

EXPENDITURE_HEADER = ["日期", "凭证号", "分录号", "摘要", "收款人", "预算类型", "支出类型", "项目编码", "项目名称", "功能分类",
                      "经济分类", "金额", "指标文号", "部门"]
APPROPRIATION_HEADER = ["指标文号", "文号名称", "指标来源", "预算类型", "支出类型", "项目编码", "项目名称", "功能分类", "经济分类",
                        "金额", "下达日期"]
PROJECT_HEADER = ["项目编码", "项目名称", "是否纳入年初预算", "项目用途", "一级指标", "二级指标", "三级指标", "指标方向", "指标值",
                  "计量单位", "实际完成值", "分值"]


@dataclass(frozen=True)
class Shape:
    """How a unit-year of ``lines`` lines is made: counts that grow with N."""

    lines: int
    departments: int
    staff: int
    retirees: int
    vendors: int
    projects: int

    @classmethod
    def of(cls, lines: int) -> Shape:
        staff = max(3, round(lines * 0.40 / 40))
        return cls(lines, max(1, round(lines / 5_000)), staff, max(1, staff // 4), max(20, lines // 40),
                   max(3, round(lines * 720 / 100_000)))


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct three-character person names."""
    s, g = len(SURNAMES), len(GIVEN)
    picks = rng.choice(s * g * g, size=n, replace=n > s * g * g)
    return np.array([SURNAMES[p // (g * g)] + GIVEN[(p // g) % g] + GIVEN[p % g] for p in picks], dtype=object)


def _vendors(rng: np.random.Generator, n: int) -> np.ndarray:
    a, b, c = len(VENDOR_PREFIX), len(VENDOR_WORD), len(VENDOR_KIND)
    picks = rng.choice(a * b * c * 100, size=n, replace=False)
    out = []
    for p in picks:
        serial = p // (a * b * c)
        word = VENDOR_WORD[(p // (a * c)) % b] + (str(serial) if serial else "")
        out.append(f"{VENDOR_PREFIX[p % a]}市{word}{VENDOR_KIND[(p // a) % c]}")
    return np.array(out, dtype=object)


def _workdays(year: int) -> np.ndarray:
    days = pd.date_range(f"{year}-01-01", f"{year}-12-29", freq="D")
    days = days[(days.day_of_week < 5) & ~((days.month == 1) & (days.day < 18))]
    return days.to_numpy()


def _yuan(fen: np.ndarray) -> np.ndarray:
    """int 分 → '1234.56' (negatives '-12.30'), vectorised."""
    fen = pd.Series(fen, dtype="int64")
    whole, cents = (fen.abs() // 100).astype(str), (fen.abs() % 100).astype(str).str.zfill(2)
    return (np.where(fen < 0, "-", "") + whole + "." + cents).to_numpy()


def _amounts(rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
    """Log-uniform amounts in 分 between low and high 元, mostly with cents."""
    fen = np.exp(rng.uniform(np.log(low * 100), np.log(high * 100), size=n)).astype("int64")
    whole = rng.random(n) < 0.15  # some whole-yuan amounts
    return np.where(whole, fen // 100 * 100, fen)


class _Lines:
    """Voucher lines collected as column arrays; a voucher is a ``group`` of 1–3 lines."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.groups = 0

    def add(self, frame: pd.DataFrame, group: np.ndarray | None = None) -> None:
        n = len(frame)
        group = np.arange(n) if group is None else group
        frame = frame.assign(group=group + self.groups)
        self.groups += int(group.max()) + 1 if n else 0
        self.parts.append(frame)

    def frame(self) -> pd.DataFrame:
        return pd.concat(self.parts, ignore_index=True)


def _personnel(rng, shape: Shape, year: int, departments: np.ndarray, staff: np.ndarray, lines: _Lines) -> None:
    s = shape.staff
    dept = rng.integers(0, shape.departments, size=s)
    pay = {"30101": _amounts(rng, s, 2_500, 6_000), "30102": _amounts(rng, s, 2_000, 5_000),
           "30107": _amounts(rng, s, 1_500, 4_000)}
    names = {"30101": "基本工资", "30102": "津贴补贴", "30107": "绩效工资"}
    months = np.repeat(np.arange(1, 13), s)
    person = np.tile(np.arange(s), 12)
    pay_day = np.array([np.datetime64(f"{year}-{m:02d}-{18 if m == 1 else 15}") for m in range(1, 13)])
    frames = []
    for code in ("30101", "30102", "30107"):
        frames.append(pd.DataFrame({
            "date": pay_day[months - 1], "summary": [f"发放{year}年{m}月{names[code]}" for m in months],
            "payee": staff[person], "kind": "personnel", "project": -1, "code": code, "func": "2012901",
            "fen": pay[code][person], "dept": dept[person], "order": np.arange(12 * s)}))
    block = pd.concat(frames, ignore_index=True)
    lines.add(block, block["order"].to_numpy())  # one voucher per person and month, three lines
    bonus = pd.DataFrame({"date": np.datetime64(f"{year}-12-20"), "summary": f"发放{year}年度一次性绩效奖励",
                          "payee": staff, "kind": "personnel", "project": -1, "code": "30107", "func": "2012901",
                          "fen": _amounts(rng, s, 3_000, 9_000), "dept": dept})
    lines.add(bonus)
    r = shape.retirees
    retiree = np.tile(np.arange(r), 12)
    lines.add(pd.DataFrame({"date": pay_day[np.repeat(np.arange(12), r)],
                            "summary": [f"发放{year}年{m}月退休费" for m in np.repeat(np.arange(1, 13), r)],
                            "payee": _names(rng, r)[retiree], "kind": "personnel", "project": -1, "code": "30302",
                            "func": "2080501", "fen": _amounts(rng, r, 3_000, 7_000)[retiree],
                            "dept": rng.integers(0, shape.departments, size=r)[retiree]}))
    # Contributions per department and month: one voucher of three lines, one of 住房公积金.
    d = shape.departments
    dm = np.arange(12 * d)
    month, department = dm // d + 1, dm % d
    base = _amounts(rng, d, 30_000, 90_000)[department] * np.maximum(1, s // d) // 10
    contrib = []
    for code, rate, func, payee, word in (("30108", 16, "2080505", "区社会保险服务中心", "养老保险"),
                                          ("30109", 8, "2080506", "区社会保险服务中心", "职业年金"),
                                          ("30110", 9, "2101101", "区医疗保障事务中心", "医疗保险")):
        contrib.append(pd.DataFrame({"date": pay_day[month - 1], "payee": payee, "kind": "personnel", "project": -1,
                                     "summary": [f"缴纳{year}年{m}月{word}" for m in month], "code": code,
                                     "func": func, "fen": base * rate // 100 + rng.integers(0, 100, 12 * d),
                                     "dept": department, "order": dm}))
    block = pd.concat(contrib, ignore_index=True)
    lines.add(block, block["order"].to_numpy())
    lines.add(pd.DataFrame({"date": pay_day[month - 1], "summary": [f"缴纳{year}年{m}月住房公积金" for m in month],
                            "payee": "区住房公积金管理中心", "kind": "personnel", "project": -1, "code": "30113",
                            "func": "2210201", "fen": base * 12 // 100, "dept": department}))


def _public(rng, shape: Shape, year: int, days: np.ndarray, staff: np.ndarray, vendors: np.ndarray,
            lines: _Lines, budget: int) -> None:
    d = shape.departments
    dm = np.arange(12 * d)
    month, department = dm // d + 1, dm % d
    bill_day = np.array([np.datetime64(f"{year}-{m:02d}-{20 if m == 1 else 10}") for m in range(1, 13)])
    utilities = [("30205", "水费", "株洲市自来水有限公司", 200, 2_000), ("30206", "电费", "国网株洲供电公司", 800, 9_000),
                 ("30207", "电话宽带费", "中国电信株洲分公司", 100, 1_500)]
    for code, word, payee, low, high in utilities:
        lines.add(pd.DataFrame({"date": bill_day[month - 1], "summary": [f"缴纳{m}月{word}" for m in month],
                                "payee": payee, "kind": "public", "project": -1, "code": code, "func": "2012901",
                                "fen": _amounts(rng, 12 * d, low, high), "dept": department}))
    quarter = np.arange(4 * d)
    lines.add(pd.DataFrame({"date": bill_day[(quarter // d) * 3 + 2],
                            "summary": [f"支付第{'一二三四'[q // d]}季度物业管理费" for q in quarter],
                            "payee": "株洲市安居物业管理有限公司", "kind": "public", "project": -1, "code": "30209",
                            "func": "2012901", "fen": _amounts(rng, 4 * d, 3_000, 9_000), "dept": quarter % d}))
    n = max(0, budget - 40 * d)
    shares = np.array([item[2] for item in PUBLIC_ITEMS])
    item = rng.choice(len(PUBLIC_ITEMS), size=n, p=shares / shares.sum())
    low = np.array([i[4] for i in PUBLIC_ITEMS])[item]
    high = np.array([i[5] for i in PUBLIC_ITEMS])[item]
    fen = np.exp(rng.uniform(np.log(low * 100), np.log(high * 100))).astype("int64")
    by_staff = np.array([i[3] == "s" for i in PUBLIC_ITEMS])[item]
    payee = np.where(by_staff, staff[rng.integers(0, len(staff), n)], vendors[rng.integers(0, len(vendors), n)])
    dept = rng.integers(0, d, n)
    summary = np.array([i[1] for i in PUBLIC_ITEMS], dtype=object)[item]
    summary = np.where(by_staff, summary, summary + "（" + np.array(DEPARTMENT_NAMES, dtype=object)[dept % 10] + "）")
    frame = pd.DataFrame({"date": days[rng.integers(0, len(days), n)], "summary": summary, "payee": payee,
                          "kind": "public", "project": -1, "code": np.array([i[0] for i in PUBLIC_ITEMS])[item],
                          "func": "2012901", "fen": fen, "dept": dept})
    lines.add(frame, _voucher_groups(rng, n))


def _voucher_groups(rng: np.random.Generator, n: int) -> np.ndarray:
    """Group ids putting consecutive lines into vouchers of 1 (70 %), 2 (20 %) or 3 (10 %) lines."""
    sizes = rng.choice([1, 2, 3], size=n, p=[0.7, 0.2, 0.1])
    return np.repeat(np.arange(n), sizes)[:n]


def _cases(rng: np.random.Generator, p: int) -> np.ndarray:
    """Per project: 4 % over budget, 2 % without quota, 4 % December rush, 5 % low execution (at least one each)."""
    counts = {case: max(1, round(p * share)) for case, share in (("over", 0.04), ("no_quota", 0.02), ("rush", 0.04),
                                                               ("low", 0.05))}
    cases = np.array([c for c, n in counts.items() for _ in range(n)], dtype=object)
    cases = np.concatenate([cases, np.full(max(0, p - len(cases)), "normal", dtype=object)])[:p]
    return rng.permutation(cases)


def _projects(rng, shape: Shape, year: int, days: np.ndarray, vendors: np.ndarray, lines: _Lines,
              budget: int) -> pd.DataFrame:
    p = shape.projects
    info = pd.DataFrame({
        "code": [f"430203-BM-{i + 1:04d}" for i in range(p)],
        "name": [f"{TOPICS[i % len(TOPICS)]}{i + 1:04d}" for i in range(p)],
        "dept": rng.integers(0, shape.departments, p),
        "case": _cases(rng, p),
    })
    weight = rng.gamma(2.0, 1.0, p)
    per_project = np.maximum(2, np.round(budget * weight / weight.sum()).astype(int))
    project = np.repeat(np.arange(p), per_project)
    n = len(project)
    shares = np.array([i[2] for i in PROJECT_ITEMS])
    item = rng.choice(len(PROJECT_ITEMS), size=n, p=shares / shares.sum())
    when = days[rng.integers(0, len(days), n)]
    rush = (info["case"].to_numpy()[project] == "rush") & (rng.random(n) < 0.6)
    december = days[days >= np.datetime64(f"{year}-12-01")]
    when = np.where(rush, december[rng.integers(0, len(december), n)], when)
    summary = np.array([i[1] for i in PROJECT_ITEMS], dtype=object)[item]
    frame = pd.DataFrame({"date": when, "summary": info["name"].to_numpy()[project] + "-" + summary,
                          "payee": vendors[rng.integers(0, len(vendors), n)], "kind": "project", "project": project,
                          "code": np.array([i[0] for i in PROJECT_ITEMS])[item], "func": "2012999",
                          "fen": _amounts(rng, n, 150, 9_000), "dept": info["dept"].to_numpy()[project]})
    lines.add(frame, _voucher_groups(rng, n))
    return info


def _plant(rng, shape: Shape, year: int, days: np.ndarray, vendors: np.ndarray, info: pd.DataFrame,
           lines: _Lines) -> None:
    """The planted problems of the sample data, at about one of each per 3,000 lines (at least one)."""
    k = max(1, round(shape.lines * RATE))
    base = lines.frame()
    candidates = base[(base["kind"] == "project") & (base["date"] < np.datetime64(f"{year}-12-20"))]
    # Duplicate payments: a line paid again on another voucher two days later.
    dup = candidates.sample(n=k, random_state=int(rng.integers(1 << 31))).drop(columns="group")
    lines.add(dup.assign(date=dup["date"] + np.timedelta64(2, "D")))
    # Reversal pairs (twice the rate) and unmatched reversals (a third of it).
    rev = candidates.sample(n=2 * k, random_state=int(rng.integers(1 << 31))).drop(columns="group")
    lines.add(rev.assign(date=rev["date"] + np.timedelta64(3, "D"), fen=-rev["fen"],
                         summary="冲销" + rev["summary"].astype(str)))
    loose = candidates.sample(n=max(1, k // 3), random_state=int(rng.integers(1 << 31))).drop(columns="group")
    lines.add(loose.assign(fen=-loose["fen"] - 1, summary="红字冲销以前年度多付款"))
    # Split purchases: three purchases of 30,000–40,000 元 from one vendor for one project within ten days.
    project = rng.choice(np.flatnonzero(info["case"].to_numpy() == "normal"), size=k)
    start = days[rng.integers(0, len(days) - 30, k)]
    split = pd.DataFrame({
        "date": np.concatenate([start, start + np.timedelta64(4, "D"), start + np.timedelta64(8, "D")]),
        "summary": np.tile(info["name"].to_numpy()[project] + "-购买活动设备", 3),
        "payee": np.tile(vendors[rng.integers(0, len(vendors), k)], 3), "kind": "project",
        "project": np.tile(project, 3), "code": "30218", "func": "2012999",
        "fen": rng.integers(3_000_000, 4_000_000, 3 * k), "dept": np.tile(info["dept"].to_numpy()[project], 3)})
    lines.add(split)
    # 摘要 says 会议, booked to 30299; project money on 30217 for a reception meal.
    wrong = candidates.sample(n=2 * k, random_state=int(rng.integers(1 << 31))).drop(columns="group")
    lines.add(wrong.assign(code=np.where(np.arange(2 * k) < k, "30299", "30217"),
                           summary=np.where(np.arange(2 * k) < k, wrong["summary"].astype(str) + "（召开座谈会议）",
                                            "接待考察组工作餐费")))


def _number(rng, frame: pd.DataFrame, gaps: int) -> pd.DataFrame:
    """Voucher numbers 记-0001… per month in date order (each group one voucher), with ``gaps`` numbers skipped."""
    first = frame.groupby("group", sort=False)["date"].transform("min")
    frame = frame.assign(date=first, month=first.dt.month).sort_values(["date", "group"], kind="stable")
    vouchers = frame.drop_duplicates("group")[["group", "month"]].reset_index(drop=True)
    number = vouchers.groupby("month").cumcount() + 1
    skip = np.zeros(len(vouchers), dtype="int64")
    skip[rng.choice(len(vouchers), size=min(gaps, len(vouchers)), replace=False)] = 1
    vouchers["number"] = number + pd.Series(skip).groupby(vouchers["month"]).cumsum()
    width = max(3, len(str(int(vouchers["number"].max()))))
    vouchers["voucher"] = "记-" + vouchers["number"].astype(str).str.zfill(width)
    frame = frame.merge(vouchers[["group", "voucher"]], on="group", how="left")
    frame["line_no"] = (frame.groupby("group").cumcount() + 1).astype(str)
    return frame


def _write_csv(path: Path, frame: pd.DataFrame, chunk: int = 1_000_000) -> None:
    """UTF-8 CSV, quoted only where needed, written in chunks (10^7 lines stay within a few GiB)."""
    writer = None
    for start in range(0, max(len(frame), 1), chunk):
        part = frame.iloc[start: start + chunk].astype(str)
        table = pa.Table.from_pandas(part, preserve_index=False)
        if writer is None:
            writer = pacsv.CSVWriter(path, table.schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
        writer.write_table(table)
    if writer is not None:
        writer.close()


def make_unit_year(root: Path, unit: str, year: int, n_lines: int, seed: int = 0) -> Shape:
    """Write one unit-year of about ``n_lines`` voucher lines under ``root/unit/year`` and return its shape."""
    rng = np.random.default_rng([n_lines, year, seed])
    shape = Shape.of(n_lines)
    days = _workdays(year)
    departments = np.array([f"{DEPARTMENT_NAMES[i % 10]}{i // 10 + 1 if i >= 10 else ''}"
                            for i in range(shape.departments)], dtype=object)
    staff, vendors = _names(rng, shape.staff), _vendors(rng, shape.vendors)
    lines = _Lines()
    _personnel(rng, shape, year, departments, staff, lines)
    personnel = sum(len(p) for p in lines.parts)
    rest = max(0, n_lines - personnel - 9 * max(1, round(n_lines * RATE)))
    _public(rng, shape, year, days, staff, vendors, lines, rest // 2)
    info = _projects(rng, shape, year, days, vendors, lines, rest - rest // 2)
    _plant(rng, shape, year, days, vendors, info, lines)
    spend = _number(rng, lines.frame(), max(1, round(n_lines * RATE)))
    spend = spend.sort_values(["date", "voucher", "line_no"], kind="stable").reset_index(drop=True)
    quotas = _quotas(rng, year, spend, info, departments)
    folder = root / unit / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    project = spend["project"].to_numpy()
    is_project = project >= 0
    kinds = {"personnel": "人员经费", "public": "公用经费", "project": "项目支出"}
    _write_csv(folder / "expenditures.csv", pd.DataFrame({
        "日期": spend["date"].dt.strftime("%Y-%m-%d"), "凭证号": spend["voucher"], "分录号": spend["line_no"],
        "摘要": spend["summary"], "收款人": spend["payee"], "预算类型": "一般公共预算",
        "支出类型": spend["kind"].map(kinds), "项目编码": np.where(is_project, info["code"].to_numpy()[project], ""),
        "项目名称": np.where(is_project, info["name"].to_numpy()[project], ""), "功能分类": spend["func"],
        "经济分类": spend["code"], "金额": _yuan(spend["fen"].to_numpy()), "指标文号": f"芦财预〔{year}〕1号",
        "部门": departments[spend["dept"].to_numpy()]}))
    _write_csv(folder / "appropriations.csv", quotas)
    _write_csv(folder / "projects.csv", _register(rng, info))
    (folder / "activities.md").write_text(f"根据预算安排，{year}年开展以下活动（基准测试用合成数据）：\n\n"
                                          f"1.完成{shape.projects}个项目。\n", encoding="utf-8")
    (root / unit / "unit.yaml").write_text(
        f"code: {unit}\nname: 基准测试单位{unit}（合成数据）\nshort_name: 测试单位\nfounded: 2000-01-01\n"
        "nature: 人民团体\ndescription: 基准测试用合成数据\nstaffing:\n  authorised: "
        f"{shape.staff}\n  kind: 行政编制\n  leadership_posts: 1\n  leadership_level: 科级\nduties:\n- 完成交办的任务。\n"
        f"goals:\n  {year}:\n    overall: 完成年度工作目标。\n    special:\n    - 完成项目\n", encoding="utf-8")
    return shape


def _quotas(rng, year: int, spend: pd.DataFrame, info: pd.DataFrame, departments: np.ndarray) -> pd.DataFrame:
    """年初 per department and basic code (recovered at year end), and per project 年初 / 追加 / 上年结转."""
    kinds = {"personnel": "人员经费", "public": "公用经费"}
    basic = spend[spend["kind"] != "project"].groupby(["dept", "kind", "code", "func"], as_index=False)["fen"].sum()
    initial = -(-basic["fen"] * 102 // 100 // 10_000) * 10_000
    doc = f"芦财预〔{year}〕1号"
    basic = basic.reset_index(drop=True)
    rows = [pd.DataFrame({"指标文号": doc, "文号名称": "年初预算-" + departments[basic["dept"]] + "-" + basic["code"],
                          "指标来源": "年初", "支出类型": basic["kind"].map(kinds), "项目编码": "", "项目名称": "",
                          "功能分类": basic["func"], "经济分类": basic["code"], "金额": _yuan(initial.to_numpy()),
                          "下达日期": f"{year}-01-13"}),
            pd.DataFrame({"指标文号": f"芦财预〔{year}〕99号", "文号名称": "年底收回结余指标", "指标来源": "调减",
                          "支出类型": basic["kind"].map(kinds), "项目编码": "", "项目名称": "", "功能分类": basic["func"],
                          "经济分类": basic["code"], "金额": _yuan((basic["fen"] - initial).to_numpy()),
                          "下达日期": f"{year}-12-30"})]
    spent = spend[spend["project"] >= 0].groupby("project")["fen"].sum().reindex(range(len(info)), fill_value=0)
    case = info["case"].to_numpy()
    rate = np.where(case == "over", rng.uniform(1.1, 1.25, len(info)),
                    np.where(case == "low", rng.uniform(1.2, 1.6, len(info)), rng.uniform(1.0, 1.08, len(info))))
    total = -(-(spent.to_numpy() * rate).astype("int64") // 10_000) * 10_000
    total = np.where(case == "over", spent.to_numpy() * 85 // 100, total)
    carry = np.where(rng.random(len(info)) < 0.3, total // 10 // 100 * 100, 0)
    added = np.where(rng.random(len(info)) < 0.2, total // 5 // 10_000 * 10_000, 0)
    has = case != "no_quota"
    for source, docname, amount, when in (("上年结转", f"芦财结〔{year}〕3号", carry, f"{year}-01-01"),
                                          ("年初", doc, total - carry - added, f"{year}-01-13"),
                                          ("追加", f"芦财预〔{year}〕35号", added, f"{year}-06-15")):
        keep = has & (amount != 0)
        names = info["name"].to_numpy()[keep]
        rows.append(pd.DataFrame({"指标文号": docname, "文号名称": source + "-" + names,
                                  "指标来源": source, "支出类型": "项目支出", "项目编码": info["code"].to_numpy()[keep],
                                  "项目名称": names, "功能分类": "2012999", "经济分类": "30299",
                                  "金额": _yuan(amount[keep]), "下达日期": when}))
    out = pd.concat(rows, ignore_index=True)
    out.insert(3, "预算类型", "一般公共预算")
    return out[APPROPRIATION_HEADER]


def _register(rng, info: pd.DataFrame) -> pd.DataFrame:
    p = len(info)
    target = rng.integers(4, 40, p)
    actual = np.where(rng.random(p) < 0.1, target - 1, target)
    first = pd.DataFrame({"项目编码": info["code"], "项目名称": info["name"], "是否纳入年初预算": "是",
                          "项目用途": "开展" + info["name"] + "相关工作。", "一级指标": "产出", "二级指标": "数量",
                          "三级指标": "开展活动次数", "指标方向": "≥", "指标值": target.astype(str), "计量单位": "次",
                          "实际完成值": actual.astype(str), "分值": "20"})
    second = first.assign(二级指标="时效", 三级指标="资金支付及时率", 指标方向="=", 指标值="100", 计量单位="%",
                          实际完成值="100", 分值="10")
    out = pd.concat([first, second]).sort_index(kind="stable").reset_index(drop=True)
    return out[PROJECT_HEADER]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[10_000], help="lines per unit-year")
    parser.add_argument("--units", type=int, default=0,
                        help="a province: this many units of --lines lines each (units p00000…); default one unit "
                             "per size named bench-<lines>")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.units:
        for i in range(args.units):
            make_unit_year(args.out, f"p{i:05d}", args.year, args.lines[0], seed=i)
        print(f"{args.units} unit-years of about {args.lines[0]} lines in {args.out}")
        return 0
    for n in args.lines:
        shape = make_unit_year(args.out, f"bench-{n}", args.year, n)
        print(f"bench-{n}/{args.year}: {shape}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
