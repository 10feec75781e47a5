"""The outline of a normalised report: headings by numbering style, sections, sentences, flattened table rows.

Headings are recognised by their marker — ``一、`` (level 1), ``(一)`` (2), ``(1)`` (3), ``1、`` / ``1.`` (4),
``第一部分`` (1) — and by looking like a title (short, no sentence inside, no amount). A numbered line that is a
sentence is content: its marker is taken off so that ``3.2021年度…`` does not read as the number 3.2021.
``七、存在的问题：无`` is a heading followed by the content ``无``. A line that splits into cells (tabs, ``|``, two or
more spaces, or single spaces between numbers) is a table row. Other lines are split into sentences at
``。；！？``. Mixed numbering styles are fine: the section path is the stack of headings of lower level.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qlaudit.lint.vocab import Vocabulary

_CN = "一二三四五六七八九十"
_HEADINGS = (
    (1, re.compile(rf"^第[{_CN}]{{1,3}}(?:部分|章|节)\s*")),
    (1, re.compile(rf"^[{_CN}]{{1,3}}\s*[、.]\s*")),
    (2, re.compile(rf"^\([{_CN}]{{1,3}}\)\s*[、.]?\s*")),
    (3, re.compile(r"^\(\d{1,2}\)\s*[、.]?\s*")),
    (4, re.compile(r"^\d{1,2}\s*(?:、|\.(?!\d)|\.(?=\d{4}年)|\)(?!\d))\s*")),
)
_AMOUNT = re.compile(r"\d\s*(?:万元|元|万|%|分)")
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")
_CELL_SPLIT = re.compile(r"\t+|\s*\|\s*|\s{2,}")
_NUMBER_CELL = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|万元|元|万|分)?$")
_COLON = re.compile(r"[:：]")


@dataclass(frozen=True)
class Heading:
    level: int
    marker: str
    title: str
    line: int  # 1-based

    @property
    def text(self) -> str:
        return f"{self.marker}{self.title}"


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a table row) with where it is: its line, offset and section."""

    text: str
    line: int  # 1-based line number
    start: int  # offset of the sentence in the normalised text
    headings: tuple[Heading, ...]  # the section path, outermost first
    index: int  # position in the document's sentence list
    cells: tuple[str, ...] = ()  # table row cells, when the line is a table row
    marker: str = ""  # numbering marker taken off the line ("3.", "一是" stays in the text)

    @property
    def section(self) -> str:
        return " > ".join(h.text for h in self.headings)

    @property
    def top(self) -> str:
        return self.headings[0].title if self.headings else ""

    def in_section(self, keywords: tuple[str, ...] | list[str], level: int | None = None) -> bool:
        """True when a heading of the path (of ``level`` if given) contains one of ``keywords``."""
        return any(k in h.title for h in self.headings if level is None or h.level == level for k in keywords)


@dataclass(frozen=True)
class Document:
    text: str
    lines: tuple[str, ...]
    headings: tuple[Heading, ...]
    sentences: tuple[Sentence, ...]

    def section(self, keywords: tuple[str, ...] | list[str]) -> tuple[Heading | None, list[Sentence]]:
        """The first heading (any level) whose title contains a keyword, and the sentences under it."""
        heading = next((h for h in self.headings if any(k in h.title for k in keywords)), None)
        return heading, [s for s in self.sentences if heading is not None and heading in s.headings]


def _marker(line: str) -> tuple[int, str, str] | None:
    for level, pattern in _HEADINGS:
        m = pattern.match(line)
        if m and m.end() < len(line):
            return level, line[: m.end()].strip(), line[m.end():].strip()
    return None


def _is_title(level: int, title: str) -> bool:
    if not title or _AMOUNT.search(title):
        return False
    body = title.rstrip("。:：")
    limit = 60 if level <= 2 else 24
    if len(body) > limit or re.search(r"[。；;！!？?]", body):
        return False
    return level <= 2 or not re.search(r"[，,、]", body)


