"""Tables flattened into lines: which row is a header, and what each number cell of a data row is about.

A header is a row of two or more cells, at most one of them a number, with at least two cells that name a money
measure, a category, a rate or a score (``项目名称 年初预算 调整后预算 实际支出 执行率``). Each number cell of a
following row is then read with a synthetic label window ``row label + column header`` (``侨联工作经费年初预算``),
so the same labelling as prose applies. When the header has a name column (``项目名称``, ``项目``), the row's cell
there names the row's subject explicitly (``民生100-为侨办实事``), unless it is a category (``其中：人员经费``) or a
whole-unit row (``合计``); a code cell (``430203-QL-001``) is not part of the label. A column's kind is read from
its header, a score word first (``执行率得分`` is a score, ``预算执行率`` a rate); ``追加/调减`` is the net change. The amount unit comes from the cell (``3.00万元``), else from its column
header (``年初预算(万元)``), else from a ``单位：万元`` line above the table; none → the amount has no unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from qlaudit.lint.labels import ECONOMIC, Known, declared_projects, names_budget
from qlaudit.lint.structure import Document, Sentence, is_number_cell
from qlaudit.lint.vocab import Vocabulary

UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")
_HEADER_UNIT = re.compile(r"[(（]\s*(万元|元|%|分)\s*[)）]")


@dataclass(frozen=True)
class Cell:
    text: str  # the number as written, with its unit if the cell had one
    offset: int  # offset of the cell in the row text
    window: str  # row label + column header
    kind: str  # money | rate | score | "" (from the header)
    unit: str  # unit from the header or the table's unit line, '' when none
    subject: str = ""  # the row's explicit subject (a project named in the name column), '' when none
    column: str = ""  # the row's other text cells (not its subject) + the column header, without its unit
    economic: str = ""  # the subject is an item of the economic classification (会议费, 基本工资), not a project:
    # its category, ``经济分类`` or, in a table of one category, ``基本支出经济分类``


_CODE = re.compile(r"^(?=.*[A-Za-z\-_])[A-Za-z0-9][A-Za-z0-9\-_.]*\d[A-Za-z0-9\-_.]*$")  # 430203-QL-001
_LEAD = re.compile(r"^(?:其中|含)?\s*[:：]?\s*")


def _is_text(cell: str) -> bool:
    return not is_number_cell(cell) and not _CODE.match(cell.strip())


def row_subject(cells: tuple[str, ...], header: tuple[str, ...], vocab: Vocabulary) -> str:
    """The subject a row names in the header's name column ('' when the header has none, or the row is a category
    or the whole unit)."""
    words = vocab.words["name_columns"]  # "项目名称" before "项目", never "项目编码"
    names = [i for w in words for i, h in enumerate(header)
             if (w in h if w == words[0] or len(w) > 2 else _HEADER_UNIT.sub("", h).strip() == w)]
    if not names:
        return ""
    if len(cells) == len(header):
        name = cells[names[0]]
    else:
        texts = [c for c in cells if _is_text(c)]
        name = texts[0] if texts else ""
    name = _LEAD.sub("", name.strip()).strip()
    if not _is_text(name) or vocab.categories.first(name) or any(w in name for w in vocab.unit_rows):
        return ""
    if vocab.budget_types.first(name) or len(name) < 2 or names_budget(name) or name in vocab.words["generic_subjects"]:
        return ""  # "一般公共预算财政拨款", "本年收入合计", "其他项目": not a project's name
    return name


_SUMMARY_SUFFIX = re.compile(r"(?:合计|小计|总计)$")


def economic_item(cells: tuple[str, ...], vocab: Vocabulary) -> str:
    """The economic classification item a row is about (``会议费``, ``30101 基本工资``, ``三公经费合计`` → 三公经费),
    '' when none: such a row is spending on that item, not a project, a category or the whole unit."""
    items = vocab.words["economic_items"]
    for cell in cells:
        name = _SUMMARY_SUFFIX.sub("", _LEAD.sub("", cell.strip()).strip())
        if name in items:
            return name
    return ""


def row_names(cells: tuple[str, ...], header: tuple[str, ...], vocab: Vocabulary) -> list[tuple[str, str]]:
    """(as written, name) of the project a row names: its name, and its code cells (``430203-QL-001``)."""
    name = row_subject(cells, header, vocab)
    if not name or economic_item(cells, vocab):
        return []
    return [(name, name), *((c.strip(), name) for c in cells if _CODE.match(c.strip()))]


def grade_cells(cells: tuple[str, ...], header: tuple[str, ...], vocab: Vocabulary) -> list[tuple[int, str]]:
    """(index, grade) of the cells under a grade column (``等级``)."""
    if len(cells) != len(header):
        return []
    return [(i, c) for i, (c, h) in enumerate(zip(cells, header, strict=True))
            if any(w in h for w in vocab.words["grade_columns"]) and c.strip() in vocab.grades]


_PERIOD_CELL = re.compile(r"^(?:20\d{2}\s*年度?|上年度?|本年度?)(?:[(（][^)）]*[)）])?$")  # a column of one year: "2020年"


def is_period_column(cell: str) -> bool:
    """A header cell that names only a year (``2020年``, ``上年``): its column holds that year's figures, of the kind
    its row names (``人员经费小计 | 33.22 | 32.25`` under ``科目名称 | 2021年 | 2020年``)."""
    return bool(_PERIOD_CELL.match(cell.strip()))


def header_kind(cell: str, vocab: Vocabulary) -> str:
    if vocab.scores.first(cell):
        return "score"
    if vocab.rates.first(cell):
        return "rate"
    if vocab.money.first(cell) or vocab.categories.first(cell):
        return "money"
    return ""


def is_header(cells: tuple[str, ...], vocab: Vocabulary) -> bool:
    if len(cells) < 2 or sum(is_number_cell(c) for c in cells) > 1:
        return False
    return sum(bool(header_kind(c, vocab)) or is_period_column(c) for c in cells) >= 2


def row_cells(row_text: str, cells: tuple[str, ...], header: tuple[str, ...], table_unit: str,
              vocab: Vocabulary, scope: str = "") -> list[Cell]:
    """The number cells of a data row, aligned with the header (from the right when the counts differ)."""
    if len(cells) != len(header) and "|" in row_text:  # "a | 1 | 2 |  |  |": its empty cells keep their column
        spaced = [c.strip() for c in row_text.strip().removeprefix("|").removesuffix("|").split("|")]
        while len(spaced) > len(header) and (not spaced[-1] or not spaced[0]):
            spaced = spaced[:-1] if not spaced[-1] else spaced[1:]
        if len(spaced) == len(header) and [c for c in spaced if c] == list(cells):
            cells = tuple(spaced)
    item = economic_item(cells, vocab)
    subject = item or row_subject(cells, header, vocab)
    label = "".join(c for c in cells if _is_text(c))
    rest = "".join(c for c in cells if _is_text(c) and c.strip() != subject) if subject else label
    numbers = [(i, c) for i, c in enumerate(cells) if is_number_cell(c)
               and not (len(cells) == len(header) and _is_code_column(header[i], vocab))]
    numeric_columns = [h for h in header if header_kind(h, vocab) or is_period_column(h)] or list(header)
    if len(cells) == len(header):
        columns = [header[i] for i, _ in numbers]
    else:
        columns = numeric_columns[-len(numbers):] if len(numbers) <= len(numeric_columns) else []
    if len(columns) != len(numbers) or any(text.endswith("%") != (header_kind(column, vocab) == "rate")
                                           for (_, text), column in zip(numbers, columns, strict=True)
                                           if header_kind(column, vocab) in ("rate", "money")):
        return []  # the row's cells cannot be put under its columns (a cell was dropped): read as prose
    found, at = [], 0
    header_unit = next((m.group(1) for h in header if (m := _HEADER_UNIT.search(h)) and m.group(1) in ("万元", "元")
                        and not header_kind(h, vocab)), table_unit)  # "项目资金(万元)": the unit of the table
    for (_, text), column in zip(numbers, columns, strict=True):
        offset = row_text.find(text, at)
        at = offset + len(text) if offset >= 0 else at
        unit_match = _HEADER_UNIT.search(column)
        unit = unit_match.group(1) if unit_match else header_unit
        name = _HEADER_UNIT.sub("", column)
        kind = header_kind(column, vocab) or (header_kind(label, vocab) or "money" if is_period_column(column) or
                                              vocab.terms("change_words").first(column) else "")
        found.append(Cell(text, max(offset, 0), f"{label}{name}", kind, unit, subject,
                          f"{label.replace(item, '', 1) if item else rest}{name}", f"{scope}{ECONOMIC}" if item else ""))
    return found


def _is_code_column(cell: str, vocab: Vocabulary) -> bool:
    """A column of classification codes (``经济分类``, ``科目编码``): its cells are codes, not figures."""
    return any(w in cell for w in vocab.words["code_columns"]) and not header_kind(cell, vocab)


def pair_cells(row_text: str, cells: tuple[str, ...], table_unit: str, vocab: Vocabulary) -> list[Cell]:
    """The number cells of a row with no header, each read under the text cell before it (a form's key-value
    row: ``计划资金(万元) | 60.00 | 到位资金(万元) | 55.00``)."""
    found, at, label = [], 0, ""
    for text in cells:
        if not is_number_cell(text):
            label = text
            continue
        if not label or not header_kind(label, vocab):
            continue
        offset = row_text.find(text, at)
        at = offset + len(text) if offset >= 0 else at
        unit_match = _HEADER_UNIT.search(label)
        unit = unit_match.group(1) if unit_match else table_unit
        name = _HEADER_UNIT.sub("", label)
        found.append(Cell(text, max(offset, 0), name, header_kind(label, vocab), unit, "", name))
    return found


def walk(document: Document, vocab: Vocabulary) -> Iterator[tuple[Sentence, tuple[str, ...], str, str]]:
    """Each sentence with the header of the table it is a row of (() for prose and headers), the table's unit and
    the spending category its caption names (``表1-2 基本支出经济分类明细（单位：万元）`` → 基本支出; '' when none)."""
    header: tuple[str, ...] = ()
    table_unit, scope, top = "", "", None
    for sentence in document.sentences:
        if sentence.headings[:1] != top:
            top, table_unit, scope = sentence.headings[:1], "", ""
        unit_line = UNIT_LINE.search(sentence.text)
        if unit_line:
            table_unit = unit_line.group(1)
            found = vocab.categories.first(sentence.text[: unit_line.start()])
            scope = found.canonical if found else ""
        if sentence.cells and is_header(sentence.cells, vocab):
            header = sentence.cells
            continue
        if not sentence.cells:
            header = ()
        yield sentence, header, table_unit, scope


def known_projects(document: Document, vocab: Vocabulary) -> Known:
    """Names the report declares as projects, with the codes a table gives them: a table's name column (and code
    column), ``项目“X”``."""
    names = [pair for sentence, header, _, _ in walk(document, vocab) if header
             for pair in row_names(sentence.cells, header, vocab)]
    names += [(name, name) for name in declared_projects(document.text)]
    return tuple(dict.fromkeys(names))
