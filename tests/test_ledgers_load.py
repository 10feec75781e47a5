"""Loading real ledger files: every row is kept, normalised or rejected, and every problem names file, row, column,
raw value and a hint. Files are written byte for byte into tmp_path (CSV in UTF-8, UTF-8-BOM, GBK; XLSX)."""

import datetime as dt

import pandas as pd
import pytest

from qlaudit.ledgers import OUTPUT_COLUMNS, load_ledger
from qlaudit.ledgers.read import UnreadableFile, decode_csv_bytes
from tests.builders import (
    APPROPRIATIONS_HEADER,
    EXPENDITURES_HEADER,
    csv_bytes,
    replace_in_xlsx,
    write_csv,
    write_xlsx,
)


def voucher(date="2021-03-10", no="记-001", amount="100.00", kind="公用经费", economic="30201", project="",
            summary="办公用品", functional="2012950"):
    """One expenditures.csv row under EXPENDITURES_HEADER."""
    return [date, no, summary, "某文具店", "一般公共预算", kind, project, "", functional, economic, amount]


def quota(source="年初", amount="1000.00", kind="公用经费", economic="30201", project="", date="2021-01-15"):
    """One appropriations.csv row under APPROPRIATIONS_HEADER."""
    return ["芦财预〔2021〕1号", "测试指标", source, "一般公共预算", kind, project, "", "2012950", economic, amount, date]


def load_expenditures(tmp_path, rows, encoding="utf-8", name="expenditures.csv"):
    path = write_csv(tmp_path / name, [EXPENDITURES_HEADER, *rows], encoding)
    return load_ledger(path, "expenditures", 2021)


def load_appropriations(tmp_path, rows):
    path = write_csv(tmp_path / "appropriations.csv", [APPROPRIATIONS_HEADER, *rows])
    return load_ledger(path, "appropriations", 2021)


# --- (1) a broken amount rejects that row only --------------------------------------------------------------------


def test_broken_amount_rejects_its_row_and_keeps_the_others(tmp_path):
    frame, record = load_expenditures(tmp_path, [
        voucher(no="记-001", amount="100.00"),  # row 2
        voucher(no="记-002", amount="12,34"),  # row 3: thousands separator in the wrong place
        voucher(no="记-003", amount="250.50"),  # row 4
    ])
    assert list(frame["voucher_no"]) == ["记-001", "记-003"]
    assert list(frame["amount_fen"]) == [10000, 25050]
    assert list(frame["source_row"]) == [2, 4]
    assert (record.rows_read, record.kept, record.normalised, record.rejected) == (3, 2, 0, 1)
    assert record.accounted
    (error,) = record.errors
    assert (error.file, error.row, error.column, error.value) == ("expenditures.csv", 3, "amount", "12,34")
    assert error.message == "thousands separators in the wrong places"
    assert error.hint == "write e.g. 1,234.56 or 1234.56"
    assert str(error) == ("ERROR expenditures.csv, row 3, column amount: thousands separators in the wrong places "
                          "(value '12,34') — hint: write e.g. 1,234.56 or 1234.56")


def test_import_record_as_dict_carries_every_issue(tmp_path):
    _, record = load_expenditures(tmp_path, [voucher(amount="abc")])
    data = record.as_dict()
    assert data["rejected"] == 1
    assert data["encoding"] == "utf-8"
    assert data["issues"] == [{
        "severity": "error", "file": "expenditures.csv", "sheet": None, "row": 2, "column": "amount",
        "value": "abc", "message": "not an amount",
        "hint": "use digits with at most 2 decimals, e.g. 1234.56 or (1234.56)",
        "key": "issue.not_amount", "fields": {},  # the catalogue entry: shown in the reader's language
    }]


# --- (2) encodings ------------------------------------------------------------------------------------------------

