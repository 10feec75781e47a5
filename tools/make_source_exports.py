#!/usr/bin/env python3
"""Write the sample unit's canonical ledgers in the layouts finance systems export (test fixtures for issue 8).

From data/lusong-qiaolian/2021/*.csv this writes, into an output folder, one file per source layout:

    明细账_7201事业支出_2021.xlsx   用友 GRP-U8 明细账, 三栏式: title block, 2021年 over 月/日, 辅助项 text, 期初余额,
                                  本月合计/本年累计 rows, 方向/余额 running balance              (profile yonyou-grp-u8-detail)
    事业支出多栏明细账_2021.xls     用友 GRP-U8 多栏式 明细账 (BIFF .xls): 借方分析 by economic code, 项目:…/功能分类:…
                                  辅助项 text                                                     (yonyou-grp-u8-multi)
    凭证引入_2021.txt             用友 U8 凭证引入 text, GBK, comma separated, 填制凭证,V800 first line, 7201 lines and
                                  their 6001 counterparts                                         (yonyou-u8-voucher-text)
    单位核算凭证_2021.xlsx         预算管理一体化 单位会计核算 voucher export, 51 columns, 平行记账 quadruples
                                  (5001/4001 and 7201/6001 in one voucher)                        (czyth-voucher)
    指标台账_2021.xls              预算管理一体化 指标台账, HTML saved as .xls, code+name cells, 合计 row (czyth-quota)
    久其凭证_2021.txt              久其 voucher list saved as Unicode text (UTF-16, tab separated), 7201/8001 pairs
                                                                                                  (jiuqi-voucher)
    gbt24589/JZPZ.txt …           GB/T 24589.2-2010 data interface: GSSM, KJKM, JZPZ, XMWLDW, XMXM (GB18030, comma)
                                                                                                  (gbt24589-voucher)
    项目绩效目标表_2021.xls        项目支出绩效目标表, SpreadsheetML 2003 XML saved as .xls, one sheet per project,
                                  一级/二级指标 merged down                                         (project-form)

Every layout carries every canonical field the way that system would (codes with names, 辅助项 text, 月/日 dates…),
so that loading it gives back the canonical ledger: 281 voucher lines (471,285.07 元), 51 quota lines
(517,885.07 元) and 11 indicator rows. The layouts follow public descriptions (see the profiles' ``evidence``);
they are not copies of real exports. Run: ``python tools/make_source_exports.py OUT_DIR``.
"""

from __future__ import annotations

import csv
import html
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT_NAME = "株洲市芦淞区归国华侨联合会"
BUDGET_TYPE_CODES = {"一般公共预算": ("111", "一般公共预算资金")}
ITEM_CLASS = {"人员经费": ("1", "人员类项目"), "公用经费": ("21", "运转类项目-公用经费"),
              "项目支出": ("3", "特定目标类项目")}
BASIC_PROJECT = {"人员经费": ("430203-RY-0001", "人员经费"), "公用经费": ("430203-GY-0001", "公用经费")}


def _names() -> tuple[dict[str, str], dict[str, str]]:
    sys.path.insert(0, str(ROOT))
    from qlaudit import codes

    return ({c: e.name for c, e in codes.functional_codes().items()},
            {c: e.name for c, e in codes.economic_codes().items()})


FUNCTIONAL, ECONOMIC = _names()


def read(data_dir: Path, name: str) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def money(text: str) -> Decimal:
    return Decimal(text)


def yuan(value: Decimal) -> str:
    return f"{value:.2f}"


def code_name(code: str, names: dict[str, str]) -> str:
    return f"{code} {names.get(code, '')}".strip() if code else ""


# --- 用友 GRP-U8 明细账 (三栏式, .xlsx) -------------------------------------------------------------------------


def aux_bracket(line: dict[str, str]) -> str:
    bt_code, bt_name = BUDGET_TYPE_CODES[line["预算类型"]]
    parts = [f"【资金性质】{bt_code} {bt_name}", f"【功能分类】{code_name(line['功能分类'], FUNCTIONAL)}",
             f"【经济分类】{code_name(line['经济分类'], ECONOMIC)}"]
    if line["项目编码"]:
        parts.insert(0, f"【预算项目】{line['项目编码']} {line['项目名称']}")
    parts.append(f"【往来单位】{line['收款人']}")
    parts.append(f"【指标文号】{line['指标文号']}")
    return "".join(parts)


