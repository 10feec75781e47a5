"""Reading a ledger file into sheets of raw cells, column-wise. Nothing is interpreted beyond decoding.

- Text files (.csv, .txt, .tsv): UTF-8 (with or without BOM), GBK/GB18030, UTF-16 with BOM; comma, tab or
  semicolon separated (sniffed from the first rows); parsed by pyarrow's CSV reader into string columns. Rows whose
  field count differs from the rest (a short 合计 row, an empty line) are parsed one by one and put back in place.
- Spreadsheets (.xlsx, .xlsm, .xls in BIFF, .ods) through python-calamine, every sheet with its visibility; merged
  cells are filled across their range (calamine reports the ranges) so that a two-row header can be joined.
- ``.xls`` files that are really HTML or SpreadsheetML 2003 XML (both common "Excel" exports of web systems) are
  read by :mod:`qlaudit.ledgers.markup`; a ``.xls`` that is plain text is read as text.

Errors that make the whole file unreadable are raised as :class:`UnreadableFile` with a hint.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from qlaudit.ledgers.cells import Cells, object_cells, text_cells

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (".csv", ".xlsx", ".xls", ".txt", ".tsv", ".xlsm", ".ods")
HEAD_ROWS = 40  # rows kept as Python cells for header detection, title blocks and forms
_SNIFF_BYTES = 256 * 1024
_DELIMITERS = (",", "\t", ";")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class UnreadableFile(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Sheet:
    """One sheet (a text file has one, named None): its cells column-wise and its first rows as Python cells."""

    name: str | None
    columns: list[Cells]
    nrows: int
    head: list[list[object]]
    hidden: bool = False


@dataclass
class SourceFile:
    sheets: list[Sheet]
    sha256: str
    format: str  # csv | xlsx | xls | ods | html | xml
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _utf8_valid(data: bytes) -> bool:
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    array = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        array.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 with BOM, UTF-16 with BOM, strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile("file starts like UTF-16 but does not decode as UTF-16",
                                 "save the file as CSV UTF-8 or as Unicode text again") from exc
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


def _utf8_bytes(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes for pyarrow, and the encoding found (decoding in Python only when not UTF-8)."""
    if data.startswith(b"\xef\xbb\xbf"):
        if not _utf8_valid(data[3:]):
            raise UnreadableFile("file has a UTF-8 BOM but is not UTF-8", "save the file as CSV UTF-8 again")
        return data[3:], "utf-8-sig"
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:_SNIFF_BYTES] and _utf8_valid(data):
        if b"\x00" in data:
            raise UnreadableFile("file contains NUL bytes: not a text CSV", "export the ledger as CSV or XLSX")
        return data, "utf-8"
    text, encoding = decode_csv_bytes(data)
    return text.encode("utf-8"), encoding


def _sniff(prefix: str) -> tuple[str, int]:
    """Delimiter (the one giving the widest of the first rows) and that width."""
    best = (",", 0)
    for delimiter in _DELIMITERS:
        rows = list(_head_records(prefix, delimiter))
        width = max((len(r) for r in rows), default=0)
        if width > best[1]:
            best = (delimiter, width)
    return best


def _head_records(prefix: str, delimiter: str, limit: int = HEAD_ROWS) -> list[list[str]]:
    reader = csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter)
    out: list[list[str]] = []
    try:
        for row in reader:
            out.append(row)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def read_text_file(data: bytes) -> SourceFile:
    """A delimited text file as one sheet of string columns."""
    digest = hashlib.sha256(data).hexdigest()
    utf8, encoding = _utf8_bytes(data)
    cut = utf8[:_SNIFF_BYTES]
    prefix = cut.decode("utf-8", errors="ignore")
    if len(utf8) > _SNIFF_BYTES and "\n" in prefix:
        prefix = prefix[: prefix.rfind("\n") + 1]
    delimiter, width = _sniff(prefix)
    if not utf8[:_SNIFF_BYTES].strip() and not utf8[_SNIFF_BYTES:].strip():
        return SourceFile([Sheet(None, [], 0, [])], digest, "csv", encoding, delimiter)
    columns = _parse_delimited(utf8, delimiter, max(width, 1))
    nrows = len(columns[0]) if columns else 0
    sheet = Sheet(None, columns, nrows, _head_from_columns(columns, nrows))
    return SourceFile([sheet], digest, "csv", encoding, delimiter)