CHINESE_ROWS = [
    voucher(no="记-001", summary="归侨座谈会〔2021〕茶歇", amount="1,250.50"),
    voucher(no="记-002", summary="侨联工作经费（调研）", amount="（80.00）"),
    voucher(no="记-003", summary="购买办公用品", amount="３００.００"),
]


@pytest.mark.parametrize(("encoding", "reported"), [("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
                                                      ("gb18030", "gb18030")])
def test_other_encodings_load_identically_to_utf8(tmp_path, encoding, reported):
    utf8_frame, utf8_record = load_expenditures(tmp_path / "utf8", CHINESE_ROWS, "utf-8")
    frame, record = load_expenditures(tmp_path / encoding, CHINESE_ROWS, encoding)
    assert utf8_record.encoding == "utf-8"
    assert record.encoding == reported
    pd.testing.assert_frame_equal(frame, utf8_frame)
    assert list(frame["summary"]) == ["归侨座谈会〔2021〕茶歇", "侨联工作经费（调研）", "购买办公用品"]
    assert list(frame["amount_fen"]) == [125050, -8000, 30000]
    assert [(i.row, i.message) for i in record.issues] == [(i.row, i.message) for i in utf8_record.issues]
    assert record.sha256 != utf8_record.sha256  # the bytes differ, the content does not


def test_gbk_bytes_are_not_valid_utf8(tmp_path):
    """Guard for the test above: the GBK file really is not UTF-8."""
    data = csv_bytes([EXPENDITURES_HEADER, *CHINESE_ROWS], "gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_csv_bytes(data)[1] == "gb18030"


# --- (3) XLSX with title rows, a two-row merged header, 万元 and debit/credit ---------------------------------------


def test_xlsx_title_rows_merged_header_and_wan_yuan(tmp_path):
    path = write_xlsx(tmp_path / "expenditures.xlsx", sheet="支出", rows=[
        ["单位名称：株洲市芦淞区归国华侨联合会"],  # row 1
        ["单位：万元"],  # row 2
        ["日期", "凭证号", "摘要", "预算类型", "支出类型", "项目编码", "功能分类", None, "经济分类", "金额", None],
        [None, None, None, None, None, None, "编码", "名称", None, "借方", "贷方"],  # row 4
        [dt.datetime(2021, 3, 5), "记-001", "基本工资", 111, "人员经费", None, 2012950, "事业运行", 30101,
         0.123456, None],  # row 5: 0.123456 万元 = 1,234.56 元
        [dt.datetime(2021, 3, 6), "记-002", "退回多付办公费", "一般公共预算", "公用经费", None, 2012950.0, "事业运行",
         "30201", None, 0.01],  # row 6: a credit (冲销) of 100 元
        ["合计", None, None, None, None, None, None, None, None, 0.123456, 0.01],  # row 7
    ], merges=["A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "I3:I4", "G3:H3", "J3:K3"])

    frame, record = load_ledger(path, "expenditures", 2021)

    assert record.sheet == "支出"
    assert record.encoding is None
    assert record.header_rows == (3, 4)
    assert record.title_rows == 2
    assert record.unit == "万元"
    assert list(frame["amount_fen"]) == [123456, -10_000]
    assert list(frame["functional_code"]) == ["2012950", "2012950"]
    assert list(frame["economic_code"]) == ["30101", "30201"]
    assert list(frame["budget_type"]) == ["general", "general"]
    assert list(frame["date"]) == [pd.Timestamp("2021-03-05"), pd.Timestamp("2021-03-06")]
    assert list(frame["source_row"]) == [5, 6]
    assert record.errors == []
    assert (record.rows_read, record.normalised, record.dropped_totals) == (3, 2, 1)
    assert record.accounted
    messages = [i.message for i in record.warnings]
    assert "normalised: 2 title row(s) above the header skipped; amounts declared in 万元" in messages
    assert "normalised: total row (合计/小计) dropped" in messages
    assert not any("total row says" in m for m in messages)  # 借方合计 − 贷方合计 matches the kept lines


def test_xlsx_numeric_cells_in_yuan_are_exact(tmp_path):
    path = write_xlsx(tmp_path / "expenditures.xlsx", rows=[
        EXPENDITURES_HEADER,
        ["2021-03-05", "记-001", "办公用品", "某文具店", "一般公共预算", "公用经费", None, None, 2012950, 30201, 1234.56],
        ["2021-03-06", "记-002", "办公用品", "某文具店", "一般公共预算", "公用经费", None, None, 2012950, 30201, 0.1],
        ["2021-03-07", "记-003", "办公用品", "某文具店", "一般公共预算", "公用经费", None, None, 2012950, 30201, 52800],
    ])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert list(frame["amount_fen"]) == [123456, 10, 5280000]
    assert list(frame["functional_code"]) == ["2012950"] * 3
    assert record.issues == []


def test_xlsx_formula_value_with_float_noise_is_rounded_half_up(tmp_path):
    """Excel stores a formula's cached value with 17 digits (=0.07*3 → 0.21000000000000002); openpyxl writes only
    15, so the sheet XML is rewritten to hold the bytes Excel would have written."""
    path = write_xlsx(tmp_path / "expenditures.xlsx", rows=[
        EXPENDITURES_HEADER,
        ["2021-03-07", "记-001", "办公用品", "某文具店", "一般公共预算", "公用经费", None, None, 2012950, 30201, 0.21],
        ["2021-03-08", "记-002", "办公用品", "某文具店", "一般公共预算", "公用经费", None, None, 2012950, 30201, 1234.565],
    ])
    replace_in_xlsx(path, "xl/worksheets/sheet1.xml", b"<v>0.21</v>", b"<v>0.21000000000000002</v>")
    frame, record = load_ledger(path, "expenditures", 2021)
    assert list(frame["amount_fen"]) == [21, 123457]
    assert record.errors == []
    assert [(w.row, w.column, w.message) for w in record.warnings] == [
        (2, "amount", "normalised: numeric cell 0.21000000000000002 rounded to 0.21 元"),
        (3, "amount", "normalised: numeric cell 1234.565 rounded to 1234.57 元"),
    ]


def test_xlsx_amount_column_declared_in_wan_yuan_in_the_header(tmp_path):
    header = [*EXPENDITURES_HEADER[:-1], "金额（万元）"]
    path = write_xlsx(tmp_path / "expenditures.xlsx", rows=[
        header,
        ["2021-03-05", "记-001", "办公用品", "某文具店", "一般公共预算", "公用经费", None, None, 2012950, 30201, 1.5],
        ["合计", None, None, None, None, None, None, None, None, None, 1.5],
    ])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert record.unit == "元"  # no title row declares a unit; the column does
    assert list(frame["amount_fen"]) == [1_500_000]
    assert not any("total row says" in i.message for i in record.issues)


def test_xlsx_sheet_named_like_the_ledger_is_read(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["本表由财务软件导出"])
    sheet = workbook.create_sheet("支出明细")
    for row in [EXPENDITURES_HEADER, voucher(amount="88.00")]:
        sheet.append(row)
    path = tmp_path / "expenditures.xlsx"
    workbook.save(path)
    frame, record = load_ledger(path, "expenditures", 2021)
    assert record.sheet == "支出明细"
    assert list(frame["amount_fen"]) == [8800]


def test_csv_merged_header_exported_with_empty_cells(tmp_path):
    """A merged 金额 exported to CSV leaves the cell over 贷方 empty; it is joined with the cell to its left."""
    path = write_csv(tmp_path / "expenditures.csv", [
        ["日期", "凭证号", "摘要", "预算类型", "支出类型", "功能分类", "经济分类", "金额", ""],
        ["", "", "", "", "", "", "", "借方", "贷方"],
        ["2021-03-05", "记-001", "办公用品", "111", "公用经费", "2012950", "30201", "500.00", ""],
        ["2021-03-06", "记-002", "冲销办公用品", "111", "公用经费", "2012950", "30201", "", "200.00"],
        ["2021-03-07", "记-003", "空行", "111", "公用经费", "2012950", "30201", "", ""],
    ])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert record.header_rows == (1, 2)
    assert list(frame["amount_fen"]) == [50000, -20000]
    (error,) = record.errors
    assert (error.row, error.column, error.message) == (5, "amount", "both debit and credit are empty")
    assert error.hint == "fill 借方 or 贷方"


# --- (4) a missing required column --------------------------------------------------------------------------------


def test_missing_required_column_is_a_file_error_naming_its_aliases(tmp_path):
    header = [h for h in EXPENDITURES_HEADER if h != "摘要"]
    path = write_csv(tmp_path / "expenditures.csv", [
        header,
        ["2021-03-10", "记-001", "某文具店", "一般公共预算", "公用经费", "", "", "2012950", "30201", "100.00"],
        [],
        ["2021-03-11", "记-002", "某文具店", "一般公共预算", "公用经费", "", "", "2012950", "30201", "200.00"],
    ])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert frame.empty
    assert list(frame.columns) == [*OUTPUT_COLUMNS["expenditures"], "source_file", "source_row"]
    (error,) = record.errors
    assert error.file == "expenditures.csv"
    assert (error.row, error.column) == (1, "summary")
    assert error.message == "required column summary (摘要) is missing"
    assert error.hint == "name a column 摘要 or 用途 or 支出摘要; see docs/data-format.md"
    assert (record.rows_read, record.rejected, record.dropped_empty, record.kept) == (3, 2, 1, 0)
    assert record.accounted


def test_no_header_at_all(tmp_path):
    path = write_csv(tmp_path / "expenditures.csv", [["a", "b", "c"], ["1", "2", "3"]])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert frame.empty
    (error,) = record.errors
    assert error.message == "no header row found in the first rows"
    assert "日期 (date)" in error.hint and "金额 (amount)" in error.hint


def test_unknown_column_is_a_warning(tmp_path):
    path = write_csv(tmp_path / "expenditures.csv", [[*EXPENDITURES_HEADER, "备注"], [*voucher(), "急"]])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert len(frame) == 1
    (warning,) = record.warnings
    assert (warning.row, warning.column, warning.message) == (1, "备注", "column not in the data contract, ignored")


# --- (5) unreadable files -----------------------------------------------------------------------------------------


def test_undecidable_encoding_rejects_the_file(tmp_path):
    data = csv_bytes([EXPENDITURES_HEADER], "gbk") + b"2021-03-10,\x80\x80,abc\r\n"  # 0x80 0x80: neither UTF-8 nor GBK
    path = tmp_path / "expenditures.csv"
    path.write_bytes(data)
    frame, record = load_ledger(path, "expenditures", 2021)
    assert frame.empty
    (error,) = record.errors
    assert error.file == "expenditures.csv"
    assert error.message.startswith("cannot decide the encoding: neither UTF-8 nor GBK/GB18030")
    bad_offset = data.index(b"\x80")
    assert f"bad byte at offset {bad_offset}" in error.message
    assert error.hint == "save the file as CSV UTF-8 or as GBK from Excel/WPS"
    assert record.rows_read == 0 and record.accounted


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x00\x00", "file contains NUL bytes: not a text CSV"),
        (b"\x80\x80", "cannot decide the encoding"),
        (b"\xff\xfa\xfa", "cannot decide the encoding"),
    ],
)
def test_unreadable_bytes(data, message):
    with pytest.raises(UnreadableFile, match=message) as caught:
        decode_csv_bytes(data)
    assert caught.value.hint


def test_utf16_with_bom_is_decoded():
    """Issue 8: Excel's "Unicode 文本" (UTF-16 with BOM) is read; it used to be refused."""
    assert decode_csv_bytes("日期,凭证号".encode("utf-16")) == ("日期,凭证号", "utf-16")
    assert decode_csv_bytes(b"\xff\xfe\xfa\x00") == ("\u00fa", "utf-16")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("日期".encode("utf-8-sig"), "utf-8-sig"),
        ("日期".encode(), "utf-8"),
        ("日期".encode("gbk"), "gb18030"),
        (b"date,amount", "utf-8"),
    ],
)
def test_encoding_detection(data, encoding):
    assert decode_csv_bytes(data) == ("日期" if b"date" not in data else "date,amount", encoding)


