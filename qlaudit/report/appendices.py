"""The auditor's part of the report, after the ten official sections: reconciliation checks, findings with their
evidence, and the appendix (import log and provenance). Built as :class:`~qlaudit.document.Section` data.
"""

from __future__ import annotations

from qlaudit.document import Heading, Items, Paragraph, Preformatted, Section, Table
from qlaudit.findings import SEVERITY_LABELS, Finding
from qlaudit.lint import LintResult
from qlaudit.money import format_wan, format_yuan
from qlaudit.report.narrative import ReportContext
from qlaudit.sampling import SampleResult

EVIDENCE_ROWS_SHOWN = 20


def reconciliation_section(ctx: ReportContext) -> Section:
    checks = [f for f in ctx.findings if "expected" in dict(f.amounts)]
    rows = tuple(
        (f.rule, f.title, format_wan(f.amount("expected")), format_wan(f.amount("actual")),
         format_wan(f.amount("difference")), "一致" if f.passed else "不一致")
        for f in checks
    )
    return Section("reconciliation", (
        Heading(1, "附一、勾稽核对结果", "a1"),
        Paragraph("以下勾稽关系每次生成报告时均根据指标账、支出凭证和项目库重新计算（单位：万元）。"),
        Table("附表1 勾稽关系核对", ("规则", "核对内容", "应为", "实为", "差额", "结果"), rows, numeric=(2, 3, 4)),
    ))


def _evidence_table(f: Finding, number: int) -> Table:
    shown = f.evidence[:EVIDENCE_ROWS_SHOWN]
    note = f"共 {len(f.evidence)} 行，仅列示前 {EVIDENCE_ROWS_SHOWN} 行。" if len(f.evidence) > EVIDENCE_ROWS_SHOWN else ""
    return Table(
        f"证据 {number}：{f.title}",
        ("文件", "行", "日期", "凭证号/文号", "摘要", "收款人", "经济分类", "金额（元）"),
        tuple((e.file, str(e.row), e.date, e.voucher_no, e.summary, e.payee, e.economic_code, format_yuan(e.amount_fen))
              for e in shown),
        numeric=(1, 7), note=note,
    )


def findings_section(ctx: ReportContext) -> Section:
    findings = [f for f in ctx.findings if not f.passed]
    blocks: list = [Heading(1, "附二、审计发现及证据", "a2")]
    if not findings:
        blocks.append(Paragraph("未发现问题。"))
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_LABELS}
    blocks.append(Paragraph("、".join(f"{SEVERITY_LABELS[s]} {n} 项" for s, n in counts.items()) + "。"))
    for i, f in enumerate(findings, 1):
        blocks.append(Heading(3, f"{i}. [{SEVERITY_LABELS[f.severity]}] {f.rule} {f.title}"))
        blocks.append(Paragraph(f.explanation))
        if f.evidence:
            blocks.append(_evidence_table(f, i))
    return Section("findings", tuple(blocks))


