"""Findings as data: the JSON text, evidence capping fields, ranking."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from qlaudit.findings import Evidence, Finding, dumps_indented, findings_json, indented_json

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_indented_json_is_the_json_module_text(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)  # orjson, or the fallback


def test_what_orjson_refuses_is_written_by_the_fallback():
    for value in ({"a": 10**20}, ["\ud800 lone surrogate"], {"n": -(2**64)}):
        assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)  # quotes, backslashes, control characters, CJK
EVIDENCE = st.builds(Evidence, TEXT, st.integers(0, 10**7), TEXT, TEXT, TEXT, TEXT, TEXT, TEXT,
                     st.integers(-(2**63), 2**63 - 1))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(EVIDENCE, max_size=3), max_size=3))
def test_findings_json_with_evidence_rows_is_the_json_module_text(rows):
    # evidence rows with quotes, backslashes, control and CJK characters, any int64 amount: json.dumps' characters
    findings = [Finding("R", "warning", f"标题{i}", "说明", str(i), (("spent", -i),), tuple(e))
                for i, e in enumerate(rows)]
    payload = {"unit": "u", "year": 2021, "findings": [f.as_dict() for f in findings]}
    assert findings_json("u", 2021, findings) == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def test_findings_json_of_capped_and_uncapped_findings():
    evidence = (Evidence("a.csv", 2, "2021-01-01", "记-001", "办公\"用品\n", "甲", "", "30201", 12_345),)
    findings = [Finding("R", "warning", "标题", "说明", "s", (("spent", 12_345),), evidence, evidence_omitted=3,
                        evidence_omitted_fen=500),
                Finding("R", "info", "t", "e", passed=True)]
    text = findings_json("u", 2021, findings)
    payload = {"unit": "u", "year": 2021, "findings": [f.as_dict() for f in findings]}
    assert text == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(text)["findings"][0]["evidence_omitted"] == {"rows": 3, "amount": "5.00"}
    assert "evidence_omitted" not in json.loads(text)["findings"][1]
    assert findings[0].evidence_rows == 4 and findings[0].headline_fen() == 12_345


@given(st.lists(EVIDENCE, max_size=5))
def test_evidence_built_column_by_column_is_the_dataclass(rows):
    columns = [[getattr(e, name) for e in rows] for name in
               ("file", "row", "date", "voucher_no", "summary", "payee", "project_code", "economic_code", "amount_fen")]
    built = Evidence.many(columns)
    assert built == rows and [hash(e) for e in built] == [hash(e) for e in rows]
    assert all(type(e) is Evidence and e.__dict__ == r.__dict__ for e, r in zip(built, rows, strict=True))


def test_an_evidence_row_as_json_data_has_its_fields_in_order_and_the_amount_in_yuan():
    keys = ["file", "row", "date", "voucher_no", "summary", "payee", "project_code", "economic_code", "amount"]
    made = Evidence("a.csv", 2, "2021-01-01", "记-001", "摘要", "甲", "P", "30201", -5)
    (built,) = Evidence.many([[v] for v in made.__dict__.values()])
    for row in (made, built):
        assert list(row.as_dict()) == keys and row.as_dict()["amount"] == "-0.05"
    assert made.amount_fen == -5  # the row itself is unchanged
