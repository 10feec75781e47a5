"""Reading a ledger file into sheets of raw cells, column-wise. Nothing is interpreted beyond decoding.

- Text files (.csv, .txt, .tsv): UTF-8 (with or without BOM), GBK/GB18030, UTF-16 with BOM; comma, tab or
  semicolon separated (sniffed from the first rows); parsed by pyarrow's CSV reader into string columns. Rows whose
  field count differs from the rest (a short 合计 row, an empty line) are parsed one by one and put back in place.
- Spreadsheets (.xlsx, .xlsm, .xls in BIFF, .ods) through python-calamine, every sheet with its visibility. Merged
  cells are filled across their range only in the sheet's first rows as kept for header detection (``head``: a
  two-row header is joined, a title spread over a row is read); the data columns keep each merged range's value in
  its first cell only and the ranges are listed (``merged``), so that a merged cell never invents a value for the
  rows under it (:mod:`qlaudit.ledgers.sheetload` names such ranges in the import log).
- Limits (:mod:`qlaudit.limits`) are checked before anything the file controls is built: the file's size; a zip
  container's decompressed size and each sheet's declared dimension; a sheet's rows × columns before its cells
  become Python objects; a text file's width before odd rows are expanded; then rows, columns and the length of
  every cell. A limit reached makes the file unreadable with the limit named. An .xlsx formula cell without a
  stored value (a file written by a program that does not calculate) reads as empty and is noted.
- ``.xls`` files that are really HTML or SpreadsheetML 2003 XML (both common "Excel" exports of web systems) are
  read by :mod:`qlaudit.ledgers.markup`; a ``.xls`` that is plain text is read as text.

Errors that make the whole file unreadable are raised as :class:`UnreadableFile` with a hint.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from qlaudit import inputs, limits
from qlaudit.errors import QlauditError
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

    @classmethod
    def from_limit(cls, err: limits.LimitExceeded) -> UnreadableFile:
        return cls(str(err), err.hint)


#: A merged range: ((first row, first column), (last row, last column)), 0-based, inclusive.
Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Sheet:
    """One sheet (a text file has one, named None): its cells column-wise, its first rows as Python cells (merged
    ranges filled there) and its merged ranges."""

    name: str | None
    columns: list[Cells]
    nrows: int
    head: list[list[object]]
    hidden: bool = False
    merged: list[Merge] = field(default_factory=list)


@dataclass
class SourceFile:
    sheets: list[Sheet]
    sha256: str
    format: str  # csv | xlsx | xls | ods | html | xml
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _utf8_valid(data: bytes) -> bool:
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    array = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        array.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 with BOM, UTF-16 with BOM, strict UTF-8, then GB18030 (a superset of GBK); a
    UTF-8 file with a few bad bytes is an error naming the line (:func:`qlaudit.inputs.decode`)."""
    try:
        return inputs.decode(data)
    except inputs.UndecodableText as err:
        raise UnreadableFile(err.message, err.hint) from err


