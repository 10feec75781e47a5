"""Checks of the self-evaluation score: grade vs the grade bands, a score above its maximum, component scores vs
the total, and an indicator's score vs its rule (分值 × 执行率, or 分值 × 完成值/指标值 when the target is not met).

Grade bands are those the report states (``等级：优≥90分、良≥80分…``), else those of the scoring settings lint is
given (a province's scoring file), else ``qlaudit/scoring.toml`` (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below; 财预〔2020〕10号,
verify).
A rule written in the report (``按执行率计分``, ``分值×执行率``) makes a mismatch an error; the default linear rule
of domain.md §6, when the report states none, only a warning (some provinces use bands).
"""

from __future__ import annotations

import re
from decimal import Decimal

from qlaudit.findings import Finding
from qlaudit.lint.context import Context, make
from qlaudit.lint.extract import COUNT, GRADE, RATE, SCORE, Figure
from qlaudit.scoring import load_settings

_BANDED = ("档", "区间", "分段")
# A stated rule that execution above 100% (超预算支出) loses points: the share is 2 − rate (at least 0), the rule
# qlaudit's own scoring states (财预〔2020〕10号 practice, qlaudit/scoring.toml) and some provinces print.
_OVER_EXECUTION_RULE = ("反向扣分", "超出部分扣分", "超过100%的部分扣分")


def _total_scores(ctx: Context, sentence_index: int | None = None) -> list[Figure]:
    scores = ctx.of_kind(SCORE, sentence_index)
    totals = [f for f in scores if f.category == "总分" and f.measure != "分值"]
    if sentence_index is not None and not totals:
        totals = [f for f in scores if f.measure == "得分" and not f.category]
    return totals


_BAND = re.compile(r"(优秀|良好|中等|合格|较差|优|良|中|差)\s*(?:[≥>]=?|不低于|不少于)\s*(\d+(?:\.\d+)?)\s*分?")
_BAND_ABOVE = re.compile(r"(\d+(?:\.\d+)?)\s*分?\s*[(（]?含[)）]?\s*以上(?:的)?为\s*[“\"]?(优秀|良好|中等|合格|较差|优|良|中|差)")


def stated_bands(ctx: Context) -> tuple[tuple[str, Decimal], ...] | None:
    """The grade bands the report states (``等级：优≥90分、良≥80分、中≥60分、差低于60分``, ``90分（含）以上为优``),
    highest first with the lowest grade at 0; None when no sentence states at least two."""
    for sentence in ctx.document.sentences:
        found = [(m.group(1), Decimal(m.group(2))) for m in _BAND.finditer(sentence.text)]
        found += [(m.group(2), Decimal(m.group(1))) for m in _BAND_ABOVE.finditer(sentence.text)]
        if len(found) < 2:
            continue
        bands = {ctx.vocab.grades.get(label, label): lowest for label, lowest in found}
        lowest_grade = next((ctx.vocab.grades[g] for g in ("差", "较差") if g in sentence.text
                             and ctx.vocab.grades[g] not in bands), None)
        ordered = sorted(bands.items(), key=lambda x: -x[1])
        if lowest_grade is not None:
            ordered.append((lowest_grade, Decimal(0)))
        return tuple(ordered)
    return None


def grade_bands(ctx: Context) -> tuple[tuple[tuple[str, Decimal], ...], str]:
    """(bands, where they come from): stated in the report, else the scoring settings lint was given (the
    report's configured scoring file), else ``qlaudit/scoring.toml``."""
    stated = stated_bands(ctx)
    if stated:
        return stated, "报告所述等级分档"
    settings = ctx.scoring or load_settings()
    return settings.grades, "评分设置的等级分档"


def _grade(bands: tuple[tuple[str, Decimal], ...], total: Decimal) -> str:
    return next((label for label, lowest in bands if total >= lowest), bands[-1][0])


