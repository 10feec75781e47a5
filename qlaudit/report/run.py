"""Producing the annual report: execute the parameterised notebook with papermill, export it to HTML with nbconvert.

``build_report`` writes under ``OUT/<unit>/<year>/``: the publishable self-evaluation report ``report.html`` (and its
plain text ``report.txt``, what ``qlaudit lint`` reads), the auditor's working papers ``workpapers.html`` and
``findings.xlsx``, the executed ``report.ipynb`` (re-runnable from that folder), ``manifest.json``, ``findings.json``,
``findings.csv``, ``oplog.json`` and, with ``pdf=True``, ``report.pdf`` and ``workpapers.pdf`` (``qlaudit.report.pdf``):

1. ``stage``: validate the inputs before any notebook runs (bad input fails fast with the import log) and write the
   manifest (provenance) to a staging file;
2. ``execute``: papermill runs the notebook into a staging file (in this process by default, see ``qlaudit.report.engine``,
   or in a Jupyter kernel with ``engine="kernel"``);
3. ``publish``: export HTML without code, print the PDFs when asked, and rename every file into place.

The notebook stops at its gate cell when the report contradicts itself (``qlaudit.report.gate``): the run fails with
the gate's reasons (exit 1) and nothing is published.

A lock per unit-year serialises concurrent runs. Files are written under temporary names and renamed, so a failed
run never replaces a published report; the executed notebook of a failed run is kept as ``report.failed.ipynb``
with the error visible.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qlaudit.errors import QlauditError
from qlaudit.jupyter import with_kernelspec
from qlaudit.report import provenance, render_html
from qlaudit.report.model import ReportOptions
from qlaudit.workbook import default_data_dir, load_workbook

NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "annual_report.ipynb"
ENGINES = {"inprocess": "qlaudit-inprocess", "kernel": "nbclient"}
ARTIFACTS = ("findings.json", "findings.csv", "findings.xlsx", "oplog.json", "workpapers.html", "report.txt")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


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
    out: Path
    parameters: dict[str, object]
    manifest: dict[str, object]
    staged_notebook: Path
    staged_manifest: Path
    started: float
    artifacts_prefix: str  # the notebook writes findings.json, findings.csv, oplog.json and summary.json here

    def staged_artifacts(self) -> list[tuple[Path, Path]]:
        return [(Path(self.artifacts_prefix + name), self.out / name) for name in ARTIFACTS]

    @property
    def staged_summary(self) -> Path:
        """Key figures the notebook computed (for the manifest and the batch index); not published on its own."""
        return Path(self.artifacts_prefix + "summary.json")

    def discard(self) -> None:
        """Remove every staged file of this run."""
        for path in (self.staged_manifest, self.staged_notebook, self.staged_summary,
                     *(s for s, _ in self.staged_artifacts())):
            path.unlink(missing_ok=True)


def notebook_path() -> Path:
    if not NOTEBOOK.is_file():
        raise QlauditError(f"report notebook not found at {NOTEBOOK}; run qlaudit from its source checkout")
    return NOTEBOOK


def notebook_sha256() -> str:
    return hashlib.sha256(notebook_path().read_bytes()).hexdigest()


def check_safe_name(unit: str) -> None:
    if not _SAFE_NAME.match(unit):
        raise QlauditError(f"unit code {unit!r} is not a safe folder name (letters, digits, '-', '_', '.')")


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@contextlib.contextmanager
def unit_year_lock(out: Path) -> Iterator[None]:
    """An exclusive lock on OUT/<unit>/<year> held while a run writes there (blocks until free)."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "a+b") as handle:
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


def stage(unit: str, year: int, data_dir: Path | str | None, out_dir: Path | str,
          options: ReportOptions | None = None) -> StagedRun:
    started = time.perf_counter()
    check_safe_name(unit)
    data = Path(data_dir).resolve() if data_dir is not None else default_data_dir().resolve()
    workbook = load_workbook(unit, year, data)  # fails fast with the import log on bad input
    out = Path(out_dir).resolve() / unit / str(year)
    out.mkdir(parents=True, exist_ok=True)
    options = options or ReportOptions()
    for path in options.files():
        if not path.is_file():
            raise QlauditError(f"settings file not found: {path}")
    parameters: dict[str, object] = {"unit": unit, "year": year, "data_dir": str(data), **options.parameters(year),
                                     "report_date": options.date().isoformat()}
    record = provenance.manifest(workbook, parameters, notebook_sha256(), options.files())
    tag = f"{os.getpid()}-{time.monotonic_ns()}"
    staged_manifest = out / f".manifest.{tag}.json"
    staged_manifest.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return StagedRun(unit, year, f"{workbook.unit.name}{year}年度部门整体支出绩效自评报告", out, parameters, record,
                     out / f".report.{tag}.ipynb", staged_manifest, started, str(out / f".{tag}."))


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
            os.replace(run.staged_notebook, failed)
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


def publish(run: StagedRun, extra_manifest: dict[str, object] | None = None, pdf: bool = False) -> ReportResult:
    """Export HTML (and PDF) and move the report, notebook and manifest into place under the unit-year lock."""
    pdfs: list[tuple[Path, Path]] = []
    try:
        html = export_html(run.staged_notebook, run.title)
        notebook = _publishable_notebook(run)
        if pdf:
            pdfs = _print_pdfs(run, html)
        summary = json.loads(run.staged_summary.read_text(encoding="utf-8")) if run.staged_summary.exists() else {}
        record = {**run.manifest, "summary": summary, **(extra_manifest or {}),
                  "seconds": round(time.perf_counter() - run.started, 2)}
        with unit_year_lock(run.out):
            _atomic_write(run.out / "report.html", html.encode("utf-8"))
            _atomic_write(run.out / "report.ipynb", notebook)
            run.staged_notebook.unlink(missing_ok=True)
            for staged, final in [*run.staged_artifacts(), *pdfs]:
                if staged.exists():
                    os.replace(staged, final)
            _atomic_write(run.out / "manifest.json", (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode())
            (run.out / "report.failed.ipynb").unlink(missing_ok=True)
    finally:
        run.discard()
        for staged, _ in pdfs:
            staged.unlink(missing_ok=True)
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
