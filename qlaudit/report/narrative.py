"""The report's narrative in the official order 一、基本情况 … 十、其他需要说明的情况 (../shared/domain.md §5).

Every figure is computed from the ledgers (万元, 2 decimals, 四舍五入) and every sentence is generated from data:
the unit profile, the budget summary, the project register and the findings. Sections are returned as
:class:`~qlaudit.document.Section` data; rendering to HTML is ``qlaudit.render_html``'s job.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from qlaudit.document import Heading, Items, Paragraph, Section, Table
from qlaudit.findings import Finding
from qlaudit.ledgers.schema import category_label
from qlaudit.money import format_rate, format_wan
from qlaudit.reconcile import BudgetSummary, ProjectBudget, budget_types_present
from qlaudit.score_text import score_blocks
from qlaudit.scoring import ScoreCard

if TYPE_CHECKING:
    from qlaudit.workbook import Workbook

CN_NUMBERS = "一二三四五六七八九十"
OTHER_BUDGETS = (("fund", "三", "政府性基金预算支出情况"), ("state_capital", "四", "国有资本经营预算支出情况"),
                 ("social_insurance", "五", "社会保险基金预算支出情况"))

@cache
def improvements() -> dict[str, str]:
    """八、下一步改进措施 per rule id or rule-id prefix (``qlaudit/improvements.toml``)."""
    return tomllib.loads(resources.files("qlaudit.report").joinpath("improvements.toml").read_text(encoding="utf-8"))


def improvement_for(rule: str) -> str | None:
    table = improvements()
    return table.get(rule) or table.get(rule.split("-")[0])


def wan(fen: int) -> str:
    return f"{format_wan(fen)}万元"


def cn_number(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 99 (enough for headings and 一是/二是)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def cn_date(value: object) -> str:
    return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ReportContext:
    """Everything the narrative needs, computed once."""

    workbook: Workbook
    general: BudgetSummary
    findings: tuple[Finding, ...]
    scores: ScoreCard | None = None

    @property
    def problems(self) -> tuple[Finding, ...]:
        """Errors and warnings for 七; an over-class finding that repeats a whole-project overspend already reported
        by REC-BUDGET (same project, same excess) is told once."""
        over = {(f.subject, dict(f.amounts).get("excess")) for f in self.findings
                if f.rule == "REC-BUDGET" and f.severity == "error"}
        return tuple(f for f in self.findings if f.severity in ("error", "warning") and not f.passed
                     and not (f.rule == "BUD-OVER-CLASS" and (f.subject, dict(f.amounts).get("excess")) in over))


def build_context(workbook: Workbook, findings: list[Finding], scores: ScoreCard | None = None) -> ReportContext:
    general = workbook.summary("general")
    return ReportContext(workbook, general, tuple(findings), scores)


def section_basic_info(ctx: ReportContext) -> Section:
    u, year = ctx.workbook.unit, ctx.workbook.year
    intro = u.name
    if u.founded:
        intro += f"成立于{cn_date(u.founded)}"
    if u.description:
        intro += f"，{u.description}"
    if u.staffing_authorised is not None:
        intro += f"，核定{u.staffing_kind}{u.staffing_authorised}名"
    if u.leadership_posts is not None:
        intro += f"，{u.leadership_level}领导职数{u.leadership_posts}名"
    blocks: list = [Heading(1, "一、基本情况", "s1"), Heading(2, "（一）单位基本情况"), Paragraph(intro + "。")]
    if u.duties:
        blocks.append(Paragraph("主要职责是："))
        blocks.append(Items(tuple(f"{i}.{_strip_number(d)}" for i, d in enumerate(u.duties, 1))))
    goals = u.goals_for(year)
    blocks.append(Heading(2, "（二）单位年度整体支出绩效目标，部门专项资金绩效目标、其他项目支出（除省级专项资金以外）绩效目标"))
    blocks.append(Paragraph(f"整体绩效目标：{goals.overall or '单位未填报整体绩效目标。'}"))
    if goals.special:
        blocks.append(Paragraph("专项绩效目标：" + "；".join(f"{i}.{_strip_number(g).rstrip('。；;')}" for i, g in enumerate(goals.special, 1)) + "。"))
    else:
        blocks.append(Paragraph("专项绩效目标：单位未填报专项绩效目标。"))
    return Section("basic_info", tuple(blocks))


def _strip_number(text: str) -> str:
    """'1.引导…' → '引导…': the report numbers items itself."""
    return re.sub(r"^\s*\d+[.、．]\s*", "", text)


def section_general_budget(ctx: ReportContext) -> Section:
    s, year = ctx.general, ctx.workbook.year
    t = s.total
    budget_parts = [f"年初预算{wan(t.initial)}"]
    if t.addition:
        budget_parts.append(f"追加{wan(t.addition)}")
    if t.reduction:
        budget_parts.append(f"调减{wan(-t.reduction)}")
    blocks: list = [
        Heading(1, "二、一般公共预算支出情况", "s2"),
        Heading(2, "（一）基本支出情况"),
        Items((
            f"1、{year}年预算资金为{wan(t.income)}（{'，'.join(budget_parts)}）"
            + (f"；另有上年结转资金{wan(t.carry_in)}，调整后预算{wan(t.adjusted)}" if t.carry_in else "") + "；",
            f"2、{year}年度单位一般公共预算财政拨款收入为{wan(t.income)}；",
            f"3、{year}年度单位一般公共预算财政拨款支出为{wan(t.spent)}，项目支出{wan(s.project.spent)}，"
            f"基本支出{wan(s.basic.spent)}，其中：人员经费{wan(s.personnel.spent)}，公用经费{wan(s.public.spent)}。",
        )),
        budget_table(s),
        Heading(2, "（二）项目支出情况"),
    ]
    spent_projects = [p for p in s.projects if p.phases.spent]
    if spent_projects:
        lines = [f"{year}年度项目支出合计{wan(s.project.spent)}，共{len(spent_projects)}个项目："]
        for i, p in enumerate(spent_projects, 1):
            purpose = _purpose(ctx, p.code)
            lines.append(f"{i}.{p.name}实际支出{wan(p.phases.spent)}。" + (f"主要用于{purpose}。" if purpose else ""))
        blocks.append(Items(tuple(lines)))
    else:
        blocks.append(Paragraph(f"{year}年度无项目支出。"))
    blocks.append(project_table(s))
    return Section("general_budget", tuple(blocks))


def _purpose(ctx: ReportContext, code: str) -> str:
    rows = ctx.workbook.projects[ctx.workbook.projects["project_code"] == code]
    purpose = next((p for p in rows["purpose"] if p), "")
    return purpose.rstrip("。")


def budget_table(s: BudgetSummary) -> Table:
    def row(label: str, ph: object) -> tuple[str, ...]:
        p = ph  # Phases
        return (label, format_wan(p.initial), format_wan(p.adjustments), format_wan(p.carry_in),  # type: ignore[attr-defined]
                format_wan(p.adjusted), format_wan(p.spent), format_wan(p.carry_out),  # type: ignore[attr-defined]
                format_rate(p.spent, p.adjusted))  # type: ignore[attr-defined]

    return Table(
        caption="表1 一般公共预算收支情况（单位：万元）",
        header=("项目", "年初预算", "追加/调减", "上年结转", "调整后预算", "实际支出", "年末结转", "执行率"),
        rows=(row("基本支出", s.basic), row("　其中：人员经费", s.personnel), row("　　　　公用经费", s.public),
              row("项目支出", s.project), row("合计", s.total)),
        numeric=(1, 2, 3, 4, 5, 6, 7),
    )


def project_table(s: BudgetSummary) -> Table:
    return Table(
        caption="表2 项目支出预算执行情况（单位：万元）",
        header=("项目编码", "项目名称", "年初预算", "追加/调减", "上年结转", "调整后预算", "实际支出", "年末结转", "执行率"),
        rows=tuple(
            (p.code, p.name, format_wan(p.phases.initial), format_wan(p.phases.adjustments),
             format_wan(p.phases.carry_in), format_wan(p.phases.adjusted), format_wan(p.phases.spent),
             format_wan(p.phases.carry_out), format_rate(p.phases.spent, p.phases.adjusted))
            for p in s.projects
        ),
        numeric=(2, 3, 4, 5, 6, 7, 8),
    )


def section_other_budget(ctx: ReportContext, budget_type: str, number: str, title: str) -> Section:
    wb = ctx.workbook
    blocks: list = [Heading(1, f"{number}、{title}", f"s{CN_NUMBERS.index(number) + 1}")]
    if budget_type not in budget_types_present(wb.appropriations, wb.expenditures):
        blocks.append(Paragraph("无。"))
    else:
        s = wb.summary(budget_type)
        blocks.append(Paragraph(
            f"{wb.year}年度{category_label('budget_type', budget_type)}调整后预算{wan(s.total.adjusted)}，"
            f"支出{wan(s.total.spent)}，其中基本支出{wan(s.basic.spent)}，项目支出{wan(s.project.spent)}。"))
    return Section(budget_type, tuple(blocks))


def section_performance(ctx: ReportContext) -> Section:
    wb, s = ctx.workbook, ctx.general
    blocks: list = [Heading(1, "六、资金使用及绩效情况", "s6"), Heading(2, "（一）部门整体支出绩效情况")]
    blocks.append(Paragraph(
        f"{wb.year}年度一般公共预算调整后预算{wan(s.total.adjusted)}，实际支出{wan(s.total.spent)}，"
        f"预算执行率{format_rate(s.total.spent, s.total.adjusted)}；其中基本支出执行率"
        f"{format_rate(s.basic.spent, s.basic.adjusted)}，项目支出执行率{format_rate(s.project.spent, s.project.adjusted)}。"))
    blocks.extend(activity_blocks(wb.activities))
    blocks.append(Heading(2, "（二）专项资金支出绩效情况"))
    initial_projects = [p for p in s.projects if p.phases.initial > 0]
    blocks.append(Paragraph(f"本部门{wb.year}年年初预算专项资金共{len(initial_projects)}个，具体情况如下："))
    for i, p in enumerate(initial_projects, 1):
        blocks.append(Paragraph(f"{cn_number(i)}是{_project_sentence(ctx, p)}"))
    for p in (p for p in s.projects if p.phases.initial == 0 and p.phases.spent):
        blocks.append(Paragraph(f"另外{p.name}项目实际支出{wan(p.phases.spent)}，未纳入年初预算"
                                + (f"，资金来源为年中追加{wan(p.phases.adjustments)}" if p.phases.adjustments > 0 else "")
                                + (f"及上年结转{wan(p.phases.carry_in)}" if p.phases.carry_in > 0 else "") + "。"))
    for p in (p for p in s.projects if p.phases.initial == 0 and not p.phases.spent and p.phases.adjusted):
        blocks.append(Paragraph(f"{p.name}项目当年安排资金{wan(p.phases.adjusted)}，当年未发生支出，"
                                f"年末结转{wan(p.phases.carry_out)}。"))
    table = indicator_table(ctx)
    if table.rows:
        blocks.append(table)
    if ctx.scores is not None:
        blocks.extend(score_blocks(ctx.scores))
    return Section("performance", tuple(blocks))


def _project_sentence(ctx: ReportContext, p: ProjectBudget) -> str:
    ph = p.phases
    text = f"{p.name}，年初预算{wan(ph.initial)}"
    if ph.adjustments:
        text += f"，年中{'追加' if ph.adjustments > 0 else '调减'}{wan(abs(ph.adjustments))}"
    if ph.carry_in:
        text += f"，上年结转{wan(ph.carry_in)}"
    text += f"，实际支出{wan(ph.spent)}，预算执行率{format_rate(ph.spent, ph.adjusted)}"
    if ph.spent > ph.initial:
        reasons = []
        if ph.carry_in:
            reasons.append("上年指标未使用完毕结转至今年")
        if ph.adjustments > 0:
            reasons.append("年中追加预算")
        if reasons:
            text += f"，因{'及'.join(reasons)}，导致实际支出大于年初预算数"
    if ph.spent > ph.adjusted:
        text += f"，超出调整后预算{wan(ph.spent - ph.adjusted)}"
    if ph.carry_out > 0:
        text += f"，年末结转{wan(ph.carry_out)}"
    purpose = _purpose(ctx, p.code)
    return text + "。" + (f"该专项资金支出用于{purpose}。" if purpose else "")


def indicator_table(ctx: ReportContext) -> Table:
    proj = ctx.workbook.projects
    rows = proj[proj["indicator"] != ""]
    direction = {"eq": "=", "ge": "≥", "le": "≤", "qualitative": "", "": ""}
    return Table(
        caption="表3 项目绩效指标完成情况",
        header=("项目名称", "一级指标", "二级指标", "三级指标", "指标值", "实际完成值"),
        rows=tuple(
            (r.project_name, r.indicator_level1, r.indicator_level2, r.indicator,
             f"{direction.get(r.direction, r.direction)}{r.target}{r.unit}", f"{r.actual}{r.unit}")
            for r in rows.itertuples(index=False)
        ),
    )


def activity_blocks(markdown: str) -> list:
    """The unit's own account (activities.md): paragraphs and numbered items, as text (never as HTML)."""
    if not markdown.strip():
        return [Paragraph("单位未提供年度工作情况说明。")]
    blocks: list = []
    for para in re.split(r"\n\s*\n", markdown.strip()):
        text = " ".join(line.strip() for line in para.splitlines())
        text = re.sub(r"^#+\s*", "", text)
        if text:
            blocks.append(Paragraph(text))
    return blocks


