"""The key columns computed with Arrow kernels are the reference Python functions' results, value by value."""

import re
import unicodedata

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from qlaudit.ledgers.keys import (
    _SAFE,
    _WORD,
    _WS,
    _normalised,
    keys_and_codes,
    normalise_text,
    parse_voucher_no,
    periods_text,
    summary_stem,
    text_keys,
)
from tests.rules.builders import frame, line

SAFE_RANGES = [(0x01, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF01, 0xFFEE)]
SAFE_CHARS = [chr(c) for a, b in SAFE_RANGES for c in range(a, b + 1)]


def test_the_safe_ranges_are_where_arrow_and_python_agree_character_by_character():
    values = pa.array(SAFE_CHARS)
    assert all(pc.match_substring_regex(values, _SAFE).to_pylist())
    nfkc = pc.utf8_normalize(values, form="NFKC").to_pylist()
    assert nfkc == [unicodedata.normalize("NFKC", c) for c in SAFE_CHARS]
    # every character NFKC can produce from the safe ranges: \\s, \\w and \\d as Python's re reads them
    produced = sorted({ch for text in nfkc for ch in text})
    array = pa.array(produced)
    assert pc.match_substring_regex(array, f"^{_WS}$").to_pylist() == [bool(re.fullmatch(r"\s", c)) for c in produced]
    assert pc.match_substring_regex(array, f"^{_WORD}$").to_pylist() == [bool(re.fullmatch(r"\w", c))
                                                                           for c in produced]
    assert pc.match_substring_regex(array, "^[0-9]$").to_pylist() == [bool(re.fullmatch(r"\d", c))
                                                                        for c in produced]


def test_python_whitespace_is_spelt_out_for_re2():
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    python = [c for c in every if c.isspace()]
    assert pc.match_substring_regex(pa.array(python), f"^{_WS}$").to_pylist() == [True] * len(python)
    assert _normalised(pa.array(["\u3000a\u2009b\tc"])).to_pylist() == ["abc"]


TEXT = st.lists(st.sampled_from(
    [*"0123456789０１２３一二三四五六七八九十百正腊月季度份-~至到第批期次号个台套件张日年记字收付转（）()【】[]#:：._ 　",
     "采购", "办公", "家具", "工资", "水费", "\u00a0", "Ａ", "ｂ", "é", "\u0301", "٣", "Ⅻ", "𠀀"]),
    max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=8))
def test_text_keys_equal_the_reference_functions(texts):
    lines = [line("2021-05-01", 10, summary=t, payee=t, voucher=t or "记-1") for t in texts]
    keys = text_keys(frame("expenditures", lines))
    assert keys["payee_key"].tolist() == [normalise_text(t) for t in texts]
    assert keys["summary_key"].tolist() == [normalise_text(t) for t in texts]
    assert keys["stem"].tolist() == [summary_stem(t) for t in texts]
    assert keys["periods"].tolist() == [periods_text(t) for t in texts]
    parsed = [parse_voucher_no(t or "记-1") for t in texts]
    assert keys["voucher_parsed"].tolist() == [p is not None and p[1] < 10**18 for p in parsed]
    assert [(w, n) for w, n, ok in zip(keys["voucher_word"], keys["voucher_number"], keys["voucher_parsed"],
                                       strict=True) if ok] == [p for p in parsed if p is not None and p[1] < 10**18]
    assert keys["payee_blank"].tolist() == [t.strip() == "" for t in texts]
    # equal codes exactly when the keys are equal
    pairs = list(zip(keys["payee_code"], keys["payee_key"], strict=True))
    assert all((a[0] == b[0]) == (a[1] == b[1]) for a in pairs for b in pairs)
    # and the codes of the texts as written (summary_code, voucher_code of the engine) when the texts are equal
    spend = frame("expenditures", lines)
    _, codes = keys_and_codes(spend)
    for column in ("summary", "voucher_no"):
        written = list(zip(codes[column], spend[column], strict=True))
        assert all((a[0] == b[0]) == (a[1] == b[1]) for a in written for b in written)


def test_examples_and_the_department_column():
    lines = [line("2021-05-01", 10, summary="1-3月水费（第二批）", payee=" 彩虹　印务 ", voucher="记字第056号"),
             line("2021-05-02", 10, summary="购买 A4 纸", payee="", voucher="无号")]
    spend = frame("expenditures", lines)
    keys = text_keys(spend)
    assert keys[["payee_key", "stem", "periods", "voucher_word", "voucher_number"]].values.tolist()[0] == [
        "彩虹印务", "水费", "M1,M2,M3", "记", 56]
    assert keys["voucher_parsed"].tolist() == [True, False] and keys["payee_blank"].tolist() == [False, True]
    assert keys["department"].tolist() == ["", ""]
    with_department = spend.assign(department=pd.Series(["办公室", "财务科"], dtype="str"))
    assert text_keys(with_department)["department"].tolist() == ["办公室", "财务科"]
