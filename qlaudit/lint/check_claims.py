"""Checks of what the report claims in words: "100%" / "全部完成" / "全部拨付", counts that should add up, and a
problems section that says "无" while the report's own figures show a problem (goals: ``check_goals``).
Each function is ``(Context) -> list[Finding]``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from qlaudit.findings import SEVERITY_ORDER, Finding
from qlaudit.lint.context import Context, make
from qlaudit.lint.extract import COUNT, MONEY, RATE, Figure
from qlaudit.lint.structure import Sentence

_HUNDRED = Decimal(100)
_ITEM = re.compile(r"(?:^|[，,；;。：:\s])([一二三四五六七八九十]+是)")
_UNFINISHED = re.compile(r"未完成|未能完成|未达到|未达成|尚未|没有完成|部分完成")
_PUNCT = re.compile(r"[\s。.，,；;：:！!、]")


def _spent_budget(ctx: Context, subject: str, category: str) -> tuple[list[Figure], list[Figure]]:
    spent = ctx.money("支出", subject=subject, category=category)
    budget = next((found for m in ("调整后预算", "预算") if (found := ctx.money(m, subject=subject, category=category))),
                  [])
    return spent, budget


def check_claim_100(ctx: Context) -> list[Finding]:
    """"执行率100%" / "全部完成" claims against the figures of the same project, category or unit (a "100%" is the
    claim of what it is attributed to: ``基本支出执行率100%`` is checked against 基本支出, not the unit)."""
    phrases = ctx.vocab.terms("claim_phrases")
    claims: list[tuple[Sentence, str, str, str, list[Figure]]] = []
    for rate in ctx.of_kind(RATE):
        if rate.measure in ("执行率", "完成率", "支付率") and abs(rate.number - _HUNDRED) <= rate.half_unit \
                and not rate.period:  # 100%: a claim of full execution (above it, an overspend: not a claim)
            kind = "完成" if rate.measure == "完成率" else "执行"
            claims.append((ctx.sentence(rate), rate.subject, rate.category, kind, [rate]))
    claimed = {c[0].index for c in claims}
    for sentence in ctx.document.sentences:
        found = phrases.first(sentence.text)
        if found and sentence.index not in claimed:
            figures = [f for f in ctx.figures if f.sentence_index == sentence.index and f.subject]
            verb = _claimed_verb(ctx, sentence.text, found.end, found.surface)
            if verb and any(f.kind == MONEY for f in ctx.figures if f.sentence_index == sentence.index):
                claims.append((sentence, figures[0].subject if figures else "", found.surface, verb, []))
                continue
            kind = "完成" if any(w in found.surface for w in ctx.vocab.words["completion_claims"]) else "执行"
            claims.append((sentence, figures[0].subject if figures else "", "", kind, []))
    findings = []
    for sentence, subject, category, kind, figures in claims:
        name = subject or (category if kind in ("执行", "完成") else "") or "单位整体"
        if kind not in ("执行", "完成"):
            findings.extend(_payment_claim(ctx, sentence, name, subject, kind))
            continue
        if kind == "执行":
            spent, budget = _spent_budget(ctx, subject, category)
            carried = [f for f in ctx.money("年末结转", subject=subject, category=category) if f.fen > f.tolerance]
            lower = [f for f in ctx.of_kind(RATE) if f.subject == subject and f.category == category
                     and f.measure == "执行率" and f.number < _HUNDRED and not f.period]
            short = [(s, b) for s in spent for b in budget if b.fen - s.fen > s.tolerance + b.tolerance]
            evidence = [*(x for pair in short[:1] for x in pair), *carried, *lower]
            if evidence:
                detail = "；".join([*(f"{s.label} {s.raw} < {b.label} {b.raw}" for s, b in short[:1]),
                                    *(f"年末结转 {f.raw}" for f in carried), *(f"执行率 {f.raw}" for f in lower)])
                findings.append(make(ctx, "LINT-CLAIM-100", "error", f"{name}称全部执行/100%，但数字显示未执行完",
                                     f"声称全部执行，但{detail}。", [sentence, *figures, *evidence], subject=subject))
            elif spent and budget:
                findings.append(make(ctx, "LINT-CLAIM-100", "info", f"{name}全部执行的说法与金额相符",
                                     f"{spent[0].label} {spent[0].raw}，{budget[0].label} {budget[0].raw}。",
                                     [sentence, spent[0], budget[0]], subject=subject, passed=True))
            continue
        section = _claim_scope(ctx, sentence)
        pairs = _target_actual(ctx, section)
        unmet = [(t, a) for t, a in pairs if _unmet(t, a)]
        rates = [f for f in ctx.of_kind(RATE) if f.measure == "完成率" and f.number < _HUNDRED
                 and ctx.sentence(f).headings == sentence.headings]
        words = [s for s in section if _UNFINISHED.search(s.text) and s.index != sentence.index]
        if unmet or rates or words:
            detail = "；".join([*(f"目标 {t.direction}{t.raw}，实际 {a.raw}" for t, a in unmet),
                                *(f"完成率 {r.raw}" for r in rates), *(f"「{w.text}」" for w in words)])
            findings.append(make(ctx, "LINT-CLAIM-100", "error", f"{name}称全部完成，但有未完成的指标",
                                 f"{detail}。", [sentence, *figures, *(x for p in unmet for x in p), *rates, *words],
                                 subject=subject))
        elif pairs:
            findings.append(make(ctx, "LINT-CLAIM-100", "info", f"{name}全部完成的说法与指标相符",
                                 f"{len(pairs)} 个指标实际值达到目标值。", [sentence, *(x for p in pairs for x in p)],
                                 subject=subject, passed=True))
    return findings


def _claimed_verb(ctx: Context, text: str, end: int, surface: str) -> str:
    """The payment verb a claim of full payment names (``全部拨付`` → 拨付; ``全部拨付到位`` → 到位), '' when none."""
    verbs = ctx.vocab.words["claim_verbs"]
    if text[end:end + 2] == "到位" or surface.endswith("到位"):
        return "到位"
    return next((v for v in verbs if v in surface), "")


def _claim_scope(ctx: Context, sentence: Sentence) -> list[Sentence]:
    """The sentences a claim speaks for: its top-level section, or the whole report when it has none."""
    top = sentence.headings[:1]
    return [s for s in ctx.document.sentences if s.headings[:1] == top]


def _payment_claim(ctx: Context, sentence: Sentence, name: str, subject: str, verb: str) -> list[Finding]:
    """"资金80万元已全部拨付" against an amount of the same verb that is smaller (``已拨付72万元``) or a
    rate below 100% stated beside such an amount (``执行率97%``), in the claim's section."""
    claimed = [f for f in ctx.figures if f.sentence_index == sentence.index and f.kind == MONEY and not f.approx]
    if not claimed:
        return []
    total = max(claimed, key=lambda f: f.fen)
    scope = {s.index for s in _claim_scope(ctx, sentence)}
    paid = [f for f in ctx.figures if f.kind == MONEY and f.sentence_index in scope and not f.approx
            and f.sentence_index != sentence.index and verb in ctx.window(f)[-8:]]
    short = [f for f in paid if total.fen - f.fen > total.tolerance + f.tolerance and f.fen > 0]
    rates = [f for f in ctx.of_kind(RATE) if f.sentence_index in {p.sentence_index for p in short}
             and f.number < _HUNDRED and f.measure in ("执行率", "支付率")]
    if short:
        detail = "；".join([f"{p.raw}（第{p.line}行）" for p in short] + [f"{r.label} {r.raw}" for r in rates])
        return [make(ctx, "LINT-CLAIM-100", "error", f"{name}称已全部{verb}，但报告写{verb}{short[0].raw}",
                     f"声称 {total.raw} 已全部{verb}，而报告另写{verb}：{detail}，少 {_gap(total, short[0])}。",
                     [sentence, total, *short, *rates], subject=subject)]
    if any(abs(p.fen - total.fen) <= p.tolerance + total.tolerance for p in paid):
        return [make(ctx, "LINT-CLAIM-100", "info", f"{name}全部{verb}的说法与金额相符", f"{total.raw}。",
                     [sentence, *paid], subject=subject, passed=True)]
    return []


