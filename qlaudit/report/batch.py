"""Batch runs: every unit-year's report in a process pool, skipping what has not changed, then an index page.

Workers validate and execute the notebook (``report.stage`` + ``report.execute``; the notebook stages the key
figures for the index); the driver exports HTML and publishes (``report.publish``), so nbconvert runs in one process and files are renamed into place by one writer.
A unit-year is skipped when its **batch key** — the SHA-256 of its input files, the notebook, qlaudit's own
source files and the parameters — equals the key stored in its manifest. A failing unit-year is reported and
the batch goes on; ``reports/index.html`` (``index_page``) leads with what needs attention and links every report.
Progress (``progress_log``): one line per unit-year as it finishes, on a terminal or in a log file, and a bar on a
terminal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from qlaudit import paths
from qlaudit.errors import QlauditError
from qlaudit.profile import load_profile
from qlaudit.report import progress_log
from qlaudit.report import run as report
from qlaudit.report.index_page import render_index
from qlaudit.workbook import available_years, default_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # all of qlaudit: a change anywhere in it rebuilds


@dataclass(frozen=True)
class UnitYearOutcome:
    unit: str
    year: int
    status: str  # "written" | "skipped" | "failed"
    message: str = ""
    summary: dict[str, object] = field(default_factory=dict)  # the manifest's summary (Report.index)
    seconds: float = 0.0  # worker and export time (skipped: the time to compute its key)


@dataclass(frozen=True)
class BatchSummary:
    outcomes: tuple[UnitYearOutcome, ...]
    index_path: Path
    province: object = None  # qlaudit.cluster.ProvinceResult when the set-based stage ran

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


def parse_years(text: str | None) -> list[int] | None:
    """'2019-2023' → [2019 … 2023]; '2021,2023' → [2021, 2023]; None → every year found."""
    if not text:
        return None
    years: list[int] = []
    for part in text.split(","):
        if "-" in part:
            first, last = (int(p) for p in part.split("-", 1))
            years.extend(range(first, last + 1))
        else:
            years.append(int(part))
    return sorted(set(years))


def plan(data_dir: Path, units: list[str] | None, years: list[int] | None) -> list[tuple[str, int]]:
    found = sorted(p.name for p in data_dir.iterdir() if p.is_dir() and (p / "unit.yaml").is_file())
    if units:
        unknown = sorted(set(units) - set(found))
        if unknown:
            raise QlauditError(f"unknown unit(s): {', '.join(unknown)} (found: {', '.join(found)})")
        found = [u for u in found if u in units]
    return [(u, y) for u in found for y in available_years(u, data_dir) if years is None or y in years]


def _hash_tree(digest: hashlib._Hash, files: list[Path], root: Path) -> None:
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _hash_inputs(digest: hashlib._Hash, unit: str, year: int, data_dir: Path) -> None:
    """The unit-year's files, each read only when it lies inside the data folder (a link leaving it is keyed by its
    target's name; the run itself refuses it) and streamed, never held whole."""
    root = paths.real_root(data_dir)
    files = paths.input_files(root, root / unit / str(year))
    yaml_path = root / unit / "unit.yaml"
    if yaml_path.is_file() or yaml_path.is_symlink():
        files.insert(0, (f"{unit}/unit.yaml", _inside(root, yaml_path)))
    for relative, real in files:
        digest.update(relative.encode())
        if real is None:
            digest.update(b"outside:" + os.fsencode(os.readlink(root / relative) if (root / relative).is_symlink()
                                                    else relative))
            continue
        with open(real, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())


def _inside(root: Path, path: Path) -> Path | None:
    try:
        return paths.confine(root, path).path
    except paths.OutsideDataFolder:
        return None


def batch_key(unit: str, year: int, data_dir: Path, options: report.ReportOptions | None = None) -> str:
    options = options or report.ReportOptions()
    digest = hashlib.sha256()
    _hash_inputs(digest, unit, year, data_dir)
    _hash_tree(digest, [p for p in PACKAGE_DIR.rglob("*") if (p.is_file() and p.suffix in (".py", ".csv", ".toml"))
                        or p.name == "VERSION"], PACKAGE_DIR)
    digest.update(report.notebook_sha256().encode())
    digest.update(json.dumps({"unit": unit, "year": year, **options.parameters(year)}, sort_keys=True).encode())
    for path in options.files():
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _work(unit: str, year: int, data_dir: Path, out_dir: Path,
          options: report.ReportOptions) -> tuple[report.StagedRun | None, str, float]:
    """In a worker: validate and execute the notebook (which also stages the index figures). Never raises."""
    started = time.perf_counter()
    try:
        run = report.stage(unit, year, data_dir, out_dir, options)
        report.execute(run)
        return run, "", time.perf_counter() - started
    except QlauditError as err:
        return None, str(err).splitlines()[0], time.perf_counter() - started
    except Exception as err:  # a bug must not stop the batch; it is reported per unit-year
        return None, f"{type(err).__name__}: {err}", time.perf_counter() - started


