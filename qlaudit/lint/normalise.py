"""Normalising report text before it is parsed: one spelling for every character, no editor artifacts.

- NFKC, so full-width digits, ``％``, ``（一）`` and ``．`` become ASCII; the Chinese punctuation that separates
  clauses (``，；：！？``) is kept as it is, so a comma between two clauses never reads as a thousands separator.
- Traditional → simplified characters through the packaged table ``t2s.txt`` (common characters of these reports).
- Circled numbers ``①`` become ``(1)`` (NFKC would make them a bare digit glued to the next figure).
- Word-processor artifacts (``[bookmark: _GoBack]``, invisible characters) and page-number lines are removed.

Line count is kept (a removed line becomes empty), so line numbers still point into the original text file.
This module does not split or interpret the text (see ``structure``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_KEEP = "，；：！？"
_KEEP_SPLIT = re.compile(f"([{_KEEP}])")
_ARTIFACT = re.compile(r"\[(?:bookmark|image|comment|footnote|endnote|toc)\b[^\]\n]*\]", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0c": "\n", "\x0b": "\n"})
_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}
_PAGE_LINE = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """The packaged traditional → simplified table, as a ``str.translate`` map."""
    text = resources.files("qlaudit.lint").joinpath("t2s.txt").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            traditional, simplified = line.split()
            table[ord(traditional)] = simplified
    return table


def to_simplified(text: str) -> str:
    return text.translate(t2s_table())


def nfkc(text: str) -> str:
    """NFKC, except the Chinese clause punctuation in ``_KEEP``."""
    return "".join(part if part in _KEEP else unicodedata.normalize("NFKC", part)
                   for part in _KEEP_SPLIT.split(text) if part)


def normalise(text: str) -> str:
    """The text every later stage reads: see the module docstring. Idempotent."""
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).translate(_INVISIBLE)
    text = _ARTIFACT.sub("", text)
    for circled, plain in _CIRCLED.items():
        text = text.replace(circled, plain)
    text = to_simplified(nfkc(text))
    lines = ["" if _PAGE_LINE.match(line) else line.strip() for line in text.split("\n")]
    return "\n".join(lines)
