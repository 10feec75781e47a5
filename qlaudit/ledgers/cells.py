"""One column of raw cells, held column-wise: the text of every cell plus, for spreadsheet cells, their type.

A CSV column is text only. A spreadsheet column (python-calamine gives str, float, int, bool, date, datetime, '')
is split by type once, in C-level passes over the column (``map(type, …)`` and NumPy masks), into:

- ``text``: the cell as text, as :func:`qlaudit.ledgers.values.cell_text` would write it (numbers without a
  spurious '.0', dates in ISO form), null for a blank cell;
- ``kind``: 0 blank, 1 text, 2 number, 3 date, 4 other (bool, time, …);
- ``number``: the float value of number cells (NaN elsewhere), for the exact 分 conversion of spreadsheet numbers.

``raw(i)`` gives back the original cell of row ``i``, only for the rows whose problem is described one by one.
Nothing here interprets a cell as money, code or date: see :mod:`qlaudit.ledgers.parse`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

BLANK, TEXT, NUMBER, DATE, OTHER = 0, 1, 2, 3, 4

#: Integer-valued floats below this are written without a decimal point (as ``int(x)`` would).
_INT_TEXT_LIMIT = 1e15


@dataclass(frozen=True)
class Cells:
    """A column of cells (see the module docstring)."""

    text: pa.Array  # string, null where blank
    kind: np.ndarray  # int8
    number: np.ndarray | None = None  # float64, NaN where not a number cell; None for text-only columns
    objects: np.ndarray | None = None  # the original cells (spreadsheets) for raw(); None for text columns

    def __len__(self) -> int:
        return len(self.text)

    @property
    def blank(self) -> np.ndarray:
        return self.kind == BLANK

    def raw(self, i: int) -> object:
        """The original cell of row ``i`` (a str for text files): what the per-cell parsers and messages see."""
        if self.objects is not None:
            return self.objects[i]
        value = self.text[i].as_py()
        return "" if value is None else value

    def take(self, index: np.ndarray) -> Cells:
        if len(index) == len(self) and (len(index) == 0 or (index[0] == 0 and index[-1] == len(self) - 1)):
            return self  # every row, in order (indices are sorted and distinct)
        return Cells(
            self.text.take(pa.array(index, type=pa.int64())),
            self.kind[index],
            None if self.number is None else self.number[index],
            None if self.objects is None else self.objects[index],
        )

    def slice(self, start: int, stop: int | None = None) -> Cells:
        stop = len(self) if stop is None else stop
        return Cells(
            self.text.slice(start, max(stop - start, 0)),
            self.kind[start:stop],
            None if self.number is None else self.number[start:stop],
            None if self.objects is None else self.objects[start:stop],
        )

    def with_text(self, text: pa.Array) -> Cells:
        """A text-only column (e.g. a part split out of a code+name cell)."""
        return text_cells(text)


def text_cells(text: pa.Array | pa.ChunkedArray) -> Cells:
    """Cells from a string array (CSV columns, derived columns): whitespace-only cells are blank."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if text.type != pa.string():
        text = text.cast(pa.string())
    stripped = pc.utf8_trim_whitespace(text)
    blank = pc.fill_null(pc.equal(stripped, ""), True).to_numpy(zero_copy_only=False)
    text = pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), stripped)
    kind = np.where(blank, BLANK, TEXT).astype(np.int8)
    return Cells(text, kind)


def constant_cells(value: str | None, n: int) -> Cells:
    if not value or not value.strip():
        return blank_cells(n)
    return Cells(pc.fill_null(pa.nulls(n, pa.string()), value.strip()), np.full(n, TEXT, dtype=np.int8))


def blank_cells(n: int) -> Cells:
    return Cells(pa.nulls(n, pa.string()), np.zeros(n, dtype=np.int8))


def float_text(values: np.ndarray) -> pa.Array:
    """Floats as cell_text writes them: integer values without '.0', others as repr (the shortest text that reads
    back as the same float). pyarrow's shortest formatting equals repr between 1e-4 and 1e13; outside that range
    (rare in a ledger) NumPy's repr-like formatting is used."""
    integral = np.isfinite(values) & (values == np.floor(values)) & (np.abs(values) < _INT_TEXT_LIMIT)
    text = pc.if_else(pa.array(integral), pa.array(np.where(integral, values, 0).astype(np.int64)).cast(pa.string()),
                      pa.array(values).cast(pa.string()))
    magnitude = np.abs(values)
    odd = ~integral & ((magnitude < 1e-4) | (magnitude >= 1e13) | ~np.isfinite(values))
    if odd.any():
        rows = np.flatnonzero(odd)
        text = pc.replace_with_mask(text, pa.array(odd), pa.array(values[rows].astype(str), type=pa.string()))
    return text


