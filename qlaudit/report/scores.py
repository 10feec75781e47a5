"""六（三）绩效自评得分 and 附六: the 部门整体支出绩效自评表 and each project's 项目支出绩效自评表 in the official layout.

The score is the one computed by the notebook's score cell (``ctx.score``, ``qlaudit.scoring.score_unit``); the
tables are ``qlaudit.score_text``'s, numbered here (表4-1, 表4-2 the unit's; 表5 the projects' scores; 表5-1 … each
project's; 附表7-1, 附表7-2 in the working papers). A unit with many projects prints the 自评表 of its largest ``[long_tables] score_tables`` projects and a
score list capped at ``[long_tables] rows``; the working papers (附六) keep every table.
"""

from __future__ import annotations

from dataclasses import replace

from qlaudit.document import Block, Heading, Paragraph, Section, Table
from qlaudit.report.context import ReportContext
from qlaudit.score_text import project_table_blocks, unit_table_blocks
from qlaudit.scoring import ProjectTable, ScoreCard, project_tables


def bands(card: ScoreCard) -> str:
    """'优≥90分、良≥80分、中≥60分、差低于60分': the configured grade bands, as the report states them."""
    grades = list(card.settings.grades)
    words = [f"{label}≥{lowest}分" for label, lowest in grades[:-1]]
    return "、".join([*words, f"{grades[-1][0]}低于{grades[-2][1]}分"] if len(grades) > 1 else words)


def numbered(blocks: list[Block], prefix: str, start: int = 1) -> list[Block]:
    """The tables of ``blocks`` captioned ``{prefix}-1``, ``{prefix}-2`` … in order."""
    out: list[Block] = []
    n = start
    for b in blocks:
        if isinstance(b, Table):
            out.append(replace(b, caption=f"{prefix}-{n} {b.caption}"))
            n += 1
        else:
            out.append(b)
    return out


def _tables(ctx: ReportContext) -> tuple[ProjectTable, ...]:
    card = ctx.card
    return project_tables(ctx.workbook, card) if card is not None else ()


def _summary(card: ScoreCard, shown: list[str], limit: int) -> Table:
    rows = [(p.name, p.execution_rate, str(p.execution_points),
             "—" if p.indicator_points is None else str(p.indicator_points), str(p.total), p.grade)
            for p in card.projects if p.code in shown]
    more = len(card.projects) - len(rows)
    return Table("表5 项目支出绩效自评得分", ("项目名称", "预算执行率", "执行率得分", "指标得分", "总分", "等级"), tuple(rows),
                 numeric=(1, 2, 3, 4), note=f"项目共{len(card.projects)}个，列示全年预算数或支出较大的{len(rows)}个，"
                 f"另有{more}个项目的评分见审计工作底稿附六。" if more else "")


def score_blocks(ctx: ReportContext) -> list[Block]:
    """六（三）: the unit score with its basis and grade bands, the unit 自评表, the project scores and 自评表."""
    score, card = ctx.score, ctx.card
    blocks: list[Block] = [Heading(2, "（三）绩效自评得分")]
    if score is None or card is None:
        return [*blocks, Paragraph("本年度未进行绩效自评评分。")]
    if score.total is None:
        blocks.append(Paragraph(f"部门整体支出绩效自评表{score.basis}。"))
    else:
        blocks.append(Paragraph(
            f"按部门整体支出绩效自评表评分（共性指标及项目支出绩效，见表4-1、表4-2），部门整体支出绩效自评得分"
            f"{score.total}分，等级为“{score.grade}”（{score.basis}；等级：{bands(card)}）。"))
    blocks.extend(numbered(unit_table_blocks(score), "表4"))
    if not card.projects:
        return blocks
    listed = {p.key[2:] for p in ctx.figures.projects if p.key in ctx.listed}
    shown = [p.code for p in card.projects if p.code in listed][: ctx.settings.long_table_rows]
    blocks.append(Paragraph(f"项目支出绩效自评：{card.basis}。"))
    blocks.append(_summary(card, shown, ctx.settings.long_table_rows))
    tables = [t for t in _tables(ctx) if t.code in shown][: ctx.settings.score_tables]
    n = 1
    for t in tables:
        part = numbered(project_table_blocks(t), "表5", n)
        n += sum(isinstance(b, Table) for b in part)
        blocks.extend(part)
    rest = len(card.projects) - len(tables)
    if rest:
        blocks.append(Paragraph(f"以上列示{len(tables)}个项目的项目支出绩效自评表，另有{rest}个项目的自评表见审计工作底稿附六。"))
    return blocks


def scores_section(ctx: ReportContext) -> Section:
    """附六、绩效自评评分明细: the 部门整体支出绩效自评表 and every project's 自评表, uncapped."""
    blocks: list[Block] = [Heading(1, "附六、绩效自评评分明细", "a6")]
    if ctx.score is not None:
        blocks.extend(numbered(unit_table_blocks(ctx.score), "附表7"))
    for t in _tables(ctx):
        blocks.extend(project_table_blocks(t))
    return Section("scores", tuple(blocks))
