#!/usr/bin/env python3
"""Deterministic generator for the SYNTHETIC sample data under data/ (described in data/README.md).

Run from the repository root:  python tools/make_sample_data.py

Every random choice comes from random.Random("<unit>/<year>"), money is kept in integer 分 (cents), and XLSX
files get fixed document properties and zip timestamps, so each run rewrites data/ byte-identically.
Only the 2021 figures of 区侨联 come from a published report (the seed text embedded below); the rest is
invented to look like real ledger exports, with a few deliberately planted problems (see data/README.md).
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REF = ROOT / "qlaudit" / "reference"


def _ref(name: str) -> dict[str, str]:
    with open(REF / name, encoding="utf-8", newline="") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f)}


ECON, FUNC = _ref("economic_codes.csv"), _ref("functional_codes.csv")

# ------------------------------------------------------------------------------------------- helpers


def C(yuan) -> int:
    """Yuan (number or text) -> integer cents, rounded half-up."""
    return int((Decimal(str(yuan)) * 100).quantize(Decimal(1), ROUND_HALF_UP))


def pct(cents: int, rate: str) -> int:
    return int((Decimal(cents) * Decimal(rate)).quantize(Decimal(1), ROUND_HALF_UP))


def yuan(c: int, sep: bool = False) -> str:
    whole = f"{abs(c) // 100:,}" if sep else str(abs(c) // 100)
    return f"{'-' if c < 0 else ''}{whole}.{abs(c) % 100:02d}"


def wan(c: int) -> str:
    return str((Decimal(c) / 1000000).quantize(Decimal("0.01"), ROUND_HALF_UP))


def ceil100(c: float) -> int:
    """Round a quota up to whole hundreds of yuan (cents in, cents out)."""
    return -(-int(c) // 10000) * 10000


def workday(y: int, m: int, d: int) -> date:
    """A weekday in month m; January dates stay after the 年初 quota release (mid-January)."""
    dt = date(y, m, max(d, 18) if m == 1 else d)
    while dt.weekday() >= 5:
        dt += timedelta(days=1)
    return dt


def init_date(y: int) -> date:
    dt = date(y, 1, 15)
    while dt.weekday() >= 5:
        dt -= timedelta(days=1)
    return dt


class Money(int):
    """Marks a cell as an amount in cents (formatted per file)."""


@dataclass
class Item:
    """One voucher line (支出凭证分录)."""

    date: date
    summary: str
    payee: str
    kind: str  # personnel | public | project
    econ: str
    func: str
    cents: int
    project: str = ""
    group: str = ""  # lines sharing a group key (same date) form one voucher, at most 3 lines
    tag: str = ""  # planted-problem letter, reported in data/README.md
    reversal_of: Item | None = None
    paired: bool = False  # part of an original/reversal pair that nets to zero
    doc: str = ""
    voucher: str = ""
    line: int = 0
    seq: float = 0
    row: int = 0  # 1-based row in the written file


class Book:
    """One unit-year: voucher lines and quota rows."""

    def __init__(self, unit: dict, year: int):
        self.u, self.y = unit, year
        self.rng = random.Random(f"{unit['code']}/{year}")
        self.items: list[Item] = []
        self.quotas: list[dict] = []
        self.gap: tuple[int, int] | None = None
        self.carry_in: dict[str, int] = {}

    def add(self, d, summary, payee, econ, cents, project="", group="", tag="") -> Item:
        assert econ in ECON and len(econ) == 5, econ
        if project:
            kind, func = "project", self.u["projects"][project]["func"]
        else:
            kind = "personnel" if econ[:3] in ("301", "303") else "public"
            func = {"30108": "2080505", "30109": "2080506", "30110": self.u["med"], "30113": "2210201",
                    "30302": self.u["retire"]}.get(econ, self.u["run"])
        assert func in FUNC, func
        it = Item(d, summary, payee, kind, econ, func, cents, project, group, tag, seq=len(self.items))
        self.items.append(it)
        return it

    def reversal(self, d1, d2, summary, payee, econ, cents, reason, project=""):
        """A payment and its later 冲销 (negative) line; the pair nets to zero."""
        orig = self.add(d1, summary, payee, econ, cents, project)
        rev = self.add(d2, reason, payee, econ, -cents, project)
        rev.reversal_of, orig.paired, rev.paired = orig, True, True

    def spent(self, pred) -> int:
        return sum(i.cents for i in self.items if pred(i))

    def pname(self, key: str) -> str:
        return self.u["projects"][key]["name"]

# The seed: the published 2021 self-evaluation report of 区侨联 (minus a "[bookmark: _GoBack]" artifact).
SEED_LINES = (
    " 一、基本情况",
    "（一）单位基本情况",
    "株洲市芦淞区归国华侨联合会成立于2017年12月26日，是由全区归侨侨眷组成的人民团体，列入芦淞区群团管"
    "理序列，核定全额拨款事业编制2名，科级领导职数1名。 ",
    "主要职责是：",
    "1.引导和组织归侨侨眷努力学习马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想、科学发展"
    "观、习近平新时代中国特色社会主义思想，做好归侨侨眷的思想政治工作，最大限度把广大归侨侨眷和海外侨"
    "胞团结起来，最大限度把他们爱国爱乡的积极性调动起来，最大限度把他们促进改革开放和社会主义现代化建"
    "设的独特优势发挥出来，奋力推进中国特色社会主义伟大事业。",
    "2.广泛团结和动员归侨侨眷和海外侨胞投身改革开放和社会主义现代化建设。",
    "3.参与政治、经济文化和社会事务活动，参与社会管理和公共服务，反映归侨侨眷和海外侨胞的意愿和要求。",
    "4.宣传贯彻党和国家关于侨务工作的方针、政策和法律、法规。",
    "5.密切与海外侨胞、留学人员及其社团的联系，履行海外侨胞社团联谊等职责，促进海外侨胞关系及社团和谐"
    "健康发展。",
    "6.完成区委、区政府交办的其他任务。",
    "（二）单位年度整体支出绩效目标，部门专项资金绩效目标、其他项目支出（除省级专项资金以外）绩效目标",
    "整体绩效目标：按照“以人为本、为侨服务”的根本宗旨，争取在全区各街道建设“侨胞之家”。同时通过开展活"
    "动、搭建平台、创新方法，把中央、省委和市委、区委对侨工作的决策部署以群众喜闻乐见的方式逐一落到实"
    "处。",
    "专项绩效目标：1.慰问困难侨胞；2.开展侨界文化、体育活动；3.组织基层培训。",
    "二、一般公共预算支出情况",
    "（1） 基本支出情况",
    "1、2021年预算资金为47.13万元；",
    "2、2021年度单位一般公共预算财政拨款收入为47.13万元；",
    "3.2021年度单位一般公共预算财政拨款支出为47.13万元，项目支出7.81万元，基本支出39.32万元，其中：人"
    "员经费33.22万元，公用经费6.10万元。",
    "（2） 项目支出情况",
    "1、侨联工作经费专项实际支出数7.81万元。主要用于加强对侨工作能力，实现基层侨组织“有组织、有队伍、"
    "有经费、有阵地、有活动”的“五有”工作目标。",
    "三、政府性基金预算支出情况",
    "无。",
    "四、国有资本经营预算支出情况",
    "无。",
    "五、社会保险基金预算支出情况",
    "无。",
    "六、资金使用及绩效情况",
    "(一）部门整体支出绩效情况",
    "根据预算安排，2021年上半年开展以下活动：",
    "1.及时传达党的声音。召开了侨联主席会议，及时传达了市第十三次党代会、区第六次党代会精神，并通过微"
    "信群、短信等方式，把市区党代会精神向芦淞籍海外侨胞推广，号召广大侨胞紧密团结在以习近平同志为核心"
    "的党中央周围，认真贯彻中央、省委、市委、区委的决策部署，为建设现代化新芦淞贡献侨界力量。",
    "2.开展党史学习教育。坚持党的引领，在党的100年诞辰之际，在侨界广泛开展党史学习教育，组织召开全体"
    "委员、部分代表参加的“侨心向阳红”专题党史学习教育，赴枫溪街道枫燎社区参观湖南最早党支部之一“八叠"
    "支部”旧址，并邀请原中共地下党员、芦淞知名侨胞陈静霞讲授党课，通过活动把侨心牢牢凝聚在党旗下，达"
    "到了学党史、知党恩、坚定不移跟党走的预期效果。",
    "3.继续开展“侨情摸底”。在去年侨情摸底的基础上继续深入强化摸底调查。一是扎到底去摸，加强与街道、社"
    "区、村沟通，对侨资源丰富地区采取直插到底方式，越过办事处直接与社区、村取得联系，掌握一手资料；二"
    "是钻入线里摸，积极保持与区卫健局对接，及时获得境外归国人员信息，并逐一电话访问，表达慰问关切的同"
    "时收集情况;三是发动商会摸，加强与温州商会、浙江商会、泉州商会等我市、区主要商会的沟通交流，争取"
    "到商会大力支持，扩大了摸底基本盘；四是联合党派摸，联合致公党、民盟、民革等民主党派，对有侨身份的"
    "党员、盟员逐一进行排查。通过这些办法取得了较好摸排效果。",
    "4.继续加强为侨服务。一是加强老侨关怀。多次探访陈静霞、林祥荣、朱福临等老归侨、侨眷，听取他们的声"
    "音，了解他们的诉求，给予他们党和组织的关怀与关爱，并提供力所能及的帮助，为他们争取更多支持。二是"
    "加强特别关护，2020年初国内疫情防控的关键时期，株洲南非籍华侨心系桑梓，不辞万里为家乡寄来急缺的医"
    "用口罩，今年区侨联专门拜访了南非籍侨眷李福我，表达了关心与问候，传递温情与温暖。",
    "5.助力侨企发展。高度重视侨资侨企和归国创业群体，积极为归侨、留学人员回株创业出谋划策。联合区人大"
    "开展涉侨企业走访，走访辖区涉侨企业4家，并将收集到的问题向区人大常委会主任会议汇报；联合区委统战"
    "部认真开展“访侨企、办实事、开新局” 调研活动，走访侨企、海归企业6家，为他们的发展出谋划策，引资引"
    "智。",
    "6.鼓励侨胞参政议政。积极鼓励支持侨界代表委员参政议政，为民发声，加强与区委统战部、区人大、政协沟"
    "通协调，精心推选出侨界代表、委员候选人，在今年区人大、政协换届中，共有2位侨界人大代表、5位侨界政"
    "协委员当选，代表全区归侨侨眷、海外侨胞为我区建设、人民幸福建言献策、贡献侨智。",
    "7.积极投身抗疫工作。号召侨界积极投身第二次疫情防控战役，神通光电、江山集团中威制药、盛世集团、温"
    "州商会画景公司、家鸿、天使口腔医院等涉侨企业纷纷响应，捐赠矿泉水500余件、方便食品100余箱、口罩2"
    "万余只、消毒液500瓶，共计价值5万余元，市青商会委员、区侨联委员组织爱心志愿者1000余名，侨界群众牢"
    "牢凝聚在区委领导下，为战胜疫情贡献自己的力量。",
    "（二）专项资金支出绩效情况",
    "本部门2021年年初预算专项资金共1个，具体情况如下：",
    "一是侨联工作经费，预算支出3万元，实际支出7.66万元，因上年指标未使用完毕结转至今年，导致实际支出"
    "大于年初预算数。该专项资金支出用于分类建立归侨侨眷数据库；在各街道建设“侨胞之家”；切实加强困难侨"
    "胞慰问保障；开展人民群众群众喜闻乐见的侨界联络联谊活动。",
    "另外民生100项目实际支出0.15万元，未纳入年初预算。",
    "七、存在的问题及原因分析",
    "无",
    "八、下一步改进措施",
    "无",
    "九、绩效自评结果拟应用和公开情况",
    "自评结果在芦淞区政府官网上统一公开，接受社会监督。",
    "十、其他需要说明的情况",
    "无",
)

# ------------------------------------------------------------------------------- spending generators

TAX, ANNUITY, FUND = "国家税务总局株洲市芦淞区税务局", "株洲市社会保险服务中心", "株洲市住房公积金管理中心"
WATER, POWER = "株洲市城市供水有限公司", "国网湖南省电力有限公司株洲供电分公司"
TEL, MOBILE = "中国电信股份有限公司株洲分公司", "中国移动通信集团湖南有限公司株洲分公司"
UNION, BANK = "株洲市芦淞区总工会", "中国建设银行股份有限公司株洲芦淞支行"
SOCIAL = (("30108", "0.16", "机关事业单位基本养老保险费", TAX), ("30109", "0.08", "职业年金", ANNUITY),
          ("30110", "0.087", "职工基本医疗保险费", TAX))
OFFICE = ("购买办公用品（打印纸、签字笔）", "购买打印机硒鼓及墨盒", "购买档案盒及文件夹", "订阅{y}年度报刊杂志",
          "购买办公用品（U盘、订书机、便笺）", "购买桶装饮用水", "购买办公耗材（复印纸、碳粉）",
          "购买文件柜标签及收纳用品", "购买办公用品（计算器、文件袋）", "购买白板及书写用品")
POWER_SEASON = {1: 1.3, 2: 1.2, 7: 1.6, 8: 1.7, 9: 1.3, 12: 1.25}


def payroll(b: Book, target: int | None = None) -> None:
    """Monthly salary (3 lines per person), social insurance, housing fund, retirees, year-end bonus.
    With a target, the last person's year-end bonus absorbs the difference so personnel spending is exact."""
    u, y = b.u, b.y
    s = Decimal(str(u["scale"][y]))
    staff = [(n, *(int((Decimal(v) * s).quantize(Decimal(1), ROUND_HALF_UP)) for v in vals))
             for n, *vals in u["staff"]]
    rise = u.get("rise", {}).get(y)  # (month, base factor, allowance factor)
    si_base = sum(base + allow + perf for _, base, allow, perf, _, _ in staff) * 100
    for m in range(1, 13):
        for i, (name, base, allow, perf, _, _) in enumerate(staff):
            if rise and m >= rise[0]:
                base, allow = round(base * rise[1]), round(allow * rise[2])
            for econ, amt, what in (("30101", base, "基本工资"), ("30102", allow, "津贴补贴"),
                                    ("30107", perf, "绩效工资")):
                b.add(workday(y, m, 15), f"发放{y}年{m}月{what}", name, econ, amt * 100, group=f"pay{m}-{i}")
        for name, amt in u["retirees"]:
            b.add(workday(y, m, 15), f"发放{y}年{m}月退休费", name, "30302", C(Decimal(str(amt)) * s))
        for econ, rate, what, payee in SOCIAL:
            b.add(workday(y, m, 20), f"缴纳{y}年{m}月{what}", payee, econ, pct(si_base, rate), group=f"si{m}")
        b.add(workday(y, m, 22), f"缴存{y}年{m}月住房公积金", FUND, "30113", pct(si_base, "0.12"))
    for i, (name, *_, bonus) in enumerate(staff):
        amt = bonus * 100
        if target is not None and i == len(staff) - 1:
            amt = target - b.spent(lambda it: it.kind == "personnel")
            assert 300000 <= amt <= 1500000, f"personnel plug out of range: {amt}"
        b.add(workday(y, 12, 22), f"发放{y}年度考核奖励性绩效", name, "30107", amt, group="bonus")


