"""Economic classification of spending (经济分类) and misuse of special funds (挤占挪用专项资金).

- CLASS-MISMATCH        a 摘要 keyword implies an economic code ('会议' → 30215) and the line is booked to another
- SUSPECT-PROJECT-CODE  project money booked to codes of daily running costs (``suspect_project_codes``: 办公费,
                        差旅费, 公务接待费, 公务用车运行维护费, 福利费)

Reversals and the payments they cancel are left out of CLASS-MISMATCH. Sources: 政府收支分类科目 (支出经济分类按
支出的具体用途列示); 预算法 第五十七条 and 财政违法行为处罚处分条例 第六条 (截留、挪用专项资金); domain.md §7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qlaudit.codes import economic_name
from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_yuan
from qlaudit.rules.reversals import reversal_lines

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


def class_mismatch(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """CLASS-MISMATCH: 摘要 says one thing, the economic code another (政府收支分类 按具体用途列支).

    A line is flagged when its 摘要 contains at least one keyword of ``summary_codes`` and its code is none of the
    codes those keywords imply ('差旅费（参加培训）' on 30211 or 30216 is fine). One finding per booked code and implied
    codes.
    """
    spend = wb.expenditures.drop(index=reversal_lines(wb.expenditures))
    keywords = settings.summary_codes
    flagged: dict[tuple[str, tuple[str, ...]], list[object]] = {}
    words: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for index, summary, code in zip(spend.index, spend["summary"], spend["economic_code"], strict=True):
        hits = [(word, implied) for word, implied in keywords if word in summary]
        implied_codes = tuple(sorted({implied for _, implied in hits}))
        if hits and code not in implied_codes:
            flagged.setdefault((code, implied_codes), []).append(index)
            words.setdefault((code, implied_codes), set()).update(word for word, _ in hits)
    out = []
    for (code, implied), labels in sorted(flagged.items()):
        lines = spend.loc[labels]
        total = int(lines["amount_fen"].sum())
        said = "、".join(f"“{w}”" for w in sorted(words[(code, implied)]))
        expected = "或".join(f"{c} {economic_name(c)}" for c in implied)
        out.append(Finding(
            rule="CLASS-MISMATCH", severity="warning", subject=f"{code}→{'/'.join(implied)}",
            title=f"摘要含{said}的支出记入{code} {economic_name(code)}",
            explanation=f"{len(lines)}笔支出（合计{format_yuan(total)}元）摘要含{said}，按用途应列{expected}，"
                        f"实际记入{code} {economic_name(code)}。经济分类错误会使会议费、培训费等限额支出失去控制，"
                        "请核实并调整。",
            amounts=(("spent", total),), evidence=evidence_from(lines),
        ))
    return out


def suspect_project_codes(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """SUSPECT-PROJECT-CODE: 专项资金 on daily running-cost codes (财政违法行为处罚处分条例 第六条, 挤占挪用专项资金).

    One finding per project × code with net spending > 0; the explanation quotes the project's stated purpose
    (项目库 ``purpose``) so the auditor can compare it with the 摘要.
    """
    spend = wb.expenditures
    lines_all = spend[(spend["expense_kind"] == "project") & spend["economic_code"].isin(settings.suspect_project_codes)]
    purposes = {c: p for c, p in zip(wb.projects["project_code"], wb.projects["purpose"], strict=True) if p}
    out = []
    for (project, code), lines in lines_all.groupby(["project_code", "economic_code"], sort=True):
        total = int(lines["amount_fen"].sum())
        if total <= 0:
            continue
        name = next((n for n in lines["project_name"] if n), project)
        purpose = purposes.get(project)
        out.append(Finding(
            rule="SUSPECT-PROJECT-CODE", severity="warning", subject=f"{project}/{code}",
            title=f"项目“{name}”资金用于{code} {economic_name(code)}",
            explanation=f"项目{project}有{len(lines)}笔支出（合计{format_yuan(total)}元）记入{code} "
                        f"{economic_name(code)}，属日常运转性支出，存在挤占挪用专项资金的可能。"
                        + (f"项目用途：{purpose}。" if purpose else "项目库未填写项目用途。")
                        + "请逐笔核对摘要与项目用途是否相关。",
            amounts=(("spent", total),), evidence=evidence_from(lines),
        ))
    return out
