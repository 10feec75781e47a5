"""Reading a ledger file into a grid of raw cells: encoding detection for CSV, first/named sheet for XLSX.

Nothing is interpreted here beyond decoding: CSV cells stay text, XLSX cells stay what openpyxl gives (str, int,
float, datetime). Merged header cells are filled across their range so that a two-row header can be joined.
Errors that make the whole file unreadable are raised as :class:`UnreadableFile` with a hint.
"""

from __future__ import annotations

import csv
import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from qlaudit.ledgers.schema import LEDGER_LABELS

SUFFIXES = (".csv", ".xlsx")


class UnreadableFile(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class RawGrid:
    """A file's cells as rows (1-based row numbers are list index + 1)."""

    rows: list[list[object]]
    encoding: str | None
    sheet: str | None
    sha256: str


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 with BOM, then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("file is UTF-16", "save the CSV as UTF-8 (CSV UTF-8) or GBK")
    if b"\x00" in data:
        raise UnreadableFile("file contains NUL bytes: not a text CSV", "export the ledger as CSV or XLSX")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"cannot decide the encoding: neither UTF-8 nor GBK/GB18030 (bad byte at offset {exc.start})",
            "save the file as CSV UTF-8 or as GBK from Excel/WPS",
        ) from exc


def read_csv_grid(path: Path) -> RawGrid:
    data = path.read_bytes()
    text, encoding = decode_csv_bytes(data)
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    return RawGrid(rows=rows, encoding=encoding, sheet=None, sha256=hashlib.sha256(data).hexdigest())


def read_xlsx_grid(path: Path, ledger: str) -> RawGrid:
    import openpyxl  # imported here: loading it costs time that CSV users need not pay

    data = path.read_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl warns about unknown extensions/styles
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise UnreadableFile(f"not a readable .xlsx file ({type(exc).__name__})", "re-save it as .xlsx") from exc
    label = LEDGER_LABELS[ledger]
    sheet = next(
        (ws for ws in workbook.worksheets if ws.title in (ledger, label) or label in ws.title),
        workbook.worksheets[0],
    )
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top_left = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                    rows[r - 1][c - 1] = top_left
    return RawGrid(rows=rows, encoding=None, sheet=sheet.title, sha256=hashlib.sha256(data).hexdigest())


def read_grid(path: Path, ledger: str) -> RawGrid:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_grid(path)
    if suffix == ".xlsx":
        return read_xlsx_grid(path, ledger)
    if suffix == ".xls":
        raise UnreadableFile("old .xls files are not read", "open it in Excel/WPS and save as .xlsx or CSV UTF-8")
    raise UnreadableFile(f"unsupported file type {suffix!r}", "use .csv or .xlsx")
