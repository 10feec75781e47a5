"""Parsing one ledger cell: money, dates, codes, categories, flags.

Each parser takes the raw cell (text from a CSV, or the Python value openpyxl gives) and returns the canonical
value and the list of normalisations it applied (each becomes a warning in the import log), or raises
:class:`CellError` with a message and a hint (an error in the import log). Pure functions, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from qlaudit import codes
from qlaudit.i18n import Keyed
from qlaudit.ledgers import schema
from qlaudit.money import MoneyError, decimal_from_cell, wan_to_fen, yuan_to_fen


class CellError(ValueError):
    """A cell that cannot be read; carries a hint for the person fixing the file."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


Parsed = tuple[object, list[str]]
#: No ledger line can be 100 亿元 (10^10 元) or more: such an amount is a typo or a wrong unit. The cap also keeps
#: every sum of a ledger far from int64 overflow (qlaudit.limits caps the rows; qlaudit.ledgers.scale the totals).
MAX_AMOUNT_FEN = 10**12
TOO_LARGE = ("amount too large: 100 亿元 or more, more than any ledger line can be",
             "check the amount and its unit (元 or 万元)")

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
_MONEY_PATTERN = re.compile(r"^-?\d+(\.\d+)?$")


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, float) and raw != raw)


def cell_text(raw: object) -> str:
    """A cell as text for messages and text columns (numbers without a spurious '.0')."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    return str(raw).strip()


def parse_money(raw: object, unit: str = "元") -> Parsed:
    """An amount in 分. ``unit`` is the declared unit of the file or column: '元' or '万元'."""
    notes: list[str] = []
    if is_blank(raw):
        raise CellError(Keyed("issue.amount_empty"), Keyed("issue.amount_empty_hint"))
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        try:
            value = decimal_from_cell(raw)
        except MoneyError as exc:  # an infinite or NaN number cell (a float overflow in the file)
            raise CellError(Keyed("issue.not_amount"), Keyed("issue.not_amount_hint")) from exc
    else:
        text = str(raw).strip()
        original = text
        text = text.translate(_FULLWIDTH_DIGITS)
        if text != original and re.search(r"[０-９．－]", original):
            notes.append("full-width digits converted")
        unmarked = text.replace("¥", "").replace("￥", "").replace("元", "").strip()
        if unmarked != text:
            notes.append("currency sign ¥/元 removed")
        text = unmarked
        negative = False
        if (text.startswith("(") and text.endswith(")")) or (text.startswith("（") and text.endswith("）")):
            negative = True
            text = text[1:-1].strip()
            notes.append("(…) read as a negative amount")
        if "," in text:
            if not re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
                raise CellError(Keyed("issue.thousands_misplaced"), Keyed("issue.thousands_misplaced_hint"))
            text = text.replace(",", "")
            notes.append("thousands separators removed")
        if not _MONEY_PATTERN.match(text):
            raise CellError(Keyed("issue.not_amount"), Keyed("issue.not_amount_hint"))
        value = Decimal(text)
        if negative:
            value = -value
    try:
        if isinstance(raw, float):  # a spreadsheet number: rounded half-up to 0.01 元 (docs/data-format.md)
            scale = 10_000 if unit == "万元" else 1
            exponent = (value * scale).normalize().as_tuple().exponent
            if isinstance(exponent, int) and exponent < -2:
                rounded = (value * scale).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                notes.append(f"numeric cell {value} rounded to {rounded} 元")
                value = rounded / scale
        if unit == "万元":
            fen = wan_to_fen(value)
            notes.append("converted from 万元 to 元")
        else:
            fen = yuan_to_fen(value)
    except (MoneyError, InvalidOperation) as exc:
        raise CellError(str(exc), "amounts in 元 have at most 2 decimals (万元 at most 6)") from exc
    if abs(fen) >= MAX_AMOUNT_FEN:
        raise CellError(*TOO_LARGE)
    return fen, notes


_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), False),
    (re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"), True),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"), True),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), True),
)


def parse_date(raw: object) -> Parsed:
    if is_blank(raw):
        raise CellError(Keyed("issue.date_empty"), Keyed("issue.date_empty_hint"))
    if isinstance(raw, dt.datetime):
        return raw.date(), []
    if isinstance(raw, dt.date):
        return raw, []
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    text = re.sub(r"\s+00:00(:00)?$", "", text)
    for pattern, is_variant in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                value = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise CellError(Keyed("issue.not_calendar_date"), Keyed("issue.not_calendar_date_hint")) from exc
            notes = [f"date {text!r} read as {value.isoformat()}"] if is_variant or text != value.isoformat() else []
            return value, notes
    raise CellError(Keyed("issue.not_date"), Keyed("issue.not_date_hint"))


def parse_code(raw: object) -> Parsed:
    """A code kept as text: '2012901.0' (a code typed as a number) and full-width digits are normalised."""
    if is_blank(raw):
        return "", []
    notes: list[str] = []
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
        notes.append("code stored as a number, read as text")
    text = str(raw).strip()
    normal = unicodedata.normalize("NFKC", text)
    if normal != text:
        notes.append("full-width characters in code converted")
    if re.fullmatch(r"\d+\.0+", normal):
        normal = normal.split(".")[0]
        notes.append("code stored as a number, read as text")
    return normal, notes


def parse_classification(raw: object, kind: str, year: int) -> Parsed:
    code, notes = parse_code(raw)
    if not code:
        raise CellError(Keyed("issue.code_empty"), Keyed("issue.code_empty_hint"))
    assert isinstance(code, str)
    if not code.isdigit():
        raise CellError(Keyed("issue.code_not_digits"), Keyed("issue.code_not_digits_hint"))
    if kind == "functional_code":
        if not codes.is_valid_functional(code, year):
            raise CellError(Keyed("issue.unknown_functional", year=year), Keyed("issue.unknown_functional_hint", year=year))
    elif not codes.is_valid_economic(code, year):
        raise CellError(Keyed("issue.unknown_economic", year=year), Keyed("issue.unknown_economic_hint", year=year))
    return code, notes


def parse_category(raw: object, field: str) -> Parsed:
    if is_blank(raw):
        raise CellError(f"{field} is empty", schema.accepted_values_hint(field))
    text = cell_text(raw)
    value = schema.match_category(field, text)
    if value is None:
        raise CellError(f"unknown {field} value", schema.accepted_values_hint(field))
    return value, []  # Chinese labels and aliases are the normal way to write categories: no warning.


def parse_decimal(raw: object) -> Parsed:
    if is_blank(raw):
        return None, []
    try:
        return decimal_from_cell(raw if not isinstance(raw, str) else unicodedata.normalize("NFKC", raw)), []
    except MoneyError as exc:
        raise CellError(Keyed("issue.not_number"), Keyed("issue.not_number_hint")) from exc


def parse_text(raw: object) -> Parsed:
    return cell_text(raw), []