def public(b: Book, target: int | None = None) -> None:
    """公用经费: utilities, property, transport allowances, office supplies, travel, meeting, training, union
    dues, festival welfare, repairs, bank fees. With a target, office purchases are rescaled to hit it exactly."""
    u, y, rng, p = b.u, b.y, b.rng, b.u["payees"]
    k = u["pub_scale"] * (1 + 0.03 * (y - 2021))

    def r(lo, hi):  # random non-round amount in cents, scaled per unit/year
        return rng.randint(int(lo * k * 100), int(hi * k * 100))

    staff = u["staff"]
    for m in range(1, 13):
        b.add(workday(y, m, rng.randint(18, 24)), f"缴纳{y}年{m}月水费", WATER, "30205", r(45, 118))
        b.add(workday(y, m, rng.randint(18, 24)), f"缴纳{y}年{m}月电费", POWER, "30206",
              int(r(260, 520) * POWER_SEASON.get(m, 1)))
        b.add(workday(y, m, rng.randint(8, 12)), f"缴纳{y}年{m}月固定电话及宽带费", TEL, "30207", r(226, 262))
        b.add(workday(y, m, rng.randint(8, 12)), f"缴纳{y}年{m}月公务移动通信费", MOBILE, "30207", r(131, 178))
        b.add(workday(y, m, rng.randint(24, 26)), f"支付{y}年{m}月银行转账手续费", BANK, "30204", r(6, 48))
        for person in staff:
            b.add(workday(y, m, 16), f"发放{y}年{m}月公务交通补贴", person[0], "30239", person[4] * 100,
                  group=f"trans{m}")
        if m % 3 == 0:
            b.add(workday(y, m, rng.randint(5, 12)), f"缴纳{y}年第{m // 3}季度物业管理费", p["property"],
                  "30209", r(1780, 1920))
    office = list(OFFICE)
    rng.shuffle(office)
    months = sorted(rng.sample(range(2, 12), u["n_office"]))
    purchases = [b.add(workday(y, m, rng.randint(3, 26)), what.format(y=y), rng.choice(p["stationers"]), "30201",
                       r(180, 1650)) for m, what in zip(months, office, strict=False)]
    for m in sorted(rng.sample((3, 4, 5, 6, 8, 9, 10, 11), u["n_trips"])):
        name = rng.choice(staff)[0]
        b.add(workday(y, m, rng.randint(3, 26)), f"报销{name}赴长沙公务出差差旅费", name, "30211", r(320, 1650))
    b.add(workday(y, 3, rng.randint(3, 26)), f"召开{u['short']}年度工作会议会务费", p["hotel"], "30215",
          r(760, 1480))
    b.add(workday(y, 6, rng.randint(3, 26)), "参加上级业务培训班培训费", p["school"], "30216", r(560, 1350))
    b.add(workday(y, rng.randint(5, 10), rng.randint(3, 26)), "办公电脑及打印机维修", p["repair"], "30213",
          r(260, 880))
    b.add(workday(y, 4, rng.randint(3, 26)), "印制信封及公文用纸", p["printer"], "30202", r(260, 880))
    for m, fest in ((1, "春节"), (9, "中秋")):
        b.add(workday(y, m, rng.randint(3, 10)), f"购买{fest}职工节日慰问品", p["market"], "30229", r(620, 980))
    for m, half in ((7, "上"), (12, "下")):  # union dues: 2% of the half-year's wages
        months_ = range(1, 7) if half == "上" else range(7, 13)
        wages = b.spent(lambda it, ms=months_: it.econ in ("30101", "30102", "30107") and it.date.month in ms)
        b.add(workday(y, m, 10), f"拨付{y}年{half}半年工会经费", UNION, "30228", pct(wages, "0.02"))
    if target is not None:  # rescale the office purchases so that public spending hits the target exactly
        rest = target - b.spent(lambda it: it.kind == "public" and it not in purchases)
        weights = [it.cents for it in purchases]
        for it in purchases:
            it.cents = rest * it.cents // sum(weights)
        purchases[-1].cents += rest - sum(it.cents for it in purchases)
        assert all(15000 <= it.cents <= 400000 for it in purchases), [it.cents for it in purchases]


def spend(b: Book, key: str, total: int, months=None, tag="") -> None:
    """Spread a project's spending over its activity templates; the largest line absorbs rounding."""
    if total <= 0:
        return
    rng, p = b.rng, b.u["projects"][key]
    cands = [(m, t) for t in p["tpl"] for m in t[3] if months is None or m in months]
    n = max(1, min(len(cands), round(total / 100 / b.u.get("avg_line", 2600))))
    chosen = sorted(rng.sample(cands, n))
    weights = [t[4] * rng.uniform(0.75, 1.3) for _, t in chosen]
    amounts = [int(total * w / sum(weights)) for w in weights]
    amounts[weights.index(max(weights))] += total - sum(amounts)
    for (m, (econ, summary, payee, _, _)), amt in zip(chosen, amounts, strict=True):
        who = rng.choice(b.u["people"]) if payee == "@" else b.u["payees"][payee]
        b.add(workday(b.y, m, rng.randint(4, 26)), summary, who, econ, amt, project=key, tag=tag)


def relief(b: Book, key: str, total: int, month: int, people: list[str]) -> None:
    """民生100: equal cash relief (生活补助 30305) paid to a few households in one batch."""
    each = total // len(people)
    for i, name in enumerate(people):
        amt = each + (total - each * len(people) if i == len(people) - 1 else 0)
        b.add(workday(b.y, month, 16), "民生100为侨办实事：发放困难归侨侨眷慰问金", name, "30305", amt,
              project=key, group=f"relief-{key}")


# ------------------------------------------------------------------------------------ budget quotas


def quota(b: Book, doc, name, source, kind, project, func, econ, cents, d) -> None:
    assert econ in ECON and func in FUNC
    b.quotas.append(dict(doc=doc, name=name, source=source, kind=kind, project=project, func=func,
                         econ=econ, cents=cents, date=d))


def project_quotas(b: Book, yc: dict, carry_in: dict[str, int]) -> None:
    """上年结转 (one row per project, exactly last year's unspent balance), 年初 and 追加 quotas."""
    y, P = b.y, b.u["projects"]
    rows = [(f"芦财结〔{y}〕3号", "上年结转", k, c, date(y, 1, 1)) for k, c in carry_in.items()]
    rows += [(f"芦财预〔{y}〕1号", "年初", k, C(a), init_date(y)) for k, a in yc.get("init", {}).items()]
    rows += [(f"芦财预〔{y}〕{no}号", "追加", k, C(a), date(y, m, d))
             for k, (m, d, no, a) in yc.get("adds", {}).items()]
    label = {"上年结转": "上年结转", "年初": "年初预算", "追加": "追加"}
    for doc, source, k, c, d in rows:
        quota(b, doc, f"{label[source]}-{P[k]['name']}", source, "project", k, P[k]["func"], P[k]["econ"], c, d)
    b.carry_in = dict(carry_in)