def test_not_an_xlsx(tmp_path):
    path = tmp_path / "expenditures.xlsx"
    path.write_bytes(b"<html><table><tr><td>1</td></tr></table></html>")
    _, record = load_ledger(path, "expenditures", 2021)
    (error,) = record.errors
    assert error.message.startswith("not a readable .xlsx file")
    assert error.hint == "re-save it as .xlsx"


def test_broken_xls_is_rejected_with_a_hint(tmp_path):
    """Issue 8: .xls files are read (python-calamine); a damaged one is rejected as a whole with a hint."""
    path = tmp_path / "expenditures.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    _, record = load_ledger(path, "expenditures", 2021)
    (error,) = record.errors
    assert error.message.startswith("not a readable .xls file")
    assert "save" in error.hint


# --- (6) total rows -----------------------------------------------------------------------------------------------


def test_total_row_dropped_with_a_warning(tmp_path):
    frame, record = load_expenditures(tmp_path, [
        voucher(no="记-001", amount="100.00"),
        voucher(no="记-002", amount="250.50"),
        ["合计", "", "", "", "", "", "", "", "", "", "350.50"],  # row 4
    ])
    assert list(frame["voucher_no"]) == ["记-001", "记-002"]
    assert (record.kept, record.dropped_totals, record.rows_read) == (2, 1, 3)
    assert record.accounted
    (warning,) = record.warnings
    assert (warning.row, warning.value, warning.message) == (4, "合计", "normalised: total row (合计/小计) dropped")