def per_distinct(text: pa.Array, function: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """``function`` applied once per distinct string of a column (a 辅助项 text or a code+name cell repeats
    through a ledger), the result spread back to the rows."""
    encoded = pc.dictionary_encode(text)
    if len(encoded.dictionary) * 2 > len(text):
        return function(text)
    return function(encoded.dictionary).take(encoded.indices)


_TYPE_CODES = {str: 1, float: 2, int: 3, dt.datetime: 4, dt.date: 5, type(None): 6}


def object_cells(column: Sequence[object] | np.ndarray) -> Cells:
    """Cells from spreadsheet values (python-calamine or our HTML/XML readers), split by type column-wise: one
    C-level pass maps each cell's type to a small code; each type's cells are then converted in bulk and the text
    column is assembled with one ``take``."""
    n = len(column)
    if isinstance(column, np.ndarray) and column.dtype == object:
        objects = column
    else:
        objects = np.empty(n, dtype=object)
        objects[:] = column if isinstance(column, list) else list(column)
    if n == 0:
        return Cells(pa.array([], type=pa.string()), np.zeros(0, dtype=np.int8), np.zeros(0), objects)
    codes = np.fromiter(map(_TYPE_CODES.get, map(type, objects), repeat(0)), dtype=np.int8, count=n)
    kind = np.full(n, OTHER, dtype=np.int8)
    number = np.full(n, np.nan)
    parts: list[pa.Array] = []
    positions: list[np.ndarray] = []

    def add(rows: np.ndarray, text: pa.Array) -> None:
        positions.append(rows)
        parts.append(text)

    rows = np.flatnonzero(codes == 1)
    if rows.size:
        stripped = pc.utf8_trim_whitespace(pa.array(objects[rows], type=pa.string()))
        nonblank = np.asarray(pc.not_equal(stripped, "").to_numpy(zero_copy_only=False), dtype=bool)
        kind[rows] = np.where(nonblank, TEXT, BLANK)
        add(rows[nonblank], stripped.filter(pa.array(nonblank)))
    rows = np.flatnonzero((codes == 2) | (codes == 3))
    if rows.size:
        values = objects[rows].astype(np.float64)
        finite = ~np.isnan(values)
        number[rows] = values
        kind[rows] = np.where(finite, NUMBER, BLANK)
        add(rows[finite], float_text(values[finite]))
        huge = rows[(codes[rows] == 3) & (np.abs(values) >= _INT_TEXT_LIMIT)]
        if huge.size:  # Python ints (.xls) beyond float precision keep their exact digits
            add(huge, pa.array(objects[huge].astype(str), type=pa.string()))
    rows = np.flatnonzero(codes == 4)
    if rows.size:
        stamps = objects[rows].astype("datetime64[s]")
        midnight = stamps == stamps.astype("datetime64[D]")
        iso = np.where(midnight, np.datetime_as_string(stamps, unit="D"), np.datetime_as_string(stamps, unit="s"))
        kind[rows] = DATE
        add(rows, pa.array(iso, type=pa.string()))
    rows = np.flatnonzero(codes == 5)
    if rows.size:
        kind[rows] = DATE
        add(rows, pa.array(np.datetime_as_string(objects[rows].astype("datetime64[D]"), unit="D"), type=pa.string()))
    kind[codes == 6] = BLANK
    rows = np.flatnonzero(kind == OTHER)
    if rows.size:  # bool, time, timedelta: rare; their text as str() gives it
        add(rows, pa.array([str(v).strip() for v in objects[rows]], type=pa.string()))
    # later parts win (a huge int's exact digits over its float text): keep each row's last position
    order = np.full(n, -1, dtype=np.int64)
    offset = 0
    for rows_, part in zip(positions, parts, strict=True):
        order[rows_] = offset + np.arange(len(part))
        offset += len(part)
    combined = pa.concat_arrays([p.cast(pa.string()) for p in parts]) if parts else pa.array([], type=pa.string())
    text = combined.take(pa.array(np.where(order >= 0, order, 0), mask=order < 0)) if offset else \
        pa.nulls(n, pa.string())
    return Cells(text, kind, number, objects)
