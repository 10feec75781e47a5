"""审计工作底稿: every finding as a working-paper entry (索引号, 编制人/复核人/日期, 事实, 标准, 原因, 影响, 建议, evidence
with its vouchers and quota documents), for the auditor — never published (it names payees).

The criterion of each rule comes from ``criteria.toml`` (keyed by rule id or family prefix), the measure from
``improvements.toml``, the cause from ``causes`` where the ledgers show one. Entries are numbered in the findings'
deterministic order, so the same inputs give the same 索引号.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from qlaudit.document import Block, Fields, Heading, Paragraph, Section, Table
from qlaudit.findings import SEVERITY_LABELS, Finding
from qlaudit.money import format_yuan
from qlaudit.report.causes import cause, finding_refs
from qlaudit.report.context import ReportContext
from qlaudit.report.problems import Problem, improvement_for, problems, unit_voice

EVIDENCE_SHOWN = 50
NO_CAUSE = "账面未显示原因，需向单位了解并取得说明。"
BLANK = "＿＿＿＿＿＿"


@cache
def criteria() -> dict[str, dict[str, object]]:
    text = resources.files("qlaudit.report").joinpath("criteria.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def criterion_for(rule: str) -> dict[str, object]:
    table = criteria()
    return table.get(rule) or table.get(rule.split("-")[0]) or {}


@dataclass(frozen=True)
class EvidenceLine:
    file: str
    row: int
    date: str
    voucher_no: str
    quota_doc: str
    summary: str
    payee: str
    project_code: str
    economic_code: str
    amount_fen: int


@dataclass(frozen=True)
class Entry:
    index: str  # 索引号
    rule: str
    severity: str
    title: str
    fact: str
    criterion: str
    basis: str
    cause: str
    effect: str
    measure: str
    amounts: tuple[tuple[str, int], ...]
    evidence: tuple[EvidenceLine, ...]


def _quota_docs(ctx: ReportContext) -> dict[tuple[str, int], str]:
    docs: dict[tuple[str, int], str] = {}
    for frame, column in ((ctx.workbook.expenditures, "quota_doc"), (ctx.workbook.appropriations, "quota_doc")):
        if column in frame.columns:
            for file, row, doc in zip(frame["source_file"], frame["source_row"], frame[column].fillna(""), strict=True):
                docs[(str(file), int(row))] = str(doc)
    return docs


def _evidence(f: Finding, docs: dict[tuple[str, int], str]) -> tuple[EvidenceLine, ...]:
    return tuple(EvidenceLine(e.file, e.row, e.date, e.voucher_no, docs.get((e.file, e.row), ""), e.summary, e.payee,
                              e.project_code, e.economic_code, e.amount_fen) for e in f.evidence)


def entries(ctx: ReportContext) -> list[Entry]:
    cached = ctx.__dict__.get("_entries")
    if cached is None:
        cached = ctx.__dict__["_entries"] = _entries(ctx)
    return list(cached)


def _entries(ctx: ReportContext) -> list[Entry]:
    docs = _quota_docs(ctx)
    told: dict[int, Problem] = {id(f): p for p in problems(ctx) for f in p.findings}
    out: list[Entry] = []
    findings = [f for f in ctx.findings if not f.passed]
    for f in findings:
        c = criterion_for(f.rule)
        problem = told.get(id(f))
        if problem is not None and problem.finding is f:
            fact = problem.sentence()
        else:
            fact = unit_voice(f.explanation) + (f"（凭证：{finding_refs(f)}）" if f.evidence else "")
        if problem is not None and len(problem.rules) > 1:
            fact += f"（同一事项由规则{'、'.join(problem.rules)}共同发现，报告“七”合并为一项表述）"
        basis = str(c.get("basis", "")) + ("（待核实）" if c.get("verify") else "") + (
            f"；适用标准：{f.standard}" if f.standard else "")
        measure = (problem.measure if problem is not None else improvement_for(f.rule)) or ""
        out.append(Entry("", f.rule, f.severity, f.title, fact, str(c.get("criterion", "")), basis,
                         cause(ctx, f) or NO_CAUSE, str(c.get("effect", "")), measure, f.amounts, _evidence(f, docs)))
    for p in problems(ctx):
        if p.finding is None:
            c = criterion_for(p.rule)
            out.append(Entry("", p.rule, "warning", p.title, p.fact, str(c.get("criterion", "")),
                             str(c.get("basis", "")), NO_CAUSE, str(c.get("effect", "")),
                             improvement_for(p.rule) or "", (), ()))
    width = max(3, len(str(len(out))))
    return [Entry(**{**e.__dict__, "index": f"DG-{ctx.year}-{n:0{width}d}"}) for n, e in enumerate(out, 1)]


def evidence_table(e: Entry, limit: int = EVIDENCE_SHOWN) -> Table:
    shown = e.evidence[:limit]
    rows = [(x.file, str(x.row), x.date, x.voucher_no, x.quota_doc, x.summary, x.payee, x.economic_code,
             format_yuan(x.amount_fen)) for x in shown]
    rest = e.evidence[limit:]
    if rest:
        rows.append(("", "", "", "", "", f"另有{len(rest)}行", "", "", format_yuan(sum(x.amount_fen for x in rest))))
    rows.append(("合计", "", "", "", "", f"{len(e.evidence)}行", "", "", format_yuan(sum(x.amount_fen for x in e.evidence))))
    last = len(rows) - 1
    return Table(f"{e.index} 证据（金额单位：元）", ("文件", "行", "日期", "凭证号", "指标文号", "摘要", "收款人", "经济分类",
                                            "金额"), tuple(rows), numeric=(1, 8), totals=((last, tuple(range(last))),))


def entry_blocks(e: Entry, preparer: str, reviewer: str, date: str) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, f"{e.index} [{SEVERITY_LABELS[e.severity]}] {e.title}", e.index),
        Fields((("索引号", e.index), ("规则", e.rule), ("编制人", preparer or BLANK), ("编制日期", date or BLANK),
                ("复核人", reviewer or BLANK), ("复核日期", BLANK)), "workpaper"),
        Paragraph(f"审计事实：{e.fact}"),
        Paragraph(f"审计标准：{e.criterion}" + (f"依据：{e.basis}。" if e.basis else "")),
        Paragraph(f"原因分析：{e.cause}"),
        Paragraph(f"影响：{e.effect}" if e.effect else "影响：—"),
        Paragraph(f"建议措施：{e.measure}" if e.measure else "建议措施：—"),
    ]
    if e.evidence:
        blocks.append(evidence_table(e))
    return blocks


def workpaper_sections(ctx: ReportContext, preparer: str = "", reviewer: str = "", date: str = "") -> list[Section]:
    items = entries(ctx)
    u = ctx.workbook.unit
    counts = {s: sum(1 for e in items if e.severity == s) for s in SEVERITY_LABELS}
    cover = Section("wp_cover", (
        Heading(0, f"{u.name}{ctx.year}年度绩效自评审计工作底稿", "wp-cover"),
        Fields((("被审计单位", u.name), ("预算编码", u.budget_code or "—"), ("审计期间", f"{ctx.year}年1月1日至12月31日"),
                ("编制人", preparer or BLANK), ("复核人", reviewer or BLANK), ("编制日期", date or BLANK)), "cover"),
        Paragraph("本底稿供审计（评价）人员内部使用，列示收款人等个人信息，不对外公开。"),
        Table("底稿索引", ("索引号", "类别", "规则", "事项", "证据行数"),
              tuple((e.index, SEVERITY_LABELS[e.severity], e.rule, e.title, str(len(e.evidence))) for e in items),
              numeric=(4,)),
        Paragraph("、".join(f"{SEVERITY_LABELS[s]}{n}项" for s, n in counts.items()) + "。"),
    ))
    body: list[Block] = [Heading(1, "一、审计发现底稿", "wp-entries")]
    if not items:
        body.append(Paragraph("未发现问题。"))
    for e in items:
        body.extend(entry_blocks(e, preparer, reviewer, date))
    return [cover, Section("wp_entries", tuple(body)), standards_section(ctx)]


def standards_section(ctx: ReportContext) -> Section:
    """二、适用的政策标准: the edition of each standard for the unit (unit.yaml province / region_level, the year),
    with its document, 文号, URL and 待核实 flag, and the checks the ledgers cannot support, with why."""
    from qlaudit.standards import CATEGORIES, CATEGORY_LABELS, checks_not_run, edition

    u = ctx.workbook.unit
    names = {e.region: e.region_name for kind in ("procurement", "meeting", "training")
             if (e := edition(kind, u.province, u.region_level, ctx.year)) is not None and e.region_name}
    where = ("、".join(x for x in (names.get(u.province, u.province), u.region_level) if x)
             or "单位信息未写所在省份和行政层级")
    blocks: list[Block] = [Heading(1, "二、适用的政策标准", "wp-standards"),
                           Paragraph(f"按单位所在地区（{where}）和{ctx.year}年度选用，来源：qlaudit/standards.toml。")]
    rows = []
    for kind, label in (("procurement", "分散采购限额"), ("meeting", "会议费综合定额"), ("training", "培训费综合定额"),
                        ("reception", "公务接待陪餐人数")):
        e = edition(kind, u.province, u.region_level, ctx.year)
        if kind == "procurement":
            if ctx.rules.procurement_threshold_fen > 0:
                value = f"规则设置覆盖：{format_yuan(ctx.rules.procurement_threshold_fen)}元"
            else:
                value = "，".join(f"{CATEGORY_LABELS[c]}{format_yuan(e.limit_fen(c))}元" for c in CATEGORIES)
        elif kind == "reception":
            value = (f"接待对象{e.values.get('small_group')}人以内陪餐不超过{e.values.get('companions_small')}人，"
                     f"超过的不超过接待对象的{e.values.get('companions_share')}")
        else:
            rates = e.values.get("rates_yuan", {})
            value = "，".join(f"{k}{v}元/人天" for k, v in rates.items())  # type: ignore[union-attr]
        rows.append((label, e.citation(), value, e.url or "—"))
    blocks.append(Table("适用标准", ("标准", "依据（版本）", "标准值", "网址"), tuple(rows)))
    blocks.extend(Paragraph(s) for s in checks_not_run(tuple(ctx.workbook.expenditures.columns)))
    return Section("wp_standards", tuple(blocks))


def entries_frame(items: list[Entry]) -> pd.DataFrame:
    """One row per entry (for JupyterLab and the xlsx writer)."""
    return pd.DataFrame([{k: v for k, v in e.__dict__.items() if k not in ("evidence", "amounts")} for e in items])
