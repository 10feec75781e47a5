"""What the report notebook's cells call, one step a cell, so papermill's log times each:

open → check → score → sample → lint → build → write the working papers and the other files → gate → show each part
of the publishable report. The notebook stays thin: each cell is one call; logic lives in ``qlaudit.report``.
``write_artifacts`` stages the files the runner publishes (only when the runner gives an ``artifacts_prefix``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from IPython.display import HTML, display

import qlaudit
from qlaudit.findings import findings_json
from qlaudit.report import charts, render_html
from qlaudit.report.export import findings_csv
from qlaudit.report.model import Report, ReportOptions
from qlaudit.report.model import build as build_report_data
from qlaudit.report.xlsx import findings_xlsx
from qlaudit.scoring import UnitScore, score_unit
from qlaudit.scoring import load_settings as load_scoring
from qlaudit.settings import load_settings as load_rule_settings
from qlaudit.workbook import Workbook, load_workbook

if TYPE_CHECKING:
    from qlaudit.findings import Finding
    from qlaudit.lint import LintResult
    from qlaudit.sampling import SampleResult


def open_workbook(unit: str, year: int, data_dir: str) -> Workbook:
    return load_workbook(unit, year, data_dir)


def check(workbook: Workbook, settings_path: str = "") -> list[Finding]:
    return qlaudit.check(workbook, settings_path or None)


def score(workbook: Workbook, findings: list[Finding], scoring_path: str = "", settings_path: str = "") -> UnitScore:
    """The 部门整体支出绩效自评表 and every project's 自评表, scored once for the whole report."""
    return score_unit(workbook, load_scoring(scoring_path or None), findings,
                      rule_settings=load_rule_settings(settings_path or None))


def sample(workbook: Workbook, size: int, seed: int | None) -> SampleResult:
    return workbook.sample("monetary_unit", n=size, seed=workbook.year if seed is None else seed)


def lint(workbook: Workbook) -> LintResult | None:
    return workbook.lint_self_evaluation()


def build(workbook: Workbook, findings: list[Finding], score: UnitScore, sampled: SampleResult,
          own_lint: LintResult | None, manifest_path: str = "", **options: object) -> Report:
    """The report (both documents) from the steps above; ``options`` are :class:`ReportOptions` fields."""
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8")) if manifest_path else None
    return build_report_data(workbook, ReportOptions(**options), findings=findings, score=score,  # type: ignore[arg-type]
                             sample=sampled, own_lint=own_lint or False, manifest=manifest)


def chart_png(report: Report, key: str) -> bytes | None:
    spec = report.charts.get(key)
    return charts.draw(spec) if spec is not None else None


def workpapers_html(report: Report) -> str:
    return render_html.document(f"{report.title}——审计工作底稿", report.workpapers, lambda k: chart_png(report, k))


def write_artifacts(report: Report, artifacts_prefix: str) -> None:
    """Stage findings.json/.csv/.xlsx, oplog.json, workpapers.html, report.txt and summary.json for the runner."""
    if not artifacts_prefix:
        return
    wb, o = report.workbook, report.options
    files: dict[str, str | bytes] = {
        "findings.json": findings_json(wb.unit.code, wb.year, list(report.findings)),
        "findings.csv": findings_csv(list(report.findings)),
        "findings.xlsx": findings_xlsx(report.entries, o.preparer, o.reviewer,
                                       report.report_date.isoformat() if o.preparer else ""),
        "oplog.json": wb.oplog.to_json(),
        "workpapers.html": workpapers_html(report),
        "report.txt": report.text(),
        "summary.json": json.dumps(report.index, ensure_ascii=False),
    }
    for name, content in files.items():
        path = Path(artifacts_prefix + name)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def gate(report: Report) -> None:
    """Stop here (the notebook fails, nothing is published) when the report contradicts itself."""
    report.gate.raise_if_failed()


def show_cover(report: Report) -> None:
    cover, *rest = report.self_evaluation
    display(HTML(render_html.render_section(cover) + render_html.toc(rest)))


def show(report: Report, key: str) -> None:
    """One part of the publishable report (its charts drawn in place)."""
    section = next(s for s in report.self_evaluation if s.key == key)
    display(HTML(render_html.render_section(section, lambda k: chart_png(report, k))))
