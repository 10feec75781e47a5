"""The unit profile (单位基本情况) from ``data/<unit>/unit.yaml``: who the unit is, its staffing, duties and goals.

unit.yaml is untrusted input: it is read bounded (:mod:`qlaudit.safe_yaml`: no alias bombs, no deep nesting) and
every key is checked for its type (a year key such as ``2021年``, ``staffing: 2人`` or a list where a text belongs is an
error naming the key, the value and a hint; an unknown key is a warning), so a wrong shape never reaches the audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from qlaudit.ledgers.importlog import ImportIssue

STAFFING_COUNTS = ("actual", "in_service", "retired")  # optional unit.yaml keys under staffing (实有/在职/离退休)
DEFAULT_DISCLOSURE = "自评结果按规定在政府门户网站公开，接受社会监督，并作为以后年度预算安排的参考依据。"


@dataclass(frozen=True)
class YearGoals:
    """整体绩效目标 and 专项绩效目标 of one year."""

    overall: str = ""
    special: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitProfile:
    code: str
    name: str
    short_name: str = ""
    founded: dt.date | None = None
    nature: str = ""
    description: str = ""
    staffing_authorised: int | None = None
    staffing_kind: str = ""
    staffing_actual: int | None = None  # 实有人数 (optional; qlaudit.staffing derives it from payroll otherwise)
    staffing_in_service: int | None = None  # 在职人数
    staffing_retired: int | None = None  # 离退休人数
    leadership_posts: int | None = None
    leadership_level: str = ""
    duties: tuple[str, ...] = ()
    goals: dict[int, YearGoals] = field(default_factory=dict)
    disclosure: str = DEFAULT_DISCLOSURE
    #: ``files:`` — export file name patterns ({year} = the year) → {"ledger": …, "profile": …}
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    #: ``profile:`` — import profile per ledger (a shipped profile's name or a file beside unit.yaml)
    profiles: dict[str, str] = field(default_factory=dict)
    budget_code: str = ""  # 预算编码 (单位预算代码) printed on the report's cover
    province: str = ""  # selects the basis documents of the report (qlaudit/report/report.toml [basis.<province>])
    region_level: str = ""  # 省级 / 市州 / 区县: with province, selects the policy standards (qlaudit/standards.toml)
    basis: tuple[str, ...] = ()  # the unit's own basis documents (e.g. the local finance bureau's notice)
    notes: tuple[str, ...] = field(default=(), compare=False)  # warnings for the import log (unknown keys, encoding)

    def goals_for(self, year: int) -> YearGoals:
        return self.goals.get(year, YearGoals())


class ProfileError(ValueError):
    def __init__(self, issue: ImportIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


#: Keys of unit.yaml (docs/data-format.md); any other key is reported as a warning (a typo must not be silent).
KNOWN_KEYS = ("code", "name", "short_name", "founded", "nature", "description", "staffing", "duties", "goals",
              "disclosure", "files", "profile", "budget_code", "province", "region_level", "basis")
STAFFING_KEYS = ("authorised", "kind", "actual", "in_service", "retired", "leadership_posts", "leadership_level")
_PEOPLE = ("authorised", "leadership_posts", *STAFFING_COUNTS)
_MAX_PEOPLE = 1_000_000


class _Reader:
    """Typed access to the parsed unit.yaml: every wrong shape is a :class:`ProfileError` naming the key."""

    def __init__(self, display: str) -> None:
        self.display = display

    def fail(self, message: str, hint: str, key: str | None = None, value: object = None) -> ProfileError:
        shown = None if value is None else str(value)[:200]
        return ProfileError(ImportIssue("error", self.display, message, hint, column=key, value=shown))

    def text(self, raw: dict[Any, Any], key: str, where: str = "") -> str:
        value = raw.get(key)
        name = f"{where}{key}"
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal, dt.date)):
            raise self.fail(f"{name} must be text, not a {_kind(value)}", f"write {name}: 文字 on one line", name, value)
        return str(value)

    def texts(self, raw: dict[Any, Any], key: str, where: str = "") -> tuple[str, ...]:
        value = raw.get(key)
        name = f"{where}{key}"
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or any(isinstance(v, (dict, list, bool)) or v is None for v in value):
            raise self.fail(f"{name} must be a list of texts", f"write {name}: as lines starting with '- '", name, value)
        return tuple(str(v) for v in value)

    def people(self, staffing: dict[Any, Any], key: str) -> int | None:
        value = staffing.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_PEOPLE:
            raise self.fail(f"staffing.{key} is not a whole number of people",
                            f"write staffing.{key}: 3 (digits only, without 人) or leave it out",
                            f"staffing.{key}", value)
        return value

    def mapping(self, raw: dict[Any, Any], key: str, hint: str) -> dict[Any, Any]:
        value = raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a mapping ({hint})", "see docs/data-format.md", key, value)
        return value


def _kind(value: object) -> str:
    return {dict: "mapping", list: "list", bool: "true/false"}.get(type(value), type(value).__name__)


def load_profile(path: Path, display_name: str) -> UnitProfile:
    """Read unit.yaml (bounded YAML, see :mod:`qlaudit.safe_yaml`); a missing file, bad YAML, a value of the wrong
    type or a missing ``name`` raises :class:`ProfileError` naming the key, the value and a hint."""
    from qlaudit import inputs, limits, safe_yaml

    read = _Reader(display_name)
    if not path.is_file():
        raise read.fail("unit profile is missing", "create unit.yaml (see docs/data-format.md)")
    try:
        text, notes = inputs.read_text(path, "unit.yaml")
        raw = safe_yaml.load(text, "unit.yaml")
    except (inputs.UndecodableText, safe_yaml.YamlRefused) as exc:
        raise read.fail(f"unit.yaml cannot be read: {exc}", getattr(exc, "hint", "")
                        or "check the YAML syntax and save as UTF-8") from exc
    except limits.LimitExceeded as exc:
        raise read.fail(f"unit.yaml cannot be read: {exc}", exc.hint) from exc
    raw = raw or {}
    if not isinstance(raw, dict):
        raise read.fail(f"unit.yaml must be a mapping of keys (name: …), not a {_kind(raw)}", "see docs/data-format.md",
                        value=raw)
    name = read.text(raw, "name")
    if not name.strip():
        raise read.fail("unit.yaml has no name", "add `name: 单位全称`", "name")
    unknown = [str(k) for k in raw if k not in KNOWN_KEYS]
    if unknown:
        notes.append(f"unit.yaml: unknown key(s) {', '.join(unknown)} ignored (known: {', '.join(KNOWN_KEYS)})")
    staffing = read.mapping(raw, "staffing", "authorised, kind, …")
    unknown = [str(k) for k in staffing if k not in STAFFING_KEYS]
    if unknown:
        notes.append(f"unit.yaml: unknown staffing key(s) {', '.join(unknown)} ignored")
    people = {key: read.people(staffing, key) for key in _PEOPLE}
    return UnitProfile(
        code=read.text(raw, "code") or path.parent.name,
        name=name,
        short_name=read.text(raw, "short_name"),
        founded=_founded(read, raw.get("founded")),
        nature=read.text(raw, "nature"),
        description=read.text(raw, "description"),
        staffing_authorised=people["authorised"],
        staffing_kind=read.text(staffing, "kind", "staffing."),
        staffing_actual=people["actual"],
        staffing_in_service=people["in_service"],
        staffing_retired=people["retired"],
        leadership_posts=people["leadership_posts"],
        leadership_level=read.text(staffing, "leadership_level", "staffing."),
        duties=read.texts(raw, "duties"),
        goals=_goals(read, read.mapping(raw, "goals", "year → overall/special")),
        disclosure=read.text(raw, "disclosure") or DEFAULT_DISCLOSURE,
        files=_files(read, read.mapping(raw, "files", "file pattern → ledger")),
        profiles=_profiles(read, read.mapping(raw, "profile", "ledger → import profile")),
        budget_code=read.text(raw, "budget_code"),
        province=read.text(raw, "province"),
        region_level=read.text(raw, "region_level"),
        basis=read.texts(raw, "basis"),
        notes=tuple(notes),
    )


def _founded(read: _Reader, value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise read.fail("founded is not a date", "write founded: YYYY-MM-DD", "founded", value) from exc


def _goals(read: _Reader, raw: dict[Any, Any]) -> dict[int, YearGoals]:
    from qlaudit.paths import YEAR_PATTERN

    goals: dict[int, YearGoals] = {}
    for year, g in raw.items():
        key = f"goals.{year}"
        if isinstance(year, bool) or not YEAR_PATTERN.fullmatch(str(year)):
            raise read.fail(f"goals: key {year!r} is not a year", "write the year alone, e.g. goals: {2021: {overall: "
                            "…}} (not 2021年)", "goals", year)
        if g is None:
            g = {}
        if not isinstance(g, dict):
            raise read.fail(f"{key} must map to overall and special", "write overall: … and special: [ … ] under the "
                            "year", key, g)
        goals[int(year)] = YearGoals(read.text(g, "overall", f"{key}."), read.texts(g, "special", f"{key}."))
    return goals


LEDGER_NAMES = ("appropriations", "expenditures", "projects")


def _plain_name(read: _Reader, text: str, key: str) -> str:
    """A file name or pattern beside the data: no folder part (the data folder is the only input root)."""
    if "/" in text or "\\" in text or text.startswith(".."):
        raise read.fail(f"{key}: {text!r} names a path; only a file name (or pattern) in the unit's folder is allowed",
                        "put the file beside unit.yaml or in the year folder and give its name only", key, text)
    return text


def _files(read: _Reader, raw: dict[Any, Any]) -> dict[str, dict[str, str]]:
    """``files:`` (pattern → ledger, or pattern → {ledger, profile})."""
    files: dict[str, dict[str, str]] = {}
    for pattern, entry in raw.items():
        spec = {"ledger": entry} if isinstance(entry, str) else entry
        if not isinstance(spec, dict) or spec.get("ledger") not in LEDGER_NAMES or \
                any(isinstance(v, (dict, list)) for v in spec.values()):
            raise read.fail(f"files: {pattern} must name a ledger ({', '.join(LEDGER_NAMES)})",
                            "write e.g. files: {\"明细账_7201事业支出_{year}.xlsx\": expenditures}", "files", pattern)
        name = _plain_name(read, str(pattern), "files")
        files[name] = {str(k): str(v) for k, v in spec.items() if v is not None}
        if "profile" in files[name]:
            _plain_name(read, files[name]["profile"], "files")
    return files


def _profiles(read: _Reader, raw: dict[Any, Any]) -> dict[str, str]:
    """``profile:`` (ledger → a shipped profile's name or a file beside unit.yaml)."""
    if any(k not in LEDGER_NAMES or not isinstance(v, str) for k, v in raw.items()):
        raise read.fail("profile: must map a ledger to an import profile", "write e.g. profile: {expenditures: "
                        "yonyou-grp-u8-detail}", "profile", raw)
    return {str(k): _plain_name(read, v, "profile") for k, v in raw.items()}
