"""The workbook of one unit-year (单位年度账套): the three ledgers, the profile, the narrative texts, the import log.

``qlaudit.open("lusong-qiaolian", 2021)`` is the one call an auditor needs in JupyterLab; the report notebook and the
CLI use the same object. Loading is strict by default: an input error raises :class:`InvalidInput` carrying the
import log, so nothing is computed from a ledger with rejected rows unless ``strict=False`` is asked for.

The unit code and the year are checked by pattern, and every file is read from inside the data folder
(:mod:`qlaudit.paths`): a symbolic link that leaves it is an error, one that stays inside is followed with a warning
and recorded on the :class:`InputFile`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from qlaudit import frames, inputs, limits, views
from qlaudit.errors import InvalidInput, UnitYearNotFound
from qlaudit.ledgers import LEDGERS, ImportIssue, ImportLog, empty_frame, load_ledger
from qlaudit.ledgers.discover import LedgerFile, find_ledger_files, read_imports
from qlaudit.ledgers.profiles import ProfileError as ProfileError_
from qlaudit.ledgers.profiles import find_profile
from qlaudit.ledgers.read import sha256_of
from qlaudit.ledgers.scale import scale_issues
from qlaudit.oplog import OperationLog
from qlaudit.paths import OutsideDataFolder, check_unit, check_year, confine, real_root
from qlaudit.profile import ProfileError, UnitProfile, load_profile
from qlaudit.reconcile import BudgetSummary, budget_summary

if TYPE_CHECKING:
    from qlaudit.columnar.engine import Engine
    from qlaudit.lint import LintResult
    from qlaudit.rules.explore import WorkbookRules
    from qlaudit.sampling import SampleResult

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
    link: str = ""  # when the path is a symbolic link (inside the data folder): its target, relative to the folder


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
    folder: str = ""  # the unit's folder name under data_dir (the unit code used to load it)
    oplog: OperationLog = field(default_factory=OperationLog, repr=False, compare=False)
    previous_year_note: str = field(default="", init=False, repr=False, compare=False)
    _summaries: dict[tuple[object, ...], BudgetSummary] = field(default_factory=dict, init=False, repr=False,
                                                               compare=False)

    def summary(self, budget_type: str = "general") -> BudgetSummary:
        """The budget phases of this workbook (``qlaudit.reconcile.budget_summary``), computed once per budget type.

        The cache is keyed on the ledger frames themselves: assigning a new (e.g. filtered) frame to
        ``wb.expenditures`` recomputes; changing a frame in place does not, so copy before editing."""
        frames = (id(self.appropriations), id(self.expenditures), id(self.projects))
        key = (budget_type, *frames)
        if key not in self._summaries:
            if self._engine is not None and self._engine[0] == frames:  # the rules' engine holds these frames already
                from qlaudit.columnar.budget import Summaries

                engine = self._engine[1]
                summaries = engine.cached("summaries", lambda: Summaries(engine.con))
                self._summaries[key] = summaries.get((self.folder or self.unit.code, self.year), budget_type)
            else:
                self._summaries[key] = budget_summary(self.appropriations, self.expenditures, self.projects,
                                                      budget_type)
        return self._summaries[key]
    _previous: object = field(default=None, init=False, repr=False, compare=False)
    _engine: tuple[tuple[int, int, int], Any] | None = field(default=None, init=False, repr=False, compare=False)

    def columnar(self) -> Engine:
        """The ledgers as DuckDB tables with their key columns (``qlaudit.columnar``), for the rules; built once and
        rebuilt when a ledger frame is replaced (like :meth:`summary`)."""
        from qlaudit.columnar.engine import Engine

        key = (id(self.appropriations), id(self.expenditures), id(self.projects))
        if self._engine is None or self._engine[0] != key:
            engine = Engine.for_frames(self.folder or self.unit.code, self.year, self.appropriations,
                                       self.expenditures, self.projects)
            engine.regions[self.folder or self.unit.code] = (self.unit.province, self.unit.region_level)
            self._engine = (key, engine)
        return self._engine[1]

    def previous_year(self) -> Workbook | None:
        """The unit's workbook of the year before (loaded once), or None when it is absent or invalid.

        Used by the carry-over rules (上年年末结转 = 本年年初结转); ``previous_year_note`` says why it is missing.
        """
        if self._previous is None:
            try:
                self._previous = load_workbook(self.folder or self.unit.code, self.year - 1, self.data_dir)
                self.previous_year_note = ""
            except UnitYearNotFound:
                self._previous, self.previous_year_note = False, f"数据目录中没有{self.year - 1}年度账套"
            except InvalidInput:
                self._previous, self.previous_year_note = False, f"{self.year - 1}年度账套未通过导入校验"
        return self._previous or None  # type: ignore[return-value]

    def history(self) -> list[Workbook]:
        """This workbook and the consecutive earlier years that load, oldest first."""
        chain: list[Workbook] = [self]
        while (earlier := chain[0].previous_year()) is not None:
            chain.insert(0, earlier)
        return chain

    # Summary views for exploration (each has a readable _repr_html_ in JupyterLab); ``project`` (code or name)
    # narrows the spending views to that project's voucher lines.
    def lines(self, project: str | None = None) -> pd.DataFrame:
        """The voucher lines (machine frame: canonical columns, ``amount_fen``), of one project when given."""
        return self.expenditures if project is None else views.project_lines(self.expenditures, project)

    def display(self, what: str | pd.DataFrame = "expenditures", title: str = "") -> frames.PeopleView:
        """A ledger (``"expenditures"``, ``"appropriations"``, ``"projects"``) or any frame, for people: Chinese
        headers, 元 with thousands separators, totals in 万元, the first 200 rows (``qlaudit.frames``)."""
        if isinstance(what, str):
            if what not in LEDGERS:
                from qlaudit.errors import InvalidParameter

                raise InvalidParameter(f"没有名为 {what!r} 的账表；可用：{', '.join(LEDGERS)}，或传入一个 DataFrame")
            return frames.people(getattr(self, what), title or f"{self.unit.name}{self.year}年 {frames.LEDGER_TITLES[what]}")
        return frames.people(what, title)

    def spending_by_kind(self) -> views.MoneyTable:
        return views.spending_by_kind(self.expenditures)

    def spending_by_project(self) -> views.MoneyTable:
        return views.spending_by_project(self.expenditures, self.projects)

    def spending_by_economic_class(self, project: str | None = None) -> views.MoneyTable:
        return views.spending_by_economic_class(self.lines(project), project)

    def spending_by_month(self, project: str | None = None) -> views.MoneyTable:
        return views.spending_by_month(self.lines(project), project)

    def spending_by_payee(self, project: str | None = None) -> views.MoneyTable:
        return views.spending_by_payee(self.lines(project), project)

    def budget_by_source(self, project: str | None = None) -> views.MoneyTable:
        quotas = self.appropriations if project is None else views.project_lines(self.appropriations, project)
        return views.budget_by_source(quotas, project)

    def budget_vs_spending(self, by: str = "economic_class") -> views.MoneyTable:
        """调整后预算 vs 执行数 per expense_kind, economic_class, economic_code, functional_code or project_code."""
        return views.budget_vs_spending(self.appropriations, self.expenditures, by)

    def sample(self, method: str = "monetary_unit", *, record: bool = True, project: str | None = None,
               **params: Any) -> SampleResult:
        """Draw a reproducible sample of voucher lines (``qlaudit.sampling.draw``) and log it in ``oplog``.

        ``n`` is the sample size in lines for every method (``stratified``: allocated to the strata in proportion
        to their lines; ``per_stratum=k`` for k per stratum; ``monetary_unit``: n selection points, at most n
        lines). ``seed`` defaults to the year; ``project`` (code or name) samples that project's lines only:
        ``wb.sample("monetary_unit", n=10)``, ``wb.sample("stratified", n=5, seed=1)``,
        ``wb.sample("random", n=5, project="侨联工作经费")``. Wrong parameters raise ``InvalidParameter``."""
        from qlaudit import sampling
        from qlaudit.oplog import sample_json

        params = {**params, "seed": params.get("seed", self.year)}
        population = self.lines(project)
        result = sampling.draw(population, method, **params)
        if record:
            logged = {"method": method, **params, **({"project": project} if project is not None else {})}
            self.oplog.record("sample", logged, rows_in=len(population),
                              rows_out=len(result.picks), seed=result.seed, result=sample_json(result),
                              summary=f"{method} 抽取 {len(result.picks)} 行")
        return result

    def lint_self_evaluation(self, *, record: bool = True) -> LintResult | None:
        """``qlaudit lint`` of the unit's own report in the data folder against these ledgers (None without one)."""
        if self.self_evaluation_path is None:
            return None
        from qlaudit.findings import findings_json
        from qlaudit.lint import lint_file

        result = lint_file(self.self_evaluation_path, self)
        if record:
            self.oplog.record("lint", {"report": self.self_evaluation_path.name}, rows_in=len(result.figures),
                              rows_out=len(result.findings), result=findings_json(self.unit.code, self.year,
                                                                                 result.findings),
                              summary=f"{sum(1 for f in result.findings if not f.passed)} 条发现")
        return result

    @property
    def rules(self) -> WorkbookRules:
        """The audit rules bound to this workbook: ``wb.rules.december_rush(december_share_project=0.2)``."""
        from qlaudit.rules.explore import WorkbookRules

        return WorkbookRules(self)

    def _repr_html_(self) -> str:
        return views.workbook_html(self)