def _utf8_bytes(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes for pyarrow, and the encoding found (decoding in Python only when not UTF-8)."""
    if data.startswith(b"\xef\xbb\xbf"):
        if not _utf8_valid(data[3:]):
            decode_csv_bytes(data)  # raises, naming the line of the first bad byte
        return data[3:], "utf-8-sig"
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:_SNIFF_BYTES] and _utf8_valid(data):
        if b"\x00" in data:
            decode_csv_bytes(data)  # raises, naming the line of the first NUL byte
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


def column_letter(j: int) -> str:
    """0 → A, 26 → AA (the spreadsheet name of a column, also used for a CSV's fields)."""
    letters = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_cells(columns: list[Cells], bounds: limits.Limits) -> None:
    """The length of every cell within ``cell_chars`` (column-wise); the first cell over it is named."""
    for j, column in enumerate(columns):
        lengths = pc.utf8_length(column.text)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > bounds.cell_chars:
            row = pc.index(pc.greater(lengths, bounds.cell_chars), True).as_py()
            raise limits.LimitExceeded(f"row {row + 1}, column {column_letter(j)}: a cell of {longest:,} characters",
                                       "cell_chars", bounds.cell_chars)


def check_shape(what: str, rows: int, columns: int, bounds: limits.Limits, cells: bool = False) -> None:
    """Rows and columns (and, for spreadsheets held as Python cells, rows × columns) within the limits."""
    limits.check(f"{what} has {rows:,} rows", "rows", rows, bounds)
    limits.check(f"{what} has {columns:,} columns", "columns", columns, bounds)
    if cells:
        limits.check(f"{what} has {rows:,} rows × {columns:,} columns = {rows * columns:,} cells", "cells",
                     rows * columns, bounds)


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
    bounds = limits.current()
    try:
        check_shape("the file", 0, width, bounds)
        columns = _parse_delimited(utf8, delimiter, max(width, 1), bounds)
        nrows = len(columns[0]) if columns else 0
        check_shape("the file", nrows, len(columns), bounds)
        check_cells(columns, bounds)
    except limits.LimitExceeded as err:
        raise UnreadableFile.from_limit(err) from err
    sheet = Sheet(None, columns, nrows, _head_from_columns(columns, nrows))
    return SourceFile([sheet], digest, "csv", encoding, delimiter)


def _parse_delimited(utf8: bytes, delimiter: str, width: int, bounds: limits.Limits) -> list[Cells]:
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
    check_shape("the file", table.num_rows + len(odd), width, bounds)
    if not odd:
        return [text_cells(table.column(i)) for i in range(width)]
    # Odd rows: parse each with the csv module (their count is small) and put them back at their record number.
    try:
        parsed = [(int(number or 0) - 1, next(csv.reader([text], delimiter=delimiter), [])) for number, text in odd]
    except csv.Error as exc:  # a field over the csv module's own limit (128 KiB) is over cell_chars too
        number = next((n for n, text in odd if len(text) > bounds.cell_chars), None)
        raise limits.LimitExceeded(f"row {number}: a cell of more than {bounds.cell_chars:,} characters ({exc})",
                                   "cell_chars", bounds.cell_chars) from exc
    widest, widest_fields = max(parsed, key=lambda p: len(p[1]))
    full_width = max(width, len(widest_fields))
    limits.check(f"row {widest + 1} has {len(widest_fields):,} fields", "columns", full_width, bounds)
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
                    merged: list[Merge] | None = None) -> Sheet:
    """A sheet from rectangular or ragged rows of Python cells. Merged ranges are filled with their top-left value
    in ``head`` only (header and title block); the columns keep each range's value in its first cell."""
    lengths = set(map(len, rows))
    width = max(lengths, default=0)
    grid = rows if len(lengths) <= 1 else [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    columns: list[Cells] = []
    if grid and width:
        table = np.empty((len(grid), width), dtype=object)
        table[:] = grid  # one C-level copy of the rows; columns are then views
        columns = [object_cells(table[:, j]) for j in range(width)]
    head = [list(r) for r in grid[:HEAD_ROWS]]
    ranges: list[Merge] = []
    for (r0, c0), (r1, c1) in merged or ():
        r1, c1 = min(r1, len(grid) - 1), min(c1, width - 1)
        if r0 > r1 or c0 > c1 or (r0, c0) == (r1, c1):
            continue
        ranges.append(((r0, c0), (r1, c1)))
        if r0 < len(head):
            value = head[r0][c0]
            for r in range(r0, min(r1, len(head) - 1) + 1):
                head[r][c0 : c1 + 1] = [value] * (c1 + 1 - c0)
    return Sheet(name, columns, len(grid), head, hidden, ranges)


_DIMENSION = re.compile(rb"<dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
#: a cell holding a formula and no stored value: <c …><f>…</f></c>, <c …><f …/><v/></c>
_FORMULA_NO_VALUE = re.compile(rb"<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


class _ZipInspector:
    """What the .xlsx/.ods size check sees of each part: sheet dimensions, merged ranges, formulas without values."""

    def __init__(self, bounds: limits.Limits) -> None:
        self.bounds = bounds
        self.formulas = 0
        self.tail = b""

    def __call__(self, name: str, chunk: bytes, first: bool) -> None:
        if not name.startswith("xl/worksheets/") or not name.endswith(".xml"):
            return
        sheet = name.rsplit("/", 1)[-1]
        if first:
            self.tail = b""
            m = _DIMENSION.search(chunk[:4096])
            if m and m[4]:
                rows, columns = int(m[4]), _column_number(m[3])
                check_shape(f"part {sheet} declares {m[0].decode(errors='replace').split('=')[-1]}, which",
                            rows, columns, self.bounds, cells=True)
        limits.check(f"part {sheet} has merged ranges", "rows", chunk.count(b"<mergeCell "), self.bounds)
        window = self.tail + chunk
        if b"<f" in window:
            self.formulas += len(_FORMULA_NO_VALUE.findall(window))
            self.formulas -= len(_FORMULA_NO_VALUE.findall(self.tail)) if self.tail else 0
        self.tail = chunk[-512:]


def read_spreadsheet(data: bytes, fmt: str) -> SourceFile:
    import python_calamine as calamine  # imported here: CSV users need not load it

    digest = hashlib.sha256(data).hexdigest()
    bounds = limits.current()
    inspector = _ZipInspector(bounds)
    notes: list[str] = []
    try:
        if data.startswith(b"PK"):
            limits.check_zip(data, f"the .{fmt} file", bounds, inspector)
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end
            if end is not None:  # the cells are held as Python objects: their count is checked before they are made
                check_shape(f"sheet {meta.name}", end[0] + 1, end[1] + 1, bounds, cells=True)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
            hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
            read = sheet_from_rows(meta.name, rows, hidden, merged)
            check_cells(read.columns, bounds)
            sheets.append(read)
    except limits.LimitExceeded as err:
        raise UnreadableFile.from_limit(err) from err
    except QlauditError as err:  # a damaged zip part
        raise UnreadableFile(f"not a readable .{fmt} file: {err}", f"re-save it as .{fmt}") from err
    except Exception as exc:  # calamine raises several types for a broken file
        raise UnreadableFile(f"not a readable .{fmt} file ({type(exc).__name__})", f"re-save it as .{fmt}") from exc
    if inspector.formulas:
        notes.append(f"{inspector.formulas} formula cell(s) have no stored value and read as empty: the file was "
                     "written by a program that does not calculate formulas; open it in Excel/WPS and save it again")
    return SourceFile(sheets, digest, fmt, notes=notes)


def read_file(path: Path) -> SourceFile:
    """Every sheet of a ledger file (see the module docstring)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(f"unsupported file type {suffix!r}", "use .csv, .txt, .xlsx or .xls")
    try:
        limits.check_file_size(path)
        data = path.read_bytes()
    except limits.LimitExceeded as err:
        raise UnreadableFile.from_limit(err) from err
    except OSError as err:
        raise UnreadableFile(f"cannot be read ({err.strerror})", "check that the file exists and may be read") \
            from err
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
    if kind in ("xml", "html"):
        try:
            source = markup.read_spreadsheetml(data) if kind == "xml" else markup.read_html(data)
            bounds = limits.current()
            for sheet in source.sheets:
                check_shape(f"sheet {sheet.name}", sheet.nrows, len(sheet.columns), bounds, cells=True)
                check_cells(sheet.columns, bounds)
        except limits.LimitExceeded as err:
            raise UnreadableFile.from_limit(err) from err
        return source
    if len(data) < 8 or (b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise UnreadableFile("not a readable .xls file (neither Excel, HTML, XML nor text)",
                             "open it in Excel/WPS and save as .xlsx or CSV UTF-8")
    return read_text_file(data)
