"""``build(workbook, options) -> Report``: the one computation behind both documents, writing no file.

The steps are the report notebook's cells (open → check → score → sample → lint → build): each may be done by the
caller and passed in (``findings=``, ``score=``, ``sample=``, ``own_lint=``), so papermill's log times each; what is
not passed is computed here. The score is the unit's (``qlaudit.scoring.score_unit``: the 部门整体支出绩效自评表 and
every project's 自评表), computed once: the preamble, 六, 附六, the index and the gate all read it. ``build`` reads nothing but through the workbook (which loads the year before on
demand) and writes nothing: files are the runner's job (``run``) and the cells' (``cells.write_artifacts``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qlaudit.document import Section
from qlaudit.findings import Finding
from qlaudit.money import fen_to_yuan, format_wan
from qlaudit.report import appendices, frame, gate, lineage, narrative, performance, problems, scores, workpapers
from qlaudit.report.charts import ChartSpec
from qlaudit.report.context import ReportContext, build_context
from qlaudit.report.settings import load as load_report_settings
from qlaudit.scoring import ScoreCard, UnitScore, score_unit
from qlaudit.scoring import load_settings as load_scoring
from qlaudit.settings import load_settings as load_rule_settings
from qlaudit.views import spending_by_economic_class, spending_by_month

if TYPE_CHECKING:
    from qlaudit.lint import LintResult
    from qlaudit.sampling import SampleResult
    from qlaudit.workbook import Workbook


@dataclass(frozen=True)
class ReportOptions:
    """What an auditor may vary between runs; recorded in the manifest and the batch key."""

    sample_size: int = 10
    sample_seed: int | None = None  # None: the report year
    settings_path: str = ""  # rule thresholds merged over qlaudit/settings.toml
    scoring_path: str = ""  # scoring rules merged over qlaudit/scoring.toml
    report_settings_path: str = ""  # texts and basis documents merged over qlaudit/report/report.toml
    report_date: str = ""  # YYYY-MM-DD on the cover; '' → the day of the run
    preparer: str = ""  # 编制人 of the working papers ('' → a blank to fill in by hand)
    reviewer: str = ""  # 复核人

    def parameters(self, year: int) -> dict[str, object]:
        def absolute(path: str) -> str:
            return str(Path(path).resolve()) if path else ""

        return {"sample_size": self.sample_size, "sample_seed": year if self.sample_seed is None else self.sample_seed,
                "settings_path": absolute(self.settings_path), "scoring_path": absolute(self.scoring_path),
                "report_settings_path": absolute(self.report_settings_path), "report_date": self.report_date,
                "preparer": self.preparer, "reviewer": self.reviewer}

    def files(self) -> list[Path]:
        return [Path(p) for p in (self.settings_path, self.scoring_path, self.report_settings_path) if p]

    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.report_date) if self.report_date else dt.date.today()


@dataclass(frozen=True, eq=False)
class Report:
    """Both documents of a unit-year as data: the publishable self-evaluation report and the working papers."""

    context: ReportContext
    options: ReportOptions
    report_date: dt.date
    self_evaluation: tuple[Section, ...]  # cover, preamble, 一 … 十 (no personal data)
    workpapers: tuple[Section, ...]  # 底稿 entries and appendices (names payees)
    charts: dict[str, ChartSpec]
    sample: SampleResult
    own_lint: LintResult | None
    gate: gate.GateResult
    manifest: dict[str, object] = field(default_factory=dict)

    @property
    def workbook(self) -> Workbook:
        return self.context.workbook

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.context.findings

    @property
    def score(self) -> UnitScore | None:
        """The unit score (部门整体支出绩效自评表), with every project's score."""
        return self.context.score

    @property
    def scores(self) -> ScoreCard | None:
        """Every project's score."""
        return self.context.card

    @property
    def title(self) -> str:
        return frame.title(self.context)

    def section(self, key: str) -> Section:
        return next(s for s in (*self.self_evaluation, *self.workpapers) if s.key == key)

    def text(self) -> str:
        """The publishable report as plain text (tables as tab-separated lines): what ``qlaudit lint`` reads."""
        return gate.report_text(list(self.self_evaluation))

    @cached_property
    def entries(self) -> list[workpapers.Entry]:
        return workpapers.entries(self.context)

    @property
    def index(self) -> dict[str, object]:
        """Key figures for the manifest and the batch index: the unit score and grade (部门整体支出绩效自评表), spending,
        全年预算数, 执行率 (before the year-end recovery), finding counts, the gate."""
        total, score = self.context.figures.total, self.context.score
        return {"unit_name": self.workbook.unit.name,
                "score": "" if score is None or score.total is None else str(score.total),
                "grade": "" if score is None else score.grade, "spent_wan": format_wan(total.spent),
                "full_year_wan": format_wan(total.full_year), "execution_rate": total.rate,
                "errors": sum(1 for f in self.findings if f.severity == "error" and not f.passed),
                "warnings": sum(1 for f in self.findings if f.severity == "warning" and not f.passed),
                "infos": sum(1 for f in self.findings if f.severity == "info" and not f.passed),
                "error_amount_yuan": str(fen_to_yuan(amount_at_issue_fen(self.findings, ("error",)))),
                "issue_amount_yuan": str(fen_to_yuan(amount_at_issue_fen(self.findings, ("error", "warning")))),
                "own_report_errors": "" if self.own_lint is None else sum(
                    1 for f in self.own_lint.findings if f.severity == "error" and not f.passed),
                "own_report_warnings": "" if self.own_lint is None else sum(
                    1 for f in self.own_lint.findings if f.severity == "warning" and not f.passed),
                "gate": "通过" if self.gate.ok else "未通过"}


