"""Producing the annual report: execute the parameterised notebook with papermill, export it to HTML with nbconvert.

``build_report`` writes under ``OUT/<unit>/<year>/``: the publishable self-evaluation report ``report.html`` (and its
plain text ``report.txt``, what ``qlaudit lint`` reads), the auditor's working papers ``workpapers.html`` and
``findings.xlsx``, the executed ``report.ipynb`` (re-runnable from that folder), ``manifest.json``, ``findings.json``,
``findings.csv``, ``oplog.json`` and, with ``pdf=True``, ``report.pdf`` and ``workpapers.pdf`` (``qlaudit.report.pdf``):

1. ``stage``: validate the inputs before any notebook runs (bad input fails fast with the import log), create a
   staging folder ``OUT/<unit>/.<year>.staging-<pid>-<n>/`` and write the manifest (provenance) there;
2. ``execute``: papermill runs the notebook into the staging folder (in this process by default, see
   ``qlaudit.report.engine``, or in a Jupyter kernel with ``engine="kernel"``); the notebook stages its files there;
3. ``publish``: export HTML without code, print the PDFs when asked, write the manifest with the SHA-256 of every
   published file, and switch the unit-year to the new set in one step.

**One set, switched atomically.** ``OUT/<unit>/<year>`` is a symbolic link to a version folder
``OUT/<unit>/.<year>.v-<pid>-<n>/`` that holds a complete set (report, working papers, findings, notebook,
manifest). Publishing fills a new version folder, flushes it to disk, then replaces the link with ``rename(2)`` — a
reader sees the old set or the new one, never a new report.html beside old findings, and a process killed at any
point leaves the published set whole (what it leaves behind, a staging folder or a version never linked, is removed
by the next run of that unit-year). The previous version is kept one run longer for readers still in it; older ones
are removed. A folder from before this layout is moved to a version folder the first time. On a file system without
symbolic links the version folder itself is renamed into place (an instant without a set, never a mixed one).
Outputs are written only under ``OUT`` (:func:`qlaudit.paths.output_folder`).

The notebook stops at its gate cell when the report contradicts itself (``qlaudit.report.gate``): the run fails with
the gate's reasons (exit 1) and nothing is published. A lock per unit-year (``OUT/<unit>/.<year>.lock``) serialises
concurrent runs; the executed notebook of a failed run is kept as ``report.failed.ipynb`` beside the published set
(the next successful run's set does not have it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qlaudit.errors import QlauditError
from qlaudit.i18n import message
from qlaudit.jupyter import with_kernelspec
from qlaudit.paths import check_unit, check_year, output_folder
from qlaudit.report import provenance, render_html
from qlaudit.report.model import ReportOptions
from qlaudit.workbook import default_data_dir, load_workbook

NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "annual_report.ipynb"
ENGINES = {"inprocess": "qlaudit-inprocess", "kernel": "nbclient"}
ARTIFACTS = ("findings.json", "findings.csv", "findings.xlsx", "oplog.json", "workpapers.html", "report.txt")
_EXECUTED = ".executed.ipynb"  # the executed notebook in the staging folder (published as report.ipynb)
_STAGED_MANIFEST = ".manifest.staged.json"


class ReportFailed(QlauditError):
    """The report notebook failed; the executed notebook is kept for inspection."""

    exit_code = 1


@dataclass(frozen=True)
class ReportResult:
    html_path: Path
    notebook_path: Path
    manifest_path: Path
    seconds: float


@dataclass(frozen=True)
class StagedRun:
    """A unit-year validated and ready to execute: where its files go and what produced it."""

    unit: str
    year: int
    title: str
    out: Path  # OUT/<unit>/<year>: the link to the published set
    parameters: dict[str, object]
    manifest: dict[str, object]
    staged_notebook: Path
    staged_manifest: Path
    started: float
    artifacts_prefix: str  # the staging folder + '/': the notebook writes findings.json, … and summary.json there

    @property
    def staging(self) -> Path:
        return self.staged_manifest.parent

    def staged_artifacts(self) -> list[tuple[Path, Path]]:
        return [(Path(self.artifacts_prefix + name), self.out / name) for name in ARTIFACTS]

    @property
    def staged_summary(self) -> Path:
        """Key figures the notebook computed (for the manifest and the batch index); not published on its own."""
        return Path(self.artifacts_prefix + "summary.json")

    def discard(self) -> None:
        """Remove the staging folder of this run (nothing of it was published)."""
        shutil.rmtree(self.staging, ignore_errors=True)


def notebook_path() -> Path:
    if not NOTEBOOK.is_file():
        raise QlauditError(message("error.notebook_missing", path=NOTEBOOK))
    return NOTEBOOK


def notebook_sha256() -> str:
    return hashlib.sha256(notebook_path().read_bytes()).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def unit_year_lock(out: Path) -> Iterator[None]:
    """An exclusive lock on the unit-year OUT/<unit>/<year>, held while a run publishes it (blocks until free).
    The lock file sits beside the link (``OUT/<unit>/.<year>.lock``), outside the published set."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(out), "a+b") as handle:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if os.name != "nt":
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _tag() -> str:
    return f"{os.getpid()}-{time.monotonic_ns()}"


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie — killed, not yet reaped by its new parent — does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:  # no /proc (not Linux): trust the signal check
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _leftovers(out: Path, keep: set[str]) -> None:
    """Remove what killed or finished runs of this unit-year left: staging folders and temporary links of dead
    processes, and version folders that are neither ``keep`` nor linked (called under the unit-year lock)."""
    prefix = f".{out.name}."
    for entry in out.parent.iterdir():
        name = entry.name
        if not name.startswith(prefix) or name in keep or name == _lock_path(out).name:
            continue
        kind, _, rest = name[len(prefix):].partition("-")
        pid = int(rest.split("-")[0]) if rest.split("-")[0].isdigit() else 0
        if kind in ("staging", "link") and pid and (pid == os.getpid() or _pid_alive(pid)):
            continue  # a run in progress (this process's own are removed by their run)
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)
        elif entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def stage(unit: str, year: int, data_dir: Path | str | None, out_dir: Path | str,
          options: ReportOptions | None = None) -> StagedRun:
    started = time.perf_counter()
    unit, year = check_unit(unit), check_year(year)
    data = Path(data_dir).resolve() if data_dir is not None else default_data_dir().resolve()
    workbook = load_workbook(unit, year, data)  # fails fast with the import log on bad input
    unit_out = output_folder(out_dir, unit)
    out = unit_out / str(year)
    if out.is_symlink() and out.resolve().parent != unit_out:
        raise QlauditError(message("error.report_link_leaves", out=out, unit_out=unit_out))
    if out.exists() and not out.is_dir():
        raise QlauditError(message("error.report_out_is_file", out=out))
    options = options or ReportOptions()
    for path in options.files():
        if not path.is_file():
            raise QlauditError(message("error.settings_missing", path=path))
    parameters: dict[str, object] = {"unit": unit, "year": year, "data_dir": str(data), **options.parameters(year),
                                     "report_date": options.date().isoformat()}
    record = provenance.manifest(workbook, parameters, notebook_sha256(), options.files())
    links = [{"path": f.path, "target": f.link} for f in workbook.inputs if f.link]
    if links:
        record["symlinks"] = links  # inputs reached through a symbolic link inside the data folder
    staging = unit_out / f".{year}.staging-{_tag()}"
    staging.mkdir()
    staged_manifest = staging / _STAGED_MANIFEST
    staged_manifest.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return StagedRun(unit, year, f"{workbook.unit.name}{year}年度部门整体支出绩效自评报告", out, parameters, record,
                     staging / _EXECUTED, staged_manifest, started, f"{staging}{os.sep}")


