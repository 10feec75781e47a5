"""File formats of issue 8: .xls (BIFF, HTML, SpreadsheetML), tab- and semicolon-separated text, UTF-16, every sheet
considered, and a 平行记账 file without expenditure lines rejected with the account codes looked for."""

import datetime as dt

import pandas as pd
import pytest
import xlwt

from qlaudit.ledgers import load_ledger
from qlaudit.ledgers.read import read_file
from tests.builders import EXPENDITURES_HEADER, write_csv, write_xlsx

ROWS = [
    ["2021-03-05", "记-001", "办公用品", "某文具店", "一般公共预算", "公用经费", "", "", "2012950", "30201", "1,250.50"],
    ["2021-03-06", "记-002", "冲销办公用品", "某文具店", "一般公共预算", "公用经费", "", "", "2012950", "30201", "(50.00)"],
    ["合计", "", "", "", "", "", "", "", "", "", "1200.50"],
]


def expected(tmp_path):
    return load_ledger(write_csv(tmp_path / "ref" / "expenditures.csv", [EXPENDITURES_HEADER, *ROWS]),
                       "expenditures", 2021)


def delimited(rows, separator):
    return "\r\n".join(separator.join(r) for r in rows) + "\r\n"


@pytest.mark.parametrize(("name", "data"), [
    ("expenditures.txt", delimited([EXPENDITURES_HEADER, *ROWS], "\t").encode("utf-16")),  # Excel "Unicode 文本"
    ("expenditures.tsv", delimited([EXPENDITURES_HEADER, *ROWS], "\t").encode("gbk")),
    ("expenditures.csv", delimited([EXPENDITURES_HEADER, *ROWS], ";").encode("utf-8-sig")),
    ("expenditures.csv", delimited([EXPENDITURES_HEADER, *ROWS], "\t").encode("utf-16-le")),  # no BOM: refused
])
def test_text_variants_load_like_the_csv(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    frame, record = load_ledger(path, "expenditures", 2021)
    if not data.startswith((b"\xff\xfe", b"\xef\xbb\xbf")) and b"\x00" in data:  # UTF-16 without its BOM
        assert [e.message.split(" (")[0] for e in record.errors] == ["file contains NUL bytes: not a text CSV or text file"]
        return
    ref_frame, ref_record = expected(tmp_path)
    pd.testing.assert_frame_equal(frame.drop(columns="source_file"), ref_frame.drop(columns="source_file"))
    assert [(i.row, i.message) for i in record.issues] == [(i.row, i.message) for i in ref_record.issues]


def test_biff_xls_reads_like_xlsx(tmp_path):
    rows = [EXPENDITURES_HEADER,
            [dt.datetime(2021, 3, 5), "记-001", "办公用品", "某文具店", 111, "公用经费", "", "", 2012950, 30201, 1250.5],
            [dt.datetime(2021, 3, 6), "记-002", "会议费", "某酒店", 111, "公用经费", "", "", 2012950, 30215, 0.1 + 0.2]]
    book = xlwt.Workbook()
    sheet = book.add_sheet("支出")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value, date_style) if isinstance(value, dt.datetime) else sheet.write(r, c, value)
    book.add_sheet("空白")
    book.save(str(tmp_path / "expenditures.xls"))
    frame, record = load_ledger(tmp_path / "expenditures.xls", "expenditures", 2021)
    xlsx_frame, _ = load_ledger(write_xlsx(tmp_path / "expenditures.xlsx", rows, sheet="支出"), "expenditures", 2021)
    assert record.format == "xls" and record.sheet == "支出"
    assert list(frame["amount_fen"]) == [125050, 30]
    assert [w.message for w in record.warnings] == ["normalised: numeric cell 0.30000000000000004 rounded to 0.30 元"]
    pd.testing.assert_frame_equal(frame.drop(columns="source_file"), xlsx_frame.drop(columns="source_file"))
    assert {"name": "空白", "read": False, "reason": "empty"} in record.sheets


