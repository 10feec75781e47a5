"""The data contract: canonical columns per ledger, their Chinese header aliases, and accepted category values.

Read from ``qlaudit/reference/columns.csv`` and ``category_values.csv`` (documented in docs/data-format.md).
This module matches header labels and category values; it does not read files or parse amounts.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEDGERS = ("appropriations", "expenditures", "projects")

#: Chinese names used in messages and as XLSX sheet names that identify a ledger.
LEDGER_LABELS = {"appropriations": "指标", "expenditures": "支出", "projects": "项目"}


@dataclass(frozen=True)
class ColumnSpec:
    """One canonical column of a ledger (e.g. ``expenditures.amount``, 支出金额)."""

    ledger: str
    name: str
    kind: str  # text | code | functional_code | economic_code | money | date | decimal | source | budget_type | …
    required: bool
    meaning: str
    aliases: tuple[str, ...]


def normalise_label(label: object) -> str:
    """A header cell as matched: NFKC (full-width → half-width), no spaces, no brackets' unit notes, lower case."""
    text = unicodedata.normalize("NFKC", str(label or "")).strip().lower()
    text = re.sub(r"[\s\u3000_:：*＊]", "", text)
    text = re.sub(r"[(（\[【]\s*(万?元)\s*[)）\]】]", "", text)  # 金额(元) / 金额（万元） → 金额
    return text


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("qlaudit.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def columns(ledger: str) -> tuple[ColumnSpec, ...]:
    if ledger not in LEDGERS:
        raise KeyError(ledger)
    return tuple(
        ColumnSpec(
            ledger=row["ledger"],
            name=row["column"],
            kind=row["type"],
            required=row["required"] == "yes",
            meaning=row["meaning"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in _read("columns.csv")
        if row["ledger"] == ledger
    )


@cache
def _alias_index(ledger: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in columns(ledger):
        for label in (spec.name, *spec.aliases):
            index.setdefault(normalise_label(label), spec.name)
    return index


def match_header(ledger: str, label: object) -> str | None:
    """Canonical column for a header label, or None when the label is not part of the contract."""
    return _alias_index(ledger).get(normalise_label(label))


@dataclass(frozen=True)
class CategoryValue:
    field: str
    value: str
    label: str
    aliases: tuple[str, ...]


@cache
def category_values(field: str) -> tuple[CategoryValue, ...]:
    return tuple(
        CategoryValue(row["field"], row["value"], row["label"], tuple(row["aliases"].split("|")))
        for row in _read("category_values.csv")
        if row["field"] == field
    )


@cache
def _category_index(field: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for cv in category_values(field):
        for label in (cv.value, cv.label, *cv.aliases):
            index.setdefault(normalise_label(label), cv.value)
    return index


def category_index(field: str) -> dict[str, str]:
    """Normalised label → canonical value of a category field (for column-wise matching)."""
    return _category_index(field)


def match_category(field: str, raw: str) -> str | None:
    """Canonical value of a category cell ('年初' → 'initial'), or None when not accepted."""
    return _category_index(field).get(normalise_label(raw))


def category_label(field: str, value: str) -> str:
    """Chinese label of a canonical value ('initial' → '年初预算')."""
    for cv in category_values(field):
        if cv.value == value:
            return cv.label
    return value


def accepted_values_hint(field: str) -> str:
    return "accepted: " + " / ".join(f"{cv.label} ({cv.value})" for cv in category_values(field))
