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
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qlaudit import codes
from qlaudit.i18n import Keyed
from qlaudit.ledgers import schema, values
from qlaudit.ledgers.cells import DATE, NUMBER, TEXT, Cells, text_cells

#: (row, severity, message, hint, value) — the row is 0-based within the parsed column.
RowIssue = tuple[int, str, str, str, "str | None"]
_INT64_SAFE = 2**62
MAX_AMOUNT_FEN = values.MAX_AMOUNT_FEN


@dataclass
class Parsed:
    values: Any  # np.ndarray (int64 分, datetime64[D], Decimal objects) or pa.Array (text, codes, categories)
    error: np.ndarray
    issues: list[RowIssue] = field(default_factory=list)


def _mask(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean arrow array as a NumPy mask (null → False)."""
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _strings(array: pa.Array) -> np.ndarray:
    """A string arrow array as an object array with '' for null."""
    return np.asarray(pc.fill_null(array, "").to_numpy(zero_copy_only=False), dtype=object)


def texts_at(array: pa.Array, rows: np.ndarray) -> dict[int, str | None]:
    """The strings of a few rows (the flagged ones), without converting the whole column."""
    rows = np.asarray(rows, dtype=np.int64)
    return dict(zip(rows.tolist(), array.take(pa.array(rows)).to_pylist(), strict=True))


def scatter(array: pa.Array, updates: dict[int, object]) -> pa.Array:
    """``array`` with the values of a few rows replaced (the per-cell fallback's results)."""
    if not updates:
        return array
    mask = np.zeros(len(array), dtype=bool)
    rows = np.fromiter(updates, dtype=np.int64, count=len(updates))
    mask[rows] = True
    order = np.argsort(rows)
    replacements = pa.array([updates[int(r)] for r in rows[order]], type=array.type)
    return pc.replace_with_mask(array, pa.array(mask), replacements)


def _value_text(raw: object) -> str | None:
    return None if raw is None else values.cell_text(raw)


def _fallback(cells: Cells, rows: np.ndarray, parser: Callable[[object], values.Parsed],
              out: np.ndarray | dict[int, object], error: np.ndarray, issues: list[RowIssue]) -> None:
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


def _notes(rows: np.ndarray, message: str, text: pa.Array) -> list[RowIssue]:
    at = texts_at(text, rows)
    return [(i, "warning", message, "", at[i]) for i in rows.tolist()]


def by_unique(parser: Callable[[Cells], Parsed]) -> Callable[[Cells], Parsed]:
    """Run a text parser once per distinct value of a text column (codes, categories and dates repeat: a year
    of vouchers has a few hundred distinct dates), then spread values, errors and issues back to the rows."""

    def run(cells: Cells) -> Parsed:
        if len(cells) < 64 or (cells.kind > TEXT).any():
            return parser(cells)
        encoded = pc.dictionary_encode(cells.text, null_encoding="encode")
        if len(encoded.dictionary) * 2 > len(cells):
            return parser(cells)
        index = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
        unique = parser(text_cells(encoded.dictionary))
        values_ = (unique.values.take(encoded.indices) if isinstance(unique.values, pa.Array)
                   else unique.values[index])
        issues: list[RowIssue] = []
        if unique.issues:
            per_value: dict[int, list[RowIssue]] = {}
            for issue in unique.issues:
                per_value.setdefault(issue[0], []).append(issue)
            flagged = np.fromiter(per_value, dtype=np.int64, count=len(per_value))
            for row in np.flatnonzero(np.isin(index, flagged)).tolist():
                issues.extend((row, *issue[1:]) for issue in per_value[int(index[row])])
        return Parsed(values_, unique.error[index], issues)

    return run


# --- money -----------------------------------------------------------------------------------------------------

_PLAIN_NUMBER = r"^(?P<sign>-?)(?P<int>\d+)(?:\.(?P<frac>\d+))?$"
_THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"


def parse_money(cells: Cells, unit: str = "元") -> Parsed:
    """Amounts in 分 (int64). ``unit`` '万元' reads the column in 万元. Blank cells are errors (see the caller).
    An amount of :data:`MAX_AMOUNT_FEN` or more is an error."""
    parsed = _parse_money_columns(cells, unit)
    too_large = ~parsed.error & (np.abs(parsed.values) >= MAX_AMOUNT_FEN)
    if not too_large.any():
        return parsed
    rows = np.flatnonzero(too_large)
    parsed.error[rows] = True
    shown = texts_at(cells.text, rows)
    flagged = set(rows.tolist())
    issues = [i for i in parsed.issues if i[0] not in flagged]
    issues += [(i, "error", *values.TOO_LARGE, shown[i]) for i in rows.tolist()]
    return Parsed(parsed.values, parsed.error, sorted(issues, key=lambda i: i[0]))


def _parse_money_columns(cells: Cells, unit: str = "元") -> Parsed:
    """The usual text form, 1234.56, is read by removing the point; every other cell by :func:`_parse_money`."""
    if len(cells) == 0:
        return _parse_money(cells, unit)
    fen = np.zeros(len(cells), dtype=np.int64)
    simple = np.zeros(len(cells), dtype=bool)
    if cells.number is not None and (cells.kind == NUMBER).any():
        # A spreadsheet number with at most 2 decimals (6 in 万元) is the float nearest to units / scale: then
        # units is exact, no note (the shortest decimal text of such a float has no more decimals).
        scale = 1_000_000 if unit == "万元" else 100
        numeric = (cells.kind == NUMBER) & (np.abs(np.nan_to_num(cells.number)) < 2**53 / scale)
        units = np.round(np.where(numeric, cells.number, 0) * scale)
        exact = numeric & (units / scale == cells.number)
        fen[exact] = units[exact].astype(np.int64)
        if unit == "元":  # in 万元 every row still gets its "converted from 万元" note: the general path
            simple |= exact
    if unit == "元":
        text = _mask(pc.match_substring_regex(cells.text, r"^-?\d{1,16}\.\d\d$")) & (cells.kind != NUMBER)
        if text.any():
            fen[text] = pc.cast(pc.replace_substring(cells.text.filter(pa.array(text)), ".", ""),
                                pa.int64()).to_numpy()
        simple |= text
    if not simple.any():
        return _parse_money(cells, unit)
    error = np.zeros(len(cells), dtype=bool)
    rest = np.flatnonzero(~simple)
    if not rest.size:
        return Parsed(fen, error)
    other = _parse_money(cells.take(rest), unit)
    fen[rest] = other.values
    error[rest] = other.error
    return Parsed(fen, error, [(int(rest[issue[0]]), *issue[1:]) for issue in other.issues])


def _parse_money(cells: Cells, unit: str = "元") -> Parsed:
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
        issues += _notes(np.flatnonzero(thousands & fast), Keyed("issue.norm_thousands"), cells.text)
        round_rows = np.flatnonzero(rounded)
        texts = texts_at(cells.text, round_rows)
        for i in round_rows.tolist():
            magnitude = abs(int(fen[i]))
            shown = f"{'-' if negative[i] else ''}{magnitude // 100}.{magnitude % 100:02d}"
            issues.append((i, "warning", Keyed("issue.norm_rounded", cell=texts[i], shown=shown), "", texts[i]))
        if unit == "万元":
            issues += _notes(np.flatnonzero(fast), Keyed("issue.norm_wan"), cells.text)
    slow = np.flatnonzero(~fast)
    if slow.size:
        out = np.zeros(n, dtype=object)
        _fallback(cells, slow, lambda raw: values.parse_money(raw, unit), out, error, issues)
        for i in slow.tolist():
            if not error[i]:
                value = int(out[i])
                if abs(value) >= _INT64_SAFE:
                    error[i] = True
                    issues.append((i, "error", *values.TOO_LARGE, _value_text(cells.raw(i))))
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
    return by_unique(_parse_date)(cells)


def _parse_date(cells: Cells) -> Parsed:
    """Dates as datetime64[D]; variants (2021/3/5, 2021年3月5日, 20210305) read with a note."""
    n = len(cells)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    error = np.zeros(n, dtype=bool)
    issues: list[RowIssue] = []
    done = np.zeros(n, dtype=bool)
    is_date = cells.kind == DATE
    if is_date.any():
        iso = pc.utf8_slice_codeunits(pc.filter(cells.text, pa.array(is_date)), 0, 10)
        out[is_date] = pc.cast(iso, pa.date32()).to_numpy(zero_copy_only=False).astype("datetime64[D]")
        done |= is_date
    text = pc.utf8_trim_whitespace(pc.utf8_normalize(pc.fill_null(cells.text, ""), "NFKC"))
    text = pc.replace_substring_regex(text, r"\s+00:00(:00)?$", "")
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
        if always_note:
            noted = np.flatnonzero(good)
        else:  # an ISO-like date is noted only when month or day lacks its leading zero
            noted = np.flatnonzero(good & (np.asarray(pc.utf8_length(text).to_numpy(zero_copy_only=False)) != 10))
        shown, raw = texts_at(text, noted), texts_at(cells.text, noted)
        iso = np.datetime_as_string(dates[noted], unit="D")
        issues += [(i, "warning", f"normalised: date {shown[i]!r} read as {iso[k]}", "", raw[i])
                   for k, i in enumerate(noted.tolist())]
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
    is_text = cells.kind != NUMBER
    normal = pc.utf8_normalize(pc.fill_null(cells.text, ""), "NFKC")
    widened = _mask(pc.not_equal(normal, pc.fill_null(cells.text, ""))) & is_text
    dot_zero = _mask(pc.match_substring_regex(normal, r"^\d+\.0+$")) & is_text
    normal = pc.replace_substring_regex(normal, r"^(\d+)\.0+$", r"\1")
    issues = _notes(np.flatnonzero(widened), Keyed("issue.norm_fullwidth_code"), cells.text)
    issues += _notes(np.flatnonzero(dot_zero), Keyed("issue.norm_code_number"), cells.text)
    return normal, issues


def parse_code(cells: Cells) -> Parsed:
    return by_unique(_parse_code)(cells)


def _parse_code(cells: Cells) -> Parsed:
    normal, issues = _code_text(cells)
    return Parsed(normal, np.zeros(len(cells), dtype=bool), issues)


@cache
def _valid_codes(kind: str, year: int) -> pa.Array:
    table = codes.functional_codes() if kind == "functional_code" else codes.economic_codes()
    valid = codes.is_valid_functional if kind == "functional_code" else codes.is_valid_economic
    return pa.array(sorted(c for c in table if valid(c, year)), type=pa.string())


def parse_classification(cells: Cells, kind: str, year: int) -> Parsed:
    return by_unique(lambda c: _parse_classification(c, kind, year))(cells)


def _parse_classification(cells: Cells, kind: str, year: int) -> Parsed:
    normal, issues = _code_text(cells)
    ok = _mask(pc.is_in(normal, value_set=_valid_codes(kind, year)))
    error = np.zeros(len(cells), dtype=bool)
    slow = np.flatnonzero(~ok)
    if slow.size:  # the per-cell parser repeats the notes of these rows: keep only its account of them
        slow_set = set(slow.tolist())
        issues = [i for i in issues if i[0] not in slow_set]
        updates: dict[int, object] = {}
        _fallback(cells, slow, lambda raw: values.parse_classification(raw, kind, year), updates, error, issues)
        normal = scatter(normal, updates)
    return Parsed(normal, error, issues)


# --- categories and text ---------------------------------------------------------------------------------------


def normalise_labels(text: pa.Array) -> pa.Array:
    """:func:`schema.normalise_label` column-wise."""
    out = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(pc.fill_null(text, ""), "NFKC")))
    out = pc.replace_substring_regex(out, r"[\s\x{3000}_:：*＊]", "")
    return pc.replace_substring_regex(out, r"[(（\[【]\s*(万?元)\s*[)）\]】]", "")


