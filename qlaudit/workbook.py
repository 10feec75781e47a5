"""The workbook of one unit-year (单位年度账套): the three ledgers, the profile, the narrative texts, the import log.

``qlaudit.open("lusong-qiaolian", 2021)`` is the one call an auditor needs in JupyterLab; the report notebook and the
CLI use the same object. Loading is strict by default: an input error raises :class:`InvalidInput` carrying the
import log, so nothing is computed from a ledger with rejected rows unless ``strict=False`` is asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from qlaudit import views
from qlaudit.errors import InvalidInput, UnitYearNotFound
from qlaudit.ledgers import LEDGERS, ImportIssue, ImportLog, empty_frame, load_ledger
from qlaudit.ledgers.read import SUFFIXES, sha256_of
from qlaudit.profile import ProfileError, UnitProfile, load_profile

if TYPE_CHECKING:
    from qlaudit.rules.explore import WorkbookRules

SELF_EVALUATION_NAMES = ("self_evaluation.txt", "self_evaluation.md", "self_evaluation.docx")


def default_data_dir() -> Path:
    """``$QLAUDIT_DATA``, else ``./data`` or ``../data`` (a notebook runs in notebooks/)."""
    env = os.environ.get("QLAUDIT_DATA")
    if env:
        return Path(env)
    for candidate in (Path.cwd() / "data", Path.cwd().parent / "data"):
        if candidate.is_dir():
            return candidate
    return Path.cwd() / "data"


@dataclass(frozen=True)
class InputFile:
    """One input file and its SHA-256, for provenance."""

    role: str
    path: str  # relative to the data folder
    sha256: str


@dataclass
class Workbook:
    unit: UnitProfile
    year: int
    data_dir: Path
    appropriations: pd.DataFrame
    expenditures: pd.DataFrame
    projects: pd.DataFrame
    activities: str
    self_evaluation_path: Path | None
    import_log: ImportLog
    inputs: list[InputFile] = field(default_factory=list)

    # Summary views for exploration (each has a readable _repr_html_ in JupyterLab).
    def spending_by_kind(self) -> views.MoneyTable:
        return views.spending_by_kind(self.expenditures)

    def spending_by_project(self) -> views.MoneyTable:
        return views.spending_by_project(self.expenditures, self.projects)

    def spending_by_economic_class(self) -> views.MoneyTable:
        return views.spending_by_economic_class(self.expenditures)

    def spending_by_month(self) -> views.MoneyTable:
        return views.spending_by_month(self.expenditures)

    def budget_by_source(self) -> views.MoneyTable:
        return views.budget_by_source(self.appropriations)

    @property
    def rules(self) -> WorkbookRules:
        """The audit rules bound to this workbook: ``wb.rules.december_rush(december_share_project=0.2)``."""
        from qlaudit.rules.explore import WorkbookRules

        return WorkbookRules(self)

    def _repr_html_(self) -> str:
        return views.workbook_html(self)


def _find_ledger_file(folder: Path, ledger: str) -> tuple[Path | None, ImportIssue | None]:
    found = [folder / f"{ledger}{s}" for s in SUFFIXES if (folder / f"{ledger}{s}").is_file()]
    if len(found) > 1:
        return None, ImportIssue("error", f"{folder.name}/{ledger}.*", "both a CSV and an XLSX file for one ledger",
                                 "keep only one of " + ", ".join(p.name for p in found))
    if not found:
        legacy = folder / f"{ledger}.xls"
        hint = "save it as .xlsx or CSV" if legacy.is_file() else f"add {ledger}.csv or {ledger}.xlsx"
        return None, ImportIssue("error", f"{folder.name}/{ledger}", "ledger file is missing", hint)
    return found[0], None


def load_workbook(unit: str, year: int, data_dir: Path | str | None = None, *, strict: bool = True) -> Workbook:
    """Load a unit-year. ``strict`` raises :class:`InvalidInput` when the import log has errors."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    unit_dir = data_dir / unit
    year_dir = unit_dir / str(year)
    if not unit_dir.is_dir():
        raise UnitYearNotFound(f"no data for unit {unit!r} in {data_dir}")
    if not year_dir.is_dir():
        years = sorted(p.name for p in unit_dir.iterdir() if p.is_dir() and p.name.isdigit())
        raise UnitYearNotFound(f"no {year} data for unit {unit!r} (years available: {', '.join(years) or 'none'})")
    log = ImportLog()
    inputs: list[InputFile] = []
    try:
        profile = load_profile(unit_dir / "unit.yaml", f"{unit}/unit.yaml")
        inputs.append(InputFile("unit", f"{unit}/unit.yaml", sha256_of(unit_dir / "unit.yaml")))
    except ProfileError as err:
        log.other_issues.append(err.issue)
        profile = UnitProfile(code=unit, name=unit)
    frames: dict[str, pd.DataFrame] = {}
    for ledger in LEDGERS:
        path, problem = _find_ledger_file(year_dir, ledger)
        if problem is not None or path is None:
            log.other_issues.append(problem)  # type: ignore[arg-type]
            frames[ledger] = empty_frame(ledger)
            continue
        display = f"{unit}/{year}/{path.name}"
        frame, record = load_ledger(path, ledger, year, display)
        log.files.append(record)
        frames[ledger] = frame
        inputs.append(InputFile(ledger, display, record.sha256 or sha256_of(path)))
    activities_path = year_dir / "activities.md"
    activities = ""
    if activities_path.is_file():
        activities = activities_path.read_text(encoding="utf-8")
        inputs.append(InputFile("activities", f"{unit}/{year}/activities.md", sha256_of(activities_path)))
    else:
        log.other_issues.append(ImportIssue("warning", f"{unit}/{year}/activities.md",
                                            "no activities.md: section 六（一） will say the unit supplied no account",
                                            "write the unit's account of the year in activities.md"))
    self_eval = next((year_dir / n for n in SELF_EVALUATION_NAMES if (year_dir / n).is_file()), None)
    if self_eval is not None:
        inputs.append(InputFile("self_evaluation", f"{unit}/{year}/{self_eval.name}", sha256_of(self_eval)))
    if strict and not log.ok:
        raise InvalidInput(f"{unit} {year}: {len(log.errors)} input error(s); run `qlaudit validate`", log)
    return Workbook(
        unit=profile,
        year=year,
        data_dir=data_dir,
        appropriations=frames["appropriations"],
        expenditures=frames["expenditures"],
        projects=frames["projects"],
        activities=activities,
        self_evaluation_path=self_eval,
        import_log=log,
        inputs=inputs,
    )


def available_years(unit: str, data_dir: Path | str | None = None) -> list[int]:
    unit_dir = (Path(data_dir) if data_dir is not None else default_data_dir()) / unit
    if not unit_dir.is_dir():
        return []
    return sorted(int(p.name) for p in unit_dir.iterdir() if p.is_dir() and p.name.isdigit())
