"""Resource limits: documented defaults, overrides from the environment, checked before anything large is built, a
limit reached is an input error naming it (never a hang or a MemoryError), and the import cache honours them."""

import io
import struct
import zipfile
from pathlib import Path

import pytest

from qlaudit import limits, safe_yaml
from qlaudit.cli import main
from qlaudit.errors import QlauditError
from qlaudit.ledgers import load_ledger
from tests.builders import EXPENDITURES, EXPENDITURES_HEADER, make_unit, write_csv

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_defaults_and_overrides(monkeypatch):
    assert limits.current() == limits.DEFAULTS
    monkeypatch.setenv("QLAUDIT_LIMIT_FILE_BYTES", "2G")
    monkeypatch.setenv("QLAUDIT_LIMIT_ROWS", "1_000")
    monkeypatch.setenv("QLAUDIT_LIMIT_TEXT_BYTES", "64KiB")
    current = limits.current()
    assert (current.file_bytes, current.rows, current.text_bytes) == (2 * 1024**3, 1000, 64 * 1024)
    for bad in ("abc", "0", "-5", "1.5M"):
        monkeypatch.setenv("QLAUDIT_LIMIT_ROWS", bad)
        with pytest.raises(QlauditError, match="QLAUDIT_LIMIT_ROWS"):
            limits.current()


def test_a_bad_limit_setting_is_a_usage_error(tmp_path, monkeypatch, capsys):
    make_unit(tmp_path)
    monkeypatch.setenv("QLAUDIT_LIMIT_CELLS", "lots")
    assert main(["validate", "--unit", "test-unit", "--year", "2021", "--data", str(tmp_path)]) == 2
    assert "QLAUDIT_LIMIT_CELLS='lots' is not a positive whole number" in capsys.readouterr().err


def test_every_limit_is_documented_with_its_default_and_variable():
    text = DOC.read_text(encoding="utf-8")
    for name, value in limits.DEFAULTS.__dict__.items():
        shown = f"{value // limits.MIB} MiB" if name.endswith("bytes") else f"{value:,}"
        assert f"| `{name}` | {shown} | `{limits.env_name(name)}` |" in text, name
    assert "QLAUDIT_FUZZ_EXAMPLES" in text


def _lying_zip(real: bytes, declared: int) -> bytes:
    """A zip whose one part says it decompresses to ``declared`` bytes but gives ``real``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", real)
    data = bytearray(out.getvalue())
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, declared)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_a_zip_part_that_lies_about_its_size_is_refused_before_any_reader_opens_it(tmp_path):
    path = tmp_path / "expenditures.xlsx"
    path.write_bytes(_lying_zip(b" " * (8 << 20), 100))
    with pytest.raises(limits.DamagedArchive, match=r"sheet1\.xml is damaged"):
        limits.check_zip(path.read_bytes(), "the file")
    _, record = load_ledger(path, "expenditures", 2021, use_cache=False)
    (error,) = record.errors
    assert "not a readable .xlsx file" in error.message and "damaged" in error.message


def test_a_zip_over_the_unzipped_limit(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (3 << 20))
    monkeypatch.setenv("QLAUDIT_LIMIT_UNZIPPED_BYTES", "1M")
    with pytest.raises(limits.LimitExceeded, match="over the limit unzipped_bytes = 1,048,576") as caught:
        limits.check_zip(out.getvalue(), "report.docx")
    assert "QLAUDIT_LIMIT_UNZIPPED_BYTES" in caught.value.hint


def test_lint_refuses_a_docx_zip_bomb(tmp_path, monkeypatch, capsys):
    out = tmp_path / "report.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (3 << 20))
    monkeypatch.setenv("QLAUDIT_LIMIT_UNZIPPED_BYTES", "1M")
    assert main(["lint", str(out)]) == 2
    assert "over the limit unzipped_bytes" in capsys.readouterr().err


def test_the_import_cache_honours_the_limits(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "expenditures.csv", [EXPENDITURES_HEADER, *EXPENDITURES])
    frame, record = load_ledger(path, "expenditures", 2021)
    assert len(frame) == 5 and not record.errors
    monkeypatch.setenv("QLAUDIT_LIMIT_ROWS", "3")
    frame, record = load_ledger(path, "expenditures", 2021)
    assert frame.empty and "over the limit rows = 3" in record.errors[0].message


@pytest.mark.parametrize(("text", "limit"), [
    ("a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n", "yaml_aliases"),
    ("a: &a {x: 1}\nb:\n" + "".join(f"  k{i}: {{<<: *a}}\n" for i in range(101)), "yaml_aliases"),
    ("a: " + "[" * 33 + "]" * 33 + "\n", "yaml_depth"),
])
def test_yaml_limits(text, limit):
    with pytest.raises(limits.LimitExceeded, match=f"over the limit {limit}"):
        safe_yaml.load(text, "unit.yaml")


def test_yaml_within_the_limits_loads_as_plain_data():
    assert safe_yaml.load("a: &a [1, 2]\nb: *a\nc: {<<: {x: 1}, y: 2}\n", "u") == {
        "a": [1, 2], "b": [1, 2], "c": {"x": 1, "y": 2}}
    assert safe_yaml.load("", "u") is None