def _gap(total: Figure, part: Figure) -> str:
    from qlaudit.lint.context import wan

    return wan(total.fen - part.fen)


def _unmet(target: Figure, actual: Figure) -> bool:
    if target.direction == "≤":
        return actual.number > target.number
    return actual.number < target.number


def _role(ctx: Context, figure: Figure) -> str:
    window = ctx.window(figure)
    words = ((m.end, role) for key, role in (("target_words", "目标"), ("actual_words", "实际"))
             if (m := ctx.vocab.terms(key).last(window)) is not None)
    found = max(words, default=None)
    return found[1] if found else ("目标" if figure.direction else "")


def _target_actual(ctx: Context, sentences: list[Sentence]) -> list[tuple[Figure, Figure]]:
    """(target, actual) pairs of a sentence: a count or rate said as a target (``指标值为不低于200人``, ``计划6次``)
    and the next one of the same unit said as achieved (``实际完成值185人``)."""
    pairs = []
    for sentence in sentences:
        figures = [f for f in ctx.figures if f.sentence_index == sentence.index and f.kind in (COUNT, RATE)
                   and not f.approx]
        for i, target in enumerate(figures):
            if _role(ctx, target) != "目标":
                continue
            actual = next((f for f in figures[i + 1:] if f.unit == target.unit and _role(ctx, f) == "实际"), None)
            if actual is not None:
                pairs.append((target, actual))
    return pairs