def _find_ledger_file(folder: Path, ledger: str, year: int = 0, unit: UnitProfile | None = None
                      ) -> tuple[list[LedgerFile], ImportIssue | None]:
    """The files of one ledger in a year folder (see :mod:`qlaudit.ledgers.discover`)."""
    return find_ledger_files(folder, ledger, year, unit.files if unit else None,
                             unit.profiles.get(ledger) if unit else None)


def _confined(root: Path, path: Path, display: str, log: ImportLog) -> tuple[Path, str] | None:
    """The real path of an input and its link target ('' when not a link); None, with an error in the log, when it
    leaves the data folder. A link that stays inside is logged as a warning."""
    try:
        resolved = confine(root, path, display)
    except OutsideDataFolder as err:
        log.other_issues.append(ImportIssue("error", display, str(err), "replace the link by the file itself (a copy "
                                            "inside the data folder)"))
        return None
    if resolved.link:
        log.other_issues.append(ImportIssue("warning", display, f"symbolic link followed to {resolved.link} (inside "
                                            "the data folder)", "", value=resolved.link))
    return resolved.path, resolved.link


def _load_files(root: Path, unit_dir: Path, display_dir: str, ledger: str, year: int, files: list[LedgerFile],
                log: ImportLog, inputs_: list[InputFile]) -> pd.DataFrame:
    """Load a ledger's files (one or several exports) and concatenate them."""
    imported = read_imports(files[0].path.parent, root) if files else {}
    frames = []
    for item in files:
        display = f"{display_dir}/{item.path.name}"
        found = _confined(root, item.path, display, log)
        if found is None:
            continue
        path, link = found
        try:
            profile = None
            if item.profile:
                beside = unit_dir / item.profile
                if beside.suffix.lower() in (".toml", ".yaml", ".yml") and _confined(
                        root, beside, f"{display_dir.split('/')[0]}/{item.profile}", log) is None:
                    continue
                profile = find_profile(item.profile, ledger, unit_dir)
        except ProfileError_ as err:
            log.other_issues.append(ImportIssue("error", display, str(err), "name a shipped profile (qlaudit import "
                                                "--help lists them) or the path of a .toml file beside unit.yaml"))
            continue
        frame, record = load_ledger(path, ledger, year, display, profile=profile, root=root)
        if item.path.name in imported:
            record.source = imported[item.path.name]
        log.files.append(record)
        frames.append(frame)
        inputs_.append(InputFile(ledger, display, record.sha256 or sha256_of(path), link))
    if not frames:
        return empty_frame(ledger)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _read_activities(root: Path, year_dir: Path, display: str, log: ImportLog, inputs_: list[InputFile]) -> str:
    """activities.md: confined, bounded, decoded (GBK/GB18030 read with a warning); '' with a log entry otherwise."""
    path = year_dir / "activities.md"
    if not path.is_file() and not path.is_symlink():  # a broken link or a link loop is reported, not skipped
        log.other_issues.append(ImportIssue("warning", display,
                                            "no activities.md: section 六（一） will say the unit supplied no account",
                                            "write the unit's account of the year in activities.md"))
        return ""
    found = _confined(root, path, display, log)
    if found is None:
        return ""
    real, link = found
    try:
        text, notes = inputs.read_text(real, "activities.md")
    except inputs.UndecodableText as err:
        log.other_issues.append(ImportIssue("error", display, f"activities.md cannot be read: {err.message}", err.hint))
        return ""
    except limits.LimitExceeded as err:
        log.other_issues.append(ImportIssue("error", display, f"activities.md cannot be read: {err}", err.hint))
        return ""
    log.other_issues.extend(ImportIssue("warning", display, f"normalised: {note}") for note in notes)
    inputs_.append(InputFile("activities", display, sha256_of(real), link))
    return text


