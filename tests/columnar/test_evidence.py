"""Evidence capped per finding: the first rows in ledger order kept, the count and total of the rest on the finding."""

import datetime as dt
import json

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from qlaudit.columnar.evidence import _day_text
from qlaudit.findings import findings_json, group_findings
from qlaudit.money import fen_to_yuan, format_wan
from qlaudit.rules import run_rules
from qlaudit.rules.timing import december_rush
from qlaudit.settings import load_settings
from tests.rules.builders import fen, line, workbook

SETTINGS = load_settings()


def _rush(n):
    """A project with one January line and n December lines of 100 + i 元 (rows 3 … n + 2)."""
    return workbook(lines=[line("2021-01-10", 100, project="P1", code="30299", voucher="记-001"),
                           *(line(f"2021-12-{1 + i % 28:02d}", 100 + i, project="P1", code="30299",
                                  voucher=f"记-{i + 1:03d}") for i in range(n))])


def _dec(findings):
    return [f for f in findings if f.rule == "TIM-DEC-RUSH"]


def test_rows_beyond_the_cap_are_counted_and_summed_exactly():
    wb = _rush(60)
    (f,) = _dec(december_rush(wb, SETTINGS.replace(evidence_max_rows=10)))
    december = sorted(((f"2021-12-{1 + i % 28:02d}", f"记-{i + 1:03d}"), fen(100 + i)) for i in range(60))
    assert [(e.date, e.voucher_no) for e in f.evidence] == [k for k, _ in december[:10]]
    rest = sum(v for _, v in december[10:])
    assert (f.evidence_omitted, f.evidence_omitted_fen) == (50, rest)
    assert f.evidence_rows == 60
    data = f.as_dict()
    assert data["evidence_omitted"] == {"rows": 50, "amount": str(fen_to_yuan(rest))}
    assert len(data["evidence"]) == 10


def test_nothing_left_out_adds_no_key():
    (f,) = _dec(december_rush(_rush(5), SETTINGS))
    assert f.evidence_omitted == 0 and "evidence_omitted" not in f.as_dict()


def test_the_default_cap_keeps_fifty_rows():
    (f,) = _dec(december_rush(_rush(80), SETTINGS))
    assert (len(f.evidence), f.evidence_omitted) == (50, 30)
    assert json.loads(findings_json("t", 2021, [f]))["findings"][0]["evidence_omitted"]["rows"] == 30


def test_findings_grouped_per_rule_and_ranked_by_amount():
    wb = workbook(lines=[line("2021-03-01", -300 - i, payee=f"乙{i}", voucher=f"记-{i + 1:03d}", summary="冲销")
                         for i in range(12)])
    groups = group_findings(run_rules(wb), top=5)
    (unmatched,) = [g for g in groups if g.rule == "REV-UNMATCHED"]
    assert (unmatched.count, unmatched.rest_count) == (12, 7)
    assert [f.headline_fen() for f in unmatched.shown] == [fen(311 - i) for i in range(5)]
    assert unmatched.rest_fen == sum(fen(300 + i) for i in range(7))
    assert unmatched.rest_text == f"另有7项，合计{format_wan(unmatched.rest_fen)}万元"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59)),
                max_size=30))
def test_day_text_is_strftime_of_the_day(values):
    column = pa.array(values, type=pa.timestamp("us"))
    expected = [v.date().isoformat() if v is not None else "" for v in values]
    assert _day_text(column) == expected
    assert _day_text(column) == pc.fill_null(pc.strftime(column, "%Y-%m-%d"), "").to_pylist()
