"""The column-wise parsers give exactly what the per-cell parsers give: values, normalisation notes, errors and
hints (hypothesis over the forms a ledger cell takes: plain, thousands separators, (123.45), ¥, full-width digits,
万元, numeric spreadsheet cells with float noise, dates in every accepted form, codes typed as numbers)."""

import datetime as dt

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from qlaudit.ledgers import parse, values
from qlaudit.ledgers.cells import object_cells, text_cells

DIGITS = st.integers(min_value=0, max_value=10**12)


@st.composite
def amount_text(draw):
    whole = draw(DIGITS)
    decimals = draw(st.sampled_from(["", ".5", ".50", ".05", ".123", ".1234567"]))
    text = f"{whole:,}" if draw(st.booleans()) else str(whole)
    text += decimals
    if draw(st.booleans()):
        text = "-" + text
    wrap = draw(st.sampled_from(["{}", "({})", "（{}）", "¥{}", "{}元", " {} "]))
    text = wrap.format(text)
    if draw(st.booleans()):
        text = text.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))
    return draw(st.sampled_from([text, text, "abc", "", "12,34", "1e5", "1,2345.00"]))


def per_cell(raws, parser):
    out = []
    for raw in raws:
        try:
            value, notes = parser(raw)
            out.append((value, tuple(f"normalised: {n}" for n in notes), None))
        except values.CellError as err:
            out.append((None, (), (err.message, err.hint)))
    return out


def column_wise(parsed, n):
    vals = parsed.values.to_pylist() if isinstance(parsed.values, pa.Array) else list(parsed.values)
    out = []
    for i in range(n):
        issues = [x for x in parsed.issues if x[0] == i]
        errors = [(m, h) for _, sev, m, h, _ in issues if sev == "error"]
        notes = tuple(m for _, sev, m, _, _ in issues if sev == "warning")
        out.append((None if errors else vals[i], () if errors else notes, errors[0] if errors else None))
    return out


def normalise(rows):
    return [(int(v) if isinstance(v, (int, np.integer)) else v, n, e) for v, n, e in rows]


@settings(max_examples=150, deadline=None)
@given(st.lists(amount_text(), min_size=1, max_size=80), st.sampled_from(["元", "万元"]))
def test_money_text(raws, unit):
    column = parse.parse_money(text_cells(pa.array(raws, type=pa.string())), unit)
    assert normalise(column_wise(column, len(raws))) == per_cell(
        [r.strip() for r in raws], lambda r: values.parse_money(r, unit))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
                          st.integers(min_value=-10**9, max_value=10**9),
                          st.decimals(min_value=-10**6, max_value=10**6, places=3).map(float)),
                min_size=1, max_size=60), st.sampled_from(["元", "万元"]))
def test_money_spreadsheet_numbers(raws, unit):
    column = parse.parse_money(object_cells(raws), unit)
    expected = per_cell(raws, lambda r: values.parse_money(r, unit))
    assert normalise(column_wise(column, len(raws))) == expected


DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def date_text(draw):
    d = draw(DATES)
    form = draw(st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m:02d}.{d}",
                                 "{y}年{m}月{d}日", "{y}{m:02d}{d:02d}", "{y}-{m:02d}-{d:02d} 00:00:00",
                                 "{y}-02-30", "{y}/13/01", "March", "", "44260"]))
    text = form.format(y=d.year, m=d.month, d=d.day)
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if draw(st.booleans()) else text


@settings(max_examples=150, deadline=None)
@given(st.lists(date_text(), min_size=1, max_size=100))
def test_dates(raws):
    column = parse.parse_date(text_cells(pa.array(raws, type=pa.string())))
    got = [(None if v is None or (isinstance(v, np.datetime64) and np.isnat(v)) else v.astype(dt.date), n, e)
           for v, n, e in column_wise(column, len(raws))]
    assert got == per_cell([r.strip() for r in raws], values.parse_date)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["30201", "30211", "３０２１１", "30201.0", "30230", "302", "差旅费", "", " 30101 ",
                                 "2012950", "2012950.00"]), min_size=1, max_size=100),
       st.sampled_from(["economic_code", "functional_code"]))
def test_classification_codes(raws, kind):
    column = parse.parse_classification(text_cells(pa.array(raws, type=pa.string())), kind, 2021)
    assert column_wise(column, len(raws)) == per_cell([r.strip() for r in raws],
                                                      lambda r: values.parse_classification(r, kind, 2021))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["年初", "年初预算", "调增", "其他", "", "initial", " 上年结转 ", "收回"]),
                min_size=1, max_size=100))
def test_categories(raws):
    column = parse.parse_category(text_cells(pa.array(raws, type=pa.string())), "source", True)
    assert column_wise(column, len(raws)) == per_cell([r.strip() for r in raws],
                                                      lambda r: values.parse_category(r, "source"))
