"""findings.xlsx: the working papers for Excel — one row per 底稿 entry (sheet 底稿), one row per evidence line (sheet
证据), Chinese headers.

Safe to open: every text cell is written as text (never as a formula), a cell Excel would read as a formula
(starting with = + - @, tab or carriage return) gets a leading apostrophe (``export.excel_safe``), and control
characters that XML cannot hold are escaped as ``\\x..``. Amounts are exact decimal 元 (``fen_to_yuan``), shown with two
decimals. Deterministic: fixed document dates and zip entry times, so the same entries give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from qlaudit.findings import SEVERITY_LABELS
from qlaudit.money import fen_to_yuan
from qlaudit.report.export import excel_safe
from qlaudit.report.workpapers import Entry

ENTRY_HEADERS = ("索引号", "类别", "规则", "事项", "审计事实", "审计标准", "依据", "原因分析", "影响", "建议措施", "涉及金额（元）",
                 "证据行数", "证据金额合计（元）", "编制人", "编制日期", "复核人", "复核日期")
EVIDENCE_HEADERS = ("索引号", "文件", "行", "日期", "凭证号", "指标文号", "摘要", "收款人", "项目编码", "经济分类", "金额（元）")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FIXED_TIME = dt.datetime(2000, 1, 1)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def cell_text(value: object) -> str:
    text = excel_safe(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _write(ws: Any, row: int, values: tuple[object, ...], money_columns: set[int]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col)
        if col in money_columns and value != "":
            cell.value = value
            cell.number_format = "#,##0.00"
        elif isinstance(value, int) and not isinstance(value, bool):
            cell.value = value
        else:
            cell.value = cell_text(value)
            cell.data_type = "s"  # text, never a formula


def findings_xlsx(entries: list[Entry], preparer: str = "", reviewer: str = "", date: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "底稿"
    _write(sheet, 1, ENTRY_HEADERS, set())
    for n, e in enumerate(entries, 2):
        largest = max((abs(v) for _, v in e.amounts), default=0)
        _write(sheet, n, (e.index, SEVERITY_LABELS[e.severity], e.rule, e.title, e.fact, e.criterion, e.basis, e.cause,
                          e.effect, e.measure, fen_to_yuan(largest) if e.amounts else "", len(e.evidence),
                          fen_to_yuan(sum(x.amount_fen for x in e.evidence)), preparer, date, reviewer, ""), {11, 13})
    evidence = book.create_sheet("证据")
    _write(evidence, 1, EVIDENCE_HEADERS, set())
    row = 2
    for e in entries:
        for x in e.evidence:
            _write(evidence, row, (e.index, x.file, x.row, x.date, x.voucher_no, x.quota_doc, x.summary, x.payee,
                                   x.project_code, x.economic_code, fen_to_yuan(x.amount_fen)), {11})
            row += 1
    for ws, widths in ((sheet, (14, 6, 18, 30, 60, 40, 40, 30, 30, 40, 14, 8, 16, 10, 12, 10, 12)),
                       (evidence, (14, 28, 6, 12, 12, 18, 30, 24, 16, 10, 14))):
        for col, width in enumerate(widths, 1):
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for line in ws.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01 and in the same order: reproducible bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time: pin it
                data = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            dst.writestr(fixed, data)
    return out.getvalue()
