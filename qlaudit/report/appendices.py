"""Appendices of the working papers: reconciliation checks, the check of the unit's own report, the voucher sample,
the import log, operation log and provenance. Built as :class:`~qlaudit.document.Section` data.
"""

from __future__ import annotations

from qlaudit.document import Heading, Items, Paragraph, Preformatted, Section, Table
from qlaudit.findings import SEVERITY_LABELS
from qlaudit.i18n import language
from qlaudit.lint import LintResult
from qlaudit.money import format_wan, format_yuan
from qlaudit.report import provenance
from qlaudit.report.context import ReportContext
from qlaudit.report.gate import GateResult
from qlaudit.sampling import SampleResult, point_amount_fen


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


def appendix_section(ctx: ReportContext, manifest: dict[str, object]) -> Section:
    """附五: the import log (its issues said in Chinese from the message catalogue), the operation log, the inputs with
    their SHA-256 and how the report was produced — paths relative to the data folder, the time in Beijing time.
    manifest.json keeps the machine values (absolute paths, UTC)."""
    log = ctx.workbook.import_log
    files = Table(
        "附表3 导入日志",
        ("文件", "编码/工作表", "读取行", "保留", "规范化", "拒绝", "合计行", "空行"),
        tuple((f.file, provenance.encoding_label(f.encoding) or f.sheet or "", str(f.rows_read), str(f.kept),
               str(f.normalised), str(f.rejected), str(f.dropped_totals), str(f.dropped_empty)) for f in log.files),
        numeric=(2, 3, 4, 5, 6, 7),
    )
    with language("zh"):
        issues = [i.text() for i in log.all_issues()]
    inputs = Table("附表4 输入文件及 SHA-256", ("用途", "文件", "SHA-256"),
                   tuple((provenance.role_label(str(i["role"])), str(i["path"]), str(i["sha256"]))
                         for i in manifest["inputs"]))  # type: ignore[union-attr]
    versions = manifest["versions"]
    data_dir = ctx.workbook.data_dir
    names = {ctx.workbook.unit.code: ctx.workbook.unit.name}
    facts = Table("附表5 生成信息", ("项目", "值"), (
        ("qlaudit 提交", str(manifest["qlaudit_commit"]) or "（非版本库检出）"),
        ("分类参考表", str(manifest["reference_tables"])),
        ("报告模板 SHA-256", str(manifest["notebook_sha256"])),
        ("参数", provenance.parameters_text(manifest["parameters"], data_dir, names)),  # type: ignore[arg-type]
        ("软件版本", "，".join(f"{k} {provenance.version_label(str(v))}" for k, v in versions.items())),  # type: ignore[union-attr]
        ("生成时间（北京时间）", provenance.beijing_time(str(manifest["run_at"]))),
    ))
    blocks: list = [Heading(1, "附五、导入日志、操作日志及来源记录", "a5"), files]
    if issues:
        blocks.append(Paragraph(f"导入过程中记录的提示 {len(issues)} 条："))
        blocks.append(Items(tuple(issues[:200]) + ((f"……另有 {len(issues) - 200} 条，见 qlaudit validate",) if len(issues) > 200 else ())))
    blocks.append(Paragraph("操作日志（可用 qlaudit replay oplog.json 复现，每步记录参数、输入文件哈希、行数和结果哈希）："))
    blocks.append(Preformatted(provenance.oplog_text(ctx.workbook.oplog, data_dir, names)))
    blocks.extend([inputs, facts])
    return Section("appendix", tuple(blocks))


def sampling_section(sample: SampleResult) -> Section:
    """附三、抽样凭证: the voucher lines an auditor should inspect, drawn reproducibly (method, seed, interval)."""
    p = dict(sample.parameters)
    method = {"monetary_unit": "货币单位抽样（MUS）", "random": "简单随机抽样", "stratified": "分层随机抽样"}[sample.method]
    detail = (f"抽样间隔 {format_yuan(int(p['interval_fen']))} 元，随机起点（第1个选样点）为累计金额 "
              f"{format_yuan(point_amount_fen(int(p['start_fen'])))} 元处，其后每隔一个抽样间隔一个选样点，"
              if sample.method == "monetary_unit" and p.get("interval_fen") else "")
    picks = sample.picks
    rows = (*(
        (str(r.source_file), str(r.source_row), r.date.date().isoformat(), str(r.voucher_no), str(r.summary),
         str(r.payee), str(r.economic_code), format_yuan(int(r.amount_fen)), str(r.pick_reason))
        for r in picks.itertuples(index=False)
    ), ("合计", "", "", "", f"{len(picks)}行", "", "", format_yuan(int(picks["amount_fen"].sum())), ""))
    return Section("sampling", (
        Heading(1, "附三、抽样凭证", "a3"),
        Paragraph(f"采用{method}从 {sample.population_lines} 行支出凭证（合计 {format_yuan(sample.population_fen)} 元）中"
                  f"抽取 {len(picks)} 行，{detail}随机种子 {sample.seed}。以相同种子重新抽样可得到相同结果。"),
        Table("附表2 抽样凭证清单", ("文件", "行", "日期", "凭证号", "摘要", "收款人", "经济分类", "金额（元）", "选中原因"),
              rows, numeric=(1, 7), totals=((len(rows) - 1, tuple(range(len(rows) - 1))),)),
    ))


def self_evaluation_section(result: LintResult | None, source: str) -> Section:
    """附二、单位自评报告核对: what ``qlaudit lint`` found in the unit's own report, against itself and the ledgers."""
    blocks: list = [Heading(1, "附二、单位自评报告核对", "a2")]
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


def gate_section(result: GateResult) -> Section:
    """附四、报告一致性检查: the publishable report checked against itself before publication."""
    labels = {"parts": "合计与各项之和", "carry_over": "无负数结转", "table1_vs_10": "表1与十一致",
              "scores": "表1与部门整体支出绩效自评表一致",
              "activities": "工作情况与绩效指标一致", "privacy": "不列示自然人姓名", "lint": "qlaudit lint 无错误和关注"}
    return Section("gate", (
        Heading(1, "附四、报告一致性检查", "a4"),
        Paragraph("自评报告发布前逐项检查以下一致性要求，任一项不通过则不发布报告，原已发布的报告保持不变。"),
        Table("附表6 一致性检查结果", ("检查项", "结果", "说明"),
              tuple((labels.get(c.name, c.name), "通过" if c.ok else "不通过", c.detail) for c in result.checks)),
    ))
