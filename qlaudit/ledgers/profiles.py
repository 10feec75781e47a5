"""Import profiles: how one source system's export maps onto a canonical ledger (data, not code).

A profile is a small TOML (or YAML) file: header aliases per field, code+name cells, the 辅助核算 text keys, fields
from the title block, constant defaults, how 支出类型 is derived, which account codes are expenditure, which rows
are set aside. Profiles for the common Chinese public-sector systems ship in ``qlaudit/ledgers/profiles/*.toml``;
a unit's own profile is a file beside its data. The built-in ``canonical`` profile is the data contract itself
(``qlaudit/reference/columns.csv``). docs/data-format.md describes the format. This module reads profiles and
matches header labels; applying a profile to cells is :mod:`qlaudit.ledgers.transform`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from qlaudit.ledgers import schema

#: Fields a profile may map besides the canonical columns.
HELPER_FIELDS = ("month", "day", "direction", "balance", "aux", "item_class", "year", "voucher_word")
#: Account codes of budget expenditure (预算会计 支出类, 政府会计制度 since 2019; before: the old 支出 accounts).
DEFAULT_EXPENDITURE = ("7101", "7201", "7301", "7401", "7501", "7601", "7701", "7901")
DEFAULT_EXPENDITURE_BEFORE_2019 = ("5001", "5101", "5201", "5301", "5401", "5501")
TOTAL_LABELS = ("合计", "小计", "总计")
PERIOD_TOTAL_LABELS = ("本月合计", "本年累计", "本期合计", "本期累计", "本季合计", "累计", "月计", "年计", "承前页",
                       "过次页")
OPENING_LABELS = ("期初余额", "年初余额")


class ProfileError(ValueError):
    """A profile file that cannot be read or names an unknown field."""


@dataclass(frozen=True, eq=False)
class Profile:
    name: str
    label: str
    ledger: str
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    contract_aliases: bool = True
    code_name: dict[str, str] = field(default_factory=dict)  # code field → name field ('' = drop the name)
    title: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aux_style: str = "bracket"
    aux_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    kind_from_project: bool = False
    project_only: bool = False  # project code/name kept on 项目支出 lines only (一体化 gives every line a 预算项目)
    date_format: str = ""  # "YYYYMMDD": dates written without separators are the layout, not a normalisation
    item_class: tuple[tuple[str, str], ...] = ()
    item_class_ambiguous: tuple[str, ...] = ()
    expenditure_accounts: tuple[str, ...] = DEFAULT_EXPENDITURE
    expenditure_accounts_before_2019: tuple[str, ...] = DEFAULT_EXPENDITURE_BEFORE_2019
    opening_labels: tuple[str, ...] = OPENING_LABELS
    detect_headers: tuple[str, ...] = ()
    detect_title: tuple[str, ...] = ()
    file_patterns: tuple[str, ...] = ()
    first_line: str = ""
    positional: tuple[str, ...] = ()
    form_initial_budget: tuple[str, ...] = ()
    fill_down: tuple[str, ...] = ()
    analysis_header: tuple[str, ...] = ()
    analysis_field: str = ""
    lookups: dict[str, dict[str, str]] = field(default_factory=dict)
    evidence: str = ""
    unconfirmed: str = ""
    path: str = ""  # where it was read from ('' for the packaged ones)

    @property
    def is_canonical(self) -> bool:
        return self.name == "canonical"

    def fingerprint(self) -> str:
        """SHA-256 of the profile's content (for the import log and the cache key)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "path"}
        return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=list).encode()).hexdigest()

    def expenditure_prefixes(self, year: int) -> tuple[str, ...]:
        return self.expenditure_accounts if year >= 2019 else self.expenditure_accounts_before_2019

    def matches_file(self, name: str) -> bool:
        return any(fnmatch.fnmatch(name.lower(), p.lower()) for p in self.file_patterns)


@cache
def canonical(ledger: str) -> Profile:
    return Profile(name="canonical", label="qlaudit 标准格式", ledger=ledger,
                   evidence="docs/data-format.md (qlaudit/reference/columns.csv)")


_ALIASES: dict[int, tuple[Profile, dict[str, str]]] = {}


def _alias_index(profile: Profile) -> dict[str, str]:
    cached = _ALIASES.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1]
    index: dict[str, str] = {}
    for name, labels in profile.columns.items():
        for label in labels:
            index.setdefault(schema.normalise_label(label), name)
    if profile.contract_aliases and not profile.positional:
        for spec in schema.columns(profile.ledger):
            for label in (spec.name, *spec.aliases):
                index.setdefault(schema.normalise_label(label), spec.name)
    _ALIASES[id(profile)] = (profile, index)
    return index


def match_header(profile: Profile, label: object) -> str | None:
    """The field a header label names under this profile (its own aliases first, then the contract's)."""
    return _alias_index(profile).get(schema.normalise_label(label))


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


