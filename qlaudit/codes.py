"""Reference classifications (政府收支分类): functional (支出功能分类) and economic (部门预算支出经济分类) codes.

The tables are versioned data files in ``qlaudit/reference/`` (see its VERSION file); codes are matched by code,
never by name, and each row is valid for a range of years. This module only reads and looks up; it does not know
about ledgers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Code:
    """One classification code valid from ``valid_from`` to ``valid_to`` (inclusive; None = still valid)."""

    code: str
    name: str
    level: int
    valid_from: int
    valid_to: int | None
    needs_verification: bool

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


def _read_reference(name: str) -> list[dict[str, str]]:
    text = resources.files("qlaudit.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _table(name: str) -> dict[str, Code]:
    return {
        row["code"]: Code(
            code=row["code"],
            name=row["name"],
            level=int(row["level"]),
            valid_from=int(row["valid_from"]),
            valid_to=int(row["valid_to"]) if row["valid_to"] else None,
            needs_verification=row["note"] == "verify",
        )
        for row in _read_reference(name)
    }


def functional_codes() -> dict[str, Code]:
    """支出功能分类: 201 → 20129 → 2012901 …"""
    return _table("functional_codes.csv")


def economic_codes() -> dict[str, Code]:
    """部门预算支出经济分类: 302 → 30211 …"""
    return _table("economic_codes.csv")


@cache
def reference_version() -> str:
    text = resources.files("qlaudit.reference").joinpath("VERSION").read_text(encoding="utf-8")
    return text.splitlines()[0].strip()


def is_valid_functional(code: str, year: int) -> bool:
    entry = functional_codes().get(code)
    return entry is not None and entry.level == 3 and entry.valid_in(year)


def is_valid_economic(code: str, year: int) -> bool:
    entry = economic_codes().get(code)
    return entry is not None and entry.level == 2 and entry.valid_in(year)


def economic_class(code: str) -> str:
    """The 类 (first three digits) of an economic code: '30211' → '302'."""
    return code[:3]


def economic_name(code: str) -> str:
    """Name of an economic code or class; the code itself when unknown."""
    entry = economic_codes().get(code)
    return entry.name if entry else code


def functional_name(code: str) -> str:
    entry = functional_codes().get(code)
    return entry.name if entry else code


@cache
def basic_kind_by_class() -> dict[str, str]:
    """Economic class → 'personnel' (人员经费) or 'public' (公用经费), per the usual 决算 convention."""
    return {row["economic_class"]: row["basic_kind"] for row in _read_reference("expense_classes.csv")}


def basic_kind(economic_code: str) -> str | None:
    """'personnel' for 301/303, 'public' for 302/309/310, None for a class the convention does not place."""
    return basic_kind_by_class().get(economic_class(economic_code))
