"""Reading a unit's report into one document model: paragraphs and table rows, each with where it was found.

Formats and readers (each in its own module, each raising :class:`ReportUnreadable` with a hint):

- ``.txt`` (UTF-8 or GB18030) and ``.md`` here: one paragraph per line, so line numbers are the file's.
- ``.docx`` (``read_office``): ``zipfile`` + ``xml.etree`` of the standard library (the format is a zip of XML;
  no dependency needed); tables as rows of cells.
- ``.doc`` and ``.wps`` (``read_office``): the Word 97–2003 binary format, which WPS Office also writes; the
  OLE container is opened with ``olefile`` (maintained, pure Python, the reference reader of OLE2 files), and the
  text is read through the document's piece table, table rows told apart by their paragraph properties (TTP).
  No maintained pure-Python library reads the text of a .doc (``antiword``/``catdoc`` are programs, ``textract``
  calls them), hence the small reader.
- ``.pdf`` (``read_pdf``): ``pdfplumber`` (maintained, on ``pdfminer.six``), which keeps a ruled table's cells as
  cells and gives each line's position, so lines wrapped at the right margin are joined.
- ``.html`` / ``.htm`` (``read_html``): ``beautifulsoup4`` (maintained; already installed with nbconvert) with the
  standard library's parser: it detects the page's encoding (GBK pages), scripts, styles and navigation are
  dropped, a data table becomes rows and a layout table (one holding tables) is read through.

A :class:`Block` is a paragraph (one cell) or a table row (its cells) with ``where`` (``第2页``, ``表1第3行``; empty
for plain text, whose line numbers suffice). ``SourceDocument.text`` is one line per block, a row's cells joined by
tabs; ``notes`` say what the reader did (pages, tables, parts dropped). No interpretation here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qlaudit.errors import QlauditError

SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm")


@dataclass(frozen=True)
class Block:
    cells: tuple[str, ...]
    where: str = ""
    table: bool = False

    @property
    def line(self) -> str:
        return "\t".join(" ".join(c.split()) for c in self.cells) if self.table else self.cells[0]


@dataclass(frozen=True)
class SourceDocument:
    name: str
    format: str
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(b.line for b in self.blocks)

    @property
    def positions(self) -> tuple[str, ...]:
        """Where each line of ``text`` was found ('' when the line number says it)."""
        return tuple(b.where for b in self.blocks)


def paragraphs(text: str, where: str = "") -> list[Block]:
    """One block per line of ``text``."""
    return [Block((line,), where) for line in text.split("\n")]


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def row(cells: list[str], where: str) -> Block:
    """A table row; a cell's text wrapped inside the cell is one line again (no space between Chinese characters)."""
    return Block(tuple(_CJK_GAP.sub("", " ".join(c.split())) for c in cells), where, table=True)


class ReportUnreadable(QlauditError):
    """The report file cannot be read as text (exit code 2)."""


def decode_text(data: bytes, name: str) -> str:
    """Text of a plain-text report: UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReportUnreadable(f"{name}: broken UTF-16 text; save it as UTF-8") from exc
    if b"\x00" in data:
        raise ReportUnreadable(f"{name}: binary file, not text; give the report as .txt, .md or .docx")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportUnreadable(f"{name}: neither UTF-8 nor GB18030 text; save the report as UTF-8")


_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|>)\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def markdown_text(text: str) -> str:
    """Markdown without its markup: headings, emphasis, bullets; tables as tab-separated rows."""
    lines = []
    for line in text.splitlines():
        if _MD_RULE.match(line) and "-" in line:
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_BULLET.sub("", line)
        line = _MD_EMPHASIS.sub("", line)
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            line = "\t".join(cell.strip() for cell in stripped[1:-1].split("|"))
        lines.append(line)
    return "\n".join(lines)


def read_document(path: str | Path) -> SourceDocument:
    """The report as paragraphs and table rows; :class:`ReportUnreadable` when it cannot be read."""
    from qlaudit.lint import read_html, read_office, read_pdf

    path = Path(path)
    name = str(path)
    if not path.exists():
        raise ReportUnreadable(f"{name}: no such file")
    if path.is_dir():
        raise ReportUnreadable(f"{name}: is a folder; give the report file")
    from qlaudit import limits

    try:
        limits.check_file_size(path)  # limits of untrusted input (docs/security.md): size, then a zip's contents
        data = path.read_bytes()
        if data.startswith(b"PK\x03\x04"):
            limits.check_zip(data, name)
    except OSError as exc:
        raise ReportUnreadable(f"{name}: cannot be read ({exc.strerror})") from exc
    except QlauditError as exc:
        raise ReportUnreadable(f"{name}: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix == ".docx" or (suffix not in SUFFIXES and data.startswith(b"PK\x03\x04")):
        document = read_office.docx_document(data, name)
    elif suffix in (".doc", ".wps") or data.startswith(b"\xd0\xcf\x11\xe0"):
        document = read_office.doc_document(data, name, suffix.lstrip(".") or "doc")
    elif suffix == ".pdf" or data.startswith(b"%PDF"):
        document = read_pdf.pdf_document(data, name)
    elif suffix in (".html", ".htm") or _looks_like_html(data):
        document = read_html.html_document(data, name)
    elif suffix in (".md", ".markdown"):
        document = SourceDocument(name, "md", tuple(paragraphs(markdown_text(decode_text(data, name)))))
    else:
        document = SourceDocument(name, "txt", tuple(paragraphs(decode_text(data, name))))
    if not document.text.strip():
        raise ReportUnreadable(f"{name}: the report is empty" + (
            " (no text layer: a scanned PDF needs OCR first)" if document.format == "pdf" else ""))
    return document


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or bool(re.match(rb"<(?:head|body|meta)\b", head))


def read_report(path: str | Path) -> str:
    """The text of a report file: one line per paragraph or table row (see :func:`read_document`)."""
    return read_document(path).text
