"""The consistency gate (一致性检查): the publishable report checked against itself before it may be published.

- ``parts``: every printed total equals the sum of its printed parts (tables declare their 合计 rows);
- ``carry_over``: no negative 年末结转, 年底收回 or 超预算支出 is printed;
- ``table1_vs_10``: 表1's 年末结转 and 超支金额 equal 十's (表6 and its sentence);
- ``scores``: 表1's 全年预算数, 实际支出 and 执行率 equal the 部门整体支出绩效自评表's (表4-1);
- ``activities``: a count the unit's account gives for an activity (开展…活动12次) equals the indicator's 实际完成值;
- ``privacy``: no natural person's name is printed;
- ``lint``: ``qlaudit lint`` of the report's own text, against the ledgers, finds no error and no warning (a
  warning of a rule ``report.toml`` ``[lint_accepted]`` lists is accepted with its reason, printed in 附四). The
  report's conventions (尾差 stated, 年底收回 apart, 超支金额 beside 年末结转 0, summary rows, the 自评表's forms,
  stated grade bands) are lint's own knowledge of real reports, not exceptions made here.

A failed gate fails the run with its reasons; the previous report stays published (``run``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from qlaudit.document import Section, Table
from qlaudit.errors import QlauditError
from qlaudit.reconcile import budget_types_present
from qlaudit.report import goals
from qlaudit.report.context import ReportContext

if TYPE_CHECKING:
    from qlaudit.lint import LintResult

NON_NEGATIVE = ("结转", "收回", "超支")
_NEGATIVE_TEXT = re.compile(r"(年末结转|年底收回|超预算支出|超出全年预算)[^，。；\n\d-]{0,6}-\d")
_COUNT_UNITS = ("人次", "次", "场", "期", "个", "户", "家", "人", "项", "篇", "名", "所", "批")


class GateFailed(QlauditError):
    """The report contradicts itself (or lint finds a problem in it): it is not published."""

    exit_code = 1


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class GateResult:
    checks: tuple[Check, ...]
    lint: LintResult | None = None  # lint of the report's own text (report.txt) against the ledgers

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [f"{c.name}: {c.detail}" for c in self.checks if not c.ok]

    def raise_if_failed(self) -> None:
        if not self.ok:
            raise GateFailed("consistency gate failed: " + "; ".join(self.reasons))


def _number(cell: str) -> Decimal | None:
    try:
        return Decimal(cell.replace(",", ""))
    except InvalidOperation:
        return None


def _tables(sections: list[Section]) -> list[Table]:
    return [b for s in sections for b in s.blocks if isinstance(b, Table)]


def check_parts(sections: list[Section]) -> Check:
    problems = []
    for t in _tables(sections):
        for total_row, parts in t.totals:
            for col in range(len(t.header)):
                total = _number(t.rows[total_row][col])
                values = [_number(t.rows[r][col]) for r in parts]
                if total is None or t.rows[total_row][col].endswith("%") or any(v is None for v in values):
                    continue
                if sum(values, Decimal(0)) != total:  # type: ignore[arg-type]
                    problems.append(f"{t.caption} {t.header[col]}：合计{total} ≠ 各项之和{sum(values, Decimal(0))}")  # type: ignore[arg-type]
    return Check("parts", not problems, "；".join(problems) or "所有合计行等于各项之和")


def check_carry_over(sections: list[Section]) -> Check:
    problems = []
    for t in _tables(sections):
        for col, head in enumerate(t.header):
            if any(w in head for w in NON_NEGATIVE):
                problems += [f"{t.caption} {r[0]} {head} {r[col]}" for r in t.rows
                             if (v := _number(r[col])) is not None and v < 0]
    text = "\n".join(s.text() for s in sections)
    problems += [m.group(0) for m in _NEGATIVE_TEXT.finditer(text)]
    return Check("carry_over", not problems, "；".join(problems) or "无负数结转")


def _cell(sections: list[Section], caption_start: str, row_label: str, header: str) -> str | None:
    for t in _tables(sections):
        if t.caption.startswith(caption_start) and header in t.header:
            col = t.header.index(header)
            for r in t.rows:
                if r[0].strip() == row_label or (len(r) > 1 and r[1].strip() == row_label):
                    return r[col]
    return None


def check_table1_vs_10(sections: list[Section]) -> Check:
    problems = []
    for header in ("年末结转", "超支金额"):
        t1, t6 = _cell(sections, "表1 ", "合计", header), _cell(sections, "表6 ", "合计", header)
        if t1 != t6:
            problems.append(f"{header}：表1 {t1}，十（表6）{t6}")
    other = next((s for s in sections if s.key == "other"), None)
    t1 = _cell(sections, "表1 ", "合计", "年末结转")
    if other is not None and t1 is not None:
        m = re.search(r"年末结转资金合计(-?[\d.]+)万元", other.text())
        if m is None or m.group(1) != t1:
            problems.append(f"年末结转：表1 {t1}，十的说明 {m.group(1) if m else '（未说明）'}")
    return Check("table1_vs_10", not problems, "；".join(problems) or "表1与十的结转、收回一致")


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i:i + 2] for i in range(len(han) - 1)}


def activity_conflicts(ctx: ReportContext) -> list[str]:
    sentences = [s for s in re.split(r"[。；;\n]", ctx.workbook.activities) if s.strip()]
    out = []
    for i in goals.indicators(ctx):
        unit = next((u for u in _COUNT_UNITS if i.actual.endswith(u)), None)
        actual = goals._number(i.actual[: -len(unit)]) if unit else None
        if unit is None or actual is None:
            continue
        name = _bigrams(i.name)
        pattern = re.compile(r"(\d+)(余)?" + re.escape(unit) + ("(?!次)" if unit == "人" else ""))
        stated: list[tuple[Decimal, bool, str]] = []
        for s in sentences:
            if len(name & _bigrams(s)) < max(3, len(name) * 3 // 5):
                continue
            stated += [(Decimal(m.group(1)), bool(m.group(2)), s.strip()) for m in pattern.finditer(s)]
        if stated and not any(actual >= n if approx else actual == n for n, approx, _ in stated):
            out.append(f"工作情况“{stated[0][2][:40]}”与指标“{i.name}”实际完成值{i.actual}不一致")
    return out


def check_activities(ctx: ReportContext) -> Check:
    problems = activity_conflicts(ctx)
    return Check("activities", not problems, "；".join(problems) or "工作情况所述数量与指标完成值一致")


def check_privacy(ctx: ReportContext, text: str) -> Check:
    found = ctx.redactor.found(text)
    return Check("privacy", not found, f"自然人姓名{len(found)}个" if found else "未列示自然人姓名")


def check_lint(ctx: ReportContext, text: str) -> tuple[Check, LintResult]:
    """No lint error; no lint warning except those ``report.toml`` ``[lint_accepted]`` accepts, each with its reason
    (shown here and in 附四). Lint reads the report as a reader does, with the report's scoring settings (grade
    bands, what names a year-end recovery)."""
    from qlaudit.lint import lint_text

    result = lint_text(text, ctx.workbook, source="report", scoring=ctx.scoring)
    open_ = [f for f in result.findings if not f.passed and f.severity in ("error", "warning")]
    accepted = [f for f in open_ if f.severity == "warning" and f.rule in ctx.settings.lint_accepted]
    problems = [f"[{f.severity}] {f.rule} {f.title}" for f in open_ if f not in accepted]
    conventions = [f.title for f in result.findings if f.passed and f.rule == "LINT-LEDGER"
                   and ("尾差" in f.title or "汇总行" in f.title)]  # what lint accepted as a convention, said
    notes = "；".join([*(f"已接受 {f.rule} {f.title}（{ctx.settings.lint_accepted[f.rule]}）" for f in accepted),
                      *conventions])
    detail = "；".join(problems) or f"qlaudit lint 无错误、无未接受的关注（{len(result.figures)}个数字）" + (f"；{notes}" if notes else "")
    return Check("lint", not problems, detail), result


def check_scores(ctx: ReportContext, sections: list[Section]) -> Check:
    """表1 agrees with the 部门整体支出绩效自评表 (表4-1): 全年预算数, 实际支出 and 执行率 of the whole, 基本支出 and
    项目支出, when the unit has only the 一般公共预算 (the 自评表 counts every budget type)."""
    score = ctx.score
    if score is None or len(budget_types_present(ctx.workbook.appropriations, ctx.workbook.expenditures)) > 1:
        return Check("scores", True, "部门整体支出绩效自评表含多种预算，与表1（一般公共预算）不作比较")
    problems = []
    for t1_row, form_row in (("合计", "年度资金总额"), ("基本支出", "其中：基本支出"), ("项目支出", "项目支出")):
        for t1_head, form_head in (("全年预算数", "全年预算数（万元）"), ("实际支出", "全年执行数（万元）"),
                                   ("执行率", "执行率")):
            a, b = _cell(sections, "表1 ", t1_row, t1_head), _cell(sections, "表4-1 ", form_row, form_head)
            if a != b:
                problems.append(f"{t1_row}{t1_head}：表1 {a}，自评表 {b}")
    return Check("scores", not problems, "；".join(problems) or "表1与部门整体支出绩效自评表的预算数、执行数、执行率一致")


def report_text(sections: list[Section]) -> str:
    """The publishable report as plain text (tables as tab-separated lines): report.txt, what lint reads."""
    return "\n\n".join(s.text() for s in sections) + "\n"


def run_gate(ctx: ReportContext, sections: list[Section]) -> GateResult:
    text = report_text(sections)
    lint_check, lint_result = check_lint(ctx, text)
    return GateResult((check_parts(sections), check_carry_over(sections), check_table1_vs_10(sections),
                       check_scores(ctx, sections), check_activities(ctx), check_privacy(ctx, text), lint_check),
                      lint_result)