def execute(run: StagedRun, engine: str = "inprocess") -> None:
    """Run the notebook into ``run.staged_notebook``; on a failing cell keep it as report.failed.ipynb and raise."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    import qlaudit.report.engine  # noqa: F401  (registers the in-process engine)

    template = notebook_path()
    try:
        papermill.execute_notebook(
            str(template), str(run.staged_notebook),
            parameters={**run.parameters, "manifest_path": str(run.staged_manifest),
                        "artifacts_prefix": run.artifacts_prefix},
            engine_name=ENGINES[engine], kernel_name="python3", cwd=str(template.parent),
            progress_bar=False, log_output=False, report_mode=True,
            **({"extra_arguments": ["--IPKernelApp.log_level=CRITICAL"]} if engine == "kernel" else {}),
        )
    except PapermillExecutionError as err:
        failed = run.out / "report.failed.ipynb"
        if run.staged_notebook.exists():
            with unit_year_lock(run.out):
                _atomic_write(_live_folder(run.out) / failed.name, run.staged_notebook.read_bytes())
        run.discard()
        if err.ename == "GateFailed":
            raise ReportFailed(f"{run.unit} {run.year}: {err.evalue} (not published; the previous report stays; "
                               f"executed notebook kept at {failed})") from err
        raise ReportFailed(f"{run.unit} {run.year}: report notebook failed in cell {err.exec_count}: "
                           f"{err.ename}: {err.evalue} (executed notebook kept at {failed})") from err


def export_html(executed_notebook: Path, title: str) -> str:
    """The executed notebook as an offline HTML page, without code or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_markdown = True
    nb = nbformat.read(executed_notebook, as_version=4)
    for cell in nb.cells:  # papermill gives its injected cell a random id; keep the page reproducible
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    body, _ = exporter.from_notebook_node(nb)
    return render_html.page(title, body)


def published_parameters(run: StagedRun) -> dict[str, object]:
    """The parameters the published report.ipynb keeps: no staging path, the data folder relative to the report
    folder, the manifest beside it — so it re-runs in JupyterLab from that folder as it was published."""
    data = Path(str(run.parameters["data_dir"]))
    try:
        data_dir = os.path.relpath(data, run.out)
    except ValueError:  # another drive (Windows)
        data_dir = str(data)
    return {**run.parameters, "data_dir": data_dir, "manifest_path": "manifest.json", "artifacts_prefix": ""}