def parse_category(cells: Cells, field_name: str, required: bool) -> Parsed:
    return by_unique(lambda c: _parse_category(c, field_name, required))(cells)


def _parse_category(cells: Cells, field_name: str, required: bool) -> Parsed:
    index = schema.category_index(field_name)
    keys = pa.array(list(index), type=pa.string())
    targets = pa.array([*index.values(), ""], type=pa.string())
    position = pc.fill_null(pc.index_in(normalise_labels(cells.text), value_set=keys), len(index))
    out = targets.take(position)
    error = np.zeros(len(cells), dtype=bool)
    issues: list[RowIssue] = []
    blank = cells.blank
    unknown = (np.asarray(position.to_numpy()) == len(index)) & ~blank
    if required:
        unknown |= blank
    slow = np.flatnonzero(unknown)
    if slow.size:
        updates: dict[int, object] = {}
        _fallback(cells, slow, lambda raw: values.parse_category(raw, field_name), updates, error, issues)
        out = scatter(out, updates)
    return Parsed(out, error, issues)


def parse_text(cells: Cells) -> Parsed:
    return Parsed(pc.fill_null(cells.text, ""), np.zeros(len(cells), dtype=bool))


def parse_decimal(cells: Cells) -> Parsed:
    """Decimals (分值) as ``Decimal`` objects; only the non-blank cells are converted (a projects ledger is small)."""
    out = np.full(len(cells), None, dtype=object)
    error = np.zeros(len(cells), dtype=bool)
    issues: list[RowIssue] = []
    _fallback(cells, np.flatnonzero(~cells.blank), values.parse_decimal, out, error, issues)
    return Parsed(out, error, issues)