def _parse_delimited(utf8: bytes, delimiter: str, width: int) -> list[Cells]:
    names = [f"c{i}" for i in range(width)]
    odd: list[tuple[int | None, str]] = []

    def keep_odd_row(row: pacsv.InvalidRow) -> str:
        odd.append((row.number, row.text))
        return "skip"

    def parse(threads: bool) -> pa.Table:
        return pacsv.read_csv(
            io.BytesIO(utf8),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=threads, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False,
                                              invalid_row_handler=keep_odd_row),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )

    try:
        table = parse(True)
        if odd:  # row numbers of the odd rows are only known when parsing on one thread
            odd.clear()
            table = parse(False)
    except pa.ArrowInvalid as exc:
        raise UnreadableFile(f"not a readable delimited text file ({exc})", "save the ledger as CSV UTF-8") from exc
    if not odd:
        return [text_cells(table.column(i)) for i in range(width)]
    # Odd rows: parse each with the csv module (their count is small) and put them back at their record number.
    parsed = [(int(number or 0) - 1, next(csv.reader([text], delimiter=delimiter), [])) for number, text in odd]
    full_width = max(width, *(len(fields) for _, fields in parsed))
    total = table.num_rows + len(parsed)
    odd_positions = np.array([p for p, _ in parsed], dtype=np.int64)
    is_odd = np.zeros(total, dtype=bool)
    is_odd[odd_positions] = True
    # position in the concatenation (regular rows first, then odd rows) of each final row
    order = np.empty(total, dtype=np.int64)
    order[~is_odd] = np.arange(table.num_rows)
    order[odd_positions] = table.num_rows + np.arange(len(parsed))
    take = pa.array(order)
    columns = []
    for i in range(full_width):
        regular = table.column(i).combine_chunks() if i < width else pa.array([""] * table.num_rows, pa.string())
        extra = pa.array([fields[i] if i < len(fields) else "" for _, fields in parsed], type=pa.string())
        columns.append(text_cells(pa.concat_arrays([regular, extra]).take(take)))
    return columns


def _head_from_columns(columns: list[Cells], nrows: int) -> list[list[object]]:
    return [[c.raw(i) for c in columns] for i in range(min(HEAD_ROWS, nrows))]


def sheet_from_rows(name: str | None, rows: list[list[Any]], hidden: bool = False,
                    merged: list[tuple[tuple[int, int], tuple[int, int]]] | None = None) -> Sheet:
    """A sheet from rectangular or ragged rows of Python cells, merged ranges filled with their top-left value."""
    lengths = set(map(len, rows))
    width = max(lengths, default=0)
    grid = rows if len(lengths) <= 1 else [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    for (r0, c0), (r1, c1) in merged or ():
        if r0 >= len(grid) or c0 >= width:
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            row[c0 : min(c1, width - 1) + 1] = [value] * (min(c1, width - 1) + 1 - c0)
    columns: list[Cells] = []
    if grid and width:
        table = np.empty((len(grid), width), dtype=object)
        table[:] = grid  # one C-level copy of the rows; columns are then views
        columns = [object_cells(table[:, j]) for j in range(width)]
    return Sheet(name, columns, len(grid), [list(r) for r in grid[:HEAD_ROWS]], hidden)


def read_spreadsheet(data: bytes, fmt: str) -> SourceFile:
    import python_calamine as calamine  # imported here: CSV users need not load it

    digest = hashlib.sha256(data).hexdigest()
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
            sheets.append(sheet_from_rows(meta.name, rows, hidden, sheet.merged_cell_ranges))
    except Exception as exc:  # calamine raises several types for a broken file
        raise UnreadableFile(f"not a readable .{fmt} file ({type(exc).__name__})", f"re-save it as .{fmt}") from exc
    return SourceFile(sheets, digest, fmt)


def read_file(path: Path) -> SourceFile:
    """Every sheet of a ledger file (see the module docstring)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(f"unsupported file type {suffix!r}", "use .csv, .txt, .xlsx or .xls")
    data = path.read_bytes()
    if suffix in TEXT_SUFFIXES:
        return read_text_file(data)
    if suffix in (".xlsx", ".xlsm", ".ods"):
        if not data.startswith(b"PK"):
            raise UnreadableFile(f"not a readable {suffix} file (not a zip archive)", f"re-save it as {suffix}")
        return read_spreadsheet(data, suffix[1:])
    # .xls: BIFF, or what web systems save under that name
    if data.startswith(_OLE_MAGIC):
        return read_spreadsheet(data, "xls")
    if data.startswith(b"PK"):
        return read_spreadsheet(data, "xlsx")
    from qlaudit.ledgers import markup

    kind = markup.sniff(data)
    if kind == "xml":
        return markup.read_spreadsheetml(data)
    if kind == "html":
        return markup.read_html(data)
    if len(data) < 8 or (b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise UnreadableFile("not a readable .xls file (neither Excel, HTML, XML nor text)",
                             "open it in Excel/WPS and save as .xlsx or CSV UTF-8")
    return read_text_file(data)