@pytest.mark.parametrize("label", ["小计", "总计", "本月合计", "本年累计", "合 计", "合计："])
def test_other_total_labels(tmp_path, label):
    frame, record = load_expenditures(tmp_path, [voucher(), [label, "", "", "", "", "", "", "", "", "", "100.00"]])
    assert len(frame) == 1
    assert record.dropped_totals == 1


def test_stale_total_row_is_reported(tmp_path):
    _, record = load_expenditures(tmp_path, [
        voucher(no="记-001", amount="100.00"),
        voucher(no="记-002", amount="250.50"),
        ["合计", "", "", "", "", "", "", "", "", "", "300.00"],  # row 4 says 300.00, the lines sum to 350.50
    ])
    mismatch = [i for i in record.warnings if "total row says" in i.message]
    assert [(i.row, i.column, i.value) for i in mismatch] == [(4, "amount", "300.00")]
    assert mismatch[0].message == "the file's total row says 300.00 but the kept lines sum to 350.50"


def test_empty_rows_are_dropped_silently_but_counted(tmp_path):
    frame, record = load_expenditures(tmp_path, [voucher(no="记-001"), [], ["", "", ""], voucher(no="记-002")])
    assert list(frame["source_row"]) == [2, 5]
    assert (record.rows_read, record.kept, record.dropped_empty) == (4, 2, 2)
    assert record.issues == []
    assert record.accounted


