"""Decoding the text files a unit sends (ledgers in CSV, activities.md, unit.yaml, profiles) and reading them bounded.

Encodings, in order: a UTF-8 BOM, a UTF-16 BOM, strict UTF-8, then GB18030 (a superset of GBK/GB2312). A file that
is UTF-8 but for a few bad bytes is *not* re-read as GB18030 (that would turn it into mojibake or blame the wrong
byte): the error names the line and the byte of the first bad sequence. :func:`read_text` adds the size limit
(``text_bytes``, :mod:`qlaudit.limits`) for the small authored files; ledger files are read by
:mod:`qlaudit.ledgers.read`, which uses :func:`decode`.
"""

from __future__ import annotations

from pathlib import Path

from qlaudit import limits


class UndecodableText(ValueError):
    """Text that decodes in none of the accepted encodings; the message names the line and byte."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"offset {offset} (line {line}, byte {column} of the line: {data[offset:offset + 4].hex(' ')})"


def _mostly_utf8(data: bytes) -> tuple[int, int]:
    """(bad sequences, good non-ASCII characters) when the data is read as UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad if bad < 10_000 else 0
    return bad, good


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding found (see the module docstring); :class:`UndecodableText` otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UndecodableText(f"the file starts with a UTF-8 mark but is not UTF-8 at {_where(data, exc.start + 3)}",
                                  "fix or retype that line, then save the file as UTF-8 again") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableText("the file starts like UTF-16 but does not decode as UTF-16",
                                  "save the file as CSV UTF-8 or as Unicode text again") from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UndecodableText(f"file contains NUL bytes: not a text CSV or text file (first at {_where(data, nul)}; "
                              "UTF-16 without its byte-order mark?)",
                              "export the file again as text (UTF-8), CSV or XLSX")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    bad, good = _mostly_utf8(data)
    if good >= 4 * bad:
        raise UndecodableText(f"the file is UTF-8 but has {bad} invalid byte sequence(s); the first at "
                              f"{_where(data, first_bad)}",
                              "fix or retype that line (a character was damaged when the file was edited or cut), "
                              "then save the file as UTF-8 again")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UndecodableText(f"cannot decide the encoding: neither UTF-8 nor GBK/GB18030 (bad byte at "
                              f"{_where(data, exc.start)}; not UTF-8 from {_where(data, first_bad)})",
                              "save the file as CSV UTF-8 or as GBK from Excel/WPS") from exc


def read_text(path: Path, display: str) -> tuple[str, list[str]]:
    """An authored text file (activities.md, unit.yaml, a profile …): its text and notes for the log (an encoding
    other than UTF-8). :class:`qlaudit.limits.LimitExceeded` over ``text_bytes``; :class:`UndecodableText`."""
    try:
        limits.check_file_size(path, "text_bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise UndecodableText(f"cannot be read ({exc.strerror})", "check that the file exists and may be read") \
            from exc
    text, encoding = decode(data)
    notes = [] if encoding in ("utf-8", "utf-8-sig") else [f"{display} read as {encoding.upper()}; save it as UTF-8"]
    return text, notes
