"""The unit profile (单位基本情况) from ``data/<unit>/unit.yaml``: who the unit is, its staffing, duties and goals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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

    def goals_for(self, year: int) -> YearGoals:
        return self.goals.get(year, YearGoals())


class ProfileError(ValueError):
    def __init__(self, issue: ImportIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def load_profile(path: Path, display_name: str) -> UnitProfile:
    """Read unit.yaml; a missing file, bad YAML or a missing ``name`` raises :class:`ProfileError`."""

    def fail(message: str, hint: str, column: str | None = None, value: object = None) -> ProfileError:
        return ProfileError(ImportIssue("error", display_name, message, hint, column=column,
                                        value=None if value is None else str(value)))

    if not path.is_file():
        raise fail("unit profile is missing", "create unit.yaml (see docs/data-format.md)")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise fail(f"unit.yaml cannot be read: {exc}", "check the YAML syntax and save as UTF-8") from exc
    if not isinstance(raw, dict) or not raw.get("name"):
        raise fail("unit.yaml has no name", "add `name: 单位全称`", column="name")
    staffing = raw.get("staffing") or {}
    if not isinstance(staffing, dict):
        raise fail("staffing must be a mapping (authorised, kind, …)", "see docs/data-format.md", "staffing", staffing)
    goals: dict[int, YearGoals] = {}
    for year, g in (raw.get("goals") or {}).items():
        if not isinstance(g, dict):
            raise fail("goals must map a year to overall/special", "see docs/data-format.md", "goals", year)
        goals[int(year)] = YearGoals(str(g.get("overall") or ""), tuple(str(s) for s in g.get("special") or ()))
    counts = {}
    for key in STAFFING_COUNTS:
        value = staffing.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise fail(f"staffing.{key} is not a whole number of people", f"write staffing.{key}: 3 or leave it out",
                       f"staffing.{key}", value)
        counts[key] = value
    founded = raw.get("founded")
    if founded is not None and not isinstance(founded, dt.date):
        try:
            founded = dt.date.fromisoformat(str(founded))
        except ValueError as exc:
            raise fail("founded is not a date", "write founded: YYYY-MM-DD", "founded", founded) from exc
    files, profiles = _import_settings(raw, fail)
    return UnitProfile(
        code=str(raw.get("code") or path.parent.name),
        name=str(raw["name"]),
        short_name=str(raw.get("short_name") or ""),
        founded=founded,
        nature=str(raw.get("nature") or ""),
        description=str(raw.get("description") or ""),
        staffing_authorised=staffing.get("authorised"),
        staffing_kind=str(staffing.get("kind") or ""),
        staffing_actual=counts["actual"],
        staffing_in_service=counts["in_service"],
        staffing_retired=counts["retired"],
        leadership_posts=staffing.get("leadership_posts"),
        leadership_level=str(staffing.get("leadership_level") or ""),
        duties=tuple(str(d) for d in raw.get("duties") or ()),
        goals=goals,
        disclosure=str(raw.get("disclosure") or DEFAULT_DISCLOSURE),
        files=files,
        profiles=profiles,
        budget_code=str(raw.get("budget_code") or ""),
        province=str(raw.get("province") or ""),
        region_level=str(raw.get("region_level") or ""),
        basis=tuple(str(b) for b in raw.get("basis") or ()),
    )


LEDGER_NAMES = ("appropriations", "expenditures", "projects")


def _import_settings(raw: dict, fail) -> tuple[dict[str, dict[str, str]], dict[str, str]]:  # type: ignore[no-untyped-def, type-arg]
    """``files:`` (pattern → ledger, or pattern → {ledger, profile}) and ``profile:`` (ledger → profile)."""
    files: dict[str, dict[str, str]] = {}
    for pattern, entry in (raw.get("files") or {}).items():
        spec = {"ledger": entry} if isinstance(entry, str) else entry
        if not isinstance(spec, dict) or spec.get("ledger") not in LEDGER_NAMES:
            raise fail(f"files: {pattern} must name a ledger ({', '.join(LEDGER_NAMES)})",
                       "write e.g. files: {\"明细账_7201事业支出_{year}.xlsx\": expenditures}", "files", pattern)
        files[str(pattern)] = {k: str(v) for k, v in spec.items() if v is not None}
    profiles = raw.get("profile") or {}
    if not isinstance(profiles, dict) or any(k not in LEDGER_NAMES for k in profiles):
        raise fail("profile: must map a ledger to an import profile", "write e.g. profile: {expenditures: "
                   "yonyou-grp-u8-detail}", "profile", profiles)
    return files, {str(k): str(v) for k, v in profiles.items()}