def by_month(lines: list[dict[str, str]]) -> dict[int, list[dict[str, str]]]:
    months: dict[int, list[dict[str, str]]] = defaultdict(list)
    for line in lines:
        months[int(line["日期"][5:7])].append(line)
    return dict(sorted(months.items()))


def detail_ledger_rows(lines: list[dict[str, str]]) -> list[list[object]]:
    rows: list[list[object]] = [[None, None, None, "期初余额", None, None, None, "平", 0]]
    balance = Decimal(0)
    year_debit = year_credit = Decimal(0)
    for month, items in by_month(lines).items():
        debit = credit = Decimal(0)
        for line in items:
            amount = money(line["金额"])
            d, c = (amount, Decimal(0)) if amount >= 0 else (Decimal(0), -amount)
            balance += d - c
            debit, credit = debit + d, credit + c
            rows.append([month, int(line["日期"][8:10]), line["凭证号"], line["摘要"], aux_bracket(line),
                         float(d) if d else None, float(c) if c else None, "借", float(balance)])
        year_debit, year_credit = year_debit + debit, year_credit + credit
        last_day = int(items[-1]["日期"][8:10])
        rows.append([month, last_day, None, "本月合计", None, float(debit), float(credit) or None, "借",
                     float(balance)])
        rows.append([month, last_day, None, "本年累计", None, float(year_debit), float(year_credit) or None, "借",
                     float(balance)])
    return rows


def write_detail_ledger(path: Path, lines: list[dict[str, str]], year: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细账"
    ws.append(["明细账"])
    ws.append([f"核算单位：{UNIT_NAME}"])
    ws.append(["科目：7201 事业支出", None, None, None, f"期间：{year}.01-{year}.12", None, None, None, "单位：元"])
    ws.append([f"{year}年", None, "凭证字号", "摘要", "辅助项", "借方", "贷方", "方向", "余额"])
    ws.append(["月", "日"])
    for row in detail_ledger_rows(lines):
        ws.append(row)
    ws.merge_cells("A1:I1")
    ws.merge_cells("A4:B4")
    for col in "CDEFGHI":
        ws.merge_cells(f"{col}4:{col}5")
    notes = wb.create_sheet("说明")
    notes.append(["本账簿由财务软件导出"])
    wb.save(path)


# --- 用友 GRP-U8 多栏式 明细账 (BIFF .xls) ---------------------------------------------------------------------------


def aux_pairs(line: dict[str, str]) -> str:
    bt_code, bt_name = BUDGET_TYPE_CODES[line["预算类型"]]
    parts = []
    if line["项目编码"]:
        parts.append(f"项目:{line['项目编码']} {line['项目名称']}")
    parts += [f"功能分类:{code_name(line['功能分类'], FUNCTIONAL)}", f"资金性质:{bt_code} {bt_name}",
              f"往来单位:{line['收款人']}", f"指标文号:{line['指标文号']}"]
    return "/".join(parts)


def write_multi_column_ledger(path: Path, lines: list[dict[str, str]], year: int) -> None:
    import xlwt

    economic = sorted({line["经济分类"] for line in lines})
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("事业支出多栏账")
    fixed = ["日期", "凭证号", "摘要", "辅助项", "借方", "贷方", "方向", "余额"]
    sheet.write_merge(0, 0, 0, len(fixed) + len(economic) - 1, "事业支出多栏明细账")
    sheet.write(1, 0, "科目：7201 事业支出")
    sheet.write(1, 4, f"{year}年度")
    for j, label in enumerate(fixed):
        sheet.write_merge(2, 3, j, j, label)
    sheet.write_merge(2, 2, len(fixed), len(fixed) + len(economic) - 1, "借方分析")
    for k, code in enumerate(economic):
        sheet.write(3, len(fixed) + k, code_name(code, ECONOMIC))
    r = 4
    balance = Decimal(0)
    for month, items in by_month(lines).items():
        totals: dict[str, Decimal] = defaultdict(Decimal)
        debit = credit = Decimal(0)
        for line in items:
            amount = money(line["金额"])
            d, c = (amount, Decimal(0)) if amount >= 0 else (Decimal(0), -amount)
            balance += d - c
            debit, credit = debit + d, credit + c
            totals[line["经济分类"]] += amount
            values = [line["日期"], line["凭证号"], line["摘要"], aux_pairs(line), float(d) if d else "",
                      float(c) if c else "", "借", float(balance)]
            for j, v in enumerate(values):
                sheet.write(r, j, v)
            sheet.write(r, len(fixed) + economic.index(line["经济分类"]), float(amount))
            r += 1
        for j, v in enumerate(["", "", "本月合计", "", float(debit), float(credit) if credit else "", "借",
                               float(balance)]):
            sheet.write(r, j, v)
        for code, total in totals.items():
            sheet.write(r, len(fixed) + economic.index(code), float(total))
        r += 1
        del month
    book.save(str(path))


# --- 用友 U8 凭证引入 text (GBK) -------------------------------------------------------------------------------------

U8_FIELDS = ["制单日期", "凭证类别字", "凭证号", "附单据数", "摘要", "科目编码", "金额借方", "金额贷方", "数量", "外币",
             "汇率", "制单人", "结算方式", "票号", "发生日期", "部门编码", "个人编码", "客户编码", "供应商编码", "业务员",
             "项目编码", "自定义项1", "自定义项2", "自定义项3", "自定义项4", "自定义项5"]


def write_u8_text(path: Path, lines: list[dict[str, str]]) -> None:
    out = ["填制凭证,V800"]
    for line in lines:
        amount = money(line["金额"])
        word, number = line["凭证号"].split("-", 1)
        head = [line["日期"], word, number, "1", line["摘要"]]
        project = line["项目编码"]
        budget = BUDGET_TYPE_CODES[line["预算类型"]][0]
        extra = ["", "", "", "制单员", "", "", line["日期"], "", "", "", "", "", project, line["功能分类"],
                 line["经济分类"], budget, line["指标文号"], line["收款人"], line["项目名称"]]
        d, c = (yuan(amount), "0") if amount >= 0 else ("0", yuan(-amount))
        out.append(",".join(_csv_cell(x) for x in [*head, "72010102", d, c, *extra]))
        out.append(",".join(_csv_cell(x) for x in [*head, "6001", c, d]))
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("gbk"))