def check_counts(ctx: Context) -> list[Finding]:
    """"共N家，其中a家、b家" adds up; "共N个，具体如下" is followed by N enumerated items."""
    findings = []
    for total in ctx.of_kind(COUNT):
        if total.measure != "合计":
            continue
        sentence = ctx.sentence(total)
        after = [f for f in ctx.of_kind(COUNT, total.sentence_index) if f.position > total.position]
        parts = [f for f in after if f.unit == total.unit]
        levels = ctx.vocab.terms("level_words")
        if parts and any(levels.last(ctx.window(p)) for p in parts):
            continue  # "12个指标，其中一级3个、二级9个、三级12个": levels of a hierarchy, not parts
        if parts and parts[0].measure == "其中" and not any(f.approx for f in parts):
            spread = sum(p.number for p in parts)
            exhaustive = "分别" in ctx.window(parts[0])
            if spread == total.number:
                findings.append(make(ctx, "LINT-COUNTS", "info", f"{total.raw}与分项相符",
                                     " + ".join(p.raw for p in parts) + f" = {total.raw}。", [total],
                                     passed=True))
            elif spread > total.number or exhaustive:
                findings.append(make(ctx, "LINT-COUNTS", "error", f"分项之和 {spread}{total.unit} ≠ 合计 {total.raw}",
                                     " + ".join(p.raw for p in parts) + f" = {spread}{total.unit}，合计为 {total.raw}。",
                                     [total]))
            else:
                findings.append(make(ctx, "LINT-COUNTS", "warning", f"分项之和 {spread}{total.unit} 少于合计 {total.raw}",
                                     "“其中”所列分项未覆盖合计，请核对是否漏列。", [total]))
            continue
        rest = sentence.text[total.position - sentence.start + len(total.raw):]
        if total.unit in ("个", "项") and any(w in rest for w in ctx.vocab.words["enumeration_words"]):
            items = _enumerated(ctx, sentence)
            if items and len(items) != total.number:
                findings.append(make(ctx, "LINT-COUNTS", "warning", f"称共{total.raw}，其后列举了 {len(items)} 项",
                                     f"合计 {total.raw}，列举 {len(items)} 项。", [sentence, *items]))
            elif items:
                findings.append(make(ctx, "LINT-COUNTS", "info", f"共{total.raw}与列举项数相符",
                                     f"列举 {len(items)} 项。", [sentence, *items], passed=True))
    return findings


def _enumerated(ctx: Context, sentence: Sentence) -> list[Sentence]:
    """Items listed after ``sentence`` in its section: lines with a number marker or "一是/二是"."""
    items: list[Sentence] = []
    seen_lines: set[int] = set()
    for s in ctx.document.sentences[sentence.index + 1:]:
        if s.headings != sentence.headings:
            break
        hits = len(_ITEM.findall(s.text if s.line in seen_lines else " " + s.text))
        if s.marker and s.line not in seen_lines:
            hits = max(hits, 1)
        items.extend([s] * hits)
        seen_lines.add(s.line)
    return items


