"""Checks of the report's amounts against each other: parts vs totals, one item with two amounts, sources vs uses,
rates vs their numerator and denominator. Each function is ``(Context) -> list[Finding]``.

Tolerance of rounded figures (domain.md §5): a figure written with d decimals of 万元 is within half a unit of its
last decimal, at most ±0.005 万元; a sum of n rounded addends is within the sum of their tolerances. When an item
is stated with several amounts, an identity holds if one choice of them satisfies it (the conflict itself is
LINT-SAME-ITEM's finding).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from qlaudit.findings import Finding
from qlaudit.lint.context import Context, describe, make, percent, tolerance_wan, wan
from qlaudit.lint.extract import MONEY, RATE, Figure
from qlaudit.lint.hierarchy import CHANGE, own_name

_IDENTITIES = (("", ("基本支出", "项目支出")), ("基本支出", ("人员经费", "公用经费")))
_IDENTITY_MEASURES = ("支出", "预算", "年初预算", "调整后预算", "收入")
_MAX_COMBINATIONS = 512


def _closest(totals: list[Figure], groups: list[list[Figure]], signs: tuple[int, ...] = ()
             ) -> tuple[int, Figure, tuple[Figure, ...], int]:
    """(difference total − Σ ± parts, total, parts, tolerance) of the choice that fits best."""
    signs = signs or (1,) * len(groups)
    best: tuple[int, Figure, tuple[Figure, ...], int] | None = None
    totals, groups = _distinct(totals), [_distinct(g) for g in groups]
    choices = ((t, parts) for t in totals for parts in itertools.islice(itertools.product(*groups), _MAX_COMBINATIONS))
    for total, parts in itertools.islice(choices, _MAX_COMBINATIONS):
        diff = total.fen - sum(sign * p.fen for sign, p in zip(signs, parts, strict=True))
        tolerance = max(sum(p.tolerance for p in parts), total.tolerance)
        excess = max(0, abs(diff) - tolerance)
        if best is None or excess < max(0, abs(best[0]) - best[3]):
            best = (diff, total, parts, tolerance)
    assert best is not None
    return best


def _distinct(figures: list[Figure]) -> list[Figure]:
    """The first figure of each distinct amount (an item repeated ten times is one choice, not ten)."""
    return list({f.fen: f for f in reversed(figures)}.values())[::-1]


def _sum_finding(ctx: Context, total_name: str, totals: list[Figure], names: list[str], groups: list[list[Figure]],
                 short_is: str = "error", signs: tuple[int, ...] = (), severity: str = "error") -> Finding:
    diff, total, parts, tolerance = _closest(totals, groups, signs)
    terms = "".join(f"{' − ' if sign < 0 else ' + '}{n} {p.raw}"
                    for sign, n, p in zip(signs or (1,) * len(parts), names, parts, strict=True))[3:]
    items = [*totals, *(f for g in groups for f in g)]
    amounts = ((f"{total_name}（第{total.line}行）", total.fen),
               *((f"{n}（第{p.line}行）", p.fen) for n, p in zip(names, parts, strict=True)))
    if abs(diff) <= tolerance:
        return make(ctx, "LINT-PARTS", "info", f"{total_name} {total.raw} = {terms}",
                    f"分项之和与合计相符（容差 ±{tolerance_wan(tolerance)}）。", items, amounts=amounts, passed=True)
    severity = severity if diff < 0 or short_is == "error" else short_is
    gap = "少" if diff > 0 else "多"
    return make(ctx, "LINT-PARTS", severity, f"{total_name} {total.raw} ≠ {terms}",
                f"分项合计比{total_name}{gap} {wan(abs(diff))}，超出四舍五入容差 ±{tolerance_wan(tolerance)}。", items,
                amounts=(*amounts, ("差额", diff)))


def check_parts(ctx: Context) -> list[Finding]:
    """支出 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费 (domain.md §2); 项目支出 = Σ listed projects."""
    findings = []
    for measure in _IDENTITY_MEASURES:
        for total_category, part_categories in _IDENTITIES:
            totals = ctx.money(measure, category=total_category)
            groups = [ctx.money(measure, category=c) for c in part_categories]
            if totals and all(groups):
                name = totals[0].label
                findings.append(_sum_finding(ctx, name, totals, [g[0].label for g in groups], groups))
    findings.extend(_phases_identity(ctx))
    findings.extend(_breakdowns(ctx))
    totals = [f for f in ctx.money("支出", category="项目支出") if f.parent < 0]
    summary = [f for f in ctx.money("支出", subject=None) if f.parent < 0 and f.subject and ctx.is_summary(f.subject)]
    listed = _listed_block(totals, summary)
    subjects = [s for s in ctx.subjects() if [f for f in ctx.money("支出", subject=s) if f.parent < 0 and listed(f)]]
    if totals and subjects:
        groups = [[f for f in ctx.money("支出", subject=s) if f.parent < 0 and listed(f)] for s in subjects]
        names = [f"{s}支出" for s in subjects]
        if summary:  # the projects not listed one by one, summed in one row ("另有N项", "其余项目"): one part
            groups.append(summary)
            names.append("其余项目支出")
        findings.append(_sum_finding(ctx, "项目支出", totals, names, groups, "warning"))
    return findings


def _listed_block(totals: list[Figure], summary: list[Figure]) -> Callable[[Figure], bool]:
    """Which project figures belong to the list a summary row closes: with "其余项目…" (or "另有N项") the list is the
    projects stated between the last 项目支出 total before that row and the row itself — a project named elsewhere
    (in 七, say) is not one more part of it. Without a summary row every stated project is a part."""
    if not summary:
        return lambda f: True
    end = summary[0].position
    start = max((t.position for t in totals if t.position < end), default=-1)
    return lambda f: start < f.position < end


def _exhaustive(ctx: Context, total: Figure, parts: list[Figure]) -> bool:
    """The parts claim to cover the total: a ``即`` list, parts named by their source (中央/省级/本级, 补助/配套,
    拨款/自筹), or ``分别``."""
    if parts[0].breakdown in ("即", "来源"):
        return True
    sources = ctx.vocab.terms("source_words")
    named = {m.canonical for p in parts if (m := sources.last(ctx.window(p))) is not None}
    if len(named) >= 2 and len(named) == len(parts):
        return True
    between = ctx.document.text[total.position: parts[0].position]
    return any(w in between for w in ctx.vocab.words["exhaustive_words"])


def _breakdowns(ctx: Context) -> list[Finding]:
    """A total and the parts listed after it (``其中`` / ``即`` / brackets / sources, see ``hierarchy``): parts
    beyond the total are an error; parts short of it an error when they claim to cover it, else not judged."""
    groups: dict[int, list[Figure]] = defaultdict(list)
    for f in ctx.figures:
        if f.parent >= 0 and f.kind == MONEY:
            groups[f.parent].append(f)
    findings = []
    for position, parts in groups.items():
        total = ctx.at(position)
        if total is None or total.kind != MONEY or len(parts) < 2 or any(p.approx for p in parts) or total.approx:
            continue
        if all(p.category for p in parts) and not total.subject:
            continue  # 支出 = 基本支出 + 项目支出 …: the category identities above
        if any(p.measure in ("年初预算", "追加", "调减", "追加/调减") for p in parts):
            continue  # 预算 (年初预算 …, 追加 …, 调减 …): the budget phases identity
        name = f"{total.subject}{total.label}" or own_name(ctx.window(total)) or "合计"
        diff, _, _, tolerance = _closest([total], [[p] for p in parts])
        if diff < -tolerance or (diff > tolerance and _exhaustive(ctx, total, parts)) or abs(diff) <= tolerance:
            findings.append(_sum_finding(ctx, name, [total], [f"{p.subject}{p.label}" or "分项" for p in parts],
                                         [[p] for p in parts]))
    return findings


def _phases_identity(ctx: Context) -> list[Finding]:
    """调整后预算 = 年初预算 + 追加 − 调减 + 上年结转 (domain.md §2), or with the net ``追加/调减`` of a table, for the
    unit, each category and each project. A phase the report does not state counts as 0, so a mismatch is then a
    warning; with all phases stated it is an error."""
    findings = []
    keys = dict.fromkeys((f.subject, f.category) for f in ctx.money("调整后预算", subject=None, category=None))
    for subject, category in keys:
        def stated_as(measure: str, s: str = subject, c: str = category) -> list[Figure]:
            return ctx.money(measure, subject=s, category=c)

        adjusted, initial = stated_as("调整后预算"), stated_as("年初预算")
        forms = [f for f in ((("追加/调减", 1),), (("追加", 1), ("调减", -1)))
                 if any(stated_as(name) for name, _ in f)] or [(("追加", 1), ("调减", -1))]
        for changes in forms:  # the net change of a table and the 追加 / 调减 of the prose: each must hold
            others = [(name, sign, stated_as(name)) for name, sign in (*changes, ("上年结转", 1))]
            stated = [o for o in others if o[2]]
            if not adjusted or not initial or not stated:
                continue
            prefix = subject + category
            names = [f"{prefix}年初预算", *(f"{prefix}{n}" for n, _, _ in stated)]
            groups = [initial, *(g for _, _, g in stated)]
            signs = (1, *(sign for _, sign, _ in stated))
            severity = "error" if len(stated) == len(others) else "warning"
            findings.append(_sum_finding(ctx, f"{prefix}调整后预算", adjusted, names, groups, "error", signs,
                                         severity))
    return findings


def check_same_item(ctx: Context) -> list[Finding]:
    """The same labelled item (subject, category, measure, period) stated with different amounts."""
    groups: dict[tuple[str, ...], list[Figure]] = defaultdict(list)
    for f in ctx.money(None, subject=None, category=None):
        if f.measure and f.measure != CHANGE:
            groups[f.key].append(f)
    for f in ctx.of_kind(RATE):
        if f.measure == "执行率" and not f.period:
            groups[("rate", f.subject, f.category, f.measure)].append(f)
    findings = []
    for figures in groups.values():
        if len(figures) < 2:
            continue
        first = figures[0]
        name = f"{first.subject}{first.category if first.kind == RATE else ''}{first.label}" + (
            f"（{first.period}）" if first.period else "")
        conflict = [(a, b) for a, b in itertools.combinations(figures, 2) if not _same(a, b) and _comparable(ctx, a, b)]
        if not conflict and any(not _same(a, b) for a, b in itertools.combinations(figures, 2)):
            continue  # only a total and its parts, or parts of different totals: different items
        listed = "、".join(describe(f) for f in figures)
        amounts = tuple((f"第{f.line}行", f.value) for f in figures if isinstance(f.value, int)) \
            if first.kind != RATE else ()
        if conflict:
            values = " / ".join(dict.fromkeys(f.raw for f in figures))
            findings.append(make(ctx, "LINT-SAME-ITEM", "error", f"{name}前后不一致：{values}",
                                 f"同一项目在报告中出现不同金额：{listed}。", figures, subject=first.subject,
                                 amounts=amounts))
        else:
            findings.append(make(ctx, "LINT-SAME-ITEM", "info", f"{name}前后一致（{len(figures)}处）",
                                 f"{listed}。", figures, subject=first.subject, amounts=amounts, passed=True))
    return findings


def _comparable(ctx: Context, a: Figure, b: Figure) -> bool:
    """Like with like: never a total and its own part, two parts of one total, or parts of totals that are
    themselves different items (建筑工程 of the first batch and of the second)."""
    if a.parent == b.position or b.parent == a.position or (a.parent >= 0 and a.parent == b.parent):
        return False
    if a.parent >= 0 and b.parent >= 0:
        pa, pb = ctx.at(a.parent), ctx.at(b.parent)
        return pa is not None and pb is not None and pa.key == pb.key
    return True


def _same(a: Figure, b: Figure) -> bool:
    if a.kind == RATE:
        return abs(a.number - b.number) <= a.half_unit + b.half_unit
    return abs(a.fen - b.fen) <= a.tolerance + b.tolerance


def _implied_carry_in(ctx: Context) -> list[tuple[str, int, list[Figure]]]:
    """Projects spent beyond their budget in a sentence that names carried-over money: (name, excess, figures)."""
    carry = ctx.vocab.terms("carry_words")
    found = []
    for subject in ctx.subjects():
        spent = ctx.money("支出", subject=subject)
        budget = ctx.money("年初预算", subject=subject) or ctx.money("预算", subject=subject)
        if not spent or not budget:
            continue
        excess = spent[-1].fen - budget[0].fen
        mentions = any(carry.first(ctx.sentence(f).text) for f in (*spent, *budget))
        if excess > spent[-1].tolerance + budget[0].tolerance and mentions:
            found.append((subject, excess, [budget[0], spent[-1]]))
    return found


def check_sources_uses(ctx: Context) -> list[Finding]:
    """收入 + 上年结转 = 支出 + 年末结转 (年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余, domain.md §2); a stated
    超支 (spending beyond the budget, printed apart so that no 年末结转 is negative) is spending without a source."""
    income, spent = ctx.money("收入"), ctx.money("支出")
    if not income or not spent:
        return []
    carry_in, carry_out, over = ctx.money("上年结转"), ctx.money("年末结转"), ctx.money("超支")
    i, s = income[0], spent[0]
    c = carry_in[0].fen if carry_in else 0
    o = carry_out[0].fen if carry_out else 0
    x = over[0].fen if over else 0  # spent beyond the budget: its 年末结转 is 0, the 超支 is a use without a source
    stated = [i, s, *carry_in[:1], *carry_out[:1], *over[:1]]
    tolerance = sum(f.tolerance for f in stated)
    diff = i.fen + c + x - s.fen - o
    amounts = (("收入", i.fen), ("上年结转", c), *((("超支", x),) if over else ()), ("支出", s.fen), ("年末结转", o),
               ("差额", diff))
    c_text = carry_in[0].raw if carry_in else "（未列示）"
    o_text = carry_out[0].raw if carry_out else "（未列示）"
    x_text = f" + 超支 {over[0].raw}" if over else ""
    equation = f"收入 {i.raw} + 上年结转 {c_text}{x_text} − 支出 {s.raw} − 年末结转 {o_text} = {wan(diff)}"
    carry_words = ctx.vocab.terms("carry_words")
    mentions = [x for x in ctx.document.sentences if carry_words.first(x.text)]
    implied = _implied_carry_in(ctx)
    if carry_in and carry_out:
        if abs(diff) <= tolerance:
            return [make(ctx, "LINT-SOURCES-USES", "info", "资金来源与去向平衡", equation + "。", stated,
                         amounts=amounts, passed=True)]
        return [make(ctx, "LINT-SOURCES-USES", "error", f"资金来源与去向不平衡：差 {wan(diff)}",
                     f"{equation}，应为 0（容差 ±{tolerance_wan(tolerance)}）。", stated, amounts=amounts)]
    if not mentions and not carry_in and not carry_out:
        if abs(diff) <= tolerance:
            return [make(ctx, "LINT-SOURCES-USES", "info", "收入与支出相等，未提及结转", equation + "。", stated,
                         amounts=amounts, passed=True)]
        return [make(ctx, "LINT-SOURCES-USES", "warning", f"收入与支出相差 {wan(diff)}，未说明结转结余",
                     f"{equation}；报告既未列示上年结转，也未列示年末结转结余。", stated, amounts=amounts)]
    extra = ""
    if implied:
        total = sum(x[1] for x in implied)
        extra = "；报告自身显示使用了上年结转资金：" + "、".join(
            f"{n}实际支出比预算多 {wan(e)}" for n, e, _ in implied) + f"，即上年结转至少 {wan(total)}"
        amounts = (*amounts, ("推算上年结转", total))
    missing = "、".join(n for n, fs in (("上年结转", carry_in), ("年末结转", carry_out)) if not fs)
    if abs(diff) <= tolerance and not implied:
        return [make(ctx, "LINT-SOURCES-USES", "info", "资金来源与去向平衡（部分结转未列示）",
                     f"{equation}；未列示{missing}。", [*stated, *mentions], amounts=amounts, passed=True)]
    return [make(ctx, "LINT-SOURCES-USES", "warning", f"提到结转资金，但未列示{missing}金额，来源与去向无法平衡",
                 f"{equation}{extra}。收入 + 上年结转 应等于 支出 + 年末结转，报告需列示{missing}。",
                 [*stated, *mentions, *(f for x in implied for f in x[2])], amounts=amounts)]


def _rate_interval(numerator: Figure, denominator: Figure, rounding: bool = False
                   ) -> tuple[Decimal, Decimal, Decimal] | None:
    """(exact, lowest, highest) rate the two amounts allow; ``rounding``: the report moved 尾差 (one unit more)."""
    n, d = Decimal(numerator.fen), Decimal(denominator.fen)
    widen = 3 if rounding else 1
    tn, td = Decimal(numerator.tolerance * widen), Decimal(denominator.tolerance * widen)
    if d - td <= 0:
        return None
    return n * 100 / d, (n - tn) * 100 / (d + td), (n + tn) * 100 / (d - td)


def check_rate(ctx: Context) -> list[Finding]:
    """A stated 执行率 = 执行数 / 调整后预算数 (domain.md §2) of the same subject and category, from the figures of
    its sentence, else of the report (when each of them is stated with one amount only)."""
    findings = []
    for rate in ctx.of_kind(RATE):
        if rate.measure not in ("执行率", "支付率") or rate.period or rate.line in ctx.fund_lines:
            continue  # a 资金 block's rate: ``check_tables``
        same = ctx.money(None, subject=rate.subject, category=rate.category)
        before = [f for f in same if f.sentence_index == rate.sentence_index and f.position < rate.position]
        severity, pair = "error", _pair(before)
        if pair is None:
            severity, pair = "warning", _pair(same, unique=True)
        if pair is None:
            continue
        numerator, denominator = pair
        interval = _rate_interval(numerator, denominator, ctx.declares_rounding)
        if interval is None:
            continue
        exact, low, high = interval
        shown = exact.quantize(Decimal(1).scaleb(-rate.places))
        ok = rate.number + rate.half_unit >= low and rate.number - rate.half_unit <= high
        name = f"{rate.subject}{rate.category}{rate.measure}"
        basis = f"{numerator.label} {numerator.raw} ÷ {denominator.label} {denominator.raw} = {percent(shown)}"
        items = [rate, numerator, denominator]
        if ok:
            findings.append(make(ctx, "LINT-RATE", "info", f"{name} {rate.raw} 与金额相符", basis + "。", items,
                                 subject=rate.subject, passed=True))
        else:
            findings.append(make(ctx, "LINT-RATE", severity, f"{name} {rate.raw} 与金额不符：应为 {percent(shown)}",
                                 f"{basis}，而报告写 {rate.raw}。", items, subject=rate.subject,
                                 amounts=((numerator.label, numerator.fen), (denominator.label, denominator.fen))))
    return findings


_PHASES = ("追加", "调减", "追加/调减", "上年结转")


def _budget_phases(figures: list[Figure]) -> bool:
    """The figures state budget phases beside the 年初 budget: 年初预算 alone is then not the rate's denominator."""
    return any(f.measure in _PHASES for f in figures)


def _pair(figures: list[Figure], unique: bool = False) -> tuple[Figure, Figure] | None:
    """(执行数, 调整后预算); ``预算`` or ``年初预算`` stands for the latter only when no other phase is stated."""
    spent = [f for f in figures if f.measure == "支出"]
    measures = ("调整后预算",) if _budget_phases(figures) else ("调整后预算", "预算", "年初预算")
    budget = next(([f for f in figures if f.measure == m] for m in measures if any(f.measure == m for f in figures)),
                  [])
    if not spent or not budget:
        return None
    if unique and (len({f.fen for f in spent}) > 1 or len({f.fen for f in budget}) > 1):
        return None
    return spent[-1], budget[-1]