# --- 一体化 单位会计核算 voucher export (51 columns, .xlsx) ---------------------------------------------------------

CZYTH_COLUMNS = [
    "账套编码", "账套名称", "会计年度", "会计期间", "凭证日期", "凭证类型", "凭证号", "分录号", "摘要", "会计科目编码",
    "会计科目名称", "借方金额", "贷方金额", "币种", "汇率", "原币金额", "数量", "单价", "往来编码", "往来名称",
    "预算项目编码", "预算项目名称", "部门编码", "部门名称", "支出功能分类编码", "支出功能分类名称", "资金性质编码",
    "资金性质名称", "项目类别编码", "项目类别名称", "部门支出经济分类（账务）编码", "部门支出经济分类（账务）名称",
    "政府支出经济分类编码", "政府支出经济分类名称", "指标文号", "指标来源", "支付方式", "结算方式", "结算号", "附件数",
    "制单人", "制单日期", "审核人", "审核日期", "记账人", "记账日期", "出纳", "凭证状态", "是否冲销", "备注",
    "外部凭证号",
]  # fmt: skip
PAIRS = (("5001", "业务活动费用", "4001", "财政拨款收入"), ("72010102", "事业支出-财政拨款支出", "6001", "财政拨款预算收入"))


def czyth_rows(lines: list[dict[str, str]], year: int) -> list[list[object]]:
    rows: list[list[object]] = []
    entry: dict[str, int] = defaultdict(int)
    for line in lines:
        amount = money(line["金额"])
        kind = line["支出类型"]
        project = (line["项目编码"], line["项目名称"]) if line["项目编码"] else BASIC_PROJECT[kind]
        bt_code, bt_name = BUDGET_TYPE_CODES[line["预算类型"]]
        item_code, item_name = ITEM_CLASS[kind]
        word, number = line["凭证号"].split("-", 1)
        for debit_code, debit_name, credit_code, credit_name in PAIRS:
            for code, name, side in ((debit_code, debit_name, "debit"), (credit_code, credit_name, "credit")):
                entry[line["凭证号"]] += 1
                on_debit = (side == "debit") == (amount >= 0)
                value = float(abs(amount))
                row = dict.fromkeys(CZYTH_COLUMNS, "")
                row.update({
                    "账套编码": "430203001", "账套名称": UNIT_NAME, "会计年度": year, "会计期间": int(line["日期"][5:7]),
                    "凭证日期": line["日期"], "凭证类型": word, "凭证号": number, "分录号": entry[line["凭证号"]],
                    "摘要": line["摘要"], "会计科目编码": code, "会计科目名称": name,
                    "借方金额": value if on_debit else 0.0, "贷方金额": 0.0 if on_debit else value, "币种": "人民币",
                    "汇率": 1, "往来编码": "", "往来名称": line["收款人"], "预算项目编码": project[0],
                    "预算项目名称": project[1], "部门编码": "001", "部门名称": "办公室",
                    "支出功能分类编码": line["功能分类"], "支出功能分类名称": FUNCTIONAL.get(line["功能分类"], ""),
                    "资金性质编码": bt_code, "资金性质名称": bt_name, "项目类别编码": item_code, "项目类别名称": item_name,
                    "部门支出经济分类（账务）编码": line["经济分类"],
                    "部门支出经济分类（账务）名称": ECONOMIC.get(line["经济分类"], ""), "指标文号": line["指标文号"],
                    "支付方式": "国库集中支付", "制单人": "制单员", "制单日期": line["日期"], "审核人": "审核员",
                    "记账人": "记账员", "凭证状态": "已记账", "是否冲销": "是" if amount < 0 else "否",
                })
                rows.append([row[c] for c in CZYTH_COLUMNS])
    return rows