def section_problems(ctx: ReportContext) -> Section:
    blocks: list = [Heading(1, "七、存在的问题及原因分析", "s7")]
    if ctx.problems:
        blocks.append(Items(tuple(f"{i}.{f.title}。{f.explanation}" for i, f in enumerate(ctx.problems, 1))))
    else:
        blocks.append(Paragraph("经对指标、凭证和项目库逐项核对，未发现需要说明的问题。"))
    return Section("problems", tuple(blocks))


def section_improvements(ctx: ReportContext) -> Section:
    blocks: list = [Heading(1, "八、下一步改进措施", "s8")]
    measures = list(dict.fromkeys(m for f in ctx.problems if (m := improvement_for(f.rule))))
    if measures:
        blocks.append(Items(tuple(f"{i}.{m}" for i, m in enumerate(measures, 1))))
    else:
        blocks.append(Paragraph("继续严格执行预算，加强绩效目标管理和绩效运行监控，保持预算执行和会计核算的规范性。"))
    return Section("improvements", tuple(blocks))


def section_disclosure(ctx: ReportContext) -> Section:
    return Section("disclosure", (Heading(1, "九、绩效自评结果拟应用和公开情况", "s9"),
                                  Paragraph(ctx.workbook.unit.disclosure)))


def section_other(ctx: ReportContext) -> Section:
    carried = [p for p in ctx.general.projects if p.phases.carry_out > 0]
    blocks: list = [Heading(1, "十、其他需要说明的情况", "s10")]
    if carried:
        blocks.append(Paragraph(
            "年末结转资金：" + "；".join(f"{p.name}{wan(p.phases.carry_out)}" for p in carried)
            + f"，合计{wan(sum(p.phases.carry_out for p in carried))}，结转下年按原用途继续使用。"))
    else:
        blocks.append(Paragraph("无。"))
    return Section("other", tuple(blocks))


def official_sections(ctx: ReportContext) -> list[Section]:
    """The ten sections of the official template, in order."""
    return [
        section_basic_info(ctx),
        section_general_budget(ctx),
        *(section_other_budget(ctx, bt, n, title) for bt, n, title in OTHER_BUDGETS),
        section_performance(ctx),
        section_problems(ctx),
        section_improvements(ctx),
        section_disclosure(ctx),
        section_other(ctx),
    ]
