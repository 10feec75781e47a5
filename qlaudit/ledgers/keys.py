"""Derived key columns of the expenditures ledger: the text keys SQL cannot compute well, computed once, vectorised.

- ``payee_key`` / ``summary_key``  payee and 摘要 as compared: NFKC (full-width → half-width), no white space
- ``payee_blank``                  the payee is empty or white space only
- ``stem``                         the 摘要 without brackets, counts, numbers and punctuation ('采购办公家具（第一批）' → '采购办公家具')
- ``periods``                      months and quarters a 摘要 names, as sorted text ('1-3月水费' → 'M1,M2,M3'; '' for none)
- ``voucher_word`` / ``voucher_number`` / ``voucher_parsed``  '记-056' → ('记', 56, True); no trailing number → ('', 0, False)
- ``department``                   the 部门 column when the ledger has one, else ''

Each key is a function of one cell. The reference definitions are the plain Python functions below
(:func:`normalise_text`, :func:`summary_stem`, :func:`periods_named`, :func:`parse_voucher_no`); :func:`text_keys`
computes them over the distinct values of a column with Arrow compute kernels (RE2 regular expressions, utf8proc
NFKC) and maps them back to the rows, so the cost grows with the distinct texts, not with the lines. A value with a
character outside the ranges where both engines are known to agree (``_SAFE``: Latin-1, general punctuation, CJK
symbols, CJK ideographs, full-width forms — checked exhaustively by tests/test_keys.py) and 摘要 that name a month or
quarter (``periods``) are computed by the reference function, so the result is always the reference one.
This module derives keys; it does not read files and does not judge.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# --- reference definitions (one value at a time) -----------------------------------------------------------------

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11,
              "十二": 12, "正": 1, "腊": 12}
_MONTH = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s*月|(十[一二]?|[一二三四五六七八九正腊])月")
_MONTH_RANGE = re.compile(r"(?<!\d)(1[0-2]|0?[1-9])\s*(?:月份?)?\s*[-~至到]\s*(1[0-2]|0?[1-9])\s*月")
_QUARTER = re.compile(r"([1-4一二三四])\s*季度")
_QUARTER_NUMBERS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_BRACKETS = re.compile(r"[(\[【].*?[)\]】]")
_COUNTED = re.compile(r"第?[0-9一二三四五六七八九十百]+(?:批|期|次|号|个|台|套|件|张|月|日|年)|\d+")
_PUNCTUATION = re.compile(r"[^\w]|_")
_NUMBER = re.compile(r"^(?P<word>.*?)(?P<number>\d+)号?$")


def normalise_text(text: object) -> str:
    """A 摘要 or payee as compared: NFKC (full-width → half-width), no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def periods_named(summary: object) -> frozenset[str]:
    """Months and quarters a 摘要 names: '支付3月工资' → {'M3'}, '1-3月水费' → {'M1', 'M2', 'M3'}, '一季度物业费' →
    {'Q1'}, '购买纸张' → {}."""
    text = normalise_text(summary)
    months = {f"M{int(m[1]) if m[1] else _CN_MONTHS[m[2]]}" for m in _MONTH.finditer(text)}
    for m in _MONTH_RANGE.finditer(text):  # '1-3月' names January to March
        months |= {f"M{n}" for n in range(int(m[1]), int(m[2]) + 1)}
    quarters = {f"Q{_QUARTER_NUMBERS[q[1]]}" for q in _QUARTER.finditer(text)}
    return frozenset(months | quarters)


def periods_text(summary: object) -> str:
    """:func:`periods_named` as one comparable text: 'M1,M2,Q1' (sorted), '' when none."""
    return ",".join(sorted(periods_named(summary)))


def summary_stem(summary: object) -> str:
    """The 摘要 without brackets, counts and numbers: '采购办公家具（第一批）' and '采购办公家具第2批' → '采购办公家具'."""
    text = _BRACKETS.sub("", normalise_text(summary))
    return _PUNCTUATION.sub("", _COUNTED.sub("", text))