def assign_project_docs(b: Book) -> None:
    """FIFO: each project line draws on the oldest quota document released by its date; a line that crosses
    a document boundary is split into two lines of one voucher. Planted lines are never split."""
    for key in sorted({i.project for i in b.items if i.project}):
        docs = sorted((q for q in b.quotas if q["project"] == key), key=lambda q: q["date"])
        left = {q["doc"]: q["cents"] for q in docs}
        for it in sorted((i for i in b.items if i.project == key and not i.paired), key=lambda i: i.seq):
            avail = [q["doc"] for q in docs if q["date"] <= it.date and left[q["doc"]] > 0]
            if not docs:
                continue  # spending with no quota at all: quota_doc stays empty
            if not avail:  # overspent: charge the latest released document
                it.doc = [q["doc"] for q in docs if q["date"] <= it.date][-1]
            elif it.cents <= left[avail[0]] or (it.tag and len(avail) == 1):
                it.doc = avail[0]
            elif it.tag:
                it.doc = next((d for d in avail if left[d] >= it.cents), avail[-1])
            elif len(avail) == 1:
                it.doc = avail[0]
            else:
                part = left[avail[0]]
                twin = replace(it, cents=it.cents - part, doc=avail[1], seq=it.seq + 0.5,
                               group=f"split{it.seq}")
                it.cents, it.doc, it.group = part, avail[0], f"split{it.seq}"
                b.items.append(twin)
                left[avail[1]] -= twin.cents
                left[avail[0]] = 0
                continue
            left[it.doc] -= it.cents
        for it in (i for i in b.items if i.project == key and i.paired):
            it.doc = next((q["doc"] for q in docs if q["source"] == "年初"), docs[0]["doc"] if docs else "")


def basic_quotas(b: Book, yc: dict) -> None:
    """Basic quotas per (kind, functional, economic code): 年初, optional 追加 (调资 / 年终绩效), and a year-end
    调减 that recovers the unused balance, so each code's net quota equals its spending exactly."""
    u, y, rng = b.u, b.y, b.rng
    adds = {"30107": (12, 8, u["bonus_doc"], "年终绩效")}
    if y in u.get("rise", {}):
        m = u["rise"][y][0]
        adds |= {e: (m, 20, u["raise_doc"], "调资") for e in ("30101", "30102")}
    groups: dict[tuple, list[Item]] = {}
    for it in b.items:
        if it.kind != "project":
            groups.setdefault((it.kind, it.func, it.econ), []).append(it)
    kname = {"personnel": "人员经费", "public": "公用经费"}
    for (kind, func, econ), its in sorted(groups.items()):
        total = sum(i.cents for i in its)
        init_doc, ename = f"芦财预〔{y}〕1号", ECON[econ]
        add = adds.get(econ)
        add_date = date(y, add[0], add[1]) if add else None
        pre = sum(i.cents for i in its if add_date and i.date < add_date)
        a = u.get("init_override", {}).get((y, econ))
        if a is None:
            a = ceil100(max(pre, total * rng.uniform(0.86, 0.93))) if add else ceil100(total * rng.uniform(1, 1.06))
        left, used = a, 0
        for it in sorted(its, key=lambda i: i.seq):
            if it.paired:
                it.doc = init_doc
            elif add_date and it.date >= add_date and it.cents > left:
                it.doc, used = f"芦财预〔{y}〕{add[2]}号", used + it.cents
            else:
                it.doc, left = init_doc, left - it.cents
        assert left >= 0, (y, econ)
        quota(b, init_doc, f"年初预算-{kname[kind]}-{ename}", "年初", kind, "", func, econ, a, init_date(y))
        extra = ceil100(used) if used else 0
        if extra:
            quota(b, f"芦财预〔{y}〕{add[2]}号", f"追加-{add[3]}-{ename}", "追加", kind, "", func, econ, extra,
                  add_date)
        if a + extra - total:
            quota(b, f"芦财预〔{y}〕{u['cut_doc']}号", f"年底收回结余指标-{ename}", "调减", kind, "", func, econ,
                  total - a - extra, date(y, 12, 30))


def number_vouchers(b: Book) -> None:
    """记-NNN numbering restarts each month; consecutive lines of one group share a voucher (max 3 lines)."""
    b.items.sort(key=lambda i: (i.date, i.seq))
    counter: dict[int, int] = {}
    prev, lines = None, 0
    for it in b.items:
        if prev and it.group and it.group == prev.group and it.date == prev.date and lines < 3:
            lines += 1
        else:
            counter[it.date.month] = counter.get(it.date.month, 0) + 1
            lines = 1
        skip = b.gap and it.date.month == b.gap[0] and counter[it.date.month] >= b.gap[1]
        it.voucher, it.line, prev = f"记-{counter[it.date.month] + bool(skip):03d}", lines, it
    for it in b.items:
        if it.reversal_of:
            o = it.reversal_of
            it.summary = f"冲销{o.date.month}月{o.voucher}号凭证（{it.summary}）"


def carry_out(b: Book) -> dict[str, int]:
    """Unspent project balance per project (never negative); basic quotas never carry over."""
    out = {}
    for key in sorted({q["project"] for q in b.quotas if q["project"]}):
        bal = sum(q["cents"] for q in b.quotas if q["project"] == key) - b.spent(lambda i, k=key: i.project == k)
        if bal > 0:
            out[key] = bal
    return out

# ------------------------------------------------------------------------------------------- writers

HEAD = {
    "std": dict(
        app="指标文号 文号名称 指标来源 预算类型 支出类型 项目编码 项目名称 功能分类 经济分类 金额 下达日期",
        exp="日期 凭证号 分录号 摘要 收款人 预算类型 支出类型 项目编码 项目名称 功能分类 经济分类 金额 指标文号",
        prj="项目编码 项目名称 是否纳入年初预算 项目用途 一级指标 二级指标 三级指标 指标方向 指标值 计量单位 "
            "实际完成值 分值"),
    "alt": dict(  # other accepted aliases (lusong-tuanwei)
        app="指标文号 指标摘要 指标来源 资金性质 支出类型 预算项目编码 预算项目名称 支出功能分类编码 "
            "部门经济分类编码 指标金额 下达日期",
        exp="凭证日期 凭证字号 分录号 摘要 往来单位 资金性质 支出类型 预算项目编码 预算项目名称 支出功能分类编码 "
            "部门经济分类编码 支付金额 指标文号",
        prj="预算项目编码 预算项目名称 是否纳入年初预算 绩效目标 一级指标 二级指标 三级指标 指标方向 年度指标值 "
            "计量单位 全年实际值 分值"),
}
KIND = {"personnel": "人员经费", "public": "公用经费", "project": "项目支出"}


