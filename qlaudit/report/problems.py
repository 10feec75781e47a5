"""七、存在的问题及原因分析 and 八、下一步改进措施, from the findings and the unmet indicators.

Each problem is told once, with its fact, the vouchers behind it and the cause where the ledgers show one
(``causes``): findings of different rules that state the same fact (their ``fact`` key, e.g. one overspend seen by
REC-BUDGET and BUD-OVER-CLASS) make one problem, as ``facts.toml`` says (lead rule, measure); every finding keeps
its own working-paper entry. Instructions meant for the auditor ("请核实…") are left to the working papers: the
report speaks in the unit's voice. A long list keeps its largest problems and sums up the rest.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from qlaudit.document import Block, Heading, Items, Paragraph, Section
from qlaudit.findings import Finding
from qlaudit.report import goals
from qlaudit.report.causes import cause, finding_refs
from qlaudit.report.context import ReportContext
from qlaudit.report.words import wan

_AUDITOR_VOICE = re.compile(r"^(请|证据|建议核实)")


@cache
def improvements() -> dict[str, str]:
    """八、下一步改进措施 per rule id or rule-id prefix (``qlaudit/report/improvements.toml``)."""
    text = resources.files("qlaudit.report").joinpath("improvements.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def improvement_for(rule: str) -> str | None:
    table = improvements()
    return table.get(rule) or table.get(rule.split("-")[0])


@cache
def facts() -> dict[str, dict[str, object]]:
    """How findings that state one fact are told (``qlaudit/report/facts.toml``), per kind of fact."""
    text = resources.files("qlaudit.report").joinpath("facts.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def fact_kind(f: Finding) -> dict[str, object]:
    return facts().get(f.fact.split(":")[0], {}) if f.fact else {}


def measure_for(rule: str, fact: str = "") -> str | None:
    """八's measure for a problem: the measure of its kind of fact (``facts.toml``), else of its rule."""
    kind = facts().get(fact.split(":")[0], {}) if fact else {}
    return str(kind["measure"]) if "measure" in kind else improvement_for(rule)