def profile_from_dict(data: dict[str, Any], path: str = "") -> Profile:
    """A profile from its TOML/YAML content; unknown fields are errors (a typo must not be ignored silently)."""
    try:
        ledger = str(data["ledger"])
        name = str(data.get("name") or Path(path).stem)
    except KeyError as exc:
        raise ProfileError(f"profile {path or '?'}: missing key {exc}") from exc
    if ledger not in schema.LEDGERS:
        raise ProfileError(f"profile {name}: ledger must be one of {', '.join(schema.LEDGERS)}")
    known = {s.name for s in schema.columns(ledger)} | set(HELPER_FIELDS)
    columns = {str(k): _tuple(v) for k, v in (data.get("columns") or {}).items()}
    code_name = {str(k): str(v) for k, v in (data.get("code_name") or {}).items()}
    title = {str(k): _tuple(v) for k, v in (data.get("title") or {}).items()}
    aux = data.get("aux") or {}
    aux_keys = {str(k): _tuple(v) for k, v in (aux.get("keys") or {}).items()}
    defaults = {str(k): str(v) for k, v in (data.get("defaults") or {}).items()}
    kind = data.get("expense_kind") or {}
    accounts = data.get("accounts") or {}
    detect = data.get("detect") or {}
    text = data.get("text") or {}
    form = data.get("form") or {}
    analysis = data.get("analysis") or {}
    lookups = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in (data.get("lookups") or {}).items()}
    for where, names in (("columns", columns), ("code_name", code_name), ("title", title), ("aux.keys", aux_keys),
                         ("defaults", defaults), ("lookups", lookups)):
        for f in names:
            if f not in known:
                raise ProfileError(f"profile {name}: [{where}] names an unknown field {f!r}; "
                                   f"known: {', '.join(sorted(known))}")
    for f in code_name.values():
        if f and f not in known:
            raise ProfileError(f"profile {name}: [code_name] puts names into an unknown field {f!r}")
    return Profile(
        name=name, label=str(data.get("label") or name), ledger=ledger, columns=columns,
        contract_aliases=bool(data.get("contract_aliases", True)), code_name=code_name, title=title,
        aux_style=str(aux.get("style", "bracket")), aux_keys=aux_keys, defaults=defaults,
        kind_from_project=kind.get("from") == "project_code",
        project_only=kind.get("project_codes") == "project_lines_only", date_format=str(data.get("date_format", "")),
        item_class=tuple((str(k), str(v)) for k, v in (kind.get("item_class") or {}).items()),
        item_class_ambiguous=_tuple(kind.get("ambiguous")),
        expenditure_accounts=_tuple(accounts.get("expenditure")) or DEFAULT_EXPENDITURE,
        expenditure_accounts_before_2019=_tuple(accounts.get("expenditure_before_2019"))
        or DEFAULT_EXPENDITURE_BEFORE_2019,
        opening_labels=_tuple((data.get("rows") or {}).get("opening")) or OPENING_LABELS,
        detect_headers=_tuple(detect.get("headers")), detect_title=_tuple(detect.get("title")),
        file_patterns=_tuple(detect.get("files")), first_line=str(text.get("first_line", "")),
        positional=_tuple(text.get("positional")), form_initial_budget=_tuple(form.get("initial_budget")),
        fill_down=_tuple(form.get("fill_down")), analysis_header=_tuple(analysis.get("header")),
        analysis_field=str(analysis.get("field", "")), lookups=lookups,
        evidence=str(data.get("evidence", "")), unconfirmed=str(data.get("unconfirmed", "")), path=path,
    )


def read_profile(path: Path) -> Profile:
    """A unit's own profile file (.toml, .yaml or .yml), read bounded (size limit; YAML without alias bombs)."""
    from qlaudit import inputs, limits, safe_yaml

    try:
        text, _ = inputs.read_text(path, path.name)
        data = safe_yaml.load(text, path.name) if path.suffix.lower() in (".yaml", ".yml") else tomllib.loads(text)
    except (OSError, inputs.UndecodableText, tomllib.TOMLDecodeError, safe_yaml.YamlRefused, limits.LimitExceeded,
            RecursionError) as exc:
        raise ProfileError(f"profile {path.name} cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"profile {path.name} is not a table of settings")
    return profile_from_dict(data, str(path))


@cache
def shipped() -> tuple[Profile, ...]:
    """The profiles packaged in qlaudit/ledgers/profiles/, sorted by name."""
    folder = resources.files("qlaudit.ledgers").joinpath("profiles")
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            found.append(profile_from_dict(tomllib.loads(entry.read_text(encoding="utf-8")), ""))
    return tuple(found)


def find_profile(name: str, ledger: str | None = None, base: Path | None = None) -> Profile:
    """A profile by name (shipped, or 'canonical') or by file path (relative to ``base``)."""
    if name == "canonical":
        if ledger is None:
            raise ProfileError("the canonical profile needs a ledger")
        return canonical(ledger)
    for p in shipped():
        if p.name == name and (ledger is None or p.ledger == ledger):
            return p
    candidate = Path(name) if base is None else base / name
    if candidate.suffix.lower() in (".toml", ".yaml", ".yml") and candidate.is_file():
        profile = read_profile(candidate)
        if ledger is not None and profile.ledger != ledger:
            raise ProfileError(f"profile {name} is for {profile.ledger}, not {ledger}")
        return profile
    names = ", ".join(p.name for p in shipped())
    raise ProfileError(f"unknown import profile {name!r}; shipped profiles: canonical, {names}; "
                       "or give the path of a .toml/.yaml profile")


def for_ledger(ledger: str) -> list[Profile]:
    """The canonical profile and the shipped profiles of one ledger."""
    return [canonical(ledger), *(p for p in shipped() if p.ledger == ledger)]
