"""Readers for the two markup files that finance web systems save under a ``.xls`` name.

- HTML (``<table>`` with ``<tr>``/``<td>``/``<th>``; colspan and rowspan kept as merged ranges, filled in the header
  rows only, like a spreadsheet's merged cells): one sheet per table that has rows. A span, a row index or a merge
  beyond the rows/columns limits (:mod:`qlaudit.limits`) is refused before anything is expanded. The charset
  comes from a BOM, a ``<meta charset>``, or UTF-8 then GB18030.
- SpreadsheetML 2003 (``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``): one sheet per
  ``<Worksheet>``, ``ss:Index`` gaps, ``ss:MergeAcross``/``ss:MergeDown`` as merged ranges, Number and DateTime
  cells typed, hidden sheets marked. A file that declares a DOCTYPE or an ENTITY is refused before parsing (no entity
  expansion, no external references).

Both give :class:`qlaudit.ledgers.read.Sheet` objects of Python cells, like python-calamine does for real Excel files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import xml.etree.ElementTree as ET

from qlaudit import limits
from qlaudit.ledgers.read import Sheet, SourceFile, UnreadableFile, decode_csv_bytes, sheet_from_rows

_SS = "urn:schemas-microsoft-com:office:spreadsheet"
_TAG = re.compile(r"<\s*(/?)\s*(table|tr|td|th)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""(colspan|rowspan)\s*=\s*["']?(\d+)""", re.IGNORECASE)
_INNER_TAG = re.compile(r"<br\s*/?>|<[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def sniff(data: bytes) -> str | None:
    """'xml' for SpreadsheetML, 'html' for an HTML table, None otherwise (from the first bytes)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = data[:8192].decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "xml"
    if lowered.startswith(b"<") and (b"<table" in lowered or b"<html" in lowered):
        return "html"
    return None


def _decode_markup(data: bytes) -> tuple[str, str]:
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = m[1].decode("ascii").lower()
        name = "gb18030" if name in ("gbk", "gb2312", "gb18030") else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_csv_bytes(data.replace(b"\x00", b"") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else data)


def _cell_text(fragment: str) -> str:
    return html.unescape(_INNER_TAG.sub(lambda m: "\n" if m[0].lower().startswith("<br") else "", fragment)).strip()


def read_html(data: bytes) -> SourceFile:
    text, encoding = _decode_markup(data)
    bounds = limits.current()
    tables: list[list[list[object]]] = []
    merges: list[list[tuple[tuple[int, int], tuple[int, int]]]] = []
    rows: list[list[object]] | None = None
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    pending: dict[tuple[int, int], bool] = {}  # cells covered by a rowspan from above
    cell_start: int | None = None
    cell_span = (1, 1)
    for m in _TAG.finditer(text):
        closing, tag = m[1] == "/", m[2].lower()
        if tag == "table" and not closing:
            rows, spans, pending = [], [], {}
        elif tag == "table" and closing and rows is not None:
            if rows:
                tables.append(rows)
                merges.append(spans)
            rows = None
        elif rows is None:
            continue
        elif tag == "tr" and not closing:
            rows.append([])
        elif tag in ("td", "th") and not closing:
            cell_start = m.end()
            attrs = dict((k.lower(), int(v)) for k, v in _ATTR.findall(m[3]))
            cell_span = (max(attrs.get("rowspan", 1), 1), max(attrs.get("colspan", 1), 1))
            limits.check(f"a cell of row {len(rows)} spans {cell_span[0]:,} rows", "rows", cell_span[0], bounds)
            limits.check(f"a cell of row {len(rows)} spans {cell_span[1]:,} columns", "columns", cell_span[1], bounds)
            limits.check(f"a cell of row {len(rows)} spans {cell_span[0] * cell_span[1]:,} cells", "cells",
                         len(pending) + cell_span[0] * cell_span[1], bounds)
        elif tag in ("td", "th") and closing and cell_start is not None and rows:
            row = rows[-1]
            r = len(rows) - 1
            limits.check(f"row {r + 1} has {len(row) + cell_span[1]:,} cells", "columns", len(row) + cell_span[1],
                         bounds)
            while pending.pop((r, len(row)), False):
                row.append("")
            c = len(row)
            row.append(_cell_text(text[cell_start : m.start()]))
            row.extend([""] * (cell_span[1] - 1))
            if cell_span != (1, 1):
                spans.append(((r, c), (r + cell_span[0] - 1, c + cell_span[1] - 1)))
                for dr in range(1, cell_span[0]):
                    for dc in range(cell_span[1]):
                        pending[(r + dr, c + dc)] = True
            cell_start = None
    if not tables:
        raise UnreadableFile("the .xls file is HTML without a table", "export the ledger again as Excel or CSV")
    digest = hashlib.sha256(data).hexdigest()
    sheets = [sheet_from_rows(f"table{i + 1}" if len(tables) > 1 else "table1", t, False, s)
              for i, (t, s) in enumerate(zip(tables, merges, strict=True))]
    return SourceFile(sheets, digest, "html", encoding)


def _ss(name: str) -> str:
    return f"{{{_SS}}}{name}"


def _typed(data: ET.Element | None) -> object:
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(_ss("Type"), "String")
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(text.rstrip("Z")[:19])
        except ValueError:
            return text
    return text


def _index(value: str | None, what: str, bound: int) -> int | None:
    """An ss:Index / ss:MergeAcross / ss:MergeDown attribute: a whole number within the rows or columns limit."""
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError as exc:
        raise UnreadableFile(f"not a readable SpreadsheetML file (a {what} index {value!r})", "re-save it as .xlsx") \
            from exc
    if number < 0:
        raise UnreadableFile(f"not a readable SpreadsheetML file (a {what} index {value!r})", "re-save it as .xlsx")
    if number > bound:
        raise limits.LimitExceeded(f"a {what} index of {number:,}", "rows" if what == "row" else "columns", bound)
    return number


def read_spreadsheetml(data: bytes) -> SourceFile:
    head = data[:65536]
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in data.upper():
        raise UnreadableFile("the XML file declares a DOCTYPE or entities, which are not read",
                             "export the ledger again as .xlsx or CSV")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise UnreadableFile(f"not a readable SpreadsheetML file ({exc})", "re-save it as .xlsx") from exc
    sheets: list[Sheet] = []
    bounds = limits.current()
    for ws in root.iter(_ss("Worksheet")):
        name = ws.get(_ss("Name")) or f"Sheet{len(sheets) + 1}"
        rows: list[list[object]] = []
        merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
        table = ws.find(_ss("Table"))
        for row_el in table.iter(_ss("Row")) if table is not None else ():
            index = _index(row_el.get(_ss("Index")), "row", bounds.rows)
            while index is not None and len(rows) < int(index) - 1:
                rows.append([])
            r = len(rows)
            row: list[object] = []
            for cell in row_el.iter(_ss("Cell")):
                col = _index(cell.get(_ss("Index")), "column", bounds.columns)
                while col is not None and len(row) < int(col) - 1:
                    row.append("")
                c = len(row)
                row.append(_typed(cell.find(_ss("Data"))))
                across = _index(cell.get(_ss("MergeAcross"), "0"), "column", bounds.columns) or 0
                down = _index(cell.get(_ss("MergeDown"), "0"), "row", bounds.rows) or 0
                limits.check(f"row {r + 1} has {len(row) + across:,} cells", "columns", len(row) + across, bounds)
                row.extend([""] * across)
                if across or down:
                    merged.append(((r, c), (r + down, c + across)))
            rows.append(row)
        for (_r0, _c0), (r1, _c1) in merged:  # rows covered by MergeDown must exist to be filled
            while len(rows) <= r1:
                rows.append([])
        options = ws.find("{urn:schemas-microsoft-com:office:excel}WorksheetOptions")
        visible = options.findtext("{urn:schemas-microsoft-com:office:excel}Visible") if options is not None else None
        sheets.append(sheet_from_rows(name, rows, visible in ("SheetHidden", "SheetVeryHidden"), merged))
    if not sheets:
        raise UnreadableFile("the SpreadsheetML file has no worksheet", "export the ledger again")
    return SourceFile(sheets, hashlib.sha256(data).hexdigest(), "xml", "utf-8")
