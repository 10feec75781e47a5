"""LINT-VAGUE-GOAL: goals need measurable indicators (数量/质量/时效/成本, domain.md §6-7), not only 加强/提升/完善."""

from __future__ import annotations

import re

from qlaudit.findings import Finding
from qlaudit.lint.context import Context, make
from qlaudit.lint.extract import COUNT, MONEY, RATE
from qlaudit.lint.structure import Sentence

_PUNCT = re.compile(r"[\s。.，,；;：:！!、]")


def _measurable(ctx: Context, sentence: Sentence) -> bool:
    kinds = {f.kind for f in ctx.figures if f.sentence_index == sentence.index}
    return bool(kinds - {MONEY, "number", "grade"}) or bool(ctx.vocab.regex("deadline_patterns").search(sentence.text))


def _quantified(ctx: Context) -> bool:
    """Some indicator of the report is quantified: a goal with a figure or a deadline, a target (``指标值``, a
    bound such as ``≥80%``), or a row of an indicator table."""
    goal_words = ctx.vocab.terms("goal_words")
    if any((s.in_section(ctx.vocab.words["goals_heading"]) or goal_words.first(s.text)) and _measurable(ctx, s)
           for s in ctx.document.sentences):
        return True
    if any(f.direction or f.measure == "目标" for f in ctx.figures if f.kind in (COUNT, RATE)):
        return True
    return bool(ctx.indicator_rows)


def check_vague_goal(ctx: Context) -> list[Finding]:
    """Goals need measurable indicators (数量/质量/时效/成本, domain.md §6-7), not only 加强/提升/完善. A warning
    when no indicator of the report is quantified at all; when some are, the vague ones are noted (info)."""
    vague = ctx.vocab.terms("vague_verbs")
    goal_words = ctx.vocab.terms("goal_words")
    findings, unquantified = [], []
    severity = "info" if _quantified(ctx) else "warning"
    for sentence in ctx.document.sentences:
        in_goals = sentence.in_section(ctx.vocab.words["goals_heading"])
        if not (in_goals or goal_words.first(sentence.text)) or _measurable(ctx, sentence):
            continue
        if len(_PUNCT.sub("", sentence.text)) <= 8 and sentence.text.rstrip().endswith((":", "：")):
            continue
        verbs = dict.fromkeys(m.surface for m in vague.all(sentence.text))
        if verbs:
            findings.append(make(ctx, "LINT-VAGUE-GOAL", severity,
                                 f"目标只有“{'、'.join(verbs)}”类表述，没有可衡量的指标",
                                 "绩效目标应有数量、质量、时效或成本指标（指标值和计量单位）。", [sentence]))
        elif in_goals:
            unquantified.append(sentence)
    if unquantified:
        findings.append(make(ctx, "LINT-VAGUE-GOAL", severity, f"绩效目标未量化（{len(unquantified)}处）",
                             "这些目标没有指标值、计量单位或完成时限，无法据以评价。", unquantified))
    return findings
