"""Reading a unit's report into plain text: .txt (UTF-8 or GB18030), .md, .docx. No interpretation.

A ``.docx`` is read with ``zipfile`` and ``xml.etree`` only: the paragraphs of ``word/document.xml`` in document
order, a table flattened to one line per row with its cells joined by tabs. Markdown loses its markup (``#``,
``**``, list bullets) and its tables become tab-separated rows. Anything that cannot be read raises
:class:`ReportUnreadable` (exit code 2) with a message that says what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from qlaudit.errors import QlauditError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUFFIXES = (".txt", ".md", ".markdown", ".docx")


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


def _table_lines(table: ElementTree.Element) -> list[str]:
    lines = []
    for row in table.iter(f"{_W}tr"):
        cells = []
        for cell in row.findall(f"{_W}tc"):
            text = " ".join(_paragraph_text(p).strip() for p in cell.iter(f"{_W}p"))
            cells.append(" ".join(text.split()))
        lines.append("\t".join(cells))
    return lines


def docx_text(data: bytes, name: str) -> str:
    """The paragraphs and table rows of a .docx body, one per line."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except zipfile.BadZipFile as exc:
        raise ReportUnreadable(f"{name}: not a .docx (not a zip archive); a .doc must be saved as .docx") from exc
    except KeyError as exc:
        raise ReportUnreadable(f"{name}: no word/document.xml inside: not a Word document") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ReportUnreadable(f"{name}: word/document.xml is not valid XML ({exc})") from exc
    body = root.find(f"{_W}body")
    if body is None:
        raise ReportUnreadable(f"{name}: the document has no body")
    lines: list[str] = []
    for child in body:
        if child.tag == f"{_W}p":
            lines.append(_paragraph_text(child))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table_lines(child))
        elif child.tag == f"{_W}sdt":  # content control: its paragraphs in order
            lines.extend(_paragraph_text(p) for p in child.iter(f"{_W}p"))
    return "\n".join(lines)


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


def read_report(path: str | Path) -> str:
    """The text of a report file (.txt, .md or .docx); :class:`ReportUnreadable` when it cannot be read."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise ReportUnreadable(f"{name}: no such file")
    if path.is_dir():
        raise ReportUnreadable(f"{name}: is a folder; give the report file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportUnreadable(f"{name}: cannot be read ({exc.strerror})") from exc
    suffix = path.suffix.lower()
    if suffix == ".docx" or (suffix not in SUFFIXES and data.startswith(b"PK\x03\x04")):
        text = docx_text(data, name)
    elif suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportUnreadable(f"{name}: old Word .doc format; save it as .docx or plain text")
    elif suffix == ".pdf" or data.startswith(b"%PDF"):
        raise ReportUnreadable(f"{name}: PDF is not read; copy its text into a .txt file")
    elif suffix in (".md", ".markdown"):
        text = markdown_text(decode_text(data, name))
    else:
        text = decode_text(data, name)
    if not text.strip():
        raise ReportUnreadable(f"{name}: the report is empty")
    return text
