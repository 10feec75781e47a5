"""Word documents: ``.docx`` (Office Open XML) and ``.doc`` / ``.wps`` (the Word 97–2003 binary format).

``.docx`` is read with ``zipfile`` and ``xml.etree``: the paragraphs of ``word/document.xml`` in order, a table as
rows of cells (a nested table's rows after its cell's text).

``.doc`` / ``.wps`` ([MS-DOC]): ``olefile`` opens the OLE2 container; the ``WordDocument`` stream's FIB gives the
main text's length (``ccpText``), the table stream (``0Table``/``1Table``) holds the piece table (``Clx``), which
maps character positions to 8-bit (cp1252) or UTF-16 runs of the file. Paragraphs end with ``\\r``; a table cell
ends with ``\\x07``; the end of a row is the paragraph whose properties carry ``sprmPFTtp`` (read from the FKP pages
of ``PlcBtePapx``), so empty cells are kept in place. Field codes (``\\x13 … \\x14``) are dropped, their results
kept. Encrypted documents and files without a ``WordDocument`` stream are refused with a hint.
"""

from __future__ import annotations

import bisect
import io
import struct
import zipfile
from xml.etree import ElementTree

from qlaudit.lint.read import Block, ReportUnreadable, SourceDocument, paragraphs, row

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- .docx --------------------------------------------------------------------------------------------------------


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _table_blocks(table: ElementTree.Element, number: int) -> list[Block]:
    blocks = []
    for r, tr in enumerate(table.findall(f"{_W}tr"), start=1):
        cells = [" ".join(_paragraph_text(p).strip() for p in tc.iter(f"{_W}p")) for tc in tr.findall(f"{_W}tc")]
        blocks.append(row(cells, f"表{number}第{r}行"))
    return blocks


def docx_document(data: bytes, name: str) -> SourceDocument:
    """The paragraphs and table rows of a .docx body."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except zipfile.BadZipFile as exc:
        raise ReportUnreadable(f"{name}: not a .docx (not a zip archive); save it again as .docx") from exc
    except KeyError as exc:
        raise ReportUnreadable(f"{name}: no word/document.xml inside: not a Word document") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ReportUnreadable(f"{name}: word/document.xml is not valid XML ({exc})") from exc
    body = root.find(f"{_W}body")
    if body is None:
        raise ReportUnreadable(f"{name}: the document has no body")
    blocks: list[Block] = []
    tables = 0
    for child in body:
        if child.tag == f"{_W}p":
            blocks.extend(paragraphs(_paragraph_text(child)))
        elif child.tag == f"{_W}tbl":
            tables += 1
            blocks.extend(_table_blocks(child, tables))
        elif child.tag == f"{_W}sdt":  # content control: its paragraphs in order
            for p in child.iter(f"{_W}p"):
                blocks.extend(paragraphs(_paragraph_text(p)))
    return SourceDocument(name, "docx", tuple(blocks), (f"docx：{tables} 个表格按行读取",) if tables else ())


# --- .doc / .wps --------------------------------------------------------------------------------------------------

_SPRM_TTP = (0x2417, 0x244C)  # sprmPFTtp, sprmPFInnerTtp
_SPRM_IN_TABLE = (0x2416,)  # sprmPFInTable


class _Pieces:
    """The piece table: character position → file offset and width."""

    def __init__(self, clx: bytes, name: str) -> None:
        at = 0
        while at < len(clx) and clx[at] == 0x01:  # Prc: property modifiers, skipped
            at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
        if at >= len(clx) or clx[at] != 0x02:
            raise ReportUnreadable(f"{name}: the .doc piece table cannot be read; save the report as .docx")
        size = struct.unpack_from("<I", clx, at + 1)[0]
        plc = clx[at + 5: at + 5 + size]
        count = (size - 4) // 12
        self.cps = list(struct.unpack_from(f"<{count + 1}I", plc, 0))
        self.pieces = []
        for i in range(count):
            fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
            compressed = bool(fc & 0x40000000)
            self.pieces.append(((fc & 0x3FFFFFFF) // 2 if compressed else fc, compressed))

    def text(self, word: bytes, limit: int) -> str:
        parts = []
        for i, (offset, compressed) in enumerate(self.pieces):
            start, end = self.cps[i], min(self.cps[i + 1], limit)
            if start >= limit:
                break
            n = end - start
            raw = word[offset: offset + (n if compressed else 2 * n)]
            parts.append(raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace"))
        return "".join(parts)

    def fc(self, cp: int) -> int:
        """File offset of the character at ``cp``."""
        i = bisect.bisect_right(self.cps, cp) - 1
        offset, compressed = self.pieces[min(i, len(self.pieces) - 1)]
        return offset + (cp - self.cps[i]) * (1 if compressed else 2)


def _sprm_size(sprm: int, grpprl: bytes, at: int) -> int:
    spra = sprm >> 13
    if spra == 6:
        return (struct.unpack_from("<H", grpprl, at)[0] + 1 if sprm == 0xD608 else grpprl[at]) + 1
    return {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}[spra]


def _flags(grpprl: bytes) -> tuple[bool, bool]:
    """(in a table, ends a row) of a paragraph's properties."""
    at, in_table, ttp = 2, False, False  # after the istd
    while at + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, at)[0]
        at += 2
        if at >= len(grpprl):
            break
        in_table = in_table or (sprm in _SPRM_IN_TABLE and grpprl[at] == 1)
        ttp = ttp or (sprm in _SPRM_TTP and grpprl[at] == 1)
        at += _sprm_size(sprm, grpprl, at)
    return in_table, ttp