def write_czyth_vouchers(path: Path, lines: list[dict[str, str]], year: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "凭证"
    ws.append(CZYTH_COLUMNS)
    for row in czyth_rows(lines, year):
        ws.append(row)
    wb.save(path)


# --- 一体化 指标台账 (HTML saved as .xls) -----------------------------------------------------------------------

QUOTA_COLUMNS = ["指标文号", "指标说明", "指标类型", "资金性质", "项目类别", "预算项目", "支出功能分类科目",
                 "部门支出经济分类", "政府支出经济分类", "指标金额", "已支付金额", "可用余额", "发文日期"]
QUOTA_TYPES = {"年初": "年初预算", "追加": "追加预算", "调减": "调减预算", "上年结转": "上年结转"}


def write_quota_ledger(path: Path, quotas: list[dict[str, str]], year: int) -> None:
    cells = []
    total = Decimal(0)
    for q in quotas:
        kind = q["支出类型"]
        project = f"{q['项目编码']} {q['项目名称']}" if q["项目编码"] else " ".join(BASIC_PROJECT[kind])
        amount = money(q["金额"])
        total += amount
        bt_code, bt_name = BUDGET_TYPE_CODES[q["预算类型"]]
        cells.append([q["指标文号"], q["文号名称"], QUOTA_TYPES[q["指标来源"]], f"{bt_code} {bt_name}",
                      ITEM_CLASS[kind][1], project, code_name(q["功能分类"], FUNCTIONAL),
                      code_name(q["经济分类"], ECONOMIC), "", f"{amount:,.2f}", "0.00", f"{amount:,.2f}",
                      q["下达日期"]])
    cells.append(["合计", "", "", "", "", "", "", "", "", f"{total:,.2f}", "0.00", f"{total:,.2f}", ""])

    def tr(row: list[str], tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>"

    body = [f'<tr><td colspan="{len(QUOTA_COLUMNS)}">指标台账</td></tr>',
            f'<tr><td colspan="6">预算单位：{UNIT_NAME}</td><td colspan="4">{year}年度</td>'
            f'<td colspan="3">单位：元</td></tr>', tr(QUOTA_COLUMNS, "th"), *(tr(r) for r in cells)]
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
            '<table border="1">' + "\n".join(body) + "</table></body></html>")
    path.write_bytes(page.encode("utf-8"))


# --- 久其 voucher list (UTF-16 tab-separated text) -----------------------------------------------------------------

JIUQI_COLUMNS = ["凭证标识", "凭证号", "年度", "期间", "单位代码", "单位名称", "凭证日期", "摘要", "借方金额", "贷方金额",
                 "科目代码", "科目名称", "项目代码", "项目名称", "功能分类代码", "功能分类名称", "经济分类代码",
                 "经济分类名称", "往来单位名称", "指标文号", "分录号"]


def write_jiuqi(path: Path, lines: list[dict[str, str]], year: int) -> None:
    out = ["\t".join(JIUQI_COLUMNS)]
    for k, line in enumerate(lines):
        amount = money(line["金额"])
        for code, name, debit_side in (("720101", "事业支出-财政拨款支出", True), ("8001", "资金结存", False)):
            on_debit = debit_side == (amount >= 0)
            value = yuan(abs(amount))
            out.append("\t".join([
                f"PZ{year}{k:05d}", line["凭证号"], str(year), line["日期"][5:7], "430203001", UNIT_NAME, line["日期"],
                line["摘要"], value if on_debit else "", "" if on_debit else value, code, name, line["项目编码"],
                line["项目名称"], line["功能分类"], FUNCTIONAL.get(line["功能分类"], ""), line["经济分类"],
                ECONOMIC.get(line["经济分类"], ""), line["收款人"], line["指标文号"], line["分录号"] if debit_side else "",
            ]))
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("utf-16"))


