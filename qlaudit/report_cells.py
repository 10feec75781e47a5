"""What the report notebook's cells call: one function per cell, each displaying one part of the report.

The notebook stays thin (parameters, then one call per cell); everything here is tested through
``qlaudit.report`` and the section builders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML, display

from qlaudit import charts, render_html
from qlaudit.audit_sections import appendix_section, findings_section, reconciliation_section
from qlaudit.narrative import ReportContext, build_context, official_sections
from qlaudit.rules import run_rules
from qlaudit.views import spending_by_economic_class
from qlaudit.workbook import load_workbook


@dataclass(frozen=True)
class Report:
    context: ReportContext
    sections: dict[str, object]
    manifest: dict[str, object]


def prepare(unit: str, year: int, data_dir: str, manifest_path: str = "") -> Report:
    workbook = load_workbook(unit, year, data_dir)
    ctx = build_context(workbook, run_rules(workbook))
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8")) if manifest_path else {
        "inputs": [{"role": f.role, "path": f.path, "sha256": f.sha256} for f in workbook.inputs],
        "reference_tables": "", "notebook_sha256": "", "qlaudit_commit": "", "versions": {},
        "parameters": {"unit": unit, "year": year}, "run_at": "",
    }
    sections = {s.key: s for s in official_sections(ctx)}
    sections["reconciliation"] = reconciliation_section(ctx)
    sections["findings"] = findings_section(ctx)
    sections["appendix"] = appendix_section(ctx, manifest)
    return Report(ctx, sections, manifest)


def show_title(report: Report) -> None:
    wb = report.context.workbook
    toc = [(s.blocks[0].anchor, s.heading) for s in report.sections.values()]  # type: ignore[attr-defined]
    display(HTML(render_html.render_title(wb.unit.name, wb.year) + render_html.render_toc(toc)))


def show_section(report: Report, key: str) -> None:
    display(HTML(render_html.render_section(report.sections[key])))  # type: ignore[arg-type]


def show_budget_chart(report: Report) -> None:
    ctx = report.context
    png = charts.budget_vs_spending(ctx.general, f"{ctx.workbook.year}年度预算与支出（调整后预算 vs 实际支出）")
    display(HTML(render_html.render_figure(png, "图1 预算与支出对比（万元）")))


def show_composition_chart(report: Report) -> None:
    ctx = report.context
    table = spending_by_economic_class(ctx.workbook.expenditures[ctx.workbook.expenditures["budget_type"] == "general"])
    by_class = table.frame.groupby(["economic_class", "class_name"], as_index=False)["amount_fen"].sum()
    pairs = [(f"{c} {n}", int(v)) for c, n, v in by_class.itertuples(index=False)]
    png = charts.spending_composition(ctx.general, pairs, f"{ctx.workbook.year}年度支出构成")
    display(HTML(render_html.render_figure(png, "图2 支出构成（万元）")))
