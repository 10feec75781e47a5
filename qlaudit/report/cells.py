"""What the report notebook's cells call: ``prepare`` once, then one function per cell displaying one part.

The notebook stays thin (parameters, then one call per cell). ``prepare`` loads the workbook, runs the rules, scores
the projects and draws the voucher sample (each logged in the workbook's operation log) and, when the report runner
gives an ``artifacts_prefix``, writes ``findings.json``, ``findings.csv`` and ``oplog.json`` for it to publish.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML, display

import qlaudit
from qlaudit.document import Section
from qlaudit.findings import findings_json
from qlaudit.money import format_rate, format_wan
from qlaudit.report import charts, render_html
from qlaudit.report.appendices import (
    appendix_section,
    findings_section,
    reconciliation_section,
    sampling_section,
    self_evaluation_section,
)
from qlaudit.report.export import findings_csv
from qlaudit.report.narrative import ReportContext, build_context, official_sections
from qlaudit.scoring import load_settings as load_scoring
from qlaudit.scoring import score_projects
from qlaudit.views import spending_by_economic_class, spending_by_month
from qlaudit.workbook import Workbook, load_workbook


@dataclass(frozen=True)
class Report:
    context: ReportContext
    sections: dict[str, Section]
    manifest: dict[str, object]


def _fallback_manifest(unit: str, year: int, workbook: Workbook) -> dict[str, object]:
    """When the notebook runs by hand (no runner), the appendix still lists the inputs."""
    return {"inputs": [{"role": f.role, "path": f.path, "sha256": f.sha256} for f in workbook.inputs],
            "reference_tables": "", "notebook_sha256": "", "qlaudit_commit": "", "versions": {},
            "parameters": {"unit": unit, "year": year}, "run_at": ""}


def prepare(unit: str, year: int, data_dir: str, manifest_path: str = "", artifacts_prefix: str = "",
            sample_size: int = 10, sample_seed: int | None = None, settings_path: str = "",
            scoring_path: str = "") -> Report:
    workbook = load_workbook(unit, year, data_dir)
    findings = qlaudit.check(workbook, settings_path or None)
    sample = workbook.sample("monetary_unit", n=sample_size, seed=year if sample_seed is None else sample_seed)
    ctx = build_context(workbook, findings, score_projects(workbook, load_scoring(scoring_path or None)))
    manifest = (json.loads(Path(manifest_path).read_text(encoding="utf-8")) if manifest_path
                else _fallback_manifest(unit, year, workbook))
    sections = {s.key: s for s in official_sections(ctx)}
    sections["reconciliation"] = reconciliation_section(ctx)
    sections["findings"] = findings_section(ctx)
    own_report = workbook.lint_self_evaluation()
    sections["self_evaluation"] = self_evaluation_section(
        own_report, workbook.self_evaluation_path.name if workbook.self_evaluation_path else "")
    sections["sampling"] = sampling_section(sample)
    sections["appendix"] = appendix_section(ctx, manifest)
    if artifacts_prefix:
        Path(artifacts_prefix + "findings.json").write_text(findings_json(unit, year, findings), encoding="utf-8")
        Path(artifacts_prefix + "findings.csv").write_text(findings_csv(findings), encoding="utf-8")
        Path(artifacts_prefix + "oplog.json").write_text(workbook.oplog.to_json(), encoding="utf-8")
        Path(artifacts_prefix + "summary.json").write_text(json.dumps(index_figures(ctx), ensure_ascii=False),
                                                           encoding="utf-8")
    return Report(ctx, sections, manifest)


def index_figures(ctx: ReportContext) -> dict[str, object]:
    """Key figures of the report for the manifest and the batch index: spending, budget, rate, finding counts."""
    total = ctx.general.total
    return {
        "unit_name": ctx.workbook.unit.name, "spent_wan": format_wan(total.spent),
        "adjusted_wan": format_wan(total.adjusted), "execution_rate": format_rate(total.spent, total.adjusted),
        "errors": sum(1 for f in ctx.findings if f.severity == "error" and not f.passed),
        "warnings": sum(1 for f in ctx.findings if f.severity == "warning" and not f.passed),
    }


def show_title(report: Report) -> None:
    wb = report.context.workbook
    toc = [(s.blocks[0].anchor, s.heading) for s in report.sections.values()]  # type: ignore[union-attr]
    display(HTML(render_html.render_title(wb.unit.name, wb.year) + render_html.render_toc(toc)))


def show_section(report: Report, key: str) -> None:
    display(HTML(render_html.render_section(report.sections[key])))


def _figure(png: bytes, caption: str) -> None:
    display(HTML(render_html.render_figure(png, caption)))


def show_budget_chart(report: Report) -> None:
    ctx = report.context
    _figure(charts.budget_vs_spending(ctx.general, f"{ctx.workbook.year}年度预算与支出（调整后预算 vs 实际支出）"),
            "图1 预算与支出对比（万元）")


def show_composition_chart(report: Report) -> None:
    ctx = report.context
    general = ctx.workbook.expenditures[ctx.workbook.expenditures["budget_type"] == "general"]
    by_class = spending_by_economic_class(general).frame.groupby(["economic_class", "class_name"], as_index=False)[
        "amount_fen"].sum()
    pairs = [(f"{c} {n}", int(v)) for c, n, v in by_class.itertuples(index=False)]
    _figure(charts.spending_composition(ctx.general, pairs, f"{ctx.workbook.year}年度支出构成"), "图2 支出构成（万元）")


def show_execution_chart(report: Report) -> None:
    ctx = report.context
    projects = [(p.name, p.phases.spent, p.phases.adjusted) for p in ctx.general.projects if p.phases.adjusted]
    if projects:
        _figure(charts.execution_by_project(projects, f"{ctx.workbook.year}年度各项目预算执行率"),
                "图3 项目预算执行率（虚线为90%）")


def show_monthly_chart(report: Report) -> None:
    ctx = report.context
    monthly = spending_by_month(ctx.workbook.expenditures).frame["total"].astype(int).tolist()
    _figure(charts.monthly_profile(monthly, f"{ctx.workbook.year}年度月度支出"), "图4 月度支出（12月单独标示）")


def show_trend_chart(report: Report) -> None:
    history = report.context.workbook.history()
    if len(history) < 2:
        return
    summaries = [w.summary() for w in history]
    series = {"调整后预算": [s.total.adjusted for s in summaries], "实际支出": [s.total.spent for s in summaries],
              "年末结转": [s.total.carry_out for s in summaries]}
    _figure(charts.multi_year_trend([w.year for w in history], series, f"{history[0].year}–{history[-1].year}年度趋势"),
            "图5 多年度预算、支出与结转趋势（万元）")