def check_score(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    grades, source = grade_bands(ctx)
    bands = f"{source}：" + "，".join(f"{label} ≥ {lowest}" for label, lowest in grades)
    for grade in ctx.of_kind(GRADE):
        totals = _total_scores(ctx, grade.sentence_index)
        if not totals:  # the total of the same project (or of the unit) stated elsewhere, if stated once
            everywhere = [f for f in _total_scores(ctx) if f.subject == grade.subject]
            totals = everywhere if len({f.number for f in everywhere}) == 1 else []
        if not totals:
            continue
        total = totals[0]
        expected = _grade(grades, total.number)
        if expected == grade.value:
            findings.append(make(ctx, "LINT-SCORE", "info", f"得分 {total.raw} 对应等级“{grade.value}”",
                                 f"{bands}。", [grade, total], passed=True))
        else:
            findings.append(make(ctx, "LINT-SCORE", "error", f"得分 {total.raw} 应评为“{expected}”，报告写“{grade.value}”",
                                 f"{bands}。", [grade, total]))
    for score in ctx.of_kind(SCORE):
        if score.measure == "分值":
            continue
        limits = [f for f in ctx.of_kind(SCORE, score.sentence_index) if f.measure == "分值"
                  and f.category == score.category and f.position < score.position]
        limit = limits[-1].number if limits else (Decimal(100) if score.category == "总分" else None)
        if limit is not None and score.number > limit:
            findings.append(make(ctx, "LINT-SCORE", "error", f"得分 {score.raw} 超过满分 {limit}分",
                                 "得分不能高于该指标的分值。", [score, *limits[-1:]]))
    findings.extend(_components(ctx))
    findings.extend(_rules(ctx))
    return findings


def _components(ctx: Context) -> list[Finding]:
    """The unit's total score vs its dimensions' scores, as the prose states them (a table's scores are each a
    project's or an indicator's, not the unit's dimensions)."""
    def unit_prose(f: Figure) -> bool:
        return not f.subject and not ctx.sentence(f).cells

    totals = [f for f in _total_scores(ctx) if unit_prose(f)]
    parts: dict[str, Figure] = {}
    for f in ctx.of_kind(SCORE):
        if f.measure == "得分" and f.category not in ("", "总分") and unit_prose(f):
            parts.setdefault(f.category, f)
    if not totals or len(parts) < 2:
        return []
    total = totals[0]
    spread = sum(p.number for p in parts.values())
    tolerance = sum(p.half_unit for p in parts.values()) + total.half_unit
    terms = " + ".join(f"{name} {p.raw}" for name, p in parts.items())
    items = [total, *parts.values()]
    if abs(spread - total.number) <= tolerance:
        return [make(ctx, "LINT-SCORE", "info", f"总分 {total.raw} = 各部分得分之和", f"{terms}。", items, passed=True)]
    return [make(ctx, "LINT-SCORE", "error", f"各部分得分之和 {spread}分 ≠ 总分 {total.raw}", f"{terms} = {spread}分。",
                 items)]


def _rules(ctx: Context) -> list[Finding]:
    findings = []
    stated_anywhere = any(ctx.vocab.linear_rule_words.first(s.text) for s in ctx.document.sentences
                          if "分" in s.text)
    for sentence in ctx.document.sentences:
        if sentence.line in ctx.fund_lines:
            continue  # a 资金 block row: ``check_tables``
        scores = ctx.of_kind(SCORE, sentence.index)
        weights = [f for f in scores if f.measure == "分值"]
        got = [f for f in scores if f.measure == "得分" and f.category != "总分"]
        if not weights or not got or any(w in sentence.text for w in _BANDED):
            continue
        weight, score = weights[0], got[-1]
        rates = [f for f in ctx.of_kind(RATE, sentence.index) if f.measure in ("执行率", "完成率")]
        counts = ctx.of_kind(COUNT, sentence.index)
        target = next((f for f in counts if f.measure == "目标"), None)
        actual = next((f for f in counts if f.measure == "实际" and target is not None and f.unit == target.unit), None)
        if rates and rates[0].number > 100 and any(w in sentence.text for w in _OVER_EXECUTION_RULE):
            share = max(Decimal(0), 2 - rates[0].number / 100)
            slack = weight.number * rates[0].half_unit / 100
            basis = f"分值 {weight.raw} × (2 − 执行率 {rates[0].raw})（超过100%的部分反向扣分）"
            items = [weight, rates[0], score]
        elif rates:
            share = min(rates[0].number, Decimal(100)) / 100
            slack = weight.number * rates[0].half_unit / 100
            basis, items = f"分值 {weight.raw} × 执行率 {rates[0].raw}", [weight, rates[0], score]
        elif target is not None and actual is not None and target.number > 0:
            share = min(actual.number / target.number, Decimal(1))
            slack = Decimal(0)
            basis, items = f"分值 {weight.raw} × 完成值 {actual.raw} / 指标值 {target.raw}", [weight, target, actual, score]
        else:
            continue
        expected = weight.number * share
        shown = expected.quantize(Decimal(1).scaleb(-max(score.places, 1)))
        stated = bool(ctx.vocab.linear_rule_words.first(sentence.text)) or stated_anywhere
        if abs(score.number - expected) <= score.half_unit + slack:
            findings.append(make(ctx, "LINT-SCORE", "info", f"得分 {score.raw} 符合计分规则", f"{basis} = {shown}分。",
                                 items, passed=True))
        else:
            findings.append(make(ctx, "LINT-SCORE", "error" if stated else "warning",
                                 f"得分 {score.raw} 与计分规则不符：应为 {shown}分",
                                 f"{basis} = {shown}分" + ("" if stated else "（报告未写明计分规则，按线性规则推算）") + "。",
                                 items))
    return findings
