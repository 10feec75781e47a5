"""三公经费 (因公出国(境)费, 公务用车购置及运行维护费, 公务接待费): hidden under other codes, or over budget.

- SANGONG-HIDDEN  a 三公 keyword in the 摘要 ('接待', '餐', '加油', …) on a code that is no 三公 code and not exempt
- SANGONG-TOTAL   三公 spending (every code of ``sangong_codes``) above the quotas on those codes, when there are any

Reversals and the payments they cancel are left out of SANGONG-HIDDEN. Sources: 中央八项规定; 党政机关厉行节约反对
浪费条例 (三公经费预算管理, 只减不增); 党政机关国内公务接待管理规定; domain.md §2 and §7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qlaudit.codes import economic_name
from qlaudit.findings import Finding, evidence_from
from qlaudit.money import format_wan, format_yuan
from qlaudit.rules.reversals import reversal_lines

if TYPE_CHECKING:
    from qlaudit.settings import RuleSettings
    from qlaudit.workbook import Workbook


def hidden_sangong(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """SANGONG-HIDDEN: 三公 spending booked elsewhere (厉行节约反对浪费条例; 公务接待管理规定). One finding per booked code and
    implied 三公 code."""
    spend = wb.expenditures.drop(index=reversal_lines(wb.expenditures))
    allowed = settings.sangong_code_set | set(settings.sangong_exempt_codes)
    spend = spend[~spend["economic_code"].isin(allowed)]
    flagged: dict[tuple[str, str], list[object]] = {}
    words: dict[tuple[str, str], set[str]] = {}
    for index, summary, code in zip(spend.index, spend["summary"], spend["economic_code"], strict=True):
        for word, implied in settings.sangong_keywords:
            if word in summary:
                key = (code, implied)
                if index not in flagged.setdefault(key, []):
                    flagged[key].append(index)
                words.setdefault(key, set()).add(word)
    out = []
    for (code, implied), labels in sorted(flagged.items()):
        lines = spend.loc[labels]
        total = int(lines["amount_fen"].sum())
        said = "、".join(f"“{w}”" for w in sorted(words[(code, implied)]))
        out.append(Finding(
            rule="SANGONG-HIDDEN", severity="warning", subject=f"{code}→{implied}",
            title=f"疑似{economic_name(implied)}记入{code} {economic_name(code)}",
            explanation=f"{len(lines)}笔支出（合计{format_yuan(total)}元）摘要含{said}，应属三公经费{implied} "
                        f"{economic_name(implied)}，却记入{code} {economic_name(code)}，可能隐匿三公经费、规避"
                        "三公经费预算控制。请核对原始单据（接待公函、清单、派车单）。",
            amounts=(("spent", total),), evidence=evidence_from(lines),
        ))
    return out


def sangong_total(wb: Workbook, settings: RuleSettings) -> list[Finding]:
    """SANGONG-TOTAL: 三公经费 spending against its quotas (厉行节约反对浪费条例, 三公经费预算只减不增).

    Compared only when some quota is on a 三公 code; then over → ``error``, within → ``info`` with ``passed=True``.
    """
    codes = settings.sangong_code_set
    quota = wb.appropriations[wb.appropriations["economic_code"].isin(codes)]
    spend = wb.expenditures[wb.expenditures["economic_code"].isin(codes)]
    if quota.empty:
        return []
    items = tuple((key, int(spend.loc[spend["economic_code"].isin(item_codes), "amount_fen"].sum()), item_codes)
                  for key, item_codes in settings.sangong_codes)
    quota_fen, spent = int(quota["amount_fen"].sum()), int(spend["amount_fen"].sum())
    detail = "，".join(f"{'/'.join(c)} {economic_name(c[0])} {format_wan(fen)}万元" for _, fen, c in items)
    amounts = (*((key, fen) for key, fen, _ in items), ("quota", quota_fen), ("spent", spent),
               ("excess", spent - quota_fen))
    over = spent > quota_fen
    return [Finding(
        rule="SANGONG-TOTAL", severity="error" if over else "info", subject="",
        title="三公经费支出超出预算" if over else "三公经费支出未超出预算",
        explanation=f"三公经费指标{format_wan(quota_fen)}万元，支出{format_wan(spent)}万元（{detail}）"
                    + (f"，超出{format_wan(spent - quota_fen)}万元。" if over else "，未超出预算。"),
        amounts=amounts, evidence=evidence_from(spend) if over else (), passed=not over,
    )]
