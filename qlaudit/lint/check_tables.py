"""Checks of the self-evaluation score tables (``scoretable``): the 资金 block and the indicator rows.

- 资金 block: 执行率 = 全年执行数 / 全年预算数 (else 年初预算数) (LINT-RATE); 得分 = 分值 × 执行率 capped at the
  分值 when the report states that rule ("执行率×分值", "20分×执行率": an error when broken); with no rule
  stated, full execution with points deducted is a warning and a score above its 分值 an error (LINT-SCORE); the
  年度资金总额 row against its 其中 rows, column by column (LINT-PARTS).
- Indicator rows (domain.md §9): a quantitative indicator met (actual = target, or beyond it in the stated
  direction) should get its full points (a deduction is a warning); one missed against an explicit ``≥``/``≤`` target
  that still gets full points is an error; a qualitative one met keeps at least 80% of its points; no score
  above its 分值.
Each function is ``(Context) -> list[Finding]``; evidence rows are the lines the cells were read from.
"""

from __future__ import annotations

from decimal import Decimal

from qlaudit.findings import Finding
from qlaudit.lint import scoretable
from qlaudit.lint.context import Context, make
from qlaudit.lint.scoretable import FundBlock, FundRow, IndicatorRow
from qlaudit.lint.structure import Sentence

_HUNDRED = Decimal(100)
_RATE_WORDS = ("执行率", "完成率")


def _lines(ctx: Context, lines: tuple[int, ...]) -> list[Sentence]:
    wanted = set(lines)
    found: dict[int, Sentence] = {}
    for s in ctx.document.sentences:
        if s.line in wanted and s.line not in found:
            found[s.line] = s
    return list(found.values())


def stated_rule(ctx: Context) -> Sentence | None:
    """A sentence or cell that states the linear rule: a rate word, a points word and ×/*/乘以/按执行率."""
    for s in ctx.document.sentences:
        text = s.text
        if any(w in text for w in _RATE_WORDS) and "分" in text and "**" not in text \
                and ctx.vocab.linear_rule_words.first(text):
            return s
    return None


def _over_rule(ctx: Context) -> Sentence | None:
    """A sentence stating how an execution rate above 100% is scored: the excess deducted in reverse (``超过100%的
    部分反向扣分``, the symmetric rule), instead of full points."""
    words = ctx.vocab.words["over_execution_rule"]
    return next((s for s in ctx.document.sentences if "100%" in s.text and any(w in s.text for w in words)), None)


def _half(text: str) -> Decimal:
    digits = text.rstrip("%").split(".")
    return Decimal(5).scaleb(-(len(digits[1]) if len(digits) > 1 else 0) - 1)


def _fund_row(ctx: Context, block: FundBlock, row: FundRow, rule: Sentence | None) -> list[Finding]:
    findings = []
    items = [*_lines(ctx, row.lines), *([rule] if rule else [])]
    spent, budget = row.values.get("spent"), block.denominator(row)
    computed = spent * 100 / budget if spent is not None and budget else None
    stated = row.values.get("rate")
    name = row.label.rstrip(":：")
    if stated is not None and computed is not None and spent is not None and budget is not None:
        # the amounts are rounded too: the rate may be anywhere their rounding allows (small amounts, wide range)
        ds, db = _half(row.texts["spent"]), _half(row.texts["budget" if "budget" in row.values else "initial"])
        low = (spent - ds) * 100 / (budget + db)
        high = (spent + ds) * 100 / (budget - db) if budget > db else None
        tolerance = _half(row.texts["rate"]) + Decimal("0.005")
        if stated + tolerance < low or (high is not None and stated - tolerance > high):
            findings.append(make(ctx, "LINT-RATE", "error", f"{name}执行率 {row.texts['rate']} 与金额不符：应为 {computed:.2f}%",
                                 f"全年执行数 {row.texts['spent']} ÷ 预算数 {budget} = {computed:.2f}%。", items))
    rate = stated if stated is not None else computed
    weight, score = row.values.get("weight"), row.values.get("score")
    if weight is None or score is None or rate is None:
        return findings
    expected = weight * min(rate, _HUNDRED) / 100
    half = _half(row.texts["score"])
    rate_half = _half(row.texts["rate"]) if "rate" in row.texts else Decimal(0)
    basis = f"分值 {row.texts['weight']} × 执行率 {min(rate, _HUNDRED):.2f}% = {expected:.2f}"
    over = _over_rule(ctx) if rate > _HUNDRED else None
    if over is not None:  # "超过100%的部分反向扣分": 分值 × (2 − 执行率)
        expected = weight * max(2 * _HUNDRED - rate, Decimal(0)) / 100
        basis = f"分值 {row.texts['weight']} × (200% − 执行率 {rate:.2f}%) = {expected:.2f}（「{over.text[:40]}」）"
        items.append(over)
    if score > weight + half:
        findings.append(make(ctx, "LINT-SCORE", "error", f"{name}得分 {row.texts['score']} 超过分值 {row.texts['weight']}",
                             "得分不能高于该指标的分值。", items))
    elif (rule or over) is not None and abs(score - expected) > half + weight * rate_half / 100:
        stated_as = rule or over
        findings.append(make(ctx, "LINT-SCORE", "error", f"{name}得分 {row.texts['score']} 与表中计分规则不符：应为 {expected:.2f}",
                             f"{basis}（规则：「{stated_as.text[:40] if stated_as else ''}」）。", items))
    elif rule is None and over is None and rate >= _HUNDRED and score < weight - half:
        findings.append(make(ctx, "LINT-SCORE", "warning", f"{name}执行率 {rate:.2f}% 却扣分：得分 {row.texts['score']}，分值 {row.texts['weight']}",
                             "预算全部执行，按执行率计分应得满分；表中未说明扣分原因。", items))
    else:
        findings.append(make(ctx, "LINT-SCORE", "info", f"{name}得分 {row.texts['score']} 与执行率相符", f"{basis}。",
                             items, passed=True))
    return findings


