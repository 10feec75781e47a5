"""Repairs of text as it really arrives, each one provable from the text itself and each one recorded.

- **Pinyin after mirror glyphs**: copying sites print a character with its reading, ``預(yù)算``; a bracket of
  lower-case Latin letters with a tone mark right after a Chinese character is dropped.
- **Words split by a wrapped line**: ``…财政拨款支`` / ``出52.30万元``: when a vocabulary word (支出, 预算数,
  执行率 …) runs across the break, the next line is joined to the line before and left empty (the line count, and so
  every later line number, stays as in the file).
- **Glued cells**: OCR runs cells together, ``12.512.512.5100%``. A number cannot have two decimal points; when
  exactly one count of decimals d (1 or 2) splits the run into numbers without leading zeros, the cells are
  separated (``12.5 12.5 12.5 100%``). Otherwise the run is left as it is.
- **Chinese numerals**: amounts (``两万元``, ``贰仟叁佰肆拾伍元陆角``) and counts (``六次``, ``二十六人``) become
  digits. A lone ``一`` before a count unit is left alone (``一次性``, ``一个季度`` are words), and so is an ordinal
  (``第三次``).

Every function takes the lines and returns the repaired lines with a list of :class:`Repair`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-zü{_TONES}]*[{_TONES}])[a-zü{_TONES}]{{1,7}}\)")
_GLUED = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}%?")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2} | {
    c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")}
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_NUMERAL = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_DIGIT = "零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖"
_COUNT_UNITS = "人次|户次|人|次|个|家|项|场|户|名|所|篇|件|位|条|册|辆|台|座"
_CN_AMOUNT = re.compile(
    rf"(?<!第)(?P<n>[{_NUMERAL}]+?)(?:(?P<yuan>元)(?:(?P<jiao>[{_DIGIT}])角)?(?:(?P<fen>[{_DIGIT}])分)?|(?P<unit>{_COUNT_UNITS}))")


@dataclass(frozen=True)
class Repair:
    kind: str  # 拼音注音 | 换行拆词 | 粘连单元格 | 中文数字
    line: int
    before: str
    after: str


def strip_pinyin(lines: list[str]) -> tuple[list[str], list[Repair]]:
    repairs = []
    out = []
    for number, line in enumerate(lines, start=1):
        found = _PINYIN.findall(line)
        if found:
            repairs.append(Repair("拼音注音", number, "".join(found[:3]), f"删除 {len(found)} 处"))
            line = _PINYIN.sub("", line)
        out.append(line)
    return out, repairs


def _split_glued(run: str) -> str | None:
    percent = run.endswith("%")
    pieces = run.rstrip("%").split(".")
    results = []
    for d in (1, 2):
        numbers, head, ok = [], pieces[0], True
        for i, piece in enumerate(pieces[1:], start=1):
            if len(piece) < d:
                ok = False
                break
            numbers.append(f"{head}.{piece[:d]}")
            head = piece[d:]
            if (head.startswith("0") and len(head) > 1) or (not head and i < len(pieces) - 1):
                ok = False
                break
        if ok and head:
            numbers.append(head)
        if ok and all(not (n.split(".")[0].startswith("0") and len(n.split(".")[0]) > 1) for n in numbers):
            results.append(" ".join(numbers) + ("%" if percent else ""))
    return results[0] if len(results) == 1 else None


def split_glued(lines: list[str]) -> tuple[list[str], list[Repair]]:
    repairs = []
    out = []
    for number, line in enumerate(lines, start=1):
        def fix(m: re.Match[str], n: int = number) -> str:
            split = _split_glued(m.group())
            if split is None:
                return m.group()
            repairs.append(Repair("粘连单元格", n, m.group(), split))
            return f" {split} "
        out.append(_GLUED.sub(fix, line))
    return out, repairs


def join_wrapped(lines: list[str], words: list[str]) -> tuple[list[str], list[Repair]]:
    """Join a line to the one before when a vocabulary word runs across the break between them."""
    out = list(lines)
    repairs = []
    for i in range(len(out) - 1):
        head, tail = out[i], out[i + 1]
        if len(head) < 8 or not tail or not re.match(r"[\u4e00-\u9fff]", tail) or not re.search(r"[\u4e00-\u9fff]$", head):
            continue
        joint = head[-4:] + tail[:4]
        cut = len(head[-4:])
        word = next((w for w in words if len(w) >= 2 and any(
            joint.find(w, s) == s and s < cut < s + len(w) for s in range(max(0, cut - len(w) + 1), cut))), None)
        if word:
            repairs.append(Repair("换行拆词", i + 1, f"{head[-3:]}⏎{tail[:3]}", word))
            out[i], out[i + 1] = head + tail, ""
    return out, repairs


def _value(numeral: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _DIGITS:
            if digit is not None and ch not in "零〇":
                return None  # "三四": two digits in a row is no number
            digit = _DIGITS[ch] if ch not in "零〇" else None
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        elif ch == "亿":
            total = (total + section + (digit or 0)) * 100_000_000
            section, digit = 0, None
    return total + section + (digit or 0)


def chinese_numerals(lines: list[str]) -> tuple[list[str], list[Repair]]:
    repairs = []
    out = []
    for number, line in enumerate(lines, start=1):
        def fix(m: re.Match[str], n: int = number) -> str:
            numeral = m.group("n")
            if numeral[0] in "万亿百千佰仟" or (m.group("unit") and numeral == "一"):
                return m.group()
            if m.group("unit") and m.string[m.end(): m.end() + 1] == "性":
                return m.group()
            value = _value(numeral)
            if value is None:
                return m.group()
            if m.group("yuan"):
                jiao = _DIGITS.get(m.group("jiao") or "零", 0) or 0
                fen = _DIGITS.get(m.group("fen") or "零", 0) or 0
                text = f"{Decimal(value) + Decimal(jiao) / 10 + Decimal(fen) / 100:.2f}元" if jiao or fen else f"{value}元"
            else:
                text = f"{value}{m.group('unit')}"
            repairs.append(Repair("中文数字", n, m.group(), text))
            return text
        out.append(_CN_AMOUNT.sub(fix, line))
    return out, repairs