# --- (7) 调减 sign ------------------------------------------------------------------------------------------------


def test_positive_reduction_is_negated_with_a_warning(tmp_path):
    frame, record = load_appropriations(tmp_path, [
        quota(source="年初", amount="6000.00"),
        quota(source="调减", amount="500.00"),  # row 3
        quota(source="收回", amount="-100.00"),  # already negative: kept
    ])
    assert list(frame["source"]) == ["initial", "reduction", "reduction"]
    assert list(frame["amount_fen"]) == [600000, -50000, -10000]
    (warning,) = record.warnings
    assert (warning.row, warning.column, warning.value) == (3, "amount", "500.00")
    assert warning.message == "normalised: positive 调减 amount made negative"
    assert (record.kept, record.normalised) == (2, 1)


# --- (8) dates outside the year -----------------------------------------------------------------------------------


def test_voucher_dated_outside_the_year_is_rejected(tmp_path):
    frame, record = load_expenditures(tmp_path, [
        voucher(no="记-001", date="2021-12-31"),
        voucher(no="记-002", date="2020-12-31"),  # row 3
        voucher(no="记-003", date="2022/1/1"),  # row 4
    ])
    assert list(frame["voucher_no"]) == ["记-001"]
    assert [(e.row, e.column, e.value, e.message) for e in record.errors] == [
        (3, "date", "2020-12-31", "voucher date outside 2021"),
        (4, "date", "2022/1/1", "voucher date outside 2021"),
    ]
    assert record.errors[0].hint == "the 2021 ledger holds vouchers dated 2021 only"
    assert record.rejected == 2 and record.accounted