def _fund_parts(ctx: Context, block: FundBlock) -> list[Finding]:
    """年度资金总额 = Σ 其中 rows, for each money column."""
    totals = [r for r in block.rows if scoretable.is_total_row(r.label)]
    if not totals:
        return []
    total = totals[0]
    parts = [r for r in block.rows if r is not total and not scoretable.is_total_row(r.label)]
    findings = []
    for column in ("initial", "budget", "spent"):
        values = [(r, r.values[column]) for r in parts if column in r.values]
        if column not in total.values or not values:
            continue
        spread = sum((v for _, v in values), Decimal(0))
        tolerance = sum((_half(r.texts[column]) for r, _ in values), _half(total.texts[column]))
        diff = total.values[column] - spread
        terms = " + ".join(f"{r.label.rstrip(':：')} {r.texts[column]}" for r, _ in values)
        items = _lines(ctx, (*total.lines, *(ln for r, _ in values for ln in r.lines)))
        title = f"{total.label.rstrip(':：')} {total.texts[column]} {'=' if abs(diff) <= tolerance else '≠'} {terms}"
        if abs(diff) <= tolerance:
            findings.append(make(ctx, "LINT-PARTS", "info", title, "资金表的合计行与其中各行相符。", items, passed=True))
        elif diff < 0 or len(values) == len(parts):
            findings.append(make(ctx, "LINT-PARTS", "error", title, f"资金表的其中各行合计与合计行相差 {diff}。", items))
    return findings


def _met(row: IndicatorRow) -> bool | None:
    """True when the indicator is met, False when missed against an explicit direction, None when unknown."""
    target, actual = row.target, row.actual
    if target.number is None or actual.number is None:
        if target.text and target.text == actual.text:
            return True
        return None
    if actual.number == target.number:
        return True
    if target.op == "≥":
        return actual.number > target.number
    if target.op == "≤":
        return actual.number < target.number
    return None


def _indicator(ctx: Context, row: IndicatorRow) -> list[Finding]:
    items = _lines(ctx, row.lines)
    met = _met(row)
    name = row.name.lstrip("★").strip()[:30]
    said = f"指标值 {row.target.text}，实际值 {row.actual.text}，分值 {row.weight}，得分 {row.score}"
    if row.score > row.weight:
        return [make(ctx, "LINT-SCORE", "error", f"{name}：得分 {row.score} 超过分值 {row.weight}", f"{said}。", items)]
    if met is False and row.score >= row.weight:
        return [make(ctx, "LINT-SCORE", "error", f"{name}：指标未完成却得满分",
                     f"{said}：实际值未达到指标值，按完成比例计分不应得满分"
                     + (f"（表中说明：「{row.reason}」）" if row.reason else "") + "。", items)]
    if met and row.target.quantitative and row.score < row.weight:
        return [make(ctx, "LINT-SCORE", "warning", f"{name}：指标已完成却扣分",
                     f"{said}：实际值达到指标值，定量指标完成应得满分"
                     + (f"；表中说明：「{row.reason}」" if row.reason else "，表中未说明扣分原因") + "。", items)]
    if met and not row.target.quantitative and row.score < row.weight * Decimal("0.8"):
        return [make(ctx, "LINT-SCORE", "warning", f"{name}：定性指标已达成，得分低于分值的80%", f"{said}。", items)]
    if met is not None:
        return [make(ctx, "LINT-SCORE", "info", f"{name}：得分与完成情况相符", f"{said}。", items, passed=True)]
    return []


def check_score_tables(ctx: Context) -> list[Finding]:
    rule = stated_rule(ctx)
    findings: list[Finding] = []
    for block in ctx.fund_blocks:
        for row in block.rows:
            findings.extend(_fund_row(ctx, block, row, rule))
        findings.extend(_fund_parts(ctx, block))
    for indicator in ctx.indicator_rows:
        findings.extend(_indicator(ctx, indicator))
    return findings
