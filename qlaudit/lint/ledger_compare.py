"""LINT-LEDGER: every figure the report states vs the one the ledgers give (``ledger_figures``).

A figure is matched by its label: the unit (no subject) or a category (基本支出 → ``basic`` …) or a named project
(matched by name: equal, or one name containing the other once punctuation and 项目/专项/资金 are dropped), or an item
of the economic classification (``会议费`` of a 表1-2), and a measure (支出 → 执行数, 年初预算 → initial, 上年结转 →
carry_in …). Where reports follow more than one convention (``预算`` alone, 年底收回 inside 调减 or apart, 超支 not
netted from 年末结转, a 自评表's 年初预算数 with 上年结转) every convention is a candidate: one candidate missed is an
error, several a warning. Agreement is within the figure's rounding tolerance; a report that says it moved the
rounding difference of its tables (``尾差``) may differ by one more unit of the last decimal (listed as info).

What the ledgers have and the report leaves out (a project, carry-over) is a warning — unless the report sums the
projects it does not list in a row of its own (``另有N项``, ``其余项目``): that row is then checked against the sum of
the unlisted projects. All figures that agree are listed in one passed finding.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from qlaudit.findings import Finding
from qlaudit.lint.context import Context, make, percent, tolerance_wan, wan
from qlaudit.lint.extract import MONEY, RATE, Figure
from qlaudit.lint.forms import SOURCE
from qlaudit.lint.labels import ECONOMIC
from qlaudit.lint.ledger_figures import SCOPES, Ledger, Scope, match_project
from qlaudit.reconcile import Phases

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

__all__ = ["compare_ledgers", "match_project"]


class _Comparison:
    def __init__(self, ctx: Context, ledger: Ledger) -> None:
        self.ctx, self.ledger = ctx, ledger
        self.findings: list[Finding] = []
        self.agreed: list[tuple[Figure, str]] = []
        self.adjusted: list[tuple[Figure, str]] = []  # off by the 尾差 the report says it moved
        self.unknown: dict[str, list[Figure]] = {}
        self.summary_rows: list[Figure] = []

    def money(self, f: Figure, options: list[tuple[str, int]], where: str, tolerance: int | None = None) -> None:
        tolerance = f.tolerance if tolerance is None else tolerance
        hit = next(((n, v) for n, v in options if abs(f.fen - v) <= tolerance), None)
        if hit is not None:
            self.agreed.append((f, f"{hit[0]} {wan(hit[1])}"))
            return
        near = next(((n, v) for n, v in options if abs(f.fen - v) <= 3 * tolerance), None)
        if self.ctx.declares_rounding and near is not None:
            self.adjusted.append((f, f"{near[0]} {wan(near[1])}"))
            return
        listed = "、".join(f"{n} {wan(v)}" for n, v in options)
        label = f"{'' if f.label.startswith(where) else where}{f.label}"
        self.findings.append(make(
            self.ctx, "LINT-LEDGER", "error" if len(options) == 1 else "warning",
            f"{label}：报告 {f.raw}，账面 {wan(options[0][1]) if len(options) == 1 else listed}",
            f"报告所写金额与账面不符（账面：{listed}；容差 ±{tolerance_wan(tolerance)}）。", [f], subject=f.subject,
            amounts=(("报告", f.fen), *((f"账面{n}", v) for n, v in options))))

    def rate(self, f: Figure, scope: Scope) -> None:
        if f.measure != "执行率":
            return
        computed = [((Decimal(scope.phases.spent) * 100 / Decimal(d)).quantize(Decimal(1).scaleb(-2)), n, d)
                    for n, d in scope.rates() if d > 0]
        if not computed:
            return
        hit = next(((c, n) for c, n, _ in computed if abs(f.number - c) <= f.half_unit + Decimal("0.005")), None)
        if hit is not None:
            self.agreed.append((f, f"{percent(hit[0])}（执行数÷{hit[1]}）"))
            return
        listed = "、".join(f"{percent(c)}（执行数 {wan(scope.phases.spent)} ÷ {n} {wan(d)}）" for c, n, d in computed)
        self.findings.append(make(self.ctx, "LINT-LEDGER", "error" if len(computed) == 1 else "warning",
                                  f"{scope.name}执行率：报告 {f.raw}，账面 {percent(computed[0][0])}",
                                  f"账面执行率 {listed}。", [f], subject=f.subject,
                                  amounts=(("执行数", scope.phases.spent), *((n, d) for _, n, d in computed))))

    def economic(self, f: Figure) -> None:
        found = self.ledger.economic_spent(f) if f.kind == MONEY and f.measure == "支出" else None
        if found is not None:
            code, value = found
            self.money(f, [(f"{code} {f.subject}执行数", value)], f"{f.subject}（{f.category}）")

    def figure(self, f: Figure) -> None:
        if f.approx or f.period or f.kind not in (MONEY, RATE):
            return
        if f.category.endswith(ECONOMIC):
            self.economic(f)
            return
        if f.category.startswith(SOURCE):
            return  # a 自评表 row of one source of money (本年财政拨款, 上年结转): checked against its total by check_tables
        if f.subject and self.ctx.is_summary(f.subject):
            if f.kind == MONEY:
                self.summary_rows.append(f)
            return
        scope = self.ledger.scope(f)
        if scope is None:
            if f.subject and f.subject not in SCOPES and f.kind == MONEY and f.parent < 0:
                self.unknown.setdefault(f.subject, []).append(f)
            return
        if f.kind == RATE:
            self.rate(f, scope)
            return
        options = scope.candidates(f.measure)
        if options:
            self.money(f, options, scope.name)

    def _named_beside(self, f: Figure) -> list[str]:
        """The subjects a summary row sums up the others of: those named in its table (the contiguous table lines
        around it), or, in prose, those named before it in its section."""
        ctx = self.ctx
        here = ctx.sentence(f)
        if here.cells:
            rows = {s.line for s in ctx.document.sentences if s.cells}
            lines = {here.line}
            for step in (-1, 1):
                at = here.line + step
                while at in rows:
                    lines.add(at)
                    at += step
        else:
            lines = {s.line for s in ctx.document.sentences if s.headings == here.headings and s.line <= here.line}
        return list(dict.fromkeys(g.subject for g in ctx.figures if g.line in lines and g.kind == MONEY and g.subject
                                  and not ctx.is_summary(g.subject)))

    def _summary(self, f: Figure) -> set[str]:
        """Compare a summary row (``另有N项``) with the sums of the projects its table or list does not name; the
        codes of those projects when it agrees (they are then accounted for), else none."""
        hidden = self.ledger.unlisted(self._named_beside(f))
        if not hidden:
            return set()
        fields = ("initial", "addition", "reduction", "carry_in", "spent")
        summed = Phases(*(sum(getattr(p.phases, x) for p in hidden) for x in fields))
        scope = Scope(f"未列示的{len(hidden)}个项目", summed, 0, tuple(p.phases.carry_out for p in hidden))
        options = [(f"{scope.name}{n}", v) for n, v in scope.candidates(f.measure)]
        if not options:
            return set()
        before = len(self.findings)
        # the row is the sum of the rows it stands for, each rounded: within the sum of their tolerances
        self.money(f, options, f.subject, tolerance=len(hidden) * f.tolerance)
        return {p.code for p in hidden} if len(self.findings) == before else set()

    def omissions(self) -> None:
        """Projects the report does not name: a warning each, unless a summary row (``另有N项``, ``其余项目``) that
        agrees with the ledgers stands for them; carry-over the report does not state."""
        ctx = self.ctx
        covered: set[str] = set()
        rows: dict[tuple[int, str], list[Figure]] = {}
        for f in self.summary_rows:
            rows.setdefault((f.line, f.subject), []).append(f)
        for figures in rows.values():  # a row accounts for its projects when every figure of it agrees
            found = [self._summary(f) for f in figures]
            if all(found):
                covered |= set.intersection(*found)
        hidden = self.ledger.unlisted(ctx.subjects())
        summed = [p for p in hidden if p.code in covered]
        if summed:
            self.findings.append(make(ctx, "LINT-LEDGER", "info", f"{len(summed)}个项目未逐项列示，合并在汇总行中",
                                      "报告以汇总行（另有N项、其余项目）列示未逐项列示的项目，汇总行金额与这些项目的账面合计一致。",
                                      self.summary_rows, passed=True))
        for project in (p for p in hidden if p.code not in covered):
            p = project.phases
            self.findings.append(make(ctx, "LINT-LEDGER", "warning", f"账中项目“{project.name}”报告未提及",
                                      f"{project.code} {project.name}：年初预算 {wan(p.initial)}，追加 {wan(p.addition)}，"
                                      f"上年结转 {wan(p.carry_in)}，执行数 {wan(p.spent)}，年末结转 {wan(p.carry_out)}。",
                                      [], subject=project.code,
                                      amounts=(("调整后预算", p.adjusted), ("执行数", p.spent))))
        stated = {f.measure for f in ctx.figures if f.kind == MONEY}
        t = self.ledger.summary("general").total
        for measure, value in (("上年结转", t.carry_in), ("年末结转", t.carry_out)):
            if value and measure not in stated:
                self.findings.append(make(ctx, "LINT-LEDGER", "warning", f"账面{measure} {wan(value)}，报告未列示",
                                          f"账面{measure}为 {wan(value)}，报告没有写出这一金额。", [],
                                          amounts=((measure, value),)))

    def result(self) -> list[Finding]:
        for subject, figures in self.unknown.items():
            self.findings.append(make(self.ctx, "LINT-LEDGER", "warning", f"账中找不到报告所写的项目“{subject}”",
                                      "项目登记、指标和凭证中都没有这个名称的项目，无法核对其金额。", figures,
                                      subject=subject))
        self.omissions()
        if self.adjusted:
            listed = "；".join(f"第{f.line}行 {f.subject}{f.label} {f.raw}，账面{what}" for f, what in self.adjusted)
            self.findings.append(make(self.ctx, "LINT-LEDGER", "info", f"{len(self.adjusted)} 个数字与账面相差一个尾差",
                                      f"报告说明分项与合计的尾差已调整（“尾差”），这些数字与账面相差不超过末位的一个单位："
                                      f"{listed}。", [f for f, _ in self.adjusted], passed=True))
        if self.agreed:
            listed = "；".join(f"第{f.line}行 {f.subject}{f.label} {f.raw} = 账面{what}" for f, what in self.agreed)
            self.findings.append(make(self.ctx, "LINT-LEDGER", "info", f"{len(self.agreed)} 个数字与账面一致",
                                      listed + "。", [f for f, _ in self.agreed], passed=True))
        return self.findings


def compare_ledgers(ctx: Context, workbook: Workbook, recovery_keywords: tuple[str, ...] = ()) -> list[Finding]:
    """LINT-LEDGER findings of the report's figures against ``workbook``; ``recovery_keywords`` name the year-end
    recovery (``[unit] year_end_recovery`` of the scoring settings)."""
    comparison = _Comparison(ctx, Ledger(workbook, recovery_keywords))
    for f in ctx.figures:
        comparison.figure(f)
    return comparison.result()