def _stored_key(out: Path) -> tuple[str, dict]:
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", {}
    if not (out / "report.html").is_file():
        return "", {}
    return str(manifest.get("batch_key", "")), dict(manifest.get("summary", {}))


def _warm_up() -> None:
    """Import what every report needs once in the driver, so forked workers start warm."""
    import papermill  # noqa: F401

    from qlaudit.report import charts

    charts.cjk_font_name()


def run_batch(data_dir: Path | str | None = None, out_dir: Path | str = "reports", units: list[str] | None = None,
              years: list[int] | None = None, jobs: int = 2, force: bool = False, progress: bool = True,
              options: report.ReportOptions | None = None, pdf: bool = False, scheduler: str | None = None,
              province: bool = False, stream: TextIO | None = None) -> BatchSummary:
    """Write every planned unit-year's report and ``OUT/index.html``.

    With ``progress`` (the default) one line per unit-year is written to ``stream`` (default: standard error) as it
    finishes, flushed, whether or not it is a terminal (a log file gets the same lines), then a summary line; on a
    terminal a tqdm bar names the unit-year last finished. ``progress=False`` writes nothing. With ``scheduler`` the
    unit-years run on a Dask cluster's workers; with ``province`` (or a scheduler) the set-based stage runs once over
    the selected unit-years (docs/scale.md).
    """
    started = time.perf_counter()
    options = options or report.ReportOptions()
    data = Path(data_dir).resolve() if data_dir is not None else default_data_dir().resolve()
    out_root = paths.output_folder(out_dir)
    todo = plan(data, units, years)
    watch = progress_log.Progress(len(todo), (stream or sys.stderr) if progress else None)
    outcomes: dict[tuple[str, int], UnitYearOutcome] = {}
    keys: dict[tuple[str, int], str] = {}
    pending = []
    for unit, year in todo:
        began = time.perf_counter()
        keys[(unit, year)] = batch_key(unit, year, data, options)
        stored, summary = _stored_key(out_root / unit / str(year))
        if not force and stored == keys[(unit, year)]:
            outcomes[(unit, year)] = UnitYearOutcome(unit, year, "skipped", "unchanged", summary,
                                                     time.perf_counter() - began)
            watch.done(outcomes[(unit, year)])
        else:
            pending.append((unit, year))

    province_result = None
    if pending or province or scheduler:
        from qlaudit import cluster  # the executor: local pool, or a Dask scheduler's workers

        _warm_up()
        with cluster.executor(scheduler, jobs) as pool:
            futures: dict[Future, tuple[str, int]] = {
                pool.submit(_work, unit, year, data, out_root, options): (unit, year) for unit, year in pending}
            for future in as_completed(futures):
                unit, year = futures[future]
                outcomes[(unit, year)] = _finish(unit, year, future.result(), keys[(unit, year)], data, out_root, pdf)
                watch.done(outcomes[(unit, year)])
            if province or scheduler:  # the set-based stage, once over the selected unit-years
                province_result = cluster.province_stage(pool, data, out_root, todo, options.settings_path or None)
    ordered = tuple(outcomes[k] for k in todo)
    index = out_root / "index.html"
    tmp = index.with_name(f".index.{os.getpid()}.tmp")
    tmp.write_text(render_index(ordered, dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")),
                   encoding="utf-8")
    os.replace(tmp, index)
    summary = BatchSummary(ordered, index, province_result)
    watch.close(summary, time.perf_counter() - started)
    return summary


def _finish(unit: str, year: int, result: tuple[report.StagedRun | None, str, float], key: str, data: Path,
            out_root: Path, pdf: bool) -> UnitYearOutcome:
    """In the driver: publish a unit-year the worker executed, or record its failure (with the figures of the
    report published before, if any, for the index's link to it)."""
    run, error, seconds = result
    if run is not None:
        began = time.perf_counter()
        try:
            published = report.publish(run, {"batch_key": key}, pdf=pdf)
            summary = json.loads(published.manifest_path.read_text(encoding="utf-8"))["summary"]
            return UnitYearOutcome(unit, year, "written", "", summary, seconds + time.perf_counter() - began)
        except Exception as err:
            error, seconds = f"export: {err}", seconds + time.perf_counter() - began
    published = _stored_key(out_root / unit / str(year))[1]
    name = str(published.get("unit_name") or _unit_name(data, unit))
    return UnitYearOutcome(unit, year, "failed", error, {"unit_name": name, "published_before": bool(published)},
                           seconds)


def _unit_name(data: Path, unit: str) -> str:
    """The unit's name from its unit.yaml for a failed unit-year's line ('' when that cannot be read)."""
    try:
        root = paths.real_root(data)
        path = _inside(root, root / unit / "unit.yaml")
        return load_profile(path, f"{unit}/unit.yaml").name if path is not None else ""
    except (QlauditError, OSError, ValueError):
        return ""