def _publishable_notebook(run: StagedRun) -> bytes:
    import nbformat

    nb = nbformat.read(run.staged_notebook, as_version=4)
    parameters = published_parameters(run)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
            cell.source = "# Parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in parameters.items())
    nb.metadata.setdefault("papermill", {})["parameters"] = parameters
    with_kernelspec(nb)  # JupyterLab opens it on the qlaudit kernel
    return nbformat.writes(nb).encode("utf-8")


def _print_pdfs(run: StagedRun, html: str) -> list[tuple[Path, Path]]:
    """report.pdf and workpapers.pdf, printed from staged copies of the two pages."""
    from qlaudit.report.pdf import html_to_pdf

    staged = []
    pages = [("report", html)]
    workpapers = Path(run.artifacts_prefix + "workpapers.html")
    if workpapers.exists():
        pages.append(("workpapers", workpapers.read_text(encoding="utf-8")))
    for name, page_html in pages:
        source = Path(f"{run.artifacts_prefix}{name}.print.html")
        source.write_text(page_html, encoding="utf-8")
        try:
            staged.append((html_to_pdf(source, Path(f"{run.artifacts_prefix}{name}.pdf")), run.out / f"{name}.pdf"))
        finally:
            source.unlink(missing_ok=True)
    return staged


def _live_folder(out: Path) -> Path:
    """The folder of the published set (made, empty, when there is none yet; called under the lock)."""
    if out.is_symlink():
        return out.resolve()
    if out.is_dir():  # the layout before versioned sets, or a file system without symbolic links
        return out
    version = out.parent / f".{out.name}.v-{_tag()}"
    version.mkdir()
    _switch(out, version)
    return out.resolve()


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows has no directory handles to flush
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _switch(out: Path, version: Path) -> None:
    """Point ``out`` at ``version`` in one rename of a symbolic link (a reader sees the old target or the new). On a
    file system without symbolic links (FAT, some network shares) the folders themselves are renamed: for a moment
    there is no published set, but never a mixed one."""
    link = out.parent / f".{out.name}.link-{_tag()}"
    try:
        os.symlink(version.name, link, target_is_directory=True)
    except OSError:
        if out.is_symlink():  # a set published while links worked: its folder is left to the cleanup
            out.unlink()
        elif out.is_dir():
            os.replace(out, out.parent / f".{out.name}.v-{_tag()}")
        os.replace(version, out)
    else:
        os.replace(link, out)
    _fsync_folder(out.parent)


def _flush(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_folder(folder)


def publish(run: StagedRun, extra_manifest: dict[str, object] | None = None, pdf: bool = False) -> ReportResult:
    """Export HTML (and PDF), complete the staged set with its manifest and switch the unit-year to it atomically
    (see the module docstring)."""
    try:
        html = export_html(run.staged_notebook, run.title)
        notebook = _publishable_notebook(run)
        staging = run.staging
        (staging / "report.html").write_text(html, encoding="utf-8")
        if pdf:
            for staged, final in _print_pdfs(run, html):
                os.replace(staged, staging / final.name)
        (staging / "report.ipynb").write_bytes(notebook)
        summary = json.loads(run.staged_summary.read_text(encoding="utf-8")) if run.staged_summary.exists() else {}
        for leftover in (run.staged_notebook, run.staged_summary, run.staged_manifest):
            leftover.unlink(missing_ok=True)
        published = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(staging.iterdir())
                     if p.is_file()}
        record = {**run.manifest, "summary": summary, **(extra_manifest or {}), "files": published,
                  "seconds": round(time.perf_counter() - run.started, 2)}
        (staging / "manifest.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
        _flush(staging)
        with unit_year_lock(run.out):
            previous = run.out.resolve().name if run.out.is_symlink() else ""
            if run.out.is_dir() and not run.out.is_symlink():  # a set of the layout before versioned sets
                kept = run.out.parent / f".{run.out.name}.v-{_tag()}"
                os.replace(run.out, kept)
                previous = kept.name
            version = staging.with_name(f".{run.out.name}.v-{_tag()}")
            os.replace(staging, version)
            _switch(run.out, version)
            _leftovers(run.out, keep={version.name, previous})
    finally:
        run.discard()
    return ReportResult(run.out / "report.html", run.out / "report.ipynb", run.out / "manifest.json",
                        time.perf_counter() - run.started)


def build_report(unit: str, year: int, data_dir: Path | str | None = None, out_dir: Path | str = "reports",
                 engine: str = "inprocess", options: ReportOptions | None = None, pdf: bool = False) -> ReportResult:
    run = stage(unit, year, data_dir, out_dir, options)
    try:
        execute(run, engine)
    except BaseException:
        run.discard()
        raise
    return publish(run, pdf=pdf)


__all__ = ["ReportFailed", "ReportOptions", "ReportResult", "StagedRun", "build_report", "execute", "publish", "stage"]
