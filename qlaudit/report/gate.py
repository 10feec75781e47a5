"""The consistency gate (一致性检查): the publishable report checked against itself before it may be published.

- ``parts``: every printed total equals the sum of its printed parts (tables declare their 合计 rows);
- ``carry_over``: no negative 年末结转, 年底收回 or 超预算支出 is printed;
- ``table1_vs_10``: 表1's 年末结转 and 年底收回 equal 十's (表6 and its sentence);
- ``activities``: a count the unit's account gives for an activity (开展…活动12次) equals the indicator's 实际完成值;
- ``privacy``: no natural person's name is printed;
- ``lint``: ``qlaudit lint`` of the report's own text, against the ledgers, finds no error and no warning.

A failed gate fails the run with its reasons; the previous report stays published (``run``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from qlaudit.document import Section, Table
from qlaudit.errors import QlauditError
from qlaudit.findings import Finding
from qlaudit.report import goals
from qlaudit.report.context import ReportContext

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


def check_lint(ctx: ReportContext, text: str) -> Check:
    """No lint error; no lint warning except those ``report.toml`` accepts (each with its reason, shown here)."""
    from qlaudit.lint import lint_text

    result = lint_text(text, ctx.workbook, source="report")
    open_ = [f for f in result.findings if not f.passed and f.severity in ("error", "warning")]
    reasons = {id(f): why for f in open_ if (why := explained(ctx, f))}
    reasons.update({id(f): ctx.settings.lint_accepted[f.rule] for f in open_
                    if f.severity == "warning" and f.rule in ctx.settings.lint_accepted})
    accepted = [f for f in open_ if id(f) in reasons]
    problems = [f"[{f.severity}] {f.rule} {f.title}" for f in open_ if id(f) not in reasons]
    notes = "；".join(f"已说明 {f.rule} {f.title}（{reasons[id(f)]}）" for f in accepted)
    detail = "；".join(problems) or f"lint 无错误、无未接受的关注（{len(result.figures)}个数字）" + (f"；{notes}" if notes else "")
    return Check("lint", not problems, detail)


def explained(ctx: ReportContext, f: Finding) -> str:
    """Why a lint finding is a convention of this report rather than an error in it ('' when it is not):

    - 尾差: a printed part moved by at most 0.01 万元 so that printed parts add up (``rounding.balance``);
    - 超支: the ledgers' negative 年末结转 of an overspent line is printed as 年末结转 0 and 超支金额.
    """
    amounts = dict(f.amounts)
    if f.rule == "LINT-LEDGER" and "报告" in amounts and len(amounts) >= 2:
        reported = amounts["报告"]
        ledgers = [v for k, v in amounts.items() if k != "报告"]
        if any(abs(reported - v) <= 15_000 for v in ledgers):  # 0.01 moved + half a printed cent
            return "尾差调整：各项之和与合计一致，差额调整在最大项，不超过0.01万元"
        fig = ctx.figures
        overs = {p.overspent for p in (*fig.projects, fig.project, fig.total) if p.overspent}
        if fig.has_overspend and any(v < 0 or any(abs(reported - v - o) <= 15_000 for o in overs) for v in ledgers):
            return "超出调整后预算的支出列为超支金额，年末结转不列负数"
    graded = re.search(r"得分 ([\d.]+)分? 应评为“(.+?)”，报告写“(.+?)”", f.title)
    if f.rule == "LINT-SCORE" and graded and ctx.scores is not None:
        if ctx.scores.settings.grade(Decimal(graded.group(1))) == graded.group(3):
            return f"等级按本报告的评分设置判定（{ctx.scores.settings.source}），设置的等级分界已在六中写明"
    if f.rule == "LINT-LEDGER" and re.match(r"账中找不到报告所写的项目“(其余|另有)", f.title):
        return "长表汇总行（“其余项目”“另有N项”）不是项目名称"
    hidden = re.match(r"账中项目“(.+)”报告未提及", f.title)
    if f.rule == "LINT-LEDGER" and hidden and hidden.group(1) in summarised(ctx):
        return "长表只列示最大的项目，其余合并为“另有N项”行，合计不变"
    fig = ctx.figures
    if f.rule == "LINT-CLAIM-100" and any(f.title.startswith(label) and line.overspent for label, line in (
            ("单位整体", fig.total), ("项目支出", fig.project), *((p.label, p) for p in fig.projects))):
        return "执行率超过100%系超出调整后预算支出所致，超支金额单列并在七中说明"
    if ctx.figures.has_overspend and f.rule in ("LINT-LEDGER", "LINT-CLAIM-100", "LINT-SOURCES-USES", "LINT-SAME-ITEM"):
        over = {ctx.figures.wan(p, "overspent") for p in (*ctx.figures.projects, ctx.figures.project, ctx.figures.total)
                if p.overspent}
        text = f.title + f.explanation
        if any(f"{o}万元" in text or f"差 -{o}" in text for o in over) or "年末结转 -" in text:
            return "超出调整后预算的支出列为超支金额，年末结转不列负数"
    return ""


def summarised(ctx: ReportContext) -> set[str]:
    """Projects whose figures the report prints only inside a "另有N项" row."""
    return ctx.__dict__.get("_summarised", set())


def run_gate(ctx: ReportContext, sections: list[Section]) -> GateResult:
    text = "\n".join(s.text() for s in sections)
    cells = {cell.strip() for t in _tables(sections) if "万元" in t.caption for row in t.rows for cell in row}
    ctx.__dict__["_summarised"] = {p.label for p in ctx.figures.projects if p.label not in cells}
    return GateResult((check_parts(sections), check_carry_over(sections), check_table1_vs_10(sections),
                       check_activities(ctx), check_privacy(ctx, text), check_lint(ctx, text)))
