"""Column-wise parsing of ledger cells: money, dates, codes, categories, text — vectorised, exact.

Each parser takes a :class:`~qlaudit.ledgers.cells.Cells` column and returns a :class:`Parsed`: the canonical value
of every row, an error mask and the issues of the rows that have one. The common forms are parsed column-wise with
pyarrow/NumPy (plain and thousands-separated amounts, numeric cells rounded half-up, 万元, ISO and variant dates, codes
checked against the reference tables with ``is_in``, categories through their alias index) in integer arithmetic,
never float. Every other cell (an error, ``(123.45)``, ``¥``, full-width digits, …) is handed to the per-cell parser
of :mod:`qlaudit.ledgers.values`, so messages, notes and hints are the same as theirs: that work is proportional to
the number of such cells, not to the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit import codes
from qlaudit.ledgers import schema, values
from qlaudit.ledgers.cells import DATE, NUMBER, Cells

#: (row, severity, message, hint, value) — the row is 0-based within the parsed column.
RowIssue = tuple[int, str, str, str, "str | None"]
_INT64_SAFE = 2**62


@dataclass
class Parsed:
    values: np.ndarray
    error: np.ndarray
    issues: list[RowIssue] = field(default_factory=list)


def _mask(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean arrow array as a NumPy mask (null → False)."""
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _strings(array: pa.Array) -> np.ndarray:
    """A string arrow array as an object array with '' for null."""
    return np.asarray(pc.fill_null(array, "").to_numpy(zero_copy_only=False), dtype=object)


def _value_text(raw: object) -> str | None:
    return None if raw is None else values.cell_text(raw)


def _fallback(cells: Cells, rows: np.ndarray, parser: Callable[[object], values.Parsed], out: np.ndarray,
              error: np.ndarray, issues: list[RowIssue]) -> None:
    """The per-cell parser of :mod:`values` on the rows the column-wise path left (their count is small)."""
    for i in rows.tolist():
        raw = cells.raw(i)
        try:
            value, notes = parser(raw)
        except values.CellError as err:
            error[i] = True
            issues.append((i, "error", err.message, err.hint, _value_text(raw)))
            continue
        out[i] = value
        text = _value_text(raw)
        issues.extend((i, "warning", f"normalised: {note}", "", text) for note in notes)


def _notes(rows: np.ndarray, message: str, texts: np.ndarray) -> list[RowIssue]:
    return [(i, "warning", message, "", texts[i]) for i in rows.tolist()]


# --- money -----------------------------------------------------------------------------------------------------

_PLAIN_NUMBER = r"^(?P<sign>-?)(?P<int>\d+)(?:\.(?P<frac>\d+))?$"
_THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"


def parse_money(cells: Cells, unit: str = "元") -> Parsed:
    """Amounts in 分 (int64). ``unit`` '万元' reads the column in 万元. Blank cells are errors (see the caller)."""
    n = len(cells)
    scale = 6 if unit == "万元" else 2
    fen = np.zeros(n, dtype=np.int64)
    error = np.zeros(n, dtype=bool)
    issues: list[RowIssue] = []
    if n == 0:
        return Parsed(fen, error, issues)
    is_number = cells.kind == NUMBER
    text = pc.replace_substring(cells.text, "，", ",")
    thousands = _mask(pc.match_substring_regex(text, _THOUSANDS)) & ~is_number
    text = pc.if_else(pa.array(thousands), pc.replace_substring(text, ",", ""), text)
    parts = pc.extract_regex(text, _PLAIN_NUMBER)
    matched = _mask(pc.is_valid(parts))
    int_digits = pc.fill_null(pc.struct_field(parts, "int"), "0")
    frac = pc.fill_null(pc.struct_field(parts, "frac"), "")
    frac_len = np.asarray(pc.utf8_length(frac).to_numpy(zero_copy_only=False))
    short_int = np.asarray(pc.utf8_length(int_digits).to_numpy(zero_copy_only=False)) <= 18 - scale
    exact = matched & short_int & (frac_len <= scale)
    rounded = matched & short_int & (frac_len > scale) & is_number
    fast = exact | rounded
    if fast.any():
        padded = pc.utf8_rpad(frac, scale + 1, "0")
        head = np.asarray(pc.cast(pc.utf8_slice_codeunits(padded, 0, scale), pa.int64()).to_numpy())
        next_digit = np.asarray(pc.cast(pc.utf8_slice_codeunits(padded, scale, scale + 1), pa.int64()).to_numpy())
        whole = np.asarray(pc.cast(pc.if_else(pa.array(fast), int_digits, "0"), pa.int64()).to_numpy())
        units = whole * 10**scale + head + (rounded & (next_digit >= 5))
        negative = _mask(pc.equal(pc.struct_field(parts, "sign"), "-"))
        fen[fast] = np.where(negative, -units, units)[fast]
        texts = _strings(cells.text)
        issues += _notes(np.flatnonzero(thousands & fast), "normalised: thousands separators removed", texts)
        for i in np.flatnonzero(rounded).tolist():
            magnitude = abs(int(fen[i]))
            shown = f"{'-' if negative[i] else ''}{magnitude // 100}.{magnitude % 100:02d}"
            issues.append((i, "warning", f"normalised: numeric cell {texts[i]} rounded to {shown} 元", "", texts[i]))
        if unit == "万元":
            issues += _notes(np.flatnonzero(fast), "normalised: converted from 万元 to 元", texts)
    slow = np.flatnonzero(~fast)
    if slow.size:
        out = np.zeros(n, dtype=object)
        _fallback(cells, slow, lambda raw: values.parse_money(raw, unit), out, error, issues)
        for i in slow.tolist():
            if not error[i]:
                value = int(out[i])
                if abs(value) >= _INT64_SAFE:
                    error[i] = True
                    issues.append((i, "error", "amount too large", "check the amount and its unit",
                                   _value_text(cells.raw(i))))
                else:
                    fen[i] = value
    return Parsed(fen, error, issues)