def write_table(path: Path, fmt: str, header: list[str], rows: list[list], titles=(), sep=None, footer=None,
                stamp: datetime | None = None) -> int:
    """Write CSV (utf-8 / gbk) or XLSX; returns the number of rows above the data (titles + header)."""
    if fmt == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = {"appropriations": "指标", "expenditures": "支出", "projects": "项目"}[path.stem]
        for t in titles:
            ws.append([t])
        ws.append(header)
        for row in rows:
            ws.append([v / 100 if isinstance(v, Money) else v for v in row])
            for cell, v in zip(ws[ws.max_row], row, strict=True):
                if isinstance(v, Money):
                    cell.number_format = "#,##0.00"
                elif isinstance(v, date):
                    cell.number_format = "yyyy-mm-dd"
        for col, width in zip("ABCDEFGHIJKLM", (18, 30, 10, 14, 30, 14, 10, 16, 20, 12, 12, 12, 18), strict=False):
            ws.column_dimensions[col].width = width
        wb.properties.creator = wb.properties.lastModifiedBy = "qlaudit sample generator"
        wb.properties.created = wb.properties.modified = stamp
        buf = io.BytesIO()
        wb.save(buf)
        path.write_bytes(_stable_zip(buf.getvalue(), stamp))
    else:
        def cell(v):
            if isinstance(v, Money):
                return yuan(v, sep=bool(sep and sep(v)))
            return v.isoformat() if isinstance(v, date) else str(v)

        with open(path, "w", encoding="gbk" if fmt == "csv-gbk" else "utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            for t in titles:
                w.writerow([t] + [""] * (len(header) - 1))
            w.writerow(header)
            w.writerows([cell(v) for v in row] for row in rows)
            if footer:
                w.writerow([cell(v) for v in footer])
    return len(titles) + 1


def _stable_zip(data: bytes, stamp: datetime) -> bytes:
    """openpyxl stamps 'now' into docProps/core.xml and the zip entries; pin both."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso.encode(), body)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type, zi.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def indicator_rows(b: Book, key: str) -> list[list]:
    p, rng = b.u["projects"][key], b.rng
    has_init = any(q["project"] == key and q["source"] == "年初" for q in b.quotas)
    head = [p["code"], p["name"], "是" if has_init else "否"]
    overrides = b.u["years"][b.y].get("actual", {})
    if not b.spent(lambda i: i.project == key):  # quota received but nothing done yet: no indicators
        return [[*head, p["idle"], *[""] * 8]]
    rows = []
    for l1, l2, name, direction, target, unit, weight in p["ind"]:
        if (key, name) in overrides:
            actual = overrides[(key, name)]
        elif direction == "定性":
            actual = "达成"
        elif unit == "%":
            actual = target if direction == "=" else str(min(100, int(target) + rng.randint(2, 8)))
        elif direction == "≤":
            actual = str(int(target) - rng.randint(0, 1))
        else:
            actual = str(int(target) + rng.randint(0, max(1, int(target) // 5)))
        rows.append([*head, p["purpose"], l1, l2, name, direction, target, unit, actual, weight])
    return rows


def write_year(b: Book) -> None:
    u, y = b.u, b.y
    folder = DATA / u["code"] / str(y)
    folder.mkdir(parents=True, exist_ok=True)
    style = u["style"].get(y, u["style"]["*"])
    fmt, ext = style["fmt"], "xlsx" if style["fmt"] == "xlsx" else "csv"
    head = {k: v.split() for k, v in HEAD[style.get("head", "std")].items()}
    stamp = datetime(y + 1, 1, 20, 9, 30)
    P = u["projects"]
    kinds = KIND | style.get("exp_kind", {})
    order = {"上年结转": 0, "年初": 1, "追加": 2, "调减": 3}
    quotas = sorted(b.quotas, key=lambda q: (q["date"], order[q["source"]], q["kind"] != "personnel",
                                             q["project"], q["econ"], q["func"]))
    app = [[q["doc"], q["name"], q["source"], style.get("bt", "一般公共预算"), KIND[q["kind"]],
            P[q["project"]]["code"] if q["project"] else "", P[q["project"]]["name"] if q["project"] else "",
            q["func"], q["econ"], Money(q["cents"]), q["date"]]
           for q in quotas]
    write_table(folder / f"appropriations.{ext}", fmt, head["app"], app, style.get("titles_app", ()),
                style.get("sep_app"), stamp=stamp)
    items = sorted(b.items, key=lambda i: (i.date.month, i.voucher, i.line))
    exp = [[i.date, i.voucher, i.line, i.summary, i.payee, style.get("bt", "一般公共预算"), kinds[i.kind],
            P[i.project]["code"] if i.project else "", P[i.project]["name"] if i.project else "", i.func, i.econ,
            Money(i.cents), i.doc] for i in items]
    footer = ["合计", *[""] * 10, Money(sum(i.cents for i in items)), ""] if style.get("total_row") else None
    top = write_table(folder / f"expenditures.{ext}", fmt, head["exp"], exp, style.get("titles_exp", ()),
                      style.get("sep_exp"), footer, stamp=stamp)
    for n, it in enumerate(items, start=top + 1):
        it.row = n
    keys = sorted({q["project"] for q in b.quotas if q["project"]} | {i.project for i in b.items if i.project})
    prj = [r for k in keys if not P[k].get("unbudgeted") for r in indicator_rows(b, k)]
    write_table(folder / f"projects.{ext}", fmt, head["prj"], prj, style.get("titles_prj", ()), stamp=stamp)
    intro = u["years"][y].get("intro", f"根据预算安排，{y}年开展以下活动：")
    items_md = "\n\n".join(f"{n}.{t}" for n, t in enumerate(u["years"][y]["activities"], 1))
    (folder / "activities.md").write_text(f"{intro}\n\n{items_md}\n", encoding="utf-8")


# 预算编码 (单位预算代码) printed on the report's cover: invented, like everything else here.
BUDGET_CODES = {"lusong-qiaolian": "430203117", "lusong-fulian": "430203112", "lusong-tuanwei": "430203111",
                "lusong-kexie": "430203113"}


def write_unit_yaml(u: dict) -> None:
    doc = dict(code=u["code"], name=u["name"], short_name=u["short"], budget_code=BUDGET_CODES[u["code"]],
               founded=u["founded"], nature=u["nature"],
               description=u["description"], staffing=u["staffing"], duties=u["duties"], goals=u["goals"],
               disclosure="自评结果在芦淞区政府官网上统一公开，接受社会监督。")
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    (DATA / u["code"] / "unit.yaml").write_text(text, encoding="utf-8")


def xlsx_style(y: int) -> dict:
    t = f"芦淞区妇女联合会 {y}年"
    return dict(fmt="xlsx", titles_app=(f"{t}预算指标明细", "单位：元"), titles_exp=(f"{t}支出明细", "单位：元"),
                titles_prj=(f"{t}项目绩效指标",))


def fulian_2022(b: Book) -> None:
    # (f) split purchase: one supplier, three 31002 purchases within 9 days, each < 100,000, together 113,700
    for d, what, amt in ((3, "购置台式办公电脑", "38000"), (8, "购置打印复印一体机及扫描仪", "36500"),
                         (11, "购置笔记本电脑及投影设备", "39200")):
        b.add(date(2022, 8, d), what, "株洲市芦淞区联创电脑科技有限公司", "31002", C(amt), tag="f")


def fulian_2023(b: Book) -> None:
    # (d) duplicate payment: same payee, amount and 摘要 on two vouchers two days apart
    for d in (10, 12):
        b.add(date(2023, 5, d), "印制妇女儿童权益保护宣传手册", "株洲市芦淞区彩虹印务有限公司", "30202", C("6840"),
              project="FL-001", tag="d")
    # (g) a 会议 摘要 booked to 30299 instead of 30215
    b.add(date(2023, 3, 16), "召开区妇联执委（扩大）会议会务费", "株洲市芦淞区天元宾馆", "30299", C("3260"),
          project="FL-001", tag="g")


def tuanwei_2022(b: Book) -> None:
    # (h) project money on 公务接待费 30217 with a 接待…餐费 摘要
    b.add(date(2022, 4, 21), "接待市团委调研组工作餐费", "株洲市芦淞区湘味源餐馆", "30217", C("1386"),
          project="TW-001", tag="h")
    b.gap = (6, 8)  # (e) 2022年6月 记-008 is never issued


def tuanwei_2023(b: Book) -> None:
    # (b) spending under a project code that has no appropriation row at all
    for d, what, econ, payee, amt in (
            (14, "青年创新创业大赛场地租赁", "30214", "venue", "3860"),
            (20, "青年创新创业大赛奖杯证书制作", "30218", "adv", "2376"),
            (27, "青年创新创业大赛评审专家劳务费", "30226", None, "3236")):
        b.add(date(2023, 9, d), what, b.u["payees"][payee] if payee else "曹立新", econ, C(amt), project="TW-009",
              tag="b")


def qiaolian_hook(b: Book) -> None:
    """Reversals (冲销) that net out, and 2020 epidemic supplies."""
    if b.y == 2020:
        for m, d, what, amt in ((2, 12, "购买疫情防控物资（口罩、消毒液）", "2386.50"),
                                (3, 5, "购买疫情防控物资（测温枪、酒精）", "1473.80")):
            b.add(date(2020, m, d), what, PAYEES["stationers"][1], "30201", C(amt))
    if b.y == 2021:
        b.reversal(date(2021, 3, 9), date(2021, 3, 24), "购买办公用品（订书机、文件夹）", PAYEES["stationers"][0],
                   "30201", C("1286.40"), "供应商退货退款")
    if b.y == 2023:
        b.reversal(date(2023, 7, 11), date(2023, 7, 25), "侨联工作宣传展板制作", PAYEES["adv"], "30218",
                   C("2158.00"), "制作内容有误，供应商全额退款", project="QL-001")



# ---------------------------------------------------------------------------------------------- units

SEED = "\n".join(SEED_LINES) + "\n"


def seed_section(start: str, end: str) -> list[str]:
    lines = SEED.splitlines()
    i = next(n for n, s in enumerate(lines) if s.startswith(start))
    j = next(n for n, s in enumerate(lines) if n > i and s.startswith(end))
    return lines[i + 1:j]


SEED_DUTIES = [re.sub(r"^\d\.", "", s) for s in seed_section("主要职责是", "（二）")]
SEED_OVERALL = next(s for s in SEED.splitlines() if s.startswith("整体绩效目标：")).split("：", 1)[1]
SEED_SPECIAL = [re.sub(r"^\d\.", "", s).rstrip("。") for s in
                next(s for s in SEED.splitlines() if s.startswith("专项绩效目标：")).split("：", 1)[1].split("；")]
SEED_ACTIVITIES = [re.sub(r"^\d\.", "", s) for s in seed_section("根据预算安排，2021年上半年", "（二）")]

PAYEES = dict(
    property="株洲市芦淞区宏泰物业管理有限公司",
    stationers=["株洲市芦淞区文华文具店", "株洲市芦淞区鑫源办公用品经营部"],
    hotel="株洲市芦淞区华庭宾馆", repair="株洲市芦淞区恒通电脑维修部", printer="株洲市芦淞区新彩印务有限公司",
    market="株洲市芦淞区惠民百货商行", venue="株洲市芦淞区星光文体活动中心", sports="株洲市芦淞区健力体育用品商行",
    adv="株洲市芦淞区金字招牌广告制作部", trainer="株洲市芦淞区明德培训服务中心", book="株洲市新华书店芦淞门市部",
    school="湖南省侨联干部培训中心")
IND_PAY = ("产出", "时效", "资金支付及时率", "=", "100", "%", 10)
IND_SAT = ("满意度", "服务对象满意度", "{}满意度", "≥", "90", "%", 10)


def ind(*rows, sat="服务对象"):
    return [*rows, (*IND_SAT[:2], IND_SAT[2].format(sat), *IND_SAT[3:])]


def project(code, name, func, purpose, tpl, indicators, econ="30299", **kw):
    return dict(code=code, name=name, func=func, econ=econ, purpose=purpose, tpl=tpl, ind=indicators,
                idle=kw.pop("idle", ""), **kw)


def goals(overall: dict[int, str], special: dict[int, list[str]]) -> dict:
    return {y: dict(overall=overall[y], special=special[y]) for y in overall}


QIAOLIAN = dict(
    code="lusong-qiaolian", name="株洲市芦淞区归国华侨联合会", short="区侨联", founded=date(2017, 12, 26),
    nature="人民团体", description="是由全区归侨侨眷组成的人民团体，列入芦淞区群团管理序列",
    staffing=dict(authorised=2, kind="全额拨款事业编制", leadership_posts=1, leadership_level="科级"),
    duties=SEED_DUTIES,
    goals=goals({
        2019: "按照“以人为本、为侨服务”的根本宗旨，夯实基层侨联组织，做好归侨侨眷联络服务，"
              "开展侨界慰问、文体和培训活动。",
        2020: "按照“以人为本、为侨服务”的根本宗旨，动员侨界力量参与疫情防控，开展侨情摸底，建立归侨侨眷信息台账。",
        2021: SEED_OVERALL,
        2022: "按照“以人为本、为侨服务”的根本宗旨，建成并运行好街道“侨胞之家”，"
              "团结引领侨界群众学习宣传贯彻党的二十大精神。",
        2023: "按照“以人为本、为侨服务”的根本宗旨，深化“侨胞之家”服务功能，为侨办实事，"
              "引导侨界为建设现代化新芦淞贡献力量。",
    }, {
        2019: ["慰问困难侨胞", "开展侨界文化、体育活动", "组织基层培训"],
        2020: ["慰问困难侨胞", "开展侨情摸底调查", "组织基层培训"],
        2021: SEED_SPECIAL,
        2022: ["建设街道“侨胞之家”", "慰问困难侨胞", "开展侨界文化、体育活动", "组织基层培训"],
        2023: ["慰问困难侨胞", "开展侨界文化、体育活动", "组织基层培训", "民生100为侨办实事"],
    }),
    run="2012950", med="2101102", retire="2080502",
    # staff: name, monthly base salary, allowance, performance pay, transport allowance; year-end bonus (元)
    staff=[("刘晓红", 2325, 4086, 2760, 850, 7850), ("彭志远", 2075, 3612, 2430, 550, 6200)],
    retirees=[("周桂兰", 1236.50)], scale={2019: 0.95, 2020: 0.98, 2021: 1, 2022: 1.03, 2023: 1.05},
    rise={2021: (7, 1.06, 1.03)}, hook=qiaolian_hook, pub_scale=1.0, n_office=10, n_trips=6,
    bonus_doc=97, raise_doc=46, cut_doc=112,
    init_override={(2021, "30101"): 5280000},  # 年初 基本工资 52,800.00 as in docs/data-format.md
    payees=PAYEES, people=["谭文博", "邹建华", "肖雨婷", "段志刚", "文秀兰"],
    carry0={"QL-001": "8216.40"},  # 2018 carry-over into 2019 (invented)
    projects={
        "QL-001": project(
            "430203-QL-001", "侨联工作经费", "2012999",
            "分类建立归侨侨眷数据库；在各街道建设“侨胞之家”；加强困难侨胞慰问保障；开展侨界联络联谊活动。", [
                ("30299", "春节走访慰问困难归侨侨眷慰问品", "market", (1, 2), 5),
                ("30299", "中秋走访慰问困难归侨侨眷慰问品", "market", (9,), 4),
                ("30299", "重阳节看望老归侨慰问品", "market", (10,), 2),
                ("30214", "侨界文化活动场地租赁", "venue", (4, 5, 9, 10), 3),
                ("30218", "侨界趣味运动会器材及奖品", "sports", (5, 10), 3),
                ("30216", "基层侨务干部培训班培训费", "trainer", (4, 6, 11), 4),
                ("30215", "侨联委员（扩大）会议会务费", "hotel", (3, 7), 3),
                ("30202", "印制侨务政策宣传折页", "printer", (3, 8), 2),
                ("30218", "侨胞之家挂牌制作", "adv", (6, 9), 2),
                ("30202", "侨情摸底调查表及登记册印制", "printer", (3, 7), 1.5),
                ("30226", "侨界文艺汇演节目指导劳务费", "@", (9, 10), 1.5),
                ("30226", "归侨侨眷信息采集劳务费", "@", (5, 8), 1.5),
                ("30226", "侨界知识讲座专家讲课费", "@", (4, 11), 1),
                ("30218", "侨界摄影作品展布展材料", "adv", (7, 11), 1.5),
                ("30218", "侨联工作宣传展板制作", "adv", (2, 8, 12), 1)],
            ind(("产出", "数量", "慰问困难侨胞人数", "≥", "30", "人", 15),
                ("产出", "数量", "开展侨界文化体育活动", "≥", "4", "次", 15),
                ("产出", "数量", "组织基层培训", "≥", "2", "次", 10), IND_PAY,
                ("效益", "社会效益", "侨界凝聚力和向心力", "定性", "有效提升", "", 30), sat="归侨侨眷")),
        "QL-002": project(
            "430203-QL-002", "民生100-为侨办实事", "2012999", "为困难归侨侨眷发放慰问金，帮助解决实际困难。", [],
            ind(("产出", "数量", "慰问困难归侨侨眷户数", "≥", "3", "户", 30),
                ("产出", "时效", "慰问金发放及时率", "=", "100", "%", 20),
                ("效益", "社会效益", "困难归侨侨眷生活状况", "定性", "有所改善", "", 30), sat="受助对象"),
            econ="30305"),
        "QL-003": project(
            "430203-QL-003", "侨胞之家建设", "2012999",
            "在建宁、贺家土、枫溪街道建设“侨胞之家”，配齐阵地标识和活动设施。", [
                ("30218", "侨胞之家阵地标识标牌制作", "adv", (3, 4), 3),
                ("30218", "侨胞之家活动室文体器材", "sports", (4, 5), 3),
                ("30202", "侨胞之家宣传展板及资料印制", "printer", (4, 6), 2),
                ("30218", "侨胞之家阅览角图书资料", "book", (5, 8), 2),
                ("30214", "侨胞之家揭牌活动场地布置及租赁", "venue", (5,), 2),
                ("30226", "侨胞之家活动指导员劳务补贴", "@", (6, 9, 11), 1.5),
                ("30299", "侨胞之家活动室绿植及日常耗材", "market", (7, 10), 1)],
            ind(("产出", "数量", "建成街道侨胞之家", "≥", "3", "个", 20),
                ("产出", "质量", "侨胞之家“五有”达标率", "=", "100", "%", 15),
                ("产出", "时效", "项目完成时限", "≤", "12", "月", 15),
                ("效益", "社会效益", "侨胞之家服务侨胞人次", "≥", "200", "人次", 30), sat="归侨侨眷"),
            idle="2021年12月追加，资金结转至2022年使用。"),
    },
    years={
        2019: dict(init={"QL-001": 35000}, spend={"QL-001": "38828.50"}, activities=[
            "开展“迎新春”走访慰问。春节前走访慰问困难归侨侨眷32户，送去党委政府的关怀。",
            "举办基层侨务干部培训。组织街道、社区侨务联络员开展侨务政策培训2期，参训80余人次。",
            "开展侨界文体活动。举办庆祝新中国成立70周年侨界文艺汇演和趣味运动会，参与侨胞300余人次。",
            "加强侨务政策宣传。印制侨务政策宣传折页2000余份，在各街道、社区发放。",
            "夯实基层侨联组织。指导街道建立侨联联络小组，完善侨联委员联系归侨侨眷制度。"]),
        2020: dict(init={"QL-001": 30000}, adds={"QL-001": (10, 20, 83, 30000)}, spend={"QL-001": "17804.40"},
                   actual={("QL-001", "开展侨界文化体育活动"): "2"}, activities=[
            "积极投身疫情防控。号召侨界捐款捐物支持抗疫，协助海外侨胞向我区捐赠医用口罩等防疫物资。",
            "开展“侨情摸底”。联合各街道开展侨情调查，初步建立归侨侨眷信息台账。",
            "做好困难侨胞帮扶。春节、中秋走访慰问困难归侨侨眷30户。",
            "受疫情影响，侨界文体活动和集中培训压缩，10月追加的侨情摸底及侨胞之家筹建经费未能使用，结转至2021年。"]),
        2021: dict(init={"QL-001": 30000}, adds={"QL-002": (5, 18, 38, 1500), "QL-003": (12, 10, 101, 46600)},
                   spend={"QL-001": "76583.50"}, relief=("QL-002", 1500, 6, ["陈国强", "林美华", "黄振东"]),
                   personnel="332214.37", public="60987.20", actual={("QL-002", "慰问困难归侨侨眷户数"): "3"},
                   intro="根据预算安排，2021年上半年开展以下活动：",
                   activities=SEED_ACTIVITIES),
        2022: dict(init={"QL-001": 40000}, spend={"QL-001": "36418.70", "QL-003": "46600.00"}, activities=[
            "建成“侨胞之家”。使用2021年结转资金，在建宁、贺家土、枫溪三个街道建成“侨胞之家”并挂牌运行。",
            "学习宣传党的二十大精神。组织侨界代表专题学习党的二十大报告，引导侨界群众听党话、跟党走。",
            "开展困难侨胞慰问。春节、中秋走访慰问困难归侨侨眷34户。",
            "举办基层侨务干部培训班2期，参训90余人次。",
            "开展侨界文化体育活动5次，参与侨胞350余人次。"]),
        2023: dict(init={"QL-001": 45000}, adds={"QL-002": (6, 12, 52, 2000)}, spend={"QL-001": "47212.60"},
                   relief=("QL-002", 2000, 6, ["吴秀珍", "郑春生", "何丽娟", "林志明"]),
                   actual={("QL-002", "慰问困难归侨侨眷户数"): "4"}, activities=[
            "深化“侨胞之家”服务。依托三个街道“侨胞之家”开展政策咨询、联谊交流等活动，服务侨胞260余人次。",
            "民生100为侨办实事。为4户困难归侨侨眷发放慰问金，帮助解决实际困难。",
            "开展困难侨胞慰问。春节、中秋、重阳走访慰问困难归侨侨眷35户。",
            "组织基层侨务干部培训2期，持续更新侨情数据库。",
            "开展“侨心向党”主题文化活动，组织侨界摄影作品展。"]),
    },
    style={
        "*": dict(fmt="csv"),
        2019: dict(fmt="csv", titles_app=("单位名称：株洲市芦淞区归国华侨联合会", "单位：元"),
                   titles_exp=("单位名称：株洲市芦淞区归国华侨联合会", "单位：元"), total_row=True,
                   sep_exp=lambda c: abs(c) >= 500000),
    },
)

COMMON_GOAL = "{}，围绕区委、区政府中心工作，{}。"
FULIAN = dict(
    code="lusong-fulian", name="株洲市芦淞区妇女联合会", short="区妇联", founded=date(1997, 6, 18),
    nature="人民团体", description="是全区各族各界妇女联合起来的群团组织，列入芦淞区群团管理序列",
    staffing=dict(authorised=4, kind="行政编制", leadership_posts=2, leadership_level="科级"),
    duties=["团结、动员全区妇女投身经济建设和社会发展，在推动高质量发展中发挥“半边天”作用。",
            "代表和维护妇女儿童合法权益，参与涉及妇女儿童权益的政策措施的制定和实施。",
            "开展家庭文明建设和家庭教育指导，推进“最美家庭”创建活动。",
            "联系和服务基层妇联组织，做好妇女干部的教育培训工作。", "完成区委、区政府交办的其他任务。"],
    goals=goals({2022: COMMON_GOAL.format("坚持“联系妇女、服务妇女”", "推进社区儿童之家建设，做好妇女儿童维权服务"),
                 2023: COMMON_GOAL.format("坚持“联系妇女、服务妇女”", "深化家庭文明建设，提升妇女儿童维权服务水平")},
                {2022: ["开展妇女儿童主题活动", "建设社区儿童之家", "提供妇女儿童维权服务"],
                 2023: ["开展妇女儿童主题活动", "培训基层妇联干部", "提供妇女儿童维权服务"]}),
    run="2012901", med="2101101", retire="2080501",
    staff=[("黄丽萍", 2563, 4375, 2890, 850, 7320), ("曾雅琴", 2418, 4126, 2740, 650, 6880),
           ("谢敏", 2186, 3689, 2510, 550, 5940), ("罗佳怡", 1987, 3364, 2380, 550, 5470)],
    retirees=[("李秀英", 1386.40)], scale={2022: 1, 2023: 1.02}, rise={2023: (7, 1.04, 1.02)},
    pub_scale=1.25, n_office=10, n_trips=6, bonus_doc=96, raise_doc=47, cut_doc=115,
    payees=PAYEES | dict(stationers=["株洲市芦淞区博雅文具店", "株洲市芦淞区晨光办公用品店"],
                         hotel="株洲市芦淞区天元宾馆",
                         printer="株洲市芦淞区彩虹印务有限公司", school="湖南省妇女干部学校"),
    people=["贺美玲", "易国华", "周文静", "蒋红梅"], carry0={"FL-001": "3128.60"},
    projects={
        "FL-001": project("430203-FL-001", "妇联工作经费", "2012902", "开展妇女儿童主题活动和妇联干部培训。", [
            ("30299", "三八妇女节表彰活动奖品及证书", "market", (3,), 4),
            ("30299", "春节走访慰问困难妇女慰问品", "market", (1, 2), 4),
            ("30216", "基层妇联干部培训班培训费", "trainer", (5, 10), 4),
            ("30215", "区妇联执委会议会务费", "hotel", (1, 7), 2),
            ("30202", "印制家庭教育宣传资料", "printer", (4, 9), 2),
            ("30218", "最美家庭评选展板制作", "adv", (5, 11), 2),
            ("30226", "家庭教育公益讲座讲课费", "@", (4, 6, 10), 1.5),
            ("30218", "巾帼志愿服务活动物资", "market", (3, 8), 2),
            ("30214", "巾帼创业创新成果展场地租赁", "venue", (9,), 2),
            ("30299", "六一儿童节慰问留守儿童慰问品", "market", (5,), 2)],
            ind(("产出", "数量", "开展妇女儿童主题活动", "≥", "6", "场", 20),
                ("产出", "数量", "培训基层妇联干部", "≥", "150", "人次", 20), IND_PAY,
                ("效益", "社会效益", "妇女群众参与度", "定性", "明显提高", "", 30), sat="妇女群众")),
        "FL-002": project("430203-FL-002", "妇女儿童维权服务", "2012999", "提供维权法律咨询，开展反家暴宣传。", [
            ("30226", "妇女儿童维权法律咨询服务劳务费", "@", (3, 6, 9, 11), 3),
            ("30218", "反家暴宣传活动物资", "market", (3, 11), 2),
            ("30202", "维权热线宣传单及海报印制", "printer", (4, 8), 2),
            ("30214", "妇女儿童维权宣传周场地租赁", "venue", (3,), 1.5)],
            ind(("产出", "数量", "提供维权法律咨询服务", "≥", "120", "人次", 25),
                ("产出", "质量", "维权案件办结率", "≥", "95", "%", 25),
                ("效益", "社会效益", "妇女儿童合法权益保障", "定性", "有效保障", "", 30), sat="求助对象")),
        "FL-003": project("430203-FL-003", "儿童之家建设", "2012999", "在社区建设儿童之家，配置图书和活动器材。", [
            ("30218", "儿童之家绘本图书采购", "book", (4, 9, 12), 3),
            ("30218", "儿童之家益智玩具及文体器材", "sports", (5, 12), 3),
            ("30218", "儿童之家标识标牌制作", "adv", (4, 12), 2),
            ("30226", "儿童之家课外辅导志愿者劳务补贴", "@", (6, 10, 12), 2),
            ("30202", "儿童之家宣传资料印制", "printer", (6, 12), 1)],
            ind(("产出", "数量", "建成社区儿童之家", "≥", "4", "个", 25),
                ("产出", "时效", "项目完成时限", "≤", "12", "月", 25),
                ("效益", "社会效益", "儿童之家服务儿童人次", "≥", "500", "人次", 30), sat="家长")),
    },
    years={
        2022: dict(init={"FL-001": 45000, "FL-002": 20000, "FL-003": 30000}, hook=fulian_2022,
                   spend={"FL-001": "46372.90", "FL-002": "23416.80", "FL-003": "28763.40"},
                   over="FL-002", dec={"FL-003": 0.62}, actual={("FL-003", "建成社区儿童之家"): "3"}, activities=[
            "开展“三八”国际妇女节系列活动，表彰“三八红旗手”和“巾帼文明岗”。",
            "推进社区“儿童之家”建设，年内建成社区儿童之家3个。",
            "举办基层妇联干部培训班2期，参训160余人次。",
            "开展妇女儿童维权服务，提供法律咨询130余人次，开展反家暴宣传进社区活动。",
            "开展“最美家庭”评选和家庭教育公益讲座。"]),
        2023: dict(init={"FL-001": 45000, "FL-002": 20000}, hook=fulian_2023,
                   spend={"FL-001": "44218.60", "FL-002": "19284.30", "FL-003": "1236.60"}, activities=[
            "开展“巾帼心向党、奋进新征程”主题宣传活动。",
            "召开区妇联执委（扩大）会议，部署全年妇联工作。",
            "持续开展妇女儿童维权服务和反家暴宣传，提供法律咨询140余人次。",
            "开展家庭教育公益讲座6场，印发家庭教育和权益保护宣传资料。",
            "春节、“六一”走访慰问困难妇女和留守儿童。"]),
    },
    style={"*": xlsx_style(2022), 2022: xlsx_style(2022), 2023: xlsx_style(2023)},
)

TUANWEI = dict(
    code="lusong-tuanwei", name="共青团株洲市芦淞区委员会", short="团区委", founded=date(1997, 6, 20),
    nature="人民团体", description="是全区共青团组织的领导机关，列入芦淞区群团管理序列",
    staffing=dict(authorised=3, kind="行政编制", leadership_posts=2, leadership_level="科级"),
    duties=["组织和引导全区青年学习贯彻习近平新时代中国特色社会主义思想，加强青年思想政治引领。",
            "指导全区少先队、学联工作，联系和服务各级团组织。", "组织开展青年志愿服务和青年创新创业活动。",
            "维护青少年合法权益，做好预防青少年违法犯罪和关爱留守儿童工作。", "完成区委、区政府交办的其他任务。"],
    goals=goals({2022: COMMON_GOAL.format("坚持党建带团建", "加强青年思想政治引领，做好青少年关爱服务"),
                 2023: COMMON_GOAL.format("坚持党建带团建", "深化青年志愿服务，服务青年创新创业")},
                {2022: ["开展青年主题活动", "培训基层团干部", "关爱留守儿童"],
                 2023: ["开展青年主题活动", "组织青年志愿服务", "关爱留守儿童"]}),
    run="2012901", med="2101101", retire="2080501",
    staff=[("欧阳帆", 2538, 4317, 2860, 850, 7260), ("贺子健", 2294, 3902, 2630, 650, 6470),
           ("龙思雨", 1963, 3318, 2370, 550, 5380)],
    retirees=[], scale={2022: 1, 2023: 1.03}, pub_scale=1.1, n_office=9, n_trips=5, bonus_doc=96, raise_doc=47,
    cut_doc=115, avg_line=2300,
    payees=PAYEES | dict(stationers=["株洲市芦淞区新华文具经营部", "株洲市芦淞区立信办公用品店"],
                         hotel="株洲市芦淞区金港湾酒店",
                         market="株洲市芦淞区万佳福超市", school="湖南省团校"),
    people=["唐俊杰", "李婉清", "彭浩然", "陈思远"], carry0={"TW-001": "2604.30"},
    projects={
        "TW-001": project("430203-TW-001", "共青团工作经费", "2012902", "开展青年思想引领活动和团干部培训。", [
            ("30299", "五四青年节表彰活动奖品及证书", "market", (4, 5), 4),
            ("30216", "基层团干部培训班培训费", "trainer", (6, 10), 4),
            ("30215", "共青团芦淞区委全委（扩大）会议会务费", "hotel", (2, 7), 2),
            ("30202", "印制青年学习读本", "printer", (3, 9), 2),
            ("30218", "青年志愿服务活动物资", "market", (3, 8, 11), 2),
            ("30226", "青年大学习宣讲活动讲课费", "@", (4, 10), 1.5),
            ("30214", "青年联谊交友活动场地租赁", "venue", (5, 9), 2),
            ("30218", "少先队活动器材及奖品", "sports", (6,), 2)],
            ind(("产出", "数量", "开展青年主题活动", "≥", "8", "场", 20),
                ("产出", "数量", "培训基层团干部", "≥", "100", "人次", 20), IND_PAY,
                ("效益", "社会效益", "青年思想政治引领成效", "定性", "明显提升", "", 30), sat="团员青年")),
        "TW-002": project("430203-TW-002", "青少年关爱及维权", "2012999", "关爱留守儿童，开展青少年自护教育。", [
            ("30299", "关爱留守儿童慰问品", "market", (1, 6, 9), 3),
            ("30226", "青少年心理健康辅导专家劳务费", "@", (4, 10), 2),
            ("30202", "青少年自护教育宣传资料印制", "printer", (3, 7), 2),
            ("30218", "暑期青少年安全教育活动物资", "sports", (7,), 2)],
            ind(("产出", "数量", "关爱留守儿童", "≥", "60", "人", 25),
                ("产出", "数量", "开展青少年自护教育", "≥", "4", "场", 25),
                ("效益", "社会效益", "青少年权益保护意识", "定性", "有效增强", "", 30))),
        "TW-003": project("430203-TW-003", "青年志愿服务活动", "2012999", "组织青年志愿者开展社区志愿服务。", [
            ("30218", "青年志愿者服装及服务物资", "market", (5, 8), 3),
            ("30202", "志愿服务宣传海报印制", "printer", (5, 10), 1.5),
            ("30226", "志愿服务项目督导劳务费", "@", (6, 9), 2),
            ("30214", "志愿服务集中活动场地租赁", "venue", (6, 10), 1.5)],
            ind(("产出", "数量", "组织志愿服务活动", "≥", "10", "次", 25),
                ("产出", "数量", "参与青年志愿者", "≥", "300", "人次", 25),
                ("效益", "社会效益", "志愿服务社会影响", "定性", "有效扩大", "", 30))),
        "TW-009": project("430203-TW-009", "青年创新创业大赛", "2012999", "", [], [], unbudgeted=True),
    },
    years={
        2022: dict(init={"TW-001": 40000, "TW-002": 15000}, hook=tuanwei_2022,
                   spend={"TW-001": "41187.50", "TW-002": "14226.90"}, activities=[
            "开展“青年大学习”和“喜迎二十大、永远跟党走、奋进新征程”主题教育实践活动。",
            "举办基层团干部培训班2期，参训110余人次。", "开展“五四”表彰和青年志愿服务活动。",
            "开展关爱留守儿童和青少年自护教育活动，关爱留守儿童70余人。"]),
        2023: dict(init={"TW-001": 40000, "TW-002": 15000}, adds={"TW-003": (4, 18, 41, 10000)}, hook=tuanwei_2023,
                   spend={"TW-001": "40352.70", "TW-002": "15120.40", "TW-003": "9563.80", "TW-009": "9472.00"},
                   activities=["深入开展主题教育，组织青年学习宣讲活动。",
                               "开展青年志愿服务活动11次，参与青年志愿者350余人次。", "举办芦淞区青年创新创业大赛。",
                               "开展关爱留守儿童和暑期青少年安全教育活动。"]),
    },
    style={"*": dict(fmt="csv-gbk", head="alt", bt="一般公共预算资金",
                     exp_kind={"personnel": "基本支出", "public": "基本支出"},
                     sep_exp=lambda c: abs(c) >= 500000, sep_app=lambda c: abs(c) >= 1000000)},
)

KEXIE = dict(
    code="lusong-kexie", name="株洲市芦淞区科学技术协会", short="区科协", founded=date(1998, 3, 12),
    nature="人民团体", description="是全区科学技术工作者的群众组织，列入芦淞区群团管理序列",
    staffing=dict(authorised=3, kind="行政编制", leadership_posts=1, leadership_level="科级"),
    duties=["开展科学技术普及，提高全区公民科学素质。", "组织科技工作者开展学术交流和决策咨询。",
            "联系和服务基层科协、学会及科技工作者，维护科技工作者合法权益。",
            "推动院士专家工作站和科普基地建设，促进科技与经济结合。", "完成区委、区政府交办的其他任务。"],
    goals=goals({2022: COMMON_GOAL.format("坚持“四服务”职责定位", "开展科普活动，提升公民科学素质"),
                 2023: COMMON_GOAL.format("坚持“四服务”职责定位", "深化全域科普，做好科技工作者服务")},
                {2022: ["开展科普活动", "组织学术交流", "培训基层科协干部"],
                 2023: ["开展科普活动", "组织学术交流", "服务科技工作者"]}),
    run="2012901", med="2101101", retire="2080501",
    staff=[("钟明辉", 2571, 4402, 2910, 850, 7410), ("易晓芸", 2237, 3815, 2590, 550, 6230),
           ("邓博文", 2049, 3456, 2420, 550, 5610)],
    retirees=[("吴桂芝", 1318.60)], scale={2022: 1, 2023: 1.025}, pub_scale=1.05, n_office=8, n_trips=5,
    bonus_doc=96, raise_doc=47, cut_doc=115, avg_line=2200,
    payees=PAYEES | dict(stationers=["株洲市芦淞区明达文具店", "株洲市芦淞区优品办公用品经营部"],
                         hotel="株洲市芦淞区丽景酒店",
                         printer="株洲市芦淞区华印印务有限公司", school="湖南省科协干部培训中心"),
    people=["胡志勇", "彭丽君", "赵明轩", "刘雅婷"], carry0={"KX-001": "2318.40"},
    projects={
        "KX-001": project("430203-KX-001", "科协工作经费", "2012902",
                          "组织学术交流，服务科技工作者，培训基层科协干部。", [
            ("30216", "基层科协干部培训班培训费", "trainer", (5, 10), 4),
            ("30215", "区科协全委会议会务费", "hotel", (3, 8), 2),
            ("30202", "印制科技工作者服务手册", "printer", (4, 9), 2),
            ("30226", "科技工作者需求调研劳务费", "@", (6, 11), 1.5),
            ("30299", "全国科技工作者日走访科技工作者慰问品", "market", (5,), 3),
            ("30214", "学会学术交流活动场地租赁", "venue", (7, 10), 2),
            ("30218", "院士专家工作站标牌制作", "adv", (4, 9), 1.5)],
            ind(("产出", "数量", "开展学术交流活动", "≥", "4", "次", 20),
                ("产出", "数量", "培训基层科协干部", "≥", "80", "人次", 20), IND_PAY,
                ("效益", "社会效益", "科技工作者服务成效", "定性", "明显提升", "", 30), sat="科技工作者")),
        "KX-002": project("430203-KX-002", "科普活动经费", "2012999", "开展科技活动周、全国科普日等群众性科普活动。", [
            ("30218", "科技活动周科普展品及器材", "sports", (5,), 3),
            ("30214", "全国科普日主场活动场地租赁", "venue", (9,), 3),
            ("30202", "科普宣传资料及挂图印制", "printer", (4, 9, 11), 2),
            ("30226", "科普讲座专家讲课费", "@", (3, 6, 10), 2),
            ("30218", "社区科普宣传栏更新制作", "adv", (4, 8, 11), 2),
            ("30299", "青少年科技创新大赛奖品", "market", (6,), 2)],
            ind(("产出", "数量", "开展科普活动", "≥", "12", "场", 25),
                ("产出", "数量", "科普受众", "≥", "5000", "人次", 25),
                ("效益", "社会效益", "公众科学素质", "定性", "有效提升", "", 30), sat="群众")),
    },
    years={
        2022: dict(init={"KX-001": 35000, "KX-002": 25000}, spend={"KX-001": "34687.20", "KX-002": "24153.70"},
                   activities=["开展科技活动周和全国科普日活动，举办科普活动14场，受众6000余人次。",
                               "举办基层科协干部培训班2期，参训80余人次。", "组织学会开展学术交流活动4次。",
                               "推进院士专家工作站建设，完成工作站标牌及宣传制作。"]),
        2023: dict(init={"KX-001": 36000, "KX-002": 25000}, spend={"KX-001": "35902.60", "KX-002": "25418.90"},
                   activities=["开展全国科技工作者日活动，走访慰问一线科技工作者。",
                               "开展全国科普日主场活动，更新社区科普宣传栏。", "举办科普讲座和青少年科技创新大赛。",
                               "组织学会开展学术交流活动，开展科技工作者需求调研。"]),
    },
    style={"*": dict(fmt="csv")},
)
UNITS = [QIAOLIAN, FULIAN, TUANWEI, KEXIE]

# ------------------------------------------------------------------------------------ data/README.md

README_HEAD = """# Sample data (数据样例) — SYNTHETIC

**Everything in this folder is synthetic test data.** It is generated by `tools/make_sample_data.py` (fixed random
seeds; `python tools/make_sample_data.py` from the repository root rewrites every file byte-identically, XLSX
included). Nothing here is an export from a real ledger or budget system; do not cite any line as a fact about a
real unit.

## What is reconstructed and what is invented

- **区侨联 2021** is *reconstructed* from the unit's published 2021 部门整体支出绩效自评报告, copied verbatim as
  `lusong-qiaolian/2021/self_evaluation.txt` (only a stray `[bookmark: _GoBack]` word-processor artifact was
  removed). Taken from the report: the profile in `lusong-qiaolian/unit.yaml` (founding date, nature, 编制, the six
  duties, the 2021 goals), the 2021 `activities.md` (section 六（一）, verbatim) and the published totals (47.13 =
  39.32 + 7.81 万元; 人员经费 33.22, 公用经费 6.10; 侨联工作经费 7.66 against a 年初 budget of 3 万元 thanks to last
  year's unused quota; 民生100 0.15 outside the 年初 budget). The voucher lines, quota documents, payees, people,
  dates and indicator values are invented so that they add up exactly to those totals (see the reconciliation).
- **Everything else is invented**: 区侨联 2019, 2020, 2022 and 2023, and all of 区妇联, 团区委 and 区科协. These are
  real units of 株洲市芦淞区, but their founding dates, staffing, duty wording, goals, budgets, spending and
  activities here are made up and say nothing about the real units.
- People and shops/companies are fictional (a match with a real person or business is accidental); utilities and
  public bodies (供电公司, 中国电信/中国移动 branches, 税务局, 社会保险服务中心, 住房公积金管理中心, 总工会) stand for
  the usual counterparties. Quota document numbers (芦财预〔year〕N号, 芦财结〔year〕3号) are invented.
- Codes come only from `qlaudit/reference/*.csv`. All money is 一般公共预算 in 元 with 2 decimals (no 政府性基金,
  国有资本经营 or 社会保险基金 money).

## Layout and formats

- `lusong-qiaolian` — 株洲市芦淞区归国华侨联合会（区侨联）, 2 staff + 1 retiree, 2019–2023: `appropriations.csv`,
  `expenditures.csv`, `projects.csv`, `activities.md` (2021 also `self_evaluation.txt`); CSV UTF-8 without BOM,
  headers as in `docs/data-format.md`; loader quirks in 2019 only.
- `lusong-fulian` — 株洲市芦淞区妇女联合会（区妇联）, 4 staff + 1 retiree, 2022–2023: `appropriations.xlsx`,
  `expenditures.xlsx`, `projects.xlsx`, `activities.md`; XLSX with title rows above the header.
- `lusong-tuanwei` — 共青团株洲市芦淞区委员会（团区委）, 3 staff, 2022–2023: the three `.csv` files and
  `activities.md`; CSV GBK, other header aliases, thousands separators.
- `lusong-kexie` — 株洲市芦淞区科学技术协会（区科协）, 3 staff + 1 retiree, 2022–2023: the three `.csv` files and
  `activities.md`; CSV UTF-8, built clean.

Every unit folder has a `unit.yaml` (profile, an invented 预算编码, duties, goals per year, disclosure sentence).

How every ledger is built:

- **Personnel (人员经费, 301 + 303)**: per person and month one voucher of three lines (30101 基本工资, 30102 津贴补贴,
  30107 绩效工资); one voucher for 30108 养老 (16 %), 30109 职业年金 (8 %) and 30110 医疗 (8.7 %) of the year's
  contribution base; 30113 住房公积金 (12 %); 30302 退休费 per retiree; a December year-end bonus (30107). Functional
  codes: 2012950 事业运行 (区侨联, 事业编制) or 2012901 行政运行 (the others), 2080505/2080506, 2101102 (区侨联) or
  2101101, 2210201, 2080502 (区侨联) or 2080501 for retirees.
- **Public (公用经费, 302/310)**: monthly 水费/电费/电话宽带/移动通信, quarterly 物业管理费, monthly 30239 公务交通补贴
  per person, office supplies, trips (30211), one meeting (30215), one training (30216), repairs, printing,
  festival welfare (30229) and 30228 工会经费 (2 % of wages, July and December).
- **Projects**: quotas are at economic-class level on 30299 (class 302; 民生100 on 30305, class 303); spending goes
  to 30202/30214/30215/30216/30218/30226/30299 (30305 for 民生100), functional code 2012999 or 2012902.
- **Quotas**: 年初 on 芦财预〔year〕1号 (mid-January), 追加 on other 芦财预 numbers (调资 from July where salaries
  rise, 年终绩效 in December, project additions), 上年结转 on 芦财结〔year〕3号 (1 January), and per basic economic
  code a 调减 “年底收回结余指标” on 30 December, so that basic quota = basic spending for every code.
- **Vouchers**: `记-NNN`, numbering restarts each month, 1–3 lines per voucher (`分录号`); weekdays inside the
  year, January payments after the 年初 release. Each line names the quota document it draws on (`指标文号`): FIFO
  over 上年结转, 年初, then 追加 released before the payment date; a payment crossing two documents is booked as
  two lines of one voucher.

## Units and years

**lusong-qiaolian (区侨联).** 2019: 侨联工作经费 carry-in 8,216.40 from 2018 (invented), 年初 35,000.00; loader
quirks (below). 2020: 年初 30,000.00 plus a 追加 30,000.00 on 2020-10-20; an epidemic year with little project
activity (17,804.40 spent, execution 27.7 %), so exactly 46,583.50 carries into 2021; the indicator 开展侨界文化体育活动
is missed (2 of ≥ 4 次); two epidemic-supply purchases. 2021: reproduces the report (below); salaries rise from
July (调资 追加); one reversal pair (30201, March); 民生100 追加 1,500.00 in May, paid to three households; 侨胞之家建设
46,600.00 added on 2021-12-10 and not spent (execution 0 %), carried to 2022. 2022: the 46,600.00 is spent on three
街道 侨胞之家; 侨联工作经费 年初 40,000.00. 2023: 年初 45,000.00 + carry-in 3,581.30; 民生100 追加 2,000.00 to four
households; one reversal pair (30218, July, project money). Apart from the low execution in 2020 and of 侨胞之家建设
in 2021 (both true to the story of the report) the qiaolian ledgers are meant to pass every ledger check.

**lusong-fulian (区妇联).** Three projects (妇联工作经费, 妇女儿童维权服务, 儿童之家建设); salaries rise from July 2023.
Planted problems a, c, f (2022) and d, g (2023); the indicator 建成社区儿童之家 is missed in 2022 (3 of ≥ 4 个).

**lusong-tuanwei (团区委).** Projects 共青团工作经费, 青少年关爱及维权, and from April 2023 青年志愿服务活动 (追加).
Planted problems e, h (2022) and b (2023).

**lusong-kexie (区科协).** Projects 科协工作经费 and 科普活动经费. Built clean: every project within its quota, no
spending without quota, December share ≤ 25 % per project and ≤ 20 % for the unit, no two lines with the same payee
and amount within 30 days except monthly payroll/utility lines whose 摘要 name the month, voucher numbers
gap-free, no split purchases, 三公 keywords (餐/接待/加油) only on 30217/30231/30212 (there are none), 会议/培训/差旅
only on 30215/30216/30211, mostly non-round amounts, and each carry-in spent within the year.
"""

README_TAIL = """## Regenerating and checking

`python tools/make_sample_data.py` deletes and rewrites the four unit folders and this README. Change the unit
configurations in that script, never the files here. The figures above are computed by the generator from the
lines it writes.
"""


# ------------------------------------------------------------------------------------------- driver


def build(u: dict) -> list[Book]:
    shutil.rmtree(DATA / u["code"], ignore_errors=True)
    carry = {k: C(v) for k, v in u["carry0"].items()}
    books = []
    for y, yc in u["years"].items():
        b = Book(u, y)
        payroll(b, C(yc["personnel"]) if "personnel" in yc else None)
        public(b, C(yc["public"]) if "public" in yc else None)
        for hook in (u.get("hook"), yc.get("hook")):
            if hook:
                hook(b)
        if "relief" in yc:
            key, total, month, people = yc["relief"]
            relief(b, key, C(total), month, people)
        for key, total in yc["spend"].items():
            rest = C(total) - b.spent(lambda i, k=key: i.project == k)
            share = yc.get("dec", {}).get(key)
            if share:  # (c) December rush
                dec = round(rest * share)
                spend(b, key, rest - dec, range(1, 12))
                spend(b, key, dec, (12,), tag="c")
            else:  # small projects are not spent in December
                spend(b, key, rest, None if rest >= 1000000 else range(1, 12), "a" if key == yc.get("over") else "")
        project_quotas(b, yc, carry)
        assign_project_docs(b)
        basic_quotas(b, yc)
        number_vouchers(b)
        b.carry_out = carry = carry_out(b)
        write_year(b)
        books.append(b)
    write_unit_yaml(u)
    return books


RULES = {
    "a": "超预算支出: project × economic class spending above its quota",
    "b": "无预算支出: project_code with no appropriation row",
    "c": "年底突击花钱: > 50% of a project's annual spending in December",
    "d": "重复支付: same payee, amount and 摘要 on two vouchers 2 days apart",
    "e": "凭证号断号: a missing voucher number within a month",
    "f": "拆分采购: same payee, 3 purchases within 10 days, each < 100,000.00, together > 100,000.00",
    "g": "分类错误: 摘要 says 会议 but the line is booked to 30299 (expected 30215)",
    "h": "挤占挪用专项/三公: project money on 30217 公务接待费, 摘要 “接待…餐费”",
}


def ref(it: Item) -> str:
    return f"{it.date.isoformat()} {it.voucher}/{it.line} (row {it.row}) {yuan(it.cents, True)}"


def reconciliation(b: Book) -> list[str]:
    """区侨联 2021 against the published report (万元)."""
    def s(pred):
        return b.spent(pred)
    budget = sum(q["cents"] for q in b.quotas if q["source"] != "上年结转")
    rows = [("本年预算（年初 + 追加 + 调减）", "47.13", budget), ("支出合计", "47.13", s(lambda i: True)),
            ("基本支出", "39.32", s(lambda i: i.kind != "project")),
            ("其中：人员经费 (301 + 303)", "33.22", s(lambda i: i.kind == "personnel")),
            ("其中：公用经费 (302)", "6.10", s(lambda i: i.kind == "public")),
            ("项目支出", "7.81", s(lambda i: i.kind == "project")),
            ("其中：侨联工作经费 (年初 3.00 + 上年结转 4.66)", "7.66", s(lambda i: i.project == "QL-001")),
            ("其中：民生100（未纳入年初预算）", "0.15", s(lambda i: i.project == "QL-002"))]
    out = ["", "## 区侨联 2021 against the published report\n", "| item | report 万元 | data 元 | data 万元 |",
           "|---|---:|---:|---:|"]
    for name, rep, c in rows:
        assert wan(c) == rep, (name, rep, c)
        out.append(f"| {name} | {rep} | {yuan(c, True)} | {wan(c)} |")
    return out


def readme(books: list[Book]) -> str:
    ext = {"csv": "CSV UTF-8", "csv-gbk": "CSV GBK", "xlsx": "XLSX"}
    out = [README_HEAD, "## Figures per unit-year\n",
           "| unit | year | files / format | voucher lines | vouchers | 基本支出 元 | 项目支出 元 | "
           "total spending 元 | 万元 |",
           "|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for b in books:
        style = b.u["style"].get(b.y, b.u["style"]["*"])
        basic = b.spent(lambda i: i.kind != "project")
        total = b.spent(lambda i: True)
        nv = len({(i.date.month, i.voucher) for i in b.items})
        out.append(f"| {b.u['code']} | {b.y} | {ext[style['fmt']]} | {len(b.items)} | {nv} | {yuan(basic, True)} | "
                   f"{yuan(total - basic, True)} | {yuan(total, True)} | {wan(total)} |")
    out += reconciliation(next(b for b in books if b.u is QIAOLIAN and b.y == 2021))
    out += ["", "## Project money and carry-over (元)\n",
            "Each project's unspent balance at year end (上年结转 + 年初 + 追加 − spent) is next year's 上年结转 row "
            "(quota document 芦财结〔year〕3号, dated 1 January). Basic quotas never carry over: a year-end 调减 "
            "(年底收回结余指标) recovers whatever is unspent, so basic quota = basic spending per economic code.\n",
            "| unit | year | project | 上年结转 | 年初 | 追加 | spent | 年末结转 |",
            "|---|---|---|---:|---:|---:|---:|---:|"]
    for b in books:
        for key in sorted({q["project"] for q in b.quotas if q["project"]} | {i.project for i in b.items if i.project}):
            def q(src, k=key, qs=b.quotas):
                return yuan(sum(x["cents"] for x in qs if x["project"] == k and x["source"] == src), True)
            out.append(f"| {b.u['code']} | {b.y} | {b.u['projects'][key]['code']} {b.pname(key)} | {q('上年结转')} | "
                       f"{q('年初')} | {q('追加')} | {yuan(b.spent(lambda i, k=key: i.project == k), True)} | "
                       f"{yuan(b.carry_out.get(key, 0), True)} |")
    out += ["", "## Planted problems (only in lusong-fulian and lusong-tuanwei)\n",
            "Voucher references read `date voucher/line (row in the expenditures file) amount`; voucher numbers "
            "restart every month.\n",
            "| id | what a rule should find | unit | year | file | vouchers / rows | amount 元 |",
            "|---|---|---|---|---|---|---|"]
    for tag in "abcdefgh":
        for b in books:
            its = [i for i in b.items if i.tag == tag]
            style = b.u["style"].get(b.y, b.u["style"]["*"])
            f = "expenditures." + ("xlsx" if style["fmt"] == "xlsx" else "csv")
            if tag == "e" and b.gap:
                m, n = b.gap
                nb = [[i for i in b.items if i.date.month == m and i.voucher == f"记-{k:03d}"] for k in (n - 1, n + 1)]
                out.append(f"| e | {RULES['e']} | {b.u['code']} | {b.y} | {f} | {b.y}年{m}月 记-{n:03d} is missing "
                           f"between {nb[0][0].date} {nb[0][0].voucher} (rows {nb[0][0].row}–{nb[0][-1].row}) and "
                           f"{nb[1][0].date} {nb[1][0].voucher} (rows {nb[1][0].row}–{nb[1][-1].row}) | – |")
            if not its or tag == "e":
                continue
            total = sum(i.cents for i in its)
            note = ""
            if tag == "a":
                key = its[0].project
                quota_c = sum(q["cents"] for q in b.quotas if q["project"] == key)
                run, cross = 0, []
                for i in sorted(its, key=lambda i: (i.date, i.seq)):
                    run += i.cents
                    if run > quota_c:
                        cross.append(i)
                note = (f"{b.u['projects'][key]['code']} {b.pname(key)}: quota {yuan(quota_c, True)} (年初, 30299, "
                        f"class 302), spent {yuan(total, True)}, over by {yuan(total - quota_c, True)}; "
                        f"lines at/after the quota is exhausted: ")
                its = cross
            if tag == "c":
                key = its[0].project
                year_c = b.spent(lambda i, k=key: i.project == k)
                note = (f"{b.u['projects'][key]['code']} {b.pname(key)}: December {yuan(total, True)} of "
                        f"{yuan(year_c, True)} ({100 * total / year_c:.1f}%): ")
            if tag == "b":
                note = f"{b.u['projects'][its[0].project]['code']} {b.pname(its[0].project)}, quota_doc empty: "
            out.append(f"| {tag} | {RULES[tag]} | {b.u['code']} | {b.y} | {f} | {note}{'; '.join(ref(i) for i in its)}"
                       f" | {yuan(total, True)} |")
    q19 = next(b for b in books if b.u is QIAOLIAN and b.y == 2019)
    seps = [i for i in q19.items if abs(i.cents) >= 500000]
    tw = [b for b in books if b.u is TUANWEI]
    sep_refs = "; ".join(f"{i.date:%m}月{i.voucher}/{i.line} (row {i.row})" for i in seps)
    tw_exp = sum(1 for b in tw for i in b.items if abs(i.cents) >= 500000)
    tw_app = sum(1 for b in tw for q in b.quotas if abs(q["cents"]) >= 1000000)
    out += ["", "## Loader quirks (format only, not audit findings)\n",
            "- **lusong-qiaolian/2019** (the only qiaolian year with quirks): `appropriations.csv` and "
            "`expenditures.csv` have two title rows above the header (`单位名称：株洲市芦淞区归国华侨联合会`, "
            f"`单位：元`); `expenditures.csv` ends with one `合计` row (row {max(i.row for i in q19.items) + 1}, "
            f"{yuan(q19.spent(lambda i: True), True)}, equal to the sum of the kept rows); the {len(seps)} amounts "
            f"≥ 5,000.00 in `expenditures.csv` are written with thousands separators "
            f"(`\"{yuan(seps[0].cents, True)}\"`), on {sep_refs}.",
            "- **lusong-fulian** (XLSX): sheets named `指标` / `支出` / `项目`; title rows "
            "(`芦淞区妇女联合会 2022年支出明细`, `单位：元`; the projects sheet has one title row) above the header; "
            "amounts are numeric cells formatted `#,##0.00`, dates are Excel date cells.",
            "- **lusong-tuanwei** (CSV GBK): alternative header aliases (`凭证日期`, `凭证字号`, `往来单位`, "
            "`资金性质`, `预算项目编码`, `支出功能分类编码`, `部门经济分类编码`, `支付金额`, `指标摘要`, `指标金额`, "
            "`年度指标值`, `全年实际值`, …); 资金性质 `一般公共预算资金`; basic lines in `expenditures.csv` say "
            "`基本支出` (resolved to 人员经费/公用经费 by the economic code); amounts ≥ 5,000.00 in "
            f"`expenditures.csv` ({tw_exp} lines) and ≥ 10,000.00 in `appropriations.csv` ({tw_app} rows) carry "
            "thousands separators.", "", README_TAIL]
    return "\n".join(out)


def main() -> None:
    books = [b for u in UNITS for b in build(u)]
    (DATA / "lusong-qiaolian" / "2021" / "self_evaluation.txt").write_text(SEED, encoding="utf-8")
    (DATA / "README.md").write_text(readme(books), encoding="utf-8")
    for b in books:
        print(f"{b.u['code']:16} {b.y}  {len(b.items):4d} lines  {yuan(b.spent(lambda i: True), True):>12} 元")


if __name__ == "__main__":
    main()
