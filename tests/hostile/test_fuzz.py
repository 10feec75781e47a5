"""Fuzzing the readers with hypothesis: arbitrary bytes under every ledger file name, random tables (headers, cells,
merged ranges) as CSV and XLSX, and random unit.yaml documents. The only exceptions that may escape are the
project's own input errors; every row read is accounted for; no merged cell invents an amount; no amount is beyond
what money can be.

The test command runs a bounded budget (well under a minute). Before a release, run longer::

    QLAUDIT_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile/test_fuzz.py -q

(``QLAUDIT_FUZZ_EXAMPLES`` sets every test's number of examples; hypothesis keeps failing examples in .hypothesis/
and replays them first.)
"""

import io
import os
import string
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qlaudit.ledgers import load_ledger
from qlaudit.ledgers.parse import MAX_AMOUNT_FEN
from qlaudit.ledgers.schema import columns
from qlaudit.profile import ProfileError, load_profile
from tests.builders import EXPENDITURES, EXPENDITURES_HEADER, csv_bytes

EXAMPLES = int(os.environ.get("QLAUDIT_FUZZ_EXAMPLES", "0"))


def budget(default: int) -> settings:
    return settings(max_examples=EXAMPLES or default, deadline=None, derandomize=not EXAMPLES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load(data: bytes, name: str, ledger: str = "expenditures"):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        frame, record = load_ledger(path, ledger, 2021, use_cache=False)
    assert record.accounted, record.summary()
    if len(frame):
        assert frame["amount_fen"].abs().max() < MAX_AMOUNT_FEN
    return frame, record


# --- bytes ------------------------------------------------------------------------------------------------------

VALID_CSV = csv_bytes([EXPENDITURES_HEADER, *EXPENDITURES])


def _valid_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    for row in [EXPENDITURES_HEADER, *EXPENDITURES]:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


VALID_XLSX = _valid_xlsx()


@st.composite
def mutated(draw, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip" and data:
            data[where] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[where: where + draw(st.integers(1, 64))]
        elif action == "insert":
            data[where:where] = draw(st.binary(max_size=32))
        else:
            del data[where:]
    return bytes(data)


def _rezipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@st.composite
def xlsx_with_mutated_part(draw) -> bytes:
    """A valid zip whose sheet XML (or another part) is damaged: the XML reader, not the zip reader, is fuzzed."""
    with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = draw(st.sampled_from(sorted(parts)))
    parts[name] = draw(mutated(parts[name]))
    return _rezipped(parts)


@budget(120)
@given(st.one_of(st.binary(max_size=2048), mutated(VALID_CSV), mutated(VALID_XLSX), xlsx_with_mutated_part()),
       st.sampled_from(["expenditures.csv", "expenditures.txt", "expenditures.xlsx", "expenditures.xls",
                        "expenditures.ods"]))
def test_any_bytes_under_any_ledger_name(data, name):
    load(data, name)


# --- tables -----------------------------------------------------------------------------------------------------

LABELS = [alias for spec in columns("expenditures") for alias in spec.aliases[:2]]
CELLS = st.one_of(
    st.sampled_from(["", " ", "2021-03-05", "2021/3/5", "20210305", "2021-02-30", "记-001", "办公用品", "一般公共预算",
                     "公用经费", "项目支出", "2012950", "30201", "2012950.0", "1,250.50", "(50.00)", "¥12.00",
                     "１２３．４５", "合计", "总计", "小计", "本月合计", "期初余额", "单位：万元", "12345678901234567890",
                     "9999999999999999.99", "-0.005", "1e308", "NaN", "=SUM(A1:A2)", "\x1b[31m", "\u202e",
                     "\x00", "\r", "\"", "a,b", "\n"]),
    st.text(alphabet=string.digits + ".,-()", max_size=12),
    st.text(max_size=20),
)
XLSX_CELLS = st.one_of(CELLS, st.integers(-(10**20), 10**20), st.floats(allow_nan=True, allow_infinity=True),
                       st.none(), st.booleans())


@st.composite
def table(draw, cells=CELLS):
    width = draw(st.integers(1, 14))
    header = draw(st.lists(st.one_of(st.sampled_from(LABELS), st.text(max_size=6)), min_size=width,
                           max_size=width))
    titles = draw(st.lists(st.lists(cells, max_size=3), max_size=3))
    body = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), max_size=25))
    return [*titles, header, *body]