def test_html_and_spreadsheetml_saved_as_xls(tmp_path):
    head = "".join(f"<th>{h}</th>" for h in EXPENDITURES_HEADER)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in ROWS)
    page = f'<html><meta charset="gbk"><table><tr><td colspan="11">单位：元</td></tr><tr>{head}</tr>{body}</table></html>'
    (tmp_path / "expenditures.xls").write_bytes(page.encode("gbk"))
    frame, record = load_ledger(tmp_path / "expenditures.xls", "expenditures", 2021)
    ref_frame, _ = expected(tmp_path)
    assert record.format == "html" and record.encoding == "gb18030"
    pd.testing.assert_frame_equal(frame.drop(columns=["source_file", "source_row"]),
                                  ref_frame.drop(columns=["source_file", "source_row"]))

    cells = "".join(f'<Cell><Data ss:Type="String">{h}</Data></Cell>' for h in EXPENDITURES_HEADER)
    data_rows = "".join("<Row>" + "".join(
        f'<Cell><Data ss:Type="{"Number" if c.replace(".", "").isdigit() else "String"}">{c}</Data></Cell>'
        for c in r) + "</Row>" for r in ROWS)
    xml = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="支出"><Table>'
           f"<Row>{cells}</Row>{data_rows}</Table></Worksheet></Workbook>")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "expenditures.xls").write_text(xml, encoding="utf-8")
    frame, record = load_ledger(tmp_path / "x" / "expenditures.xls", "expenditures", 2021)
    assert record.format == "xml" and record.sheet == "支出"
    pd.testing.assert_frame_equal(frame.drop(columns="source_file"), ref_frame.drop(columns="source_file"))


def test_xml_with_entities_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell>'
            '<Data>&lol2;</Data></Cell></Row></Table></Worksheet></Workbook>')
    (tmp_path / "expenditures.xls").write_text(bomb, encoding="utf-8")
    _, record = load_ledger(tmp_path / "expenditures.xls", "expenditures", 2021)
    (error,) = record.errors
    assert error.message == "the XML file declares a DOCTYPE or entities, which are not read"


def test_every_sheet_with_the_ledger_header_is_read_and_the_others_listed(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "1月"
    for row in [EXPENDITURES_HEADER, ROWS[0]]:
        book.active.append(row)
    february = book.create_sheet("2月")
    for row in [EXPENDITURES_HEADER, ROWS[1]]:
        february.append(row)
    hidden = book.create_sheet("草稿")
    for row in [EXPENDITURES_HEADER, ROWS[0]]:
        hidden.append(row)
    hidden.sheet_state = "hidden"
    book.create_sheet("说明").append(["本表由财务软件导出"])
    book.save(tmp_path / "expenditures.xlsx")
    frame, record = load_ledger(tmp_path / "expenditures.xlsx", "expenditures", 2021)
    assert list(frame["amount_fen"]) == [125050, -5000]
    assert list(frame["source_file"]) == ["expenditures.xlsx:1月", "expenditures.xlsx:2月"]
    assert record.sheet == "1月, 2月"
    ignored = {s["name"]: s["reason"] for s in record.sheets if not s["read"]}
    assert ignored == {"草稿": "hidden sheet with a ledger header: unhide it to read it",
                       "说明": "no header of the expenditures ledger in its first rows"}
    (warning,) = [w for w in record.warnings if w.sheet == "草稿"]
    assert warning.message == "sheet 草稿 not read: hidden sheet with a ledger header: unhide it to read it"


def test_parallel_bookkeeping_without_expenditure_lines_is_rejected(tmp_path):
    """The 一体化 export of the 财务会计 side only (5001/4001): never 'VALID' with spending 0."""
    header = ["凭证日期", "凭证类型", "凭证号", "摘要", "会计科目编码", "会计科目名称", "借方金额", "贷方金额", "往来名称",
              "预算项目编码", "预算项目名称", "支出功能分类编码", "资金性质编码", "项目类别名称",
              "部门支出经济分类（账务）编码"]
    line = ["2021-03-05", "记", "001", "办公用品", "", "", "", "", "某文具店", "430203-GY-0001", "公用经费", "2012950",
            "111", "运转类项目-公用经费", "30201"]
    rows = [header]
    for code, debit, credit in (("5001", "100.00", "0"), ("4001", "0", "100.00")):
        row = list(line)
        row[4], row[6], row[7] = code, debit, credit
        rows.append(row)
    path = write_csv(tmp_path / "单位核算凭证_2021.csv", rows)
    frame, record = load_ledger(path, "expenditures", 2021)
    assert frame.empty and record.accounted
    assert record.set_aside["counterpart"].rows == 2
    (error,) = record.errors
    assert error.message.startswith("no line on an expenditure account: 2 line(s) on other accounts")
    assert error.value == "7101, 7201, 7301, 7401, 7501, 7601, 7701, 7901"
    assert "7101, 7201" in error.hint


def test_read_file_lists_sheets_with_visibility(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["a"]], sheet="甲")
    source = read_file(path)
    assert [(s.name, s.hidden) for s in source.sheets] == [("甲", False)]