def test_quota_dated_after_the_year_is_rejected_but_an_earlier_carry_in_is_not(tmp_path):
    frame, record = load_appropriations(tmp_path, [
        quota(source="上年结转", date="2020-12-31"),
        quota(source="追加", date="2022-01-05"),  # row 3
    ])
    assert list(frame["source"]) == ["carry_in"]
    (error,) = record.errors
    assert (error.row, error.message, error.hint) == (3, "quota dated after 2021", "check the 下达日期")


# --- (9) 基本支出 and project lines -------------------------------------------------------------------------------


def test_basic_spending_is_resolved_by_the_economic_code(tmp_path):
    frame, record = load_expenditures(tmp_path, [
        voucher(kind="基本支出", economic="30101"),
        voucher(kind="基本支出", economic="30302"),
        voucher(kind="基本", economic="30201"),
        voucher(kind="基本经费", economic="31002"),
    ])
    assert list(frame["expense_kind"]) == ["personnel", "personnel", "public", "public"]
    assert record.issues == []


def test_stated_kind_contradicting_the_economic_code_is_corrected_with_a_warning(tmp_path):
    frame, record = load_expenditures(tmp_path, [voucher(kind="人员经费", economic="30201")])
    assert list(frame["expense_kind"]) == ["public"]
    (warning,) = record.warnings
    assert (warning.row, warning.column, warning.value) == (2, "expense_kind", "人员经费")
    assert "economic code 30201 is public" in warning.message


def test_project_line_without_project_code_is_rejected(tmp_path):
    frame, record = load_expenditures(tmp_path, [
        voucher(no="记-001", kind="项目支出", project="QL2021001", economic="30299"),
        voucher(no="记-002", kind="项目支出", project="", economic="30299"),  # row 3
    ])
    assert list(frame["voucher_no"]) == ["记-001"]
    assert list(frame["project_code"]) == ["QL2021001"]
    (error,) = record.errors
    assert (error.row, error.column, error.message) == (3, "project_code", "project line without a project code")
    assert error.hint == "fill 项目编码 for every 项目支出 line"


def test_project_code_on_a_basic_line_is_dropped_with_a_warning(tmp_path):
    frame, record = load_expenditures(tmp_path, [voucher(kind="公用经费", project="QL2021001")])
    assert list(frame["project_code"]) == [""]
    (warning,) = record.warnings
    assert warning.message == "normalised: project code on a basic line ignored"


# --- (10) one pass collects every problem -------------------------------------------------------------------------


