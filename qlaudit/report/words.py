"""Small text helpers of the narrative: Chinese numerals, dates, 万元 amounts, changes between years, long lists.

Amounts are printed only through ``money.format_wan`` / ``rounding``; rates only through ``money.format_rate``.
"""

from __future__ import annotations

from decimal import Decimal

from qlaudit.money import format_rate, format_wan

DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")


def wan(fen: int) -> str:
    return f"{format_wan(fen)}万元"


def wan_text(value: Decimal) -> str:
    """A printed (already balanced) 万元 amount with its unit: Decimal('3.00') → '3.00万元'."""
    value = abs(value) if value.is_zero() else value
    return f"{value:.2f}万元"


def _group(n: int) -> str:
    """0 < n < 10000 → '一千零一', '一百一十', '二十'."""
    out, zero = "", False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + _SMALL_UNITS[position]
    return out


def cn_number(n: int) -> str:
    """Chinese numerals for any whole number ≥ 0: 1 → 一, 10 → 十, 11 → 十一, 101 → 一百零一, 720 → 七百二十,
    10001 → 一万零一 (headings, 一是/二是, counts)."""
    if n < 0:
        return "负" + cn_number(-n)
    if n == 0:
        return DIGITS[0]
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, pending_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or g < 1000):
            out += "零"
        out += _group(g) + _BIG_UNITS[index]
        pending_zero = False
    return out[1:] if out.startswith("一十") else out  # 十一, not 一十一


def cn_date(value: object) -> str:
    return f"{value.year}年{value.month}月{value.day}日"  # type: ignore[attr-defined]


def change(now_fen: int, before_fen: int) -> str:
    """'比上年增加0.85万元，增长2.13%' / '比上年减少…，下降…' / '与上年持平' (增减额, 增减率)."""
    diff = now_fen - before_fen
    if format_wan(diff) in ("0.00",):
        return "与上年基本持平" if diff else "与上年持平"
    word, rate_word = ("增加", "增长") if diff > 0 else ("减少", "下降")
    rate = f"，{rate_word}{format_rate(abs(diff), before_fen)}" if before_fen > 0 else ""
    return f"比上年{word}{wan(abs(diff))}{rate}"


def main_cause(now: dict[str, int], before: dict[str, int], labels: dict[str, str]) -> str:
    """'主要是绩效工资增加0.80万元': the item whose change goes the same way as the total and is the largest."""
    total = sum(now.values()) - sum(before.values())
    if total == 0:
        return ""
    changes = {k: now.get(k, 0) - before.get(k, 0) for k in sorted(set(now) | set(before))}
    same_way = {k: v for k, v in changes.items() if v and (v > 0) == (total > 0)}
    if not same_way:
        return ""
    key = max(same_way, key=lambda k: (abs(same_way[k]), k))
    value = same_way[key]
    if format_wan(value) == "0.00":
        return ""
    return f"主要是{labels.get(key, key)}比上年{'增加' if value > 0 else '减少'}{wan(abs(value))}"


def numbered(items: list[str], limit: int, rest: str) -> list[str]:
    """'1.…', '2.…' for the first ``limit`` items, then ``rest`` (e.g. '另有 N 项，合计 … 万元') when cut."""
    shown = [f"{i}.{text}" for i, text in enumerate(items[:limit], 1)]
    return shown + ([rest] if len(items) > limit and rest else [])