#: the amounts a rule names as the gap it found, in the order they are looked for
GAP_AMOUNTS = ("difference", "excess", "unspent", "possible_duplicate", "stale", "beyond_initial", "reversal")


def amount_at_issue_fen(findings: tuple[Finding, ...] | list[Finding], severities: tuple[str, ...]) -> int:
    """涉及金额 of the batch index: the largest amount at issue of one unresolved finding of ``severities``. A finding
    that names its gap (``GAP_AMOUNTS``: an identity's difference, spending beyond a quota, unspent budget, a possible
    duplicate …) is at issue for that gap (absolute); any other for the absolute amounts of the lines it cites. The
    largest, not the sum: findings nest (a project's unspent budget is also the unit's), so a sum would count the
    same money twice."""
    largest = 0
    for f in findings:
        if f.severity not in severities or f.passed:
            continue
        named = dict(f.amounts)
        gap = next((name for name in GAP_AMOUNTS if name in named), None)
        amount = abs(named[gap]) if gap is not None else sum(
            {(e.file, e.row): abs(e.amount_fen) for e in f.evidence}.values())
        largest = max(largest, amount)
    return largest


def chart_specs(ctx: ReportContext) -> dict[str, ChartSpec]:
    f, wb, year = ctx.figures, ctx.workbook, ctx.year
    by_class = spending_by_economic_class(ctx.spend).frame.groupby(["economic_class", "class_name"], as_index=False)[
        "amount_fen"].sum()
    specs = {
        "budget": ChartSpec("budget_vs_spending", f"{year}年度预算与支出（全年预算数 vs 实际支出）", (
            [(p.label, p.full_year, p.spent, f.wan(p, "spent")) for p in (f.personnel, f.public, f.project, f.total)],)),
        "composition": ChartSpec("spending_composition", f"{year}年度支出构成", (
            [(p.label, p.spent) for p in (f.personnel, f.public, f.project) if p.spent > 0],
            [(f"{c} {n}", int(v)) for c, n, v in by_class.itertuples(index=False)])),
        "monthly": ChartSpec("monthly_profile", f"{year}年度月度支出", (
            spending_by_month(wb.expenditures).frame["total"].astype(int).tolist(),)),
    }
    budgeted = [p for p in f.projects if p.full_year]
    if budgeted:
        shown = [p for p in budgeted if p.key in ctx.listed]
        specs["execution"] = ChartSpec("execution_by_project", f"{year}年度各项目预算执行率",
                                       ([(p.label, p.spent, p.full_year) for p in shown],))
    history = wb.history()
    if len(history) >= 2:
        summaries = [w.summary() for w in history]
        specs["trend"] = ChartSpec("multi_year_trend", f"{history[0].year}–{history[-1].year}年度趋势", (
            [w.year for w in history], {"调整后预算": [s.total.adjusted for s in summaries],
                                        "实际支出": [s.total.spent for s in summaries],
                                        "年末结转": [max(s.total.carry_out, 0) for s in summaries]}))
    return specs


