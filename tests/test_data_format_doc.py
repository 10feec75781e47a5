"""docs/data-format.md documents every column and alias of the machine-readable contract."""

from pathlib import Path

from qlaudit.ledgers import schema

DOC = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text(encoding="utf-8")


def test_every_column_is_documented_with_its_aliases():
    for ledger in schema.LEDGERS:
        section = DOC[DOC.index(f"## `{ledger}`"):]
        section = section[: section.index("\n## ", 3)]
        for spec in schema.columns(ledger):
            if spec.name == "credit_amount":
                continue  # documented with amount (借方 − 贷方)
            row = next((line for line in section.splitlines() if line.startswith(f"| `{spec.name}` |")), None)
            assert row is not None, f"{ledger}.{spec.name} missing from docs/data-format.md"
            assert ("yes" in row) == spec.required or "for projects" in row, f"{ledger}.{spec.name} required flag"


def test_every_category_value_is_documented():
    for field in ("source", "budget_type", "expense_kind", "flag"):
        for value in schema.category_values(field):
            assert f"`{value.value}`" in DOC, (field, value.value)
            assert value.label in DOC, (field, value.label)