def test_all_problems_of_a_file_are_collected_in_one_pass(tmp_path):
    frame, record = load_expenditures(tmp_path, [
        voucher(no="记-001"),
        voucher(no="记-002", amount="abc"),  # row 3
        voucher(no="记-003", date="2021-02-30"),  # row 4
        voucher(no="记-004"),
        voucher(no="记-005", economic="30230"),  # row 6
        voucher(no="记-006", kind="行政经费"),  # row 7
    ])
    assert list(frame["voucher_no"]) == ["记-001", "记-004"]
    assert [(e.row, e.column, e.value) for e in record.errors] == [
        (3, "amount", "abc"),
        (4, "date", "2021-02-30"),
        (6, "economic_code", "30230"),
        (7, "expense_kind", "行政经费"),
    ]
    assert all(e.file == "expenditures.csv" and e.hint for e in record.errors)
    assert (record.rows_read, record.kept, record.rejected) == (6, 2, 4)
    assert record.accounted


def test_several_errors_in_one_row_are_all_reported_and_the_row_counted_once(tmp_path):
    _, record = load_expenditures(tmp_path, [voucher(amount="x", date="y", functional="1")])
    assert sorted(e.column for e in record.errors) == ["amount", "date", "functional_code"]
    assert record.rejected == 1 and record.rows_read == 1


# --- source rows and the canonical frame --------------------------------------------------------------------------


def test_source_row_is_the_physical_row_in_the_file(tmp_path):
    path = write_csv(tmp_path / "expenditures.csv", [
        ["单位：元"],  # row 1: a title row
        EXPENDITURES_HEADER,  # row 2
        voucher(no="记-001"),  # row 3
        [],  # row 4
        voucher(no="记-002"),  # row 5
        ["小计", "", "", "", "", "", "", "", "", "", "200.00"],  # row 6
        voucher(no="记-003"),  # row 7
    ])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert list(frame["source_row"]) == [3, 5, 7]
    lines = path.read_text(encoding="utf-8").splitlines()
    for no, row in zip(frame["voucher_no"], frame["source_row"], strict=True):
        assert no in lines[row - 1]
    assert record.header_rows == (2,)
    assert record.title_rows == 1
    assert record.accounted


def test_canonical_frame_columns_and_dtypes(tmp_path):
    frame, _ = load_expenditures(tmp_path, [voucher(amount="1,234.56")])
    assert list(frame.columns) == [*OUTPUT_COLUMNS["expenditures"], "source_file", "source_row"]
    assert frame["amount_fen"].dtype == "int64"
    assert frame["source_row"].dtype == "int64"
    assert frame["date"].dtype == "datetime64[ns]"
    row = frame.iloc[0]
    assert (row["amount_fen"], row["economic_code"], row["source_file"]) == (123456, "30201", "expenditures.csv")


def test_display_name_is_used_in_messages(tmp_path):
    path = write_csv(tmp_path / "expenditures.csv", [EXPENDITURES_HEADER, voucher(amount="abc")])
    _, record = load_ledger(path, "expenditures", 2021, "unit-x/2021/expenditures.csv")
    assert record.file == "unit-x/2021/expenditures.csv"
    assert record.errors[0].location() == "unit-x/2021/expenditures.csv, row 2, column amount"


def test_projects_ledger(tmp_path):
    path = write_csv(tmp_path / "projects.csv", [
        ["项目编码", "项目名称", "是否纳入年初预算", "三级指标", "指标方向", "指标值", "分值"],
        ["QL2021001", "侨联工作经费", "是", "开展侨情调研次数", "≥", "2", "20"],
        ["QL2021002", "归侨慰问", "否", "", "", "", ""],
        ["QL2021003", "侨胞联谊", "也许", "", "", "", ""],  # row 4
    ])
    frame, record = load_ledger(path, "projects", 2021)
    assert list(frame["in_initial_budget"]) == ["yes", "no"]
    assert list(frame["direction"]) == ["ge", ""]
    assert frame["weight"].iloc[0] == 20
    (error,) = record.errors
    assert (error.row, error.column, error.value) == (4, "in_initial_budget", "也许")
    assert "是 (yes)" in error.hint