def split_cells(line: str) -> tuple[str, ...]:
    """Cells of a flattened table row, or () when the line is prose."""
    if "\t" in line and "|" not in line:  # a row read from a table: empty cells keep their column, and a cell
        cells = tuple(c.strip() for c in line.strip("\n").split("\t"))  # may hold a sentence of its own
        if sum(bool(c) for c in cells) >= 2:
            return cells
    if re.search(r"[。；;]|，|, ", line):
        return ()
    cells = tuple(c.strip() for c in _CELL_SPLIT.split(line) if c.strip())
    if len(cells) >= 2 and (("\t" in line) or ("|" in line) or re.search(r"\s{2,}", line)):
        return cells
    tokens = tuple(line.split())
    if len(tokens) >= 3 and sum(bool(_NUMBER_CELL.match(t)) for t in tokens) >= 2:
        return tokens
    if len(tokens) >= 3 and all(len(t) <= 10 for t in tokens) and not re.search(r"[、。！？!?]", line):
        return tokens  # a header row flattened with single spaces: "项目名称 年初预算 实际支出"
    return ()


def is_number_cell(cell: str) -> bool:
    return bool(_NUMBER_CELL.match(cell.strip()))


@lru_cache(maxsize=8)
def _inline_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, sorted(titles, key=len, reverse=True)))
    return re.compile(rf"(?<=[^\d第、\s(（见“\"])[{_CN}]{{1,2}}、(?:{alternatives})")


def _inline_split(line: str, titles: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, piece) of a line cut before each top-level heading written inline (``…运转五、存在的问题…``); a
    reference to a section (``见七、存在的问题…``, ``“七、存在的问题…”``) is no heading."""
    if not titles:
        return [(0, line)]
    found = list(_inline_pattern(titles).finditer(line))
    cuts = sorted({at for m in found for at in (m.start(), m.end())})
    bounds = [0, *cuts, len(line)]
    return [(a, line[a:b]) for a, b in itertools.pairwise(bounds) if line[a:b]]


def parse(text: str, vocab: Vocabulary | None = None) -> Document:
    """The outline of normalised ``text`` (see :func:`qlaudit.lint.normalise.normalise`); with ``vocab``, also the
    top-level headings written inline (its ``inline_titles``)."""
    lines = text.split("\n")
    titles = tuple(vocab.words["inline_titles"]) if vocab is not None else ()
    headings: list[Heading] = []
    stack: list[Heading] = []
    sentences: list[Sentence] = []
    offset = 0
    for number, whole in enumerate(lines, start=1):
        line_start, offset = offset, offset + len(whole) + 1
        if not whole.strip():
            continue
        for piece_at, line in _inline_split(whole, titles):
            _parse_piece(line, number, line_start + piece_at, headings, stack, sentences)
    return Document(text, tuple(lines), tuple(headings), tuple(sentences))


def _parse_piece(line: str, number: int, line_start: int, headings: list[Heading], stack: list[Heading],
                 sentences: list[Sentence]) -> None:
    content, content_at, marker = line, 0, ""
    found = _marker(line)
    if found:
        level, mark, rest = found
        title, _, after = rest.partition(":") if ":" in rest else rest.partition("：")
        if not _is_title(level, title) or (after and not _is_title(level, title + "x")):
            title, after = rest, ""
        if _is_title(level, title):
            heading = Heading(level, mark, title.rstrip("。:："), number)
            headings.append(heading)
            while stack and stack[-1].level >= level:
                stack.pop()
            stack.append(heading)
            if not after.strip():
                return
            content, content_at = after.strip(), line.index(after.strip(), len(mark))
        else:
            marker = mark
            content_at = line.index(rest, len(mark)) if rest else len(line)
            content = rest
    cells = split_cells(content)
    pieces = [content] if cells else [p for p in _SENTENCE_END.split(content)]
    at = content_at
    for piece in pieces:
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            sentences.append(Sentence(piece.strip(), number, line_start + at + lead, tuple(stack),
                                      len(sentences), cells, marker))
        at += len(piece)
