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
from collections.abc import Sequence
from dataclasses import dataclass

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
    return text_cells(pa.array([value] * n if n else [], type=pa.string())) if value else blank_cells(n)


def blank_cells(n: int) -> Cells:
    return Cells(pa.nulls(n, pa.string()), np.zeros(n, dtype=np.int8))


def float_text(values: np.ndarray) -> np.ndarray:
    """Floats as cell_text writes them: integer values without '.0', others as repr (shortest round trip)."""
    out = values.astype(str).astype(object)
    integral = np.isfinite(values) & (values == np.floor(values)) & (np.abs(values) < _INT_TEXT_LIMIT)
    if integral.any():
        out[integral] = values[integral].astype(np.int64).astype(str)
    return out


def object_cells(column: Sequence[object]) -> Cells:
    """Cells from spreadsheet values (python-calamine or our HTML/XML readers), split by type column-wise."""
    objects = np.empty(len(column), dtype=object)
    objects[:] = list(column) if not isinstance(column, list) else column
    n = len(objects)
    if n == 0:
        return Cells(pa.array([], type=pa.string()), np.zeros(0, dtype=np.int8), np.zeros(0), objects)
    types = np.fromiter(map(type, objects), dtype=object, count=n)
    # element-wise comparisons of a NumPy array of types (one C-level pass each), not Python type checks
    is_str = types == str  # noqa: E721
    is_float = types == float  # noqa: E721
    is_int = types == int  # noqa: E721
    is_datetime = types == dt.datetime
    is_date = types == dt.date
    is_none = types == type(None)  # noqa: E721
    text = np.full(n, None, dtype=object)
    kind = np.full(n, OTHER, dtype=np.int8)
    number = np.full(n, np.nan)
    if is_str.any():
        strings = pa.array(objects[is_str], type=pa.string())
        stripped = pc.utf8_trim_whitespace(strings).to_numpy(zero_copy_only=False)
        nonblank = stripped != ""
        idx = np.flatnonzero(is_str)
        text[idx[nonblank]] = stripped[nonblank]
        kind[idx] = np.where(nonblank, TEXT, BLANK)
    numeric = is_float | is_int
    if numeric.any():
        values = objects[numeric].astype(np.float64)
        finite = ~np.isnan(values)
        idx = np.flatnonzero(numeric)
        number[idx] = values
        kind[idx] = np.where(finite, NUMBER, BLANK)
        text[idx[finite]] = float_text(values[finite])
        if is_int.any():  # Python ints (.xls) keep their exact digits
            exact = np.flatnonzero(is_int)
            text[exact] = objects[exact].astype(str)
    if is_datetime.any():
        stamps = objects[is_datetime].astype("datetime64[s]")
        midnight = stamps == stamps.astype("datetime64[D]")
        iso = np.where(midnight, np.datetime_as_string(stamps, unit="D"), np.datetime_as_string(stamps, unit="s"))
        text[is_datetime] = iso.astype(object)
        kind[is_datetime] = DATE
    if is_date.any():
        text[is_date] = np.datetime_as_string(objects[is_date].astype("datetime64[D]"), unit="D").astype(object)
        kind[is_date] = DATE
    kind[is_none] = BLANK
    other = kind == OTHER
    if other.any():  # bool, time, timedelta: rare; their text as str() gives it
        text[other] = [str(v).strip() for v in objects[other]]
    return Cells(pa.array(text, type=pa.string(), from_pandas=True), kind, number, objects)
