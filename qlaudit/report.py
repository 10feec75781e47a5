"""Producing the annual report: execute the parameterised notebook with papermill, export it to HTML with nbconvert.

``build_report`` writes ``OUT/<unit>/<year>/report.html``, the executed ``report.ipynb`` and ``manifest.json``.
Inputs are validated before the kernel starts (bad input fails fast with the import log). Every file is written
to a temporary name and renamed into place, so a failed run never replaces a published report; the executed
notebook of a failed run is kept as ``report.failed.ipynb`` with the error visible.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from qlaudit import provenance, render_html
from qlaudit.errors import QlauditError
from qlaudit.workbook import default_data_dir, load_workbook

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "annual_report.ipynb"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class ReportFailed(QlauditError):
    """The report notebook failed; the executed notebook is kept for inspection."""


@dataclass(frozen=True)
class ReportResult:
    html_path: Path
    notebook_path: Path
    manifest_path: Path
    seconds: float


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def notebook_path() -> Path:
    if not NOTEBOOK.is_file():
        raise QlauditError(f"report notebook not found at {NOTEBOOK}; run qlaudit from its source checkout")
    return NOTEBOOK


def export_html(executed_notebook: Path, title: str) -> str:
    """The executed notebook as an offline HTML page, without code or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_markdown = True
    body, _ = exporter.from_notebook_node(nbformat.read(executed_notebook, as_version=4))
    return render_html.page(title, body)


def build_report(unit: str, year: int, data_dir: Path | str | None = None, out_dir: Path | str = "reports") -> ReportResult:
    started = time.perf_counter()
    if not _SAFE_NAME.match(unit):
        raise QlauditError(f"unit code {unit!r} is not a safe folder name (letters, digits, '-', '_', '.')")
    data = Path(data_dir).resolve() if data_dir is not None else default_data_dir().resolve()
    workbook = load_workbook(unit, year, data)  # fails fast with the import log on bad input
    template = notebook_path()
    template_hash = hashlib.sha256(template.read_bytes()).hexdigest()
    out = Path(out_dir).resolve() / unit / str(year)
    out.mkdir(parents=True, exist_ok=True)
    parameters = {"unit": unit, "year": year, "data_dir": str(data)}
    record = provenance.manifest(workbook, parameters, template_hash)
    manifest_path = out / "manifest.json"
    staged_manifest = out / f".manifest.{os.getpid()}.json"
    staged_manifest.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    staged_notebook = out / f".report.{os.getpid()}.ipynb"
    try:
        _execute(template, staged_notebook, {**parameters, "manifest_path": str(staged_manifest)}, out)
        html = export_html(staged_notebook, f"{workbook.unit.name}{year}年度部门整体支出绩效自评报告")
        record["seconds"] = round(time.perf_counter() - started, 2)
        _atomic_write(out / "report.html", html.encode("utf-8"))
        os.replace(staged_notebook, out / "report.ipynb")
        _atomic_write(manifest_path, (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    finally:
        staged_manifest.unlink(missing_ok=True)
        staged_notebook.unlink(missing_ok=True)
    return ReportResult(out / "report.html", out / "report.ipynb", manifest_path, time.perf_counter() - started)


def _execute(template: Path, output: Path, parameters: dict[str, object], out: Path) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(template), str(output), parameters=parameters, kernel_name="python3", cwd=str(template.parent),
            progress_bar=False, log_output=False, report_mode=True,
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as err:
        failed = out / "report.failed.ipynb"
        if output.exists():
            os.replace(output, failed)
        raise ReportFailed(f"report notebook failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
                           f"(executed notebook kept at {failed})") from err