@dataclass(frozen=True)
class Problem:
    rule: str  # rule id, or INDICATOR for an unmet indicator
    title: str
    fact: str  # in the unit's voice, without instructions
    cause: str
    vouchers: str
    amount_fen: int  # the largest amount the finding names (for ranking)
    finding: Finding | None = None  # the lead finding
    related: tuple[Finding, ...] = ()  # the other findings of the same fact (other rules), told by this statement

    @property
    def findings(self) -> tuple[Finding, ...]:
        return ((self.finding,) if self.finding is not None else ()) + self.related

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule behind the statement, the lead first."""
        return tuple(dict.fromkeys(f.rule for f in self.findings)) or (self.rule,)

    @property
    def measure(self) -> str | None:
        return measure_for(self.rule, self.finding.fact if self.finding is not None else "")

    def sentence(self) -> str:
        text = f"{self.title}。{self.fact}"
        first = self.vouchers.split("、")[0]
        if self.vouchers and first not in self.fact:
            text += f"（凭证：{self.vouchers}）"
        return text + self.cause


def unit_voice(explanation: str) -> str:
    """The explanation without sentences addressed to the auditor ("请核实…", "证据列示…")."""
    sentences = [s for s in re.split(r"(?<=。)", explanation) if s.strip()]
    kept = []
    for s in sentences:
        if _AUDITOR_VOICE.match(s.strip()):
            continue
        clauses = [c for c in re.split(r"(?<=，)", s) if not _AUDITOR_VOICE.match(c.strip())]
        kept.append(re.sub(r"，$", "。", "".join(clauses)))
    return re.sub(r"。{2,}", "。", "".join(kept))


def problems(ctx: ReportContext) -> list[Problem]:
    """Every problem of 七, computed once per context."""
    cached = ctx.__dict__.get("_problems")
    if cached is None:
        cached = ctx.__dict__["_problems"] = _problems(ctx)
    return list(cached)


def _fact(ctx: ReportContext, f: Finding) -> str:
    """The finding's explanation in the unit's voice; a low execution of a whole budget is restated with the report's
    own figures (执行率 before the year-end recovery, as in 表1 and the 自评表), so that 七 agrees with them."""
    line = ctx.figures.total
    if f.rule == "BUD-LOW-EXEC" and f.subject == "general" and line.recovered:
        fig = ctx.figures
        return (f"全年预算数{fig.wan(line, 'full_year')}万元（年底收回前），实际支出{fig.wan(line, 'spent')}万元，预算执行率"
                f"{line.rate}，未执行{fig.wan(line, 'carry_out')}万元，另有年底收回的未用指标{fig.wan(line, 'recovered')}万元。")
    return unit_voice(f.explanation)


def same_fact(findings: tuple[Finding, ...] | list[Finding]) -> list[list[Finding]]:
    """The findings grouped by fact, in the order of their first member; a finding without a ``fact`` key (or of a
    kind ``facts.toml`` does not list) is a group of its own. Each group is led by the first rule of the kind's
    ``lead`` list present (else the finding first in order)."""
    groups: dict[object, list[Finding]] = {}
    for n, f in enumerate(findings):
        key: object = f.fact if fact_kind(f) else n
        groups.setdefault(key, []).append(f)
    out = []
    for members in groups.values():
        lead = [str(r) for r in fact_kind(members[0]).get("lead", [])]  # type: ignore[union-attr]
        rank = {r: i for i, r in enumerate(lead)}
        out.append(sorted(members, key=lambda f: rank.get(f.rule, len(rank))))
    return out


def _largest(f: Finding) -> int:
    return max((abs(v) for _, v in f.amounts), default=0)


def _problem(ctx: ReportContext, members: list[Finding]) -> Problem:
    lead, related = members[0], tuple(members[1:])
    widest = max(members, key=lambda f: f.evidence_rows)  # the larger evidence (the lead on a tie)
    return Problem(lead.rule, lead.title, _fact(ctx, lead), cause(ctx, lead) or next(
        (c for f in related if (c := cause(ctx, f))), ""), finding_refs(widest),
        max(_largest(f) for f in members), lead, related)


def _problems(ctx: ReportContext) -> list[Problem]:
    out = [_problem(ctx, members) for members in same_fact(ctx.problems)]
    for i in goals.unmet(ctx):
        out.append(Problem("INDICATOR", f"项目“{i.project}”绩效指标“{i.name}”未达到年度目标",
                           f"年度指标值{i.target}，实际完成{i.actual}。", "", "", 0))
    return out


def section_problems(ctx: ReportContext) -> Section:
    items = problems(ctx)
    limit = ctx.settings.long_list_items
    blocks: list[Block] = [Heading(1, "七、存在的问题及原因分析", "s7")]
    if not items:
        blocks.append(Paragraph("经对指标、凭证和项目库逐项核对，未发现需要说明的问题。"))
        return Section("problems", tuple(blocks))
    shown = items if len(items) <= limit else sorted(items, key=lambda p: -p.amount_fen)[:limit]
    keep = {id(p) for p in shown}
    lines = [f"{n}.{p.sentence()}" for n, p in enumerate((p for p in items if id(p) in keep), 1)]
    rest = [p for p in items if id(p) not in keep]
    if rest:
        kinds = len({p.rule for p in rest})
        largest = max(p.amount_fen for p in rest)
        lines.append(f"另有{len(rest)}项同类问题（涉及{kinds}类）" + (f"，单项金额均不超过{wan(largest)}" if largest else "")
                     + "，逐项列示于审计工作底稿。")
    blocks.append(Items(tuple(lines)))
    return Section("problems", tuple(blocks))


def section_improvements(ctx: ReportContext) -> Section:
    blocks: list[Block] = [Heading(1, "八、下一步改进措施", "s8")]
    measures = list(dict.fromkeys(m for p in problems(ctx) if (m := p.measure)))
    if measures:
        blocks.append(Items(tuple(f"{i}.{m}" for i, m in enumerate(measures, 1))))
    else:
        blocks.append(Paragraph("继续严格执行预算，加强绩效目标管理和绩效运行监控，保持预算执行和会计核算的规范性。"))
    return Section("improvements", tuple(blocks))