def load_workbook(unit: str, year: int, data_dir: Path | str | None = None, *, strict: bool = True) -> Workbook:
    """Load a unit-year. ``strict`` raises :class:`InvalidInput` when the import log has errors. The unit code and
    the year are checked by pattern; files are read only from inside the data folder (:mod:`qlaudit.paths`)."""
    unit, year = check_unit(unit), check_year(year)
    data_dir = real_root(data_dir if data_dir is not None else default_data_dir())
    if not (data_dir / unit).is_dir():
        raise UnitYearNotFound(f"no data for unit {unit!r} in {data_dir}")
    log = ImportLog()
    unit_dir, unit_link = confine(data_dir, data_dir / unit, f"{unit}/").path, ""
    if unit_dir != data_dir / unit:
        unit_link = unit_dir.relative_to(data_dir).as_posix()
        log.other_issues.append(ImportIssue("warning", f"{unit}/", f"symbolic link followed to {unit_link} (inside "
                                            "the data folder)", "", value=unit_link))
    year_dir = unit_dir / str(year)
    if not year_dir.is_dir():
        years = sorted(p.name for p in unit_dir.iterdir() if p.is_dir() and p.name.isdigit())
        raise UnitYearNotFound(f"no {year} data for unit {unit!r} (years available: {', '.join(years) or 'none'})")
    year_real = confine(data_dir, year_dir, f"{unit}/{year}/").path
    if year_real != year_dir:
        target = year_real.relative_to(data_dir).as_posix()
        log.other_issues.append(ImportIssue("warning", f"{unit}/{year}/", f"symbolic link followed to {target} "
                                            "(inside the data folder)", "", value=target))
        year_dir = year_real
    inputs_: list[InputFile] = []
    profile = UnitProfile(code=unit, name=unit)
    found = _confined(data_dir, unit_dir / "unit.yaml", f"{unit}/unit.yaml", log)
    if found is not None:
        try:
            profile = load_profile(found[0], f"{unit}/unit.yaml")
            inputs_.append(InputFile("unit", f"{unit}/unit.yaml", sha256_of(found[0]), found[1]))
            log.other_issues.extend(ImportIssue("warning", f"{unit}/unit.yaml", note) for note in profile.notes)
        except ProfileError as err:
            log.other_issues.append(err.issue)
    frames: dict[str, pd.DataFrame] = {}
    for ledger in LEDGERS:
        found_files, problem = _find_ledger_file(year_dir, ledger, year, profile)
        if problem is not None:
            log.other_issues.append(problem)
        frames[ledger] = _load_files(data_dir, unit_dir, f"{unit}/{year}", ledger, year, found_files, log, inputs_)
    log.other_issues.extend(scale_issues(frames, log.files, profile.staffing_authorised))
    activities = _read_activities(data_dir, year_dir, f"{unit}/{year}/activities.md", log, inputs_)
    self_eval = next((year_dir / n for n in SELF_EVALUATION_NAMES
                      if (year_dir / n).is_file() or (year_dir / n).is_symlink()), None)
    if self_eval is not None:
        display = f"{unit}/{year}/{self_eval.name}"
        confined_eval = _confined(data_dir, self_eval, display, log)
        if confined_eval is None:
            self_eval = None
        else:
            self_eval = confined_eval[0]
            inputs_.append(InputFile("self_evaluation", display, sha256_of(self_eval), confined_eval[1]))
    if strict and not log.ok:
        raise InvalidInput(f"{unit} {year}: {len(log.errors)} input error(s); run `qlaudit validate`", log)
    oplog = OperationLog()
    rows_in = sum(f.rows_read for f in log.files)
    rows_out = sum(len(frame) for frame in frames.values())
    oplog.record("open", {"unit": unit, "year": year, "strict": strict}, inputs={f.path: f.sha256 for f in inputs_},
                 rows_in=rows_in, rows_out=rows_out, result=json.dumps(log.as_dict(), ensure_ascii=False, sort_keys=True),
                 summary=f"{len(log.errors)} 个错误，{len(log.warnings)} 个警告")
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
        inputs=inputs_,
        folder=unit,
        oplog=oplog,
    )


def available_years(unit: str, data_dir: Path | str | None = None) -> list[int]:
    unit_dir = (Path(data_dir) if data_dir is not None else default_data_dir()) / unit
    if not unit_dir.is_dir():
        return []
    return sorted(int(p.name) for p in unit_dir.iterdir() if p.is_dir() and p.name.isdigit())
