"""The report checks, in a plain list: each is ``(Context) -> list[Finding]`` with a stable rule id.

=====================  =======================================================================================
LINT-PARTS             支出 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费; 项目支出 = Σ listed projects
LINT-SAME-ITEM         the same item (subject, category, measure) stated with different amounts
LINT-RATE              执行率 vs 执行数 / 调整后预算数 of the same subject and category, in its sentence or report
LINT-SCORE             grade vs bands; score above maximum; parts vs total; 分值 × 执行率 / 完成比例; the 自评表's
                       资金 block and indicator rows (``check_tables``)
LINT-SOURCES-USES      收入 + 上年结转 = 支出 + 年末结转, carry-over mentioned but not stated
LINT-CLAIM-100         "100%" / "全部完成" vs the figures
LINT-COUNTS            counts with 其中 parts; "共N个" vs the items listed
LINT-VAGUE-GOAL        goals without a measurable indicator (only 加强 / 提升 / 完善 …)
LINT-PROBLEMS-NONE     problems section "无" while the figures show over-budget or unbudgeted spending
LINT-UNATTRIBUTED      an amount or rate that cannot be attributed to a label (info, never guessed)
LINT-STRUCTURE         template sections missing; the text seems cut off (info)
LINT-READ              what the reader did and which repairs were made (info)
LINT-LEDGER            with ledgers: every figure vs the computed one (``ledger_compare``)
=====================  =======================================================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qlaudit.findings import Finding
from qlaudit.lint.check_amounts import check_parts, check_rate, check_same_item, check_sources_uses
from qlaudit.lint.check_claims import check_claim_100, check_counts, check_problems_none
from qlaudit.lint.check_goals import check_vague_goal
from qlaudit.lint.check_scores import check_score
from qlaudit.lint.check_tables import check_score_tables
from qlaudit.lint.context import Context, make
from qlaudit.lint.extract import MONEY, NUMBER, RATE

_TERMINAL = re.compile(r"[。！!？?；;.…）)”\"」]$")


def check_unattributed(ctx: Context) -> list[Finding]:
    """Amounts and rates whose label cannot be read, and amounts without a unit: reported, not guessed."""
    findings = []
    for f in ctx.figures:
        if f.kind == MONEY and not f.attributed:
            title = f"无法归属的金额：{f.raw}"
            why = "金额前没有可识别的项目（预算、收入、支出、结转、人员经费……），未参与核对。"
        elif f.kind == NUMBER:
            title = f"金额未注明单位：{f.raw}"
            why = f"“{f.subject}{f.label}”后的数字没有“万元/元”，无法换算，未参与核对。"
        elif f.kind == RATE and not f.measure:
            title = f"无法归属的比率：{f.raw}"
            why = "比率前没有可识别的名称（执行率、完成率、满意度……），未参与核对。"
        else:
            continue
        findings.append(make(ctx, "LINT-UNATTRIBUTED", "info", title, why, [f], subject=f.subject))
    return findings


def check_read(ctx: Context) -> list[Finding]:
    """What the reader did and what normalising repaired (``read``, ``repair``), said in the output (info)."""
    findings = []
    if ctx.notes:
        findings.append(make(ctx, "LINT-READ", "info", "；".join(ctx.notes), "读取方式见标题。", []))
    kinds: dict[str, list[int]] = {}
    for r in ctx.repairs:
        kinds.setdefault(r.kind, []).append(r.line)
    for kind, lines in kinds.items():
        examples = "；".join([f"第{r.line}行 {r.before} → {r.after}" for r in ctx.repairs if r.kind == kind][:5])
        findings.append(make(ctx, "LINT-READ", "info", f"已修复{kind} {len(lines)} 处",
                             f"{examples}{'……' if len(lines) > 5 else ''}。修复后再核对。", []))
    return findings


def check_structure(ctx: Context) -> list[Finding]:
    """Template sections (domain.md §5) missing, and a text that stops mid-sentence."""
    findings = []
    doc = ctx.document
    tops = [h for h in doc.headings if h.level == 1]
    if len(tops) >= 3:
        missing = [k for k in ctx.vocab.template_sections if not any(k in h.title for h in tops)]
        if missing:
            findings.append(make(ctx, "LINT-STRUCTURE", "info", f"缺少模板中的部分：{'、'.join(missing)}",
                                 "部门整体支出绩效自评报告通常包含一至十部分（domain.md §5）；缺少的部分无法核对。", []))
    last = doc.sentences[-1] if doc.sentences else None
    if last is not None and not last.cells and len(last.text) > 12 and not _TERMINAL.search(last.text):
        findings.append(make(ctx, "LINT-STRUCTURE", "info", "报告似乎在句中中断",
                             "最后一句没有结束标点，文本可能不完整；中断处之后的内容未核对。", [last]))
    if not ctx.figures:
        findings.append(make(ctx, "LINT-STRUCTURE", "info", "报告中没有识别到任何数字", "请确认文件内容和编码。", []))
    return findings


CHECKS: list[Callable[[Context], list[Finding]]] = [
    check_parts,
    check_same_item,
    check_rate,
    check_score,
    check_score_tables,
    check_sources_uses,
    check_claim_100,
    check_counts,
    check_vague_goal,
    check_problems_none,
    check_unattributed,
    check_structure,
    check_read,
]


def run_checks(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(ctx))
    return findings