def _cell_for_csv(value) -> str:
    return "" if value is None else str(value)


@budget(100)
@given(table(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_random_tables_as_csv(rows, encoding):
    text_rows = [[_cell_for_csv(v).replace("\x00", "") if encoding == "gb18030" else _cell_for_csv(v) for v in r]
                 for r in rows]
    try:
        data = csv_bytes(text_rows, encoding)
    except UnicodeEncodeError:
        data = csv_bytes(text_rows, "utf-8")
    load(data, "expenditures.csv")


def _excel_letter(j: int) -> str:
    return openpyxl.utils.get_column_letter(j + 1)


@st.composite
def merged_table(draw):
    rows = draw(table(XLSX_CELLS))
    height, width = len(rows), max(len(r) for r in rows)
    merges = []
    for _ in range(draw(st.integers(0, 4))):
        r0, c0 = draw(st.integers(0, height - 1)), draw(st.integers(0, width - 1))
        r1, c1 = draw(st.integers(r0, min(r0 + 4, height - 1))), draw(st.integers(c0, min(c0 + 2, width - 1)))
        if (r0, c0) != (r1, c1) and not any(not (r1 < a or b < r0 or c1 < c or d < c0) for a, c, b, d in merges):
            merges.append((r0, c0, r1, c1))
    return rows, merges


@budget(60)
@given(merged_table())
def test_random_tables_with_merged_cells_as_xlsx(drawn):
    rows, merges = drawn
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch >= " " or ch in "\t\n")  # what openpyxl can store
            ws.cell(r, c, value)
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(f"{_excel_letter(c0)}{r0 + 1}:{_excel_letter(c1)}{r1 + 1}")
    out = io.BytesIO()
    wb.save(out)
    frame, record = load(out.getvalue(), "expenditures.xlsx")
    if len(frame) and record.header_rows:
        amount_col = next((j for j, label in enumerate(rows[record.header_rows[-1] - 1])
                           if isinstance(label, str) and label.strip() in ("金额", "支出金额", "amount")), None)
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                   if (r, c) != (r0, c0)}
        for source_row in frame["source_row"].tolist():  # a kept row's amount is its own cell, never a merge's
            assert amount_col is None or (source_row - 1, amount_col) not in covered


# --- unit.yaml --------------------------------------------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**30), st.floats(), st.text(max_size=12),
                    st.dates(), st.binary(max_size=4))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.one_of(st.text(max_size=6), st.integers(
                                                           1800, 2100)), inner, max_size=4)), max_leaves=12)
KEYS = ["code", "name", "short_name", "founded", "nature", "description", "staffing", "duties", "goals", "disclosure",
        "files", "profile", "budget_code", "province", "basis", "authorised", "special", "overall", "2021", "2021年"]


@st.composite
def unit_yaml(draw) -> bytes:
    kind = draw(st.sampled_from(["structured", "text", "bytes", "anchors"]))
    if kind == "structured":
        doc = draw(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8))
        if draw(st.booleans()):
            doc["name"] = draw(st.text(min_size=1, max_size=8))
        return yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
    if kind == "anchors":
        depth, fan = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        lines = ["name: x", "a0: &a0 [1, 2]"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]"
                                                  for i in range(1, depth)]
        return ("\n".join(lines) + "\n").encode()
    if kind == "text":
        tokens = st.sampled_from([*"name:{}[]&*!|>-?# \n\t'\"0123456789年人", "2021", "name: ", "goals:", "staffing:",
                                  "\n  ", "&a ", "*a", "!!binary", "!!set", "<<: ", "%YAML 1.1\n", "---\n"])
        return "".join(draw(st.lists(tokens, max_size=40))).encode("utf-8")
    return draw(st.binary(max_size=200))


@budget(200)
@given(unit_yaml())
def test_random_unit_yaml(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "unit.yaml"
        path.write_bytes(text)
        try:
            profile = load_profile(path, "u/unit.yaml")
        except ProfileError as err:
            assert err.issue.severity == "error" and err.issue.hint
            return
    assert profile.name and all(isinstance(d, str) for d in profile.duties)
    assert all(isinstance(y, int) for y in profile.goals)
    for count in (profile.staffing_authorised, profile.staffing_actual, profile.leadership_posts):
        assert count is None or (isinstance(count, int) and count >= 0)