def parse_voucher_no(voucher_no: object) -> tuple[str, int] | None:
    """('记', 56) for '记-056', '记字第56号', '记 56'; ('', 7) for '7'; None when there is no trailing number."""
    m = _NUMBER.match(normalise_text(voucher_no))
    if m is None:
        return None
    return re.sub(r"[-_#:：.第字号]+$", "", m["word"]).rstrip("字"), int(m["number"])


# --- the same keys over Arrow arrays -----------------------------------------------------------------------------

# Python's \s (str.isspace), spelt out for RE2 (whose \s is ASCII only).
_WS = r"[\t\n\x0b\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_SAFE = r"^[\x{1}-\x{ff}\x{2000}-\x{206f}\x{3000}-\x{303f}\x{4e00}-\x{9fff}\x{ff01}-\x{ffee}]*$"
_WORD = r"[\p{L}\p{N}_]"  # Python's \w for the characters of _SAFE


def _normalised(values: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(pc.utf8_normalize(values, form="NFKC"), _WS + "+", "")


def _stems(normalised: pa.Array) -> pa.Array:
    text = pc.replace_substring_regex(normalised, r"[(\[【].*?[)\]】]", "")
    text = pc.replace_substring_regex(
        text, r"第?[0-9一二三四五六七八九十百]+(?:批|期|次|号|个|台|套|件|张|月|日|年)|[0-9]+", "")
    return pc.replace_substring_regex(text, r"[^\p{L}\p{N}_]|_", "")


def _voucher_parts(normalised: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    parts = pc.extract_regex(normalised, r"^(?P<word>.*?)(?P<number>[0-9]+)号?$")
    digits = pc.fill_null(pc.struct_field(parts, "number"), "")
    parsed = pc.and_(pc.is_valid(parts), pc.less_equal(pc.utf8_length(digits), MAX_DIGITS))
    word = pc.fill_null(pc.struct_field(parts, "word"), "")
    word = pc.replace_substring_regex(pc.replace_substring_regex(word, r"[-_#:：.第字号]+$", ""), "字+$", "")
    number = pc.cast(pc.if_else(parsed, digits, "0"), pa.int64())
    return pc.if_else(parsed, word, ""), number, parsed


MAX_DIGITS = 18  # a longer trailing number is no voucher number (and does not fit int64): the line is left out


def _python_keys(values: list[str]) -> dict[str, list[object]]:
    parsed = [parse_voucher_no(v) for v in values]
    parsed = [p if p is not None and p[1] < 10**MAX_DIGITS else None for p in parsed]
    return {
        "key": [normalise_text(v) for v in values],
        "stem": [summary_stem(v) for v in values],
        "periods": [periods_text(v) for v in values],
        "word": [p[0] if p else "" for p in parsed],
        "number": [p[1] if p else 0 for p in parsed],
        "parsed": [p is not None for p in parsed],
    }


def _distinct(values: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Row → distinct-value index, and the distinct values as an Arrow string array."""
    array = pa.array(values.astype("str").fillna(""))
    if isinstance(array, pa.ChunkedArray):  # an Arrow-backed column: concatenated, not rebuilt value by value
        array = array.combine_chunks()
    encoded = pc.dictionary_encode(array)
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.cast(pa.string())


def _to_numpy(array: pa.Array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False))


def _keys_of_distinct(values: pa.Array, which: set[str]) -> dict[str, np.ndarray]:
    """Keys of distinct values: Arrow kernels where safe, the reference functions elsewhere."""
    out: dict[str, np.ndarray] = {}
    normalised = _normalised(values)
    if "key" in which:
        out["key"] = _to_numpy(normalised).astype(object)
    if "stem" in which:
        out["stem"] = _to_numpy(_stems(normalised)).astype(object)
    if "periods" in which:
        out["periods"] = np.full(len(values), "", dtype=object)
    if "voucher" in which:
        word, number, parsed = _voucher_parts(normalised)
        out["word"], out["number"], out["parsed"] = (_to_numpy(word).astype(object), _to_numpy(number).astype("int64"),
                                                     _to_numpy(parsed).astype(bool))
    unsafe = ~_to_numpy(pc.match_substring_regex(values, _SAFE)).astype(bool)
    slow = unsafe.copy()
    if "periods" in which:
        slow |= _to_numpy(pc.match_substring_regex(values, "月|季度")).astype(bool)
    rows = np.flatnonzero(slow)
    if len(rows):
        reference = _python_keys([values[int(i)].as_py() for i in rows])
        replace = rows[unsafe[rows]]
        for name, column in out.items():
            source = np.asarray(reference[name], dtype=column.dtype)
            if name == "periods":
                column[rows] = source
            else:
                column[replace] = source[unsafe[rows]]
    return out


def _distinct_codes(values: np.ndarray) -> np.ndarray:
    """An integer code per distinct value of a (small) array of distinct-value keys."""
    return pd.factorize(values)[0].astype("int64")


def key_columns(expenditures: pd.DataFrame) -> dict[str, pa.Array]:
    """The key columns of ``expenditures`` as Arrow arrays (row order of the frame), see the module docstring, plus
    integer codes of the compared keys (``payee_code``, ``summary_key_code``, ``stem_code``: equal codes ⇔ equal
    keys) for grouping and comparing."""
    return keys_and_codes(expenditures)[0]


def keys_and_codes(expenditures: pd.DataFrame) -> tuple[dict[str, pa.Array], dict[str, np.ndarray]]:
    """:func:`key_columns`, and the integer code of each line's 摘要 and 凭证号 as written (``summary``,
    ``voucher_no``: equal codes ⇔ equal texts), which computing the keys yields on the way."""
    payee_codes, payees = _distinct(expenditures["payee"])
    summary_codes, summaries = _distinct(expenditures["summary"])
    voucher_codes, vouchers = _distinct(expenditures["voucher_no"])
    payee = _keys_of_distinct(payees, {"key"})
    summary = _keys_of_distinct(summaries, {"key", "stem", "periods"})
    voucher = _keys_of_distinct(vouchers, {"voucher"})
    blank = _to_numpy(pc.match_substring_regex(payees, "^" + _WS + "*$")).astype(bool)

    def take(distinct: np.ndarray, codes: np.ndarray, kind: pa.DataType | None = None) -> pa.Array:
        return pc.take(pa.array(distinct, type=kind or pa.string()), pa.array(codes))

    if "department" in expenditures.columns:
        department = pa.array(expenditures["department"].astype("str").fillna(""), type=pa.string())
    else:
        department = pa.array(np.full(len(expenditures), "", dtype=object), type=pa.string())
    columns = {
        "payee_key": take(payee["key"], payee_codes), "payee_blank": take(blank, payee_codes, pa.bool_()),
        "payee_code": pa.array(_distinct_codes(payee["key"])[payee_codes]),
        "summary_key": take(summary["key"], summary_codes),
        "summary_key_code": pa.array(_distinct_codes(summary["key"])[summary_codes]),
        "stem": take(summary["stem"], summary_codes),
        "stem_code": pa.array(_distinct_codes(summary["stem"])[summary_codes]),
        "periods": take(summary["periods"], summary_codes),
        "voucher_word": take(voucher["word"], voucher_codes),
        "voucher_number": pa.array(voucher["number"][voucher_codes]),
        "voucher_parsed": pa.array(voucher["parsed"][voucher_codes]), "department": department,
    }
    return columns, {"summary": summary_codes.astype("int64"), "voucher_no": voucher_codes.astype("int64")}


def text_keys(expenditures: pd.DataFrame) -> pd.DataFrame:
    """:func:`key_columns` as a DataFrame with the index of ``expenditures`` (for exploring and tests)."""
    columns = key_columns(expenditures)
    return pa.table(columns).to_pandas().set_axis(expenditures.index)


__all__ = ["key_columns", "keys_and_codes", "normalise_text", "parse_voucher_no", "periods_named", "periods_text", "summary_stem",
           "text_keys"]