# --- GB/T 24589.2-2010 data interface (GB18030 text) ------------------------------------------------------------

JZPZ_COLUMNS = ["会计年度", "会计期间", "凭证日期", "凭证类型", "凭证编号", "分录序号", "摘要", "科目编码", "借方发生额",
                "贷方发生额", "功能科目编码", "经济科目编码", "项目编码", "往来单位编码", "资金性质编码", "指标文号"]


def write_gbt24589(folder: Path, lines: list[dict[str, str]], year: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)

    def write(name: str, rows: list[list[str]]) -> None:
        text = "\r\n".join(",".join(_csv_cell(c) for c in r) for r in rows) + "\r\n"
        (folder / name).write_bytes(text.encode("gb18030"))

    write("GSSM.txt", [["项目", "值"], ["标准", "GB/T 24589.2-2010"], ["字符集", "GB18030"], ["字段分隔符", ","],
                       ["记录分隔符", "回车换行"], ["首行", "数据元素名称"]])
    write("KJKM.txt", [["科目编码", "科目名称", "科目级次", "余额方向"], ["6001", "财政拨款预算收入", "1", "贷"],
                       ["7201", "事业支出", "1", "借"], ["720101", "财政拨款支出", "2", "借"]])
    payees = sorted({line["收款人"] for line in lines})
    payee_code = {p: f"WL{i + 1:04d}" for i, p in enumerate(payees)}
    write("XMWLDW.txt", [["往来单位编码", "往来单位名称"], *([payee_code[p], p] for p in payees)])
    projects = sorted({(line["项目编码"], line["项目名称"]) for line in lines if line["项目编码"]})
    write("XMXM.txt", [["项目编码", "项目名称"], *([c, n] for c, n in projects)])
    rows = [JZPZ_COLUMNS]
    for line in lines:
        amount = money(line["金额"])
        word, number = line["凭证号"].split("-", 1)
        common = [str(year), line["日期"][5:7], line["日期"].replace("-", ""), word, number]
        d, c = (yuan(amount), "0.00") if amount >= 0 else ("0.00", yuan(-amount))
        aux = [line["功能分类"], line["经济分类"], line["项目编码"], payee_code[line["收款人"]],
               BUDGET_TYPE_CODES[line["预算类型"]][0], line["指标文号"]]
        rows.append([*common, line["分录号"], line["摘要"], "720101", d, c, *aux])
        rows.append([*common, "", line["摘要"], "6001", c, d, "", "", "", "", "", ""])
    write("JZPZ.txt", rows)


def _csv_cell(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ',"\r\n') else text


# --- 项目支出绩效目标表 (SpreadsheetML 2003 saved as .xls, one sheet per project) ------------------------------------


def _ss_cell(value: str, index: int | None = None, down: int = 0, across: int = 0) -> str:
    attrs = (f' ss:Index="{index}"' if index else "") + (f' ss:MergeDown="{down}"' if down else "") + \
        (f' ss:MergeAcross="{across}"' if across else "")
    kind = "Number" if value.replace(".", "", 1).isdigit() else "String"
    return f'<Cell{attrs}><Data ss:Type="{kind}">{html.escape(value)}</Data></Cell>'


