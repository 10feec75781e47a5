"""Thresholds of the audit rules, from the packaged ``settings.toml`` (and an optional override file).

``load_settings()`` reads the packaged file; ``load_settings(path)`` merges a TOML file over it key by key, so an
override only names what it changes. Values are checked (kind and range) and frozen in :class:`RuleSettings`;
``settings.replace(december_share_project=0.2)`` gives a copy with some values changed, checked the same way.
Rates are ``Decimal`` (a float given to ``replace`` goes through ``repr``), money is int 分, codes are strings.
This module reads settings; the rules in ``qlaudit.rules`` use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from qlaudit import tomlconfig
from qlaudit.errors import QlauditError

Pairs = tuple[tuple[str, str], ...]


class SettingsError(QlauditError):
    """A rule settings file or override that cannot be read or makes no sense."""


@dataclass(frozen=True)
class RuleSettings:
    low_execution_rate: Decimal
    december_share_project: Decimal
    q4_share: Decimal
    procurement_threshold_fen: int
    split_window_days: int
    procurement_classes: tuple[str, ...]
    duplicate_window_days: int
    round_amount_share: Decimal
    round_unit_fen: int
    round_min_fen: int
    round_min_lines: int
    benford_min_population: int
    benford_min_amount_fen: int
    benford_mad_close: Decimal
    benford_mad_acceptable: Decimal
    benford_mad_marginal: Decimal
    number_test_classes: tuple[str, ...]
    carry_stale_years: int
    suspect_project_codes: tuple[str, ...]
    sangong_exempt_codes: tuple[str, ...]
    sangong_codes: tuple[tuple[str, tuple[str, ...]], ...]  # item → codes, in file order
    sangong_keywords: Pairs  # 摘要 keyword → code
    summary_codes: Pairs  # 摘要 keyword → code
    evidence_max_rows: int = 50  # evidence rows kept per finding; the count and total of the rest stay on it
    cross_unit_min_units: int = 5  # X-PAYEE-UNITS: a payee paid by at least this many units of a province-wide run
    cross_unit_exempt_codes: tuple[str, ...] = ("30205", "30206", "30207", "30209", "30228", "30239")
    source: str = field(default="qlaudit/settings.toml", compare=False)  # where the values came from

    def replace(self, **changes: object) -> RuleSettings:
        """A copy with ``changes`` applied (same checks as a settings file)."""
        if not changes:
            return self
        unknown = sorted(set(changes) - set(_KINDS))
        if unknown:
            raise SettingsError(f"unknown rule setting(s): {', '.join(unknown)}; known: {', '.join(_KINDS)}")
        data = self.as_dict()
        data.update({k: _plain(v) for k, v in changes.items()})
        return _build(data, f"{self.source} + " + ", ".join(f"{k}={changes[k]}" for k in sorted(changes)))

    def as_dict(self) -> dict[str, object]:
        """The settings as TOML-like data (lists and tables)."""
        out: dict[str, object] = {}
        for name, kind in _KINDS.items():
            value = getattr(self, name)
            if kind in ("keywords", "groups"):
                value = {k: list(v) if isinstance(v, tuple) else v for k, v in value}
            elif kind == "codes":
                value = list(value)
            out[name] = value
        return out

    @property
    def sangong_code_set(self) -> frozenset[str]:
        return frozenset(c for _, codes in self.sangong_codes for c in codes)


# The kind of every setting: rate (0..1), mad (≥ 0), count (int ≥ 0, also 分 and days), codes (list of code strings),
# groups (table of code lists), keywords (table keyword → code).
_KINDS = {
    "low_execution_rate": "rate", "december_share_project": "rate", "q4_share": "rate",
    "procurement_threshold_fen": "count", "split_window_days": "count", "procurement_classes": "codes",
    "duplicate_window_days": "count", "round_amount_share": "rate", "round_unit_fen": "count", "round_min_fen": "count",
    "round_min_lines": "count", "benford_min_population": "count", "benford_min_amount_fen": "count",
    "benford_mad_close": "mad", "benford_mad_acceptable": "mad", "benford_mad_marginal": "mad",
    "number_test_classes": "codes", "carry_stale_years": "count", "suspect_project_codes": "codes",
    "sangong_exempt_codes": "codes", "sangong_codes": "groups", "sangong_keywords": "keywords",
    "summary_codes": "keywords", "evidence_max_rows": "count", "cross_unit_min_units": "count",
    "cross_unit_exempt_codes": "codes",
}  # fmt: skip


def _plain(value: object) -> object:
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _code(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.isdigit():
        raise SettingsError(f"{where} must be a code written as a string of digits, not {value!r}")
    return value


def _codes(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise SettingsError(f"{where} must be a list of codes, not {value!r}")
    return tuple(_code(v, where) for v in value)


def _value(name: str, value: object, source: str) -> object:
    kind, where = _KINDS[name], f"{source}: {name}"
    if kind in ("rate", "mad"):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise SettingsError(f"{where} must be a number, not {value!r}")
        if value < 0 or (kind == "rate" and value > 1):
            raise SettingsError(f"{where} = {value} is outside [0, {'1' if kind == 'rate' else '∞'}]")
        return Decimal(value)
    if kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SettingsError(f"{where} must be a whole number ≥ 0, not {value!r}")
        return value
    if kind == "codes":
        return _codes(value, where)
    if not isinstance(value, dict):
        raise SettingsError(f"{where} must be a table, not {value!r}")
    if kind == "groups":
        return tuple((str(k), _codes(v, f"{where}.{k}")) for k, v in value.items())
    return tuple((str(k), _code(v, f"{where}.{k}")) for k, v in value.items() if str(k))


def _build(data: dict[str, object], source: str) -> RuleSettings:
    unknown = sorted(set(data) - set(_KINDS))
    if unknown:
        raise SettingsError(f"{source}: unknown setting(s) {', '.join(unknown)}")
    missing = [k for k in _KINDS if k not in data]
    if missing:
        raise SettingsError(f"{source}: missing setting(s) {', '.join(missing)}")
    values = {name: _value(name, data[name], source) for name in _KINDS}
    bounds = [values["benford_mad_close"], values["benford_mad_acceptable"], values["benford_mad_marginal"]]
    if bounds != sorted(bounds):  # type: ignore[type-var]
        raise SettingsError(f"{source}: benford_mad_close ≤ benford_mad_acceptable ≤ benford_mad_marginal is required")
    if values["round_unit_fen"] == 0:
        raise SettingsError(f"{source}: round_unit_fen must be > 0")
    return RuleSettings(**values, source=source)  # type: ignore[arg-type]


def load_settings(path: str | Path | None = None) -> RuleSettings:
    """The packaged rule settings, with the TOML file ``path`` merged over them key by key when given."""
    data, source = tomlconfig.load("settings.toml", path, "rule settings", SettingsError)
    return _build(data, source)
