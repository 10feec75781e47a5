"""The Parquet store of many unit-years, and the province run over it: the same rules, run once over all of them.

Layout (one folder per ledger, partitioned by unit and year; the prepared columns of ``qlaudit.columnar.engine``,
unit and year included, so a file read alone is complete)::

    STORE/expenditures/unit=<unit>/year=<year>/part.parquet
    STORE/appropriations/…   STORE/projects/…
    STORE/_manifest/<unit>/<year>.json     input hash, status (stored | invalid | missing), rows

:func:`write_unit_year` loads one unit-year with the strict loader (what ``qlaudit.open`` does) and writes its
three tables; it is skipped when the inputs and qlaudit's source are unchanged (hash-keyed, like ``batch``), and it
is what the cluster fans out. :func:`open_store` puts DuckDB views over the files of chosen unit-years;
:func:`run_store` runs every rule's candidate query once over all of them, the finishers per unit-year, and the
cross-unit rules (``qlaudit.columnar.crossunit``). A unit-year's findings from the store are those of
``qlaudit.check`` on its workbook (tests/columnar/test_store.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from qlaudit.columnar.budget import Summaries
from qlaudit.columnar.engine import (
    ONE_THREAD_BELOW_LINES,
    Engine,
    connection,
    prepare_appropriations,
    prepare_expenditures,
    prepare_projects,
    use_threads_for,
)
from qlaudit.columnar.evidence import EvidenceRequest
from qlaudit.columnar.runner import ColumnarRule, UnitYear, run_rules
from qlaudit.errors import InvalidInput, UnitYearNotFound
from qlaudit.findings import Finding
from qlaudit.reconcile import BudgetSummary
from qlaudit.settings import RuleSettings

LEDGER_TABLES = ("expenditures", "appropriations", "projects")
PACKAGE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StoredUnitYear:
    unit: str
    year: int
    status: str  # "stored" | "skipped" (unchanged) | "invalid" | "missing"
    rows: int = 0
    message: str = ""


# The code that decides what a stored unit-year holds: the loader, reference tables, the prepared columns. A change
# of a rule does not make the store stale (rules run on it); a change of any of these does.
STORED_BY = ("ledgers/", "reference/", "codes.py", "money.py", "profile.py", "workbook.py", "columnar/engine.py",
             "columnar/store.py")


def _source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        name = str(path.relative_to(PACKAGE_DIR))
        if path.is_file() and name.startswith(STORED_BY) and (path.suffix in (".py", ".csv") or path.name == "VERSION"):
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def input_key(unit: str, year: int, data_dir: Path) -> str:
    """SHA-256 of the unit-year's input files (and unit.yaml) and of the qlaudit source in ``STORED_BY``."""
    digest = hashlib.sha256(_source_hash().encode())
    unit_dir = data_dir / unit
    files = [unit_dir / "unit.yaml", *(p for p in (unit_dir / str(year)).rglob("*") if p.is_file())]
    for path in sorted(p for p in files if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _partition(store: Path, ledger: str, unit: str, year: int) -> Path:
    return store / ledger / f"unit={unit}" / f"year={year}" / "part.parquet"


def _manifest_path(store: Path, unit: str, year: int) -> Path:
    return store / "_manifest" / unit / f"{year}.json"


def read_manifest(store: Path, unit: str, year: int) -> dict[str, object]:
    try:
        return dict(json.loads(_manifest_path(store, unit, year).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _write_atomic(path: Path, write: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)  # type: ignore[operator]
    os.replace(tmp, path)


def write_unit_year(unit: str, year: int, data_dir: Path | str, store: Path | str) -> StoredUnitYear:
    """Load one unit-year (strict) and write its prepared tables to the store; skipped when unchanged."""
    from qlaudit.workbook import load_workbook

    data_dir, store = Path(data_dir), Path(store)
    key = input_key(unit, year, data_dir)
    previous = read_manifest(store, unit, year)
    if previous.get("key") == key:
        return StoredUnitYear(unit, year, "skipped", int(str(previous.get("rows", 0))), str(previous.get("status", "")))
    status, message, rows, region = "stored", "", 0, ["", ""]
    try:
        wb = load_workbook(unit, year, data_dir)
        region = [wb.unit.province, wb.unit.region_level]
        tables = {"expenditures": prepare_expenditures(wb.expenditures, unit, year),
                  "appropriations": prepare_appropriations(wb.appropriations, unit, year),
                  "projects": prepare_projects(wb.projects, unit, year)}
        for ledger, table in tables.items():
            _write_atomic(_partition(store, ledger, unit, year), lambda p, t=table: pq.write_table(t, p))
        rows = tables["expenditures"].num_rows
    except UnitYearNotFound as err:
        status, message = "missing", str(err)
    except InvalidInput as err:
        status, message = "invalid", str(err).splitlines()[0]
    if status != "stored":
        for ledger in LEDGER_TABLES:
            _partition(store, ledger, unit, year).unlink(missing_ok=True)
    manifest = {"unit": unit, "year": year, "key": key, "status": status, "rows": rows, "message": message,
                "region": region}
    _write_atomic(_manifest_path(store, unit, year),
                  lambda p: p.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8"))
    return StoredUnitYear(unit, year, status, rows, message)


def stored_years(store: Path | str) -> dict[tuple[str, int], str]:
    """Every unit-year the store knows: (unit, year) → status (stored, invalid or missing)."""
    out: dict[tuple[str, int], str] = {}
    for path in sorted((Path(store) / "_manifest").glob("*/*.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        out[(str(manifest["unit"]), int(manifest["year"]))] = str(manifest["status"])
    return out


def open_store(store: Path | str, pairs: Iterable[tuple[str, int]], *, materialise: bool = True) -> Engine:
    """An engine over the stored files of ``pairs`` (those stored as valid): read once into DuckDB temporary tables
    (many small files read by every query cost more than the query), or views with ``materialise=False``."""
    store = Path(store)
    chosen = sorted(set(pairs))
    con = connection()
    use_threads_for(con, ONE_THREAD_BELOW_LINES)  # a store is many unit-years: DuckDB's own thread count
    engine = Engine(con, "store")
    relations = []
    for ledger in LEDGER_TABLES:
        files = [str(_partition(store, ledger, u, y)) for u, y in chosen if _partition(store, ledger, u, y).is_file()]
        if files:
            listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            relation = f"read_parquet([{listed}], union_by_name = true)"
        else:
            relation = f"(SELECT * FROM read_parquet('{_empty(store, ledger)}') LIMIT 0)"
        if materialise:
            con.execute(f"CREATE TEMP TABLE stored_{ledger} AS SELECT * FROM {relation}")
            relation = f"stored_{ledger}"
        relations.append(relation)
    engine.create_views(*relations)
    for unit, year in chosen:  # the policy standards of each unit (unit.yaml province / region_level)
        region = read_manifest(store, unit, year).get("region") or ["", ""]
        engine.regions[unit] = (str(region[0]), str(region[1]))  # type: ignore[index]
    return engine


def _empty(store: Path, ledger: str) -> str:
    """A Parquet file with the ledger's prepared columns and no row (for a store without any valid unit-year)."""
    from qlaudit.ledgers import empty_frame

    path = store / "_empty" / f"{ledger}.parquet"
    if not path.is_file():
        prepares: dict[str, Callable[[pd.DataFrame, str, int], pa.Table]] = {
            "expenditures": prepare_expenditures, "appropriations": prepare_appropriations,
            "projects": prepare_projects}
        prepare = prepares[ledger]
        frame = empty_frame(ledger)
        if "date" in frame.columns:
            frame["date"] = pd.to_datetime(frame["date"])
        _write_atomic(path, lambda p: pq.write_table(prepare(frame, "", 0), p))
    return str(path).replace("'", "''")


@dataclass
class StoreYear:
    """A unit-year of the store as the finishers see it (``qlaudit.columnar.runner.UnitYear``)."""

    unit: str
    year: int
    book: StoreBook

    def summary(self, budget_type: str = "general") -> BudgetSummary:
        return self.book.summaries.get((self.unit, self.year), budget_type)

    def previous(self) -> StoreYear | None:
        return self.book.year(self.unit, self.year - 1)

    def previous_note(self) -> str:
        status = self.book.status.get((self.unit, self.year - 1), "missing")
        return f"{self.year - 1}年度账套未通过导入校验" if status == "invalid" else f"数据目录中没有{self.year - 1}年度账套"

    def history(self) -> list[StoreYear]:
        chain = [self]
        while (earlier := chain[0].previous()) is not None:
            chain.insert(0, earlier)
        return chain

    def quota_evidence(self, match: tuple[tuple[str, object], ...]) -> EvidenceRequest:
        return EvidenceRequest(self.unit, self.year, "appropriations", match)


@dataclass
class StoreBook:
    """The unit-years an engine over the store holds (status from the manifests), with their budget summaries."""

    status: dict[tuple[str, int], str]
    summaries: Summaries

    def year(self, unit: str, year: int) -> StoreYear | None:
        return StoreYear(unit, year, self) if self.status.get((unit, year)) == "stored" else None


def history_pairs(store: Path | str, pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """``pairs`` and the consecutive earlier stored years of each (what the carry-over rules read)."""
    status = stored_years(store)
    out = set()
    for unit, year in pairs:
        out.add((unit, year))
        earlier = year - 1
        while status.get((unit, earlier)) == "stored":
            out.add((unit, earlier))
            earlier -= 1
    return sorted(out)


def run_store(store: Path | str, pairs: Iterable[tuple[str, int]], settings: RuleSettings,
              rules: Sequence[ColumnarRule] | None = None,
              ) -> tuple[dict[tuple[str, int], list[Finding]], list[Finding]]:
    """Every rule over the stored unit-years ``pairs`` at once: ({(unit, year): findings}, cross-unit findings).
    Unit-years not stored as valid get no findings (their report says why)."""
    from qlaudit.columnar.crossunit import cross_unit_findings
    from qlaudit.rules import RULES

    chosen = sorted(set(pairs))
    status = stored_years(store)
    engine = open_store(store, history_pairs(store, chosen))
    book = StoreBook(status, Summaries(engine.con))
    years: list[UnitYear] = [y for y in (book.year(u, yr) for u, yr in chosen) if y is not None]
    findings = run_rules(engine, years, settings, rules if rules is not None else cast(list[ColumnarRule], RULES))
    stored = [(y.unit, y.year) for y in years]
    return findings, cross_unit_findings(engine, stored, settings)
