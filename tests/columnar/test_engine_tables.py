"""The in-memory engine's tables: unit as a dictionary column, invisible to the rules' SQL."""

import pyarrow as pa

import qlaudit
from qlaudit.columnar.engine import _unit_as_dictionary
from tests.test_findings_golden import DATA


def test_unit_is_a_dictionary_column_and_queries_return_plain_text():
    wb = qlaudit.open("lusong-qiaolian", 2021, DATA)
    eng = wb.columnar()
    for name in ("expenditures", "appropriations", "projects"):
        assert pa.types.is_dictionary(eng.tables[name].schema.field("unit").type), name
    out = eng.arrow("SELECT unit, COUNT(*) AS n FROM expenditures GROUP BY unit")
    assert not pa.types.is_dictionary(out.schema.field("unit").type)
    assert out.column("unit").to_pylist() == eng.tables["expenditures"].column("unit").unique().to_pylist()
    assert isinstance(out.column("unit")[0].as_py(), str)
    assert out.column("n").to_pylist() == [len(wb.expenditures)]


def test_a_column_without_text_is_left_as_it_is():
    empty = pa.table({"unit": pa.array([], pa.null()), "line_id": pa.array([], pa.int64())})
    assert _unit_as_dictionary(empty).equals(empty)
    text = pa.table({"unit": ["u", "u"]})
    assert _unit_as_dictionary(text).column("unit").to_pylist() == ["u", "u"]