def write_project_forms(path: Path, projects: list[dict[str, str]], year: int) -> None:
    by_project: dict[str, list[dict[str, str]]] = defaultdict(list)
    for p in projects:
        by_project[p["项目编码"]].append(p)
    sheets = []
    header = ["一级指标", "二级指标", "三级指标", "指标方向", "指标值", "计量单位", "完成值", "分值"]
    for code, rows in by_project.items():
        first = rows[0]
        xml = [f'<Worksheet ss:Name="{html.escape(first["项目名称"][:31])}"><Table>',
               f"<Row>{_ss_cell('项目支出绩效目标表', across=7)}</Row>",
               f"<Row>{_ss_cell(f'（{year}年度）', across=7)}</Row>",
               f"<Row>{_ss_cell('项目名称')}{_ss_cell(first['项目名称'], across=2)}{_ss_cell('项目编码', 5)}"
               f"{_ss_cell(code, across=2)}</Row>",
               f"<Row>{_ss_cell('主管部门')}{_ss_cell(UNIT_NAME, across=2)}{_ss_cell('是否纳入年初预算', 5)}"
               f"{_ss_cell(first['是否纳入年初预算'], across=2)}</Row>",
               f"<Row>{_ss_cell('年度绩效目标')}{_ss_cell(first['项目用途'], across=6)}</Row>",
               "<Row>" + "".join(_ss_cell(h) for h in header) + "</Row>"]
        indicators = [r for r in rows if r["三级指标"]]
        spans: dict[int, tuple[int, int]] = {}
        for k, r in enumerate(indicators):  # 一级 and 二级 merged down over equal neighbours
            for level, key in ((0, "一级指标"), (1, "二级指标")):
                if k and indicators[k - 1][key] == r[key] and (level == 0 or indicators[k - 1]["一级指标"] == r["一级指标"]):
                    continue
                length = 1
                while k + length < len(indicators) and indicators[k + length][key] == r[key] and (
                        level == 0 or indicators[k + length]["一级指标"] == r["一级指标"]):
                    length += 1
                spans[k * 2 + level] = (length - 1, 0)
        for k, r in enumerate(indicators):
            cells = []
            for level, key in ((0, "一级指标"), (1, "二级指标")):
                if k * 2 + level in spans:
                    cells.append(_ss_cell(r[key], level + 1, spans[k * 2 + level][0]))
            values = [r["三级指标"], r["指标方向"], r["指标值"], r["计量单位"], r["实际完成值"], r["分值"]]
            cells.append(_ss_cell(values[0], 3))
            cells += [_ss_cell(v) for v in values[1:]]
            xml.append("<Row>" + "".join(cells) + "</Row>")
        xml.append("</Table></Worksheet>")
        sheets.append("".join(xml))
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel">' + "".join(sheets) + "</Workbook>")
    path.write_bytes(doc.encode("utf-8"))


# --- all layouts -------------------------------------------------------------------------------------------------


def write_all(out: Path, data_dir: Path | None = None, unit: str = "lusong-qiaolian", year: int = 2021
              ) -> dict[str, Path]:
    """Write every layout into ``out``; returns layout name → file path."""
    source = (data_dir or ROOT / "data") / unit / str(year)
    lines = read(source, "expenditures.csv")
    quotas = read(source, "appropriations.csv")
    projects = read(source, "projects.csv")
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "yonyou-grp-u8-detail": out / f"明细账_7201事业支出_{year}.xlsx",
        "yonyou-grp-u8-multi": out / f"事业支出多栏明细账_{year}.xls",
        "yonyou-u8-voucher-text": out / f"凭证引入_{year}.txt",
        "czyth-voucher": out / f"单位核算凭证_{year}.xlsx",
        "jiuqi-voucher": out / f"久其凭证_{year}.txt",
        "gbt24589-voucher": out / "gbt24589" / "JZPZ.txt",
        "czyth-quota": out / f"指标台账_{year}.xls",
        "project-form": out / f"项目绩效目标表_{year}.xls",
    }
    write_detail_ledger(files["yonyou-grp-u8-detail"], lines, year)
    write_multi_column_ledger(files["yonyou-grp-u8-multi"], lines, year)
    write_u8_text(files["yonyou-u8-voucher-text"], lines)
    write_czyth_vouchers(files["czyth-voucher"], lines, year)
    write_jiuqi(files["jiuqi-voucher"], lines, year)
    write_gbt24589(out / "gbt24589", lines, year)
    write_quota_ledger(files["czyth-quota"], quotas, year)
    write_project_forms(files["project-form"], projects, year)
    return files


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    for name, path in write_all(Path(argv[0])).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
