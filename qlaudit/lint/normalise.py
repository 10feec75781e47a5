"""Normalising report text before it is parsed: one spelling for every character, no editor artifacts.

- NFKC, so full-width digits, ``％``, ``（一）`` and ``．`` become ASCII; the Chinese punctuation that separates
  clauses (``，；：！？``) is kept as it is, so a comma between two clauses never reads as a thousands separator.
- Traditional → simplified characters through the packaged table ``t2s.txt`` (common characters of these reports).
- Circled numbers ``①`` become ``(1)`` (NFKC would make them a bare digit glued to the next figure).
- Word-processor artifacts (``[bookmark: _GoBack]``, invisible characters) and page-number lines are removed.

Line count is kept (a removed line becomes empty), so line numbers still point into the original text file.
:func:`normalise_report` also makes the repairs of ``repair`` (pinyin after mirror glyphs, words split by a
wrapped line, OCR-glued cells, Chinese numerals) and returns what it repaired. This module does not split or
interpret the text (see ``structure``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from qlaudit.lint import repair

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


def _lines(text: str) -> tuple[list[str], list[repair.Repair]]:
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).translate(_INVISIBLE)
    text = _ARTIFACT.sub("", text)
    for circled, plain in _CIRCLED.items():
        text = text.replace(circled, plain)
    lines, repairs = repair.strip_pinyin(nfkc(text).split("\n"))
    lines = ["" if _PAGE_LINE.match(line) else line.strip(" ") for line in to_simplified("\n".join(lines)).split("\n")]
    return lines, repairs


def normalise(text: str) -> str:
    """The text every later stage reads: see the module docstring (without the repairs). Idempotent."""
    return "\n".join(_lines(text)[0])


def normalise_report(text: str, words: list[str]) -> tuple[str, tuple[repair.Repair, ...]]:
    """:func:`normalise` and the repairs of ``repair``; ``words`` are the vocabulary words a wrapped line may split."""
    lines, repairs = _lines(text)
    for step in (lambda x: repair.join_wrapped(x, words), repair.split_glued, repair.chinese_numerals):
        lines, more = step(lines)
        repairs.extend(more)
    return "\n".join(lines), tuple(sorted(repairs, key=lambda r: r.line))