def appendix_section(ctx: ReportContext, manifest: dict[str, object]) -> Section:
    log = ctx.workbook.import_log
    files = Table(
        "附表3 导入日志",
        ("文件", "编码/工作表", "读取行", "保留", "规范化", "拒绝", "合计行", "空行"),
        tuple((f.file, f.encoding or f.sheet or "", str(f.rows_read), str(f.kept), str(f.normalised), str(f.rejected),
               str(f.dropped_totals), str(f.dropped_empty)) for f in log.files),
        numeric=(2, 3, 4, 5, 6, 7),
    )
    issues = [str(i) for i in log.all_issues()]
    inputs = Table("附表4 输入文件及 SHA-256", ("用途", "文件", "SHA-256"),
                   tuple((str(i["role"]), str(i["path"]), str(i["sha256"])) for i in manifest["inputs"]))  # type: ignore[union-attr]
    versions = manifest["versions"]
    facts = Table("附表5 生成信息", ("项目", "值"), (
        ("qlaudit 提交", str(manifest["qlaudit_commit"]) or "（非 git 检出）"),
        ("分类参考表", str(manifest["reference_tables"])),
        ("报告模板 SHA-256", str(manifest["notebook_sha256"])),
        ("参数", ", ".join(f"{k}={v}" for k, v in manifest["parameters"].items())),  # type: ignore[union-attr]
        ("版本", ", ".join(f"{k} {v}" for k, v in versions.items())),  # type: ignore[union-attr]
        ("生成时间（UTC）", str(manifest["run_at"])),
    ))
    blocks: list = [Heading(1, "附五、导入日志、操作日志及来源记录", "a5"), files]
    if issues:
        blocks.append(Paragraph(f"导入过程中记录的提示 {len(issues)} 条："))
        blocks.append(Items(tuple(issues[:200]) + ((f"……另有 {len(issues) - 200} 条，见 qlaudit validate",) if len(issues) > 200 else ())))
    blocks.append(Paragraph("操作日志（可用 qlaudit replay oplog.json 复现，每步记录参数、输入文件哈希、行数和结果哈希）："))
    blocks.append(Preformatted(ctx.workbook.oplog.render_text()))
    blocks.extend([inputs, facts])
    return Section("appendix", tuple(blocks))


def sampling_section(sample: SampleResult) -> Section:
    """附四、抽样凭证: the voucher lines an auditor should inspect, drawn reproducibly (method, seed, interval)."""
    p = dict(sample.parameters)
    method = {"monetary_unit": "货币单位抽样（MUS）", "random": "简单随机抽样", "stratified": "分层随机抽样"}[sample.method]
    detail = (f"抽样间隔 {format_yuan(int(p['interval_fen']))} 元，随机起点 {format_yuan(int(p['start_fen']))} 元，"
              if sample.method == "monetary_unit" and p.get("interval_fen") else "")
    picks = sample.picks
    rows = tuple(
        (str(r.source_file), str(r.source_row), r.date.date().isoformat(), str(r.voucher_no), str(r.summary),
         str(r.payee), str(r.economic_code), format_yuan(int(r.amount_fen)), str(r.pick_reason))
        for r in picks.itertuples(index=False)
    )
    return Section("sampling", (
        Heading(1, "附四、抽样凭证", "a4"),
        Paragraph(f"采用{method}从 {sample.population_lines} 行支出凭证（合计 {format_yuan(sample.population_fen)} 元）中"
                  f"抽取 {len(picks)} 行，{detail}随机种子 {sample.seed}。以相同种子重新抽样可得到相同结果。"),
        Table("附表2 抽样凭证清单", ("文件", "行", "日期", "凭证号", "摘要", "收款人", "经济分类", "金额（元）", "选中原因"),
              rows, numeric=(1, 7)),
    ))


def self_evaluation_section(result: LintResult | None, source: str) -> Section:
    """附三、单位自评报告核对: what ``qlaudit lint`` found in the unit's own report, against itself and the ledgers."""
    blocks: list = [Heading(1, "附三、单位自评报告核对", "a3")]
    if result is None:
        blocks.append(Paragraph("单位未在数据目录中提供自评报告（self_evaluation.txt / .md / .docx），未进行核对。"))
        return Section("self_evaluation", tuple(blocks))
    problems = [f for f in result.findings if not f.passed]
    passed = [f for f in result.findings if f.passed]
    counts = {s: sum(1 for f in problems if f.severity == s) for s in SEVERITY_LABELS}
    blocks.append(Paragraph(
        f"对单位提交的自评报告 {source} 逐句提取金额、比率、数量、得分 {len(result.figures)} 个，检查报告内部的勾稽关系、"
        "同一事项前后表述、来源与去向平衡、目标是否可衡量，并与账面数核对："
        + "、".join(f"{SEVERITY_LABELS[s]} {n} 项" for s, n in counts.items()) + f"，通过 {len(passed)} 项核对。"))
    if problems:
        blocks.append(Items(tuple(f"{i}.[{SEVERITY_LABELS[f.severity]}] {f.title}。{f.explanation}"
                                  for i, f in enumerate(problems, 1))))
    return Section("self_evaluation", tuple(blocks))