def self_evaluation_sections(ctx: ReportContext, report_date: dt.date) -> list[Section]:
    sections = [
        frame.section_cover(ctx, report_date), frame.section_preamble(ctx),
        narrative.section_basic_info(ctx), narrative.section_general_budget(ctx),
        *(narrative.section_other_budget(ctx, bt, n, t) for bt, n, t in narrative.OTHER_BUDGETS),
        performance.section_performance(ctx), problems.section_problems(ctx), problems.section_improvements(ctx),
        narrative.section_disclosure(ctx), lineage.section_other(ctx),
    ]
    return [ctx.redactor.section(s) for s in sections]


def build(workbook: Workbook, options: ReportOptions | None = None, *, findings: list[Finding] | None = None,
          score: UnitScore | None = None, sample: SampleResult | None = None, own_lint: LintResult | bool | None = True,
          manifest: dict[str, object] | None = None, previous: Workbook | bool | None = True) -> Report:
    """Both documents of ``workbook``. Steps not passed in are run here (each logged in ``workbook.oplog``)."""
    import qlaudit

    options = options or ReportOptions()
    rules = load_rule_settings(options.settings_path or None)
    if findings is None:
        findings = qlaudit.check(workbook, options.settings_path or None)
    if score is None:
        score = score_unit(workbook, load_scoring(options.scoring_path or None), findings, rule_settings=rules)
    if sample is None:
        seed = workbook.year if options.sample_seed is None else options.sample_seed
        sample = workbook.sample("monetary_unit", n=options.sample_size, seed=seed)
    lint_result = workbook.lint_self_evaluation() if own_lint is True else (own_lint or None)
    ctx = build_context(workbook, findings, score, load_report_settings(options.report_settings_path or None), rules,
                        previous)
    report_date = options.date()
    publishable = self_evaluation_sections(ctx, report_date)
    result = gate.run_gate(ctx, publishable)
    manifest = manifest or fallback_manifest(workbook)
    wp_date = report_date.isoformat() if options.preparer else ""
    papers = [
        *workpapers.workpaper_sections(ctx, options.preparer, options.reviewer, wp_date),
        appendices.reconciliation_section(ctx),
        appendices.self_evaluation_section(lint_result, workbook.self_evaluation_path.name
                                           if workbook.self_evaluation_path else ""),
        appendices.sampling_section(sample),
        appendices.gate_section(result),
        appendices.appendix_section(ctx, manifest),
        *([scores.scores_section(ctx)] if score is not None else []),
    ]
    return Report(ctx, options, report_date, tuple(publishable), tuple(papers), chart_specs(ctx), sample, lint_result,
                  result, manifest)


def fallback_manifest(workbook: Workbook) -> dict[str, object]:
    """When the notebook runs by hand (no runner), the appendix still lists the inputs."""
    return {"inputs": [{"role": f.role, "path": f.path, "sha256": f.sha256} for f in workbook.inputs],
            "reference_tables": "", "notebook_sha256": "", "qlaudit_commit": "", "versions": {},
            "parameters": {"unit": workbook.unit.code, "year": workbook.year}, "run_at": ""}
