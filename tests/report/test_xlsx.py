"""findings.xlsx: Chinese headers, one row per 底稿 entry, one per evidence line; formula-safe; reproducible bytes."""

import io

from openpyxl import load_workbook

from qlaudit.report.workpapers import Entry, EvidenceLine
from qlaudit.report.xlsx import ENTRY_HEADERS, EVIDENCE_HEADERS, findings_xlsx

HOSTILE = '=HYPERLINK("http://x","点我")'


def entries() -> list[Entry]:
    evidence = (EvidenceLine("f.csv", 3, "2021-01-02", "记-001", "芦财预〔2021〕1号", "@SUM(A1)", "+张三\x07", "QL-001",
                             "30201", 12_345),
                EvidenceLine("f.csv", 4, "2021-01-03", "-记-002", "", "办公用品", "株洲市某公司", "", "30201", -345))
    return [Entry("DG-2021-001", "DUP-EXACT", "warning", HOSTILE, "事实", "标准", "依据", "原因", "影响", "措施",
                  (("spent", 12_000),), evidence),
            Entry("DG-2021-002", "INDICATOR", "warning", "指标未达成", "事实", "", "", "", "", "", (), ())]


def test_sheets_headers_rows_and_exact_amounts():
    book = load_workbook(io.BytesIO(findings_xlsx(entries(), "张审计", "", "2022-03-31")))
    assert book.sheetnames == ["底稿", "证据"]
    main, lines = book["底稿"], book["证据"]
    assert tuple(c.value for c in main[1]) == ENTRY_HEADERS and tuple(c.value for c in lines[1]) == EVIDENCE_HEADERS
    assert main.max_row == 3 and lines.max_row == 3
    assert main["A2"].value == "DG-2021-001" and main["N2"].value == "张审计"
    assert str(main["K2"].value) == "120" and str(main["M2"].value) == "120"  # 12,000 分; evidence 12,345 − 345 分
    assert str(lines["K2"].value) == "123.45" and lines["K2"].number_format == "#,##0.00"


def test_cells_are_text_never_formulas():
    book = load_workbook(io.BytesIO(findings_xlsx(entries())))
    main, lines = book["底稿"], book["证据"]
    assert main["D2"].value == "'" + HOSTILE and main["D2"].data_type == "s"
    assert lines["G2"].value == "'@SUM(A1)" and lines["E3"].value == "'-记-002"
    assert lines["H2"].value == "'+张三\\x07"  # control character escaped, not dropped
    every = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in every)


def test_same_entries_give_the_same_bytes():
    assert findings_xlsx(entries()) == findings_xlsx(entries())