def _problem_evidence(ctx: Context) -> list[tuple[str, str, list[Figure | Sentence]]]:
    """(severity, description, items) of problems the report's own figures and words show."""
    found: list[tuple[str, str, list[Figure | Sentence]]] = []
    for subject in ["", *ctx.subjects()]:
        name = subject or "单位整体"
        spent = ctx.money("支出", subject=subject)
        for measure, severity in (("调整后预算", "error"), ("年初预算", "warning"), ("预算", "warning")):
            if not subject and severity == "warning":
                break  # the unit spends beyond its 年初 budget whenever it gets additions: only projects are judged
            budget = ctx.money(measure, subject=subject)
            if spent and budget and spent[-1].fen - budget[0].fen > spent[-1].tolerance + budget[0].tolerance:
                found.append((severity, f"{name}实际支出 {spent[-1].raw} 超过{measure} {budget[0].raw}",
                              [budget[0], spent[-1]]))
                break
    w = ctx.vocab.words
    shown = {x.sentence_index for e in found for x in e[2] if isinstance(x, Figure)}
    for sentence in ctx.document.sentences:
        if sentence.index in shown:
            continue
        for key, severity, what in (("unbudgeted_none", "error", "无预算支出"),
                                    ("unbudgeted_initial", "warning", "未纳入年初预算的支出"),
                                    ("over_budget_words", "warning", "超年初预算支出")):
            hit = next((p for p in w[key] if p in sentence.text), None)
            if hit:
                found.append((severity, f"{what}（“{hit}”）", [sentence]))
                break
    for rate in ctx.of_kind(RATE):
        if rate.measure == "执行率" and rate.number < 90 and not rate.period:
            found.append(("warning", f"{rate.subject or '单位整体'}执行率 {rate.raw} 低于 90%", [rate]))
    for subject in ["", *ctx.subjects()]:
        spent = [f for f in ctx.money("支出", subject=subject) if f.parent < 0]
        budget = [f for f in ctx.money("调整后预算", subject=subject) or ctx.money("预算", subject=subject)
                  if f.parent < 0]
        if len({f.fen for f in spent}) == 1 and len({f.fen for f in budget}) == 1 and budget[0].fen > 0:
            share = Decimal(spent[0].fen) * 100 / Decimal(budget[0].fen)
            if share < 90:
                found.append(("warning", f"{subject or '单位整体'}支出 {spent[0].raw} 只占预算 {budget[0].raw} 的 "
                              f"{share:.2f}%", [budget[0], spent[0]]))
    return found


def check_problems_none(ctx: Context) -> list[Finding]:
    """"存在的问题：无" while the report shows 超预算 / 无预算 / 未纳入年初预算 spending or a low 执行率."""
    heading, body = ctx.document.section(ctx.vocab.words["problems_heading"])
    if heading is None:
        return []
    text = _PUNCT.sub("", "".join(s.text for s in body))
    answers = ctx.vocab.words["none_answers"]
    said_none = any(p in text for p in ctx.vocab.words["none_phrases"]) and len(text) <= 40
    if text and text not in answers and not (len(text) <= 8 and text.endswith(answers)) and not said_none:
        return []
    evidence = _problem_evidence(ctx)
    if not evidence:
        return [make(ctx, "LINT-PROBLEMS-NONE", "info", "问题部分为“无”，报告数字未显示问题",
                     "未发现超预算、无预算或执行率偏低的表述。", body, passed=True)]
    severity = min((e[0] for e in evidence), key=SEVERITY_ORDER.__getitem__)
    amounts = tuple((f"第{f.line}行 {f.subject}{f.label}", f.fen) for e in evidence for f in e[2]
                    if isinstance(f, Figure) and f.kind == MONEY)
    listed = "；".join(dict.fromkeys(e[1] for e in evidence))
    return [make(ctx, "LINT-PROBLEMS-NONE", severity, "“存在的问题”写“无”，但报告数字显示预算执行问题",
                 f"报告自身显示：{listed}。这些情况应在“存在的问题及原因分析”中说明。",
                 [*body, *(x for e in evidence for x in e[2])], amounts=amounts)]
