"""findings.csv for Excel: deterministic, UTF-8 with BOM, safe against formula injection."""

import csv
import io

from qlaudit.findings import Evidence, Finding
from qlaudit.report.export import excel_safe, findings_csv


def test_formula_like_text_is_neutralised_but_numbers_are_not():
    assert excel_safe('=HYPERLINK("http://x","点我")') == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert excel_safe("+1+2") == "'+1+2" and excel_safe("@SUM(A1)") == "'@SUM(A1)" and excel_safe("\tx") == "'\tx"
    assert excel_safe("-12.50") == "-12.50" and excel_safe("慰问") == "慰问"


def test_csv_rows_are_sorted_escaped_and_stable():
    hostile = Finding("DUP-EXACT", "warning", "=cmd|' /C calc'!A0", "说明", "S", (("spent", -150),),
                      (Evidence("f.csv", 3, "2021-01-02", "记-001", "=1+1", "", "", "30201", -150),))
    info = Finding("REC-TOTAL", "info", "一致", "说明", passed=True)
    text = findings_csv([info, hostile])
    assert text.startswith("\ufeff") and text == findings_csv([hostile, info])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][0] == "DUP-EXACT" and rows[1][4] == "'=cmd|' /C calc'!A0"
    assert rows[1][6] == "spent=-1.50" and rows[1][9] == "-1.50"
    assert rows[2][:3] == ["REC-TOTAL", "info", "yes"]
