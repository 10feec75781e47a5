"""Tables flattened into lines: which row is a header, and what each number cell of a data row is about.

A header is a row of two or more cells, at most one of them a number, with at least two cells that name a money
measure, a category, a rate or a score (``项目名称 年初预算 调整后预算 实际支出 执行率``). Each number cell of a
following row is then read with a synthetic label window ``row label + column header`` (``侨联工作经费年初预算``),
so the same labelling as prose applies. The amount unit comes from the cell (``3.00万元``), else from its column
header (``年初预算(万元)``), else from a ``单位：万元`` line above the table; none → the amount has no unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qlaudit.lint.structure import is_number_cell
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


def header_kind(cell: str, vocab: Vocabulary) -> str:
    if vocab.rates.first(cell):
        return "rate"
    if vocab.scores.first(cell):
        return "score"
    if vocab.money.first(cell) or vocab.categories.first(cell):
        return "money"
    return ""


def is_header(cells: tuple[str, ...], vocab: Vocabulary) -> bool:
    if len(cells) < 2 or sum(is_number_cell(c) for c in cells) > 1:
        return False
    return sum(bool(header_kind(c, vocab)) for c in cells) >= 2


def row_cells(row_text: str, cells: tuple[str, ...], header: tuple[str, ...], table_unit: str,
              vocab: Vocabulary) -> list[Cell]:
    """The number cells of a data row, aligned with the header (from the right when the counts differ)."""
    label = "".join(c for c in cells if not is_number_cell(c))
    numbers = [(i, c) for i, c in enumerate(cells) if is_number_cell(c)]
    numeric_columns = [h for h in header if header_kind(h, vocab)] or list(header)
    if len(cells) == len(header):
        columns = [header[i] for i, _ in numbers]
    else:
        columns = numeric_columns[-len(numbers):] if len(numbers) <= len(numeric_columns) else []
    if len(columns) != len(numbers):
        return []
    found, at = [], 0
    for (_, text), column in zip(numbers, columns, strict=True):
        offset = row_text.find(text, at)
        at = offset + len(text) if offset >= 0 else at
        unit_match = _HEADER_UNIT.search(column)
        unit = unit_match.group(1) if unit_match else table_unit
        found.append(Cell(text, max(offset, 0), f"{label}{_HEADER_UNIT.sub('', column)}", header_kind(column, vocab),
                          unit))
    return found