def _paragraph_runs(word: bytes, table: bytes, fib: dict[str, int]) -> list[tuple[int, int, bool, bool]]:
    """(first fc, limit fc, in a table, ends a row) of the paragraphs the FKP pages describe."""
    found = []
    fc, lcb = fib["fcPlcfBtePapx"], fib["lcbPlcfBtePapx"]
    count = (lcb - 4) // 8
    pages = struct.unpack_from(f"<{count}I", table, fc + 4 * (count + 1)) if count > 0 else ()
    for page in pages:
        fkp = word[page * 512: page * 512 + 512]
        if len(fkp) < 512:
            continue
        runs = fkp[511]
        fcs = struct.unpack_from(f"<{runs + 1}I", fkp, 0)
        for i in range(runs):
            offset = fkp[4 * (runs + 1) + 13 * i] * 2
            flags = (False, False)
            if offset:
                cb = fkp[offset]
                start, length = (offset + 1, 2 * cb - 1) if cb else (offset + 2, 2 * fkp[offset + 1])
                flags = _flags(fkp[start: start + length])
            found.append((fcs[i], fcs[i + 1], *flags))
    return sorted(found)


def _fib(word: bytes, name: str) -> dict[str, int]:
    if len(word) < 0x200 or struct.unpack_from("<H", word, 0)[0] != 0xA5EC:
        raise ReportUnreadable(f"{name}: not a Word 97–2003 document (no FIB); save the report as .docx")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & 0x0100:
        raise ReportUnreadable(f"{name}: the document is password-protected; save an unprotected copy")
    csw = struct.unpack_from("<H", word, 32)[0]
    lw = 32 + 2 + 2 * csw + 2  # FibRgLw97
    cslw = struct.unpack_from("<H", word, lw - 2)[0]
    fclcb = lw + 4 * cslw + 2  # FibRgFcLcbBlob
    pair = lambda i: struct.unpack_from("<II", word, fclcb + 8 * i)  # noqa: E731
    return {"table": 1 if flags & 0x0200 else 0, "ccpText": struct.unpack_from("<i", word, lw + 12)[0],
            "fcPlcfBtePapx": pair(13)[0], "lcbPlcfBtePapx": pair(13)[1], "fcClx": pair(33)[0], "lcbClx": pair(33)[1]}


def _clean(text: str) -> str:
    """Field codes dropped (their results kept), special characters removed."""
    out, depth, hiding = [], 0, []
    for ch in text:
        if ch == "\x13":
            depth += 1
            hiding.append(True)
        elif ch == "\x14" and hiding:
            hiding[-1] = False
        elif ch == "\x15" and hiding:
            hiding.pop()
            depth -= 1
        elif hiding and hiding[-1]:
            continue
        elif ch in "\x01\x08\x1f":
            continue
        else:
            out.append({"\x0b": "\n", "\x1e": "-", "\xa0": " "}.get(ch, ch))
    return "".join(out)


def doc_document(data: bytes, name: str, kind: str = "doc") -> SourceDocument:
    """The paragraphs and table rows of a Word 97–2003 (.doc) or WPS (.wps) document."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise ReportUnreadable(f"{name}: not an OLE2 document ({exc}); save the report as .docx") from exc
    with ole:
        if not ole.exists("WordDocument"):
            raise ReportUnreadable(f"{name}: no WordDocument stream: not a Word/WPS text document")
        word = ole.openstream("WordDocument").read()
        fib = _fib(word, name)
        stream = f"{fib['table']}Table"
        if not ole.exists(stream):
            raise ReportUnreadable(f"{name}: the {stream} stream is missing; save the report as .docx")
        table = ole.openstream(stream).read()
    pieces = _Pieces(table[fib["fcClx"]: fib["fcClx"] + fib["lcbClx"]], name)
    text = pieces.text(word, fib["ccpText"])
    runs = _paragraph_runs(word, table, fib)
    starts = [r[0] for r in runs]

    def flags(cp: int) -> tuple[bool, bool]:
        fc = pieces.fc(cp)
        i = bisect.bisect_right(starts, fc) - 1
        return (runs[i][2], runs[i][3]) if i >= 0 and runs[i][0] <= fc < runs[i][1] else (False, False)

    blocks: list[Block] = []
    cells: list[str] = []
    current: list[str] = []
    tables, rows = 0, 0
    for cp, ch in enumerate(text):
        if ch == "\x07":
            if flags(cp)[1]:
                if not rows:
                    tables += 1
                rows += 1
                blocks.append(row(cells, f"表{tables}第{rows}行"))
                cells = []
            else:
                cells.append(_clean("".join(current)).replace("\r", " ").strip())
            current = []
        elif ch == "\r" and not cells and not flags(cp)[0]:
            blocks.extend(paragraphs(_clean("".join(current))))
            current, rows = [], 0
        elif ch == "\r":
            current.append("\n")
        elif ch == "\x0c":
            blocks.extend(paragraphs(_clean("".join(current))))
            current = []
        else:
            current.append(ch)
    if current:
        blocks.extend(paragraphs(_clean("".join(current))))
    return SourceDocument(name, kind, tuple(blocks), (f"{kind}：{tables} 个表格按行读取",) if tables else ())