# --- dates -----------------------------------------------------------------------------------------------------

_DATE_FORMS = (
    (r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$", False),
    (r"^(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})$", True),
    (r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?$", True),
    (r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$", True),
)
_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _ymd_to_dates(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """datetime64[D] of valid (y, m, d) and the validity mask."""
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_ok = (m >= 1) & (m <= 12)
    days = np.where(month_ok, _DAYS[np.clip(m, 1, 12) - 1] + ((m == 2) & leap), 0)
    ok = month_ok & (d >= 1) & (d <= days) & (y >= 1)
    years = (np.where(ok, y, 1970) - 1970).astype("datetime64[Y]")
    months = years.astype("datetime64[M]") + (np.where(ok, m, 1) - 1).astype("timedelta64[M]")
    dates = months.astype("datetime64[D]") + (np.where(ok, d, 1) - 1).astype("timedelta64[D]")
    return dates, ok


def parse_date(cells: Cells) -> Parsed:
    """Dates as datetime64[D]; variants (2021/3/5, 2021年3月5日, 20210305) read with a note."""
    n = len(cells)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    error = np.zeros(n, dtype=bool)
    issues: list[RowIssue] = []
    done = np.zeros(n, dtype=bool)
    is_date = cells.kind == DATE
    if is_date.any():
        iso = pc.utf8_slice_codeunits(cells.text, 0, 10)
        out[is_date] = np.asarray(_strings(iso)[is_date], dtype="datetime64[D]")
        done |= is_date
    text = pc.utf8_trim_whitespace(pc.utf8_normalize(pc.fill_null(cells.text, ""), "NFKC"))
    text = pc.replace_substring_regex(text, r"\s+00:00(:00)?$", "")
    texts = None
    for pattern, always_note in _DATE_FORMS:
        parts = pc.extract_regex(text, pattern)
        hit = _mask(pc.is_valid(parts)) & ~done & (cells.kind != NUMBER)
        if not hit.any():
            continue
        y, m, d = (np.asarray(pc.cast(pc.fill_null(pc.struct_field(parts, k), "0"), pa.int64()).to_numpy())
                   for k in ("y", "m", "d"))
        dates, ok = _ymd_to_dates(y, m, d)
        good = hit & ok
        out[good] = dates[good]
        done |= good
        if texts is None:
            texts = _strings(text)
        iso_text = np.datetime_as_string(dates, unit="D")
        noted = good if always_note else good & (texts != iso_text.astype(object))
        raw_texts = _strings(cells.text)
        issues += [(i, "warning", f"normalised: date {texts[i]!r} read as {iso_text[i]}", "", raw_texts[i])
                   for i in np.flatnonzero(noted).tolist()]
    slow = np.flatnonzero(~done)
    if slow.size:
        slow_out = np.empty(n, dtype=object)
        _fallback(cells, slow, values.parse_date, slow_out, error, issues)
        for i in slow.tolist():
            if not error[i]:
                out[i] = np.datetime64(slow_out[i], "D")
    return Parsed(out, error, issues)


# --- codes -----------------------------------------------------------------------------------------------------


def _code_text(cells: Cells) -> tuple[pa.Array, list[RowIssue]]:
    """Codes as text: full-width characters and a '.0' of a code typed as a number normalised with a note.
    A numeric spreadsheet cell holding a whole number is a code without a note (Excel stores codes so)."""
    raw_texts = _strings(cells.text)
    is_text = cells.kind != NUMBER
    normal = pc.utf8_normalize(pc.fill_null(cells.text, ""), "NFKC")
    widened = _mask(pc.not_equal(normal, pc.fill_null(cells.text, ""))) & is_text
    dot_zero = _mask(pc.match_substring_regex(normal, r"^\d+\.0+$")) & is_text
    normal = pc.replace_substring_regex(normal, r"^(\d+)\.0+$", r"\1")
    issues = _notes(np.flatnonzero(widened), "normalised: full-width characters in code converted", raw_texts)
    issues += _notes(np.flatnonzero(dot_zero), "normalised: code stored as a number, read as text", raw_texts)
    return normal, issues


def parse_code(cells: Cells) -> Parsed:
    normal, issues = _code_text(cells)
    return Parsed(_strings(normal), np.zeros(len(cells), dtype=bool), issues)


@cache
def _valid_codes(kind: str, year: int) -> pa.Array:
    table = codes.functional_codes() if kind == "functional_code" else codes.economic_codes()
    valid = codes.is_valid_functional if kind == "functional_code" else codes.is_valid_economic
    return pa.array(sorted(c for c in table if valid(c, year)), type=pa.string())


def parse_classification(cells: Cells, kind: str, year: int) -> Parsed:
    normal, issues = _code_text(cells)
    ok = _mask(pc.is_in(normal, value_set=_valid_codes(kind, year)))
    out = _strings(normal)
    error = np.zeros(len(cells), dtype=bool)
    slow = np.flatnonzero(~ok)
    if slow.size:  # the per-cell parser repeats the notes of these rows: keep only its account of them
        slow_set = set(slow.tolist())
        issues = [i for i in issues if i[0] not in slow_set]
        _fallback(cells, slow, lambda raw: values.parse_classification(raw, kind, year), out, error, issues)
    return Parsed(out, error, issues)


# --- categories and text ---------------------------------------------------------------------------------------


def normalise_labels(text: pa.Array) -> pa.Array:
    """:func:`schema.normalise_label` column-wise."""
    out = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(pc.fill_null(text, ""), "NFKC")))
    out = pc.replace_substring_regex(out, r"[\s\x{3000}_:：*＊]", "")
    return pc.replace_substring_regex(out, r"[(（\[【]\s*(万?元)\s*[)）\]】]", "")


def parse_category(cells: Cells, field_name: str, required: bool) -> Parsed:
    index = schema.category_index(field_name)
    keys = pa.array(list(index), type=pa.string())
    targets = np.array([*index.values(), ""], dtype=object)
    position = pc.fill_null(pc.index_in(normalise_labels(cells.text), value_set=keys), len(index))
    out = targets[np.asarray(position.to_numpy())]
    error = np.zeros(len(cells), dtype=bool)
    issues: list[RowIssue] = []
    blank = cells.blank
    unknown = (out == "") & ~blank
    if required:
        unknown |= blank
    slow = np.flatnonzero(unknown)
    if slow.size:
        _fallback(cells, slow, lambda raw: values.parse_category(raw, field_name), out, error, issues)
    return Parsed(out, error, issues)


def parse_text(cells: Cells) -> Parsed:
    return Parsed(_strings(cells.text), np.zeros(len(cells), dtype=bool))


def parse_decimal(cells: Cells) -> Parsed:
    """Decimals (分值) as ``Decimal`` objects; only the non-blank cells are converted (a projects ledger is small)."""
    out = np.full(len(cells), None, dtype=object)
    error = np.zeros(len(cells), dtype=bool)
    issues: list[RowIssue] = []
    _fallback(cells, np.flatnonzero(~cells.blank), values.parse_decimal, out, error, issues)
    return Parsed(out, error, issues)
