"""What a figure is about, read from the words just before it: measure, category, subject (a named fund), period.

The *window* of a figure is the text between the previous figure of its sentence and the figure itself. In it:

- the **measure** is the money word nearest the figure (``预算`` / ``年初预算`` / ``收入`` / ``支出`` / ``上年结转`` …);
- the **category** is the nearest of ``基本支出`` / ``人员经费`` / ``公用经费`` / ``项目支出``; ``人员经费`` and
  ``公用经费`` carry no measure and take the previous figure's (``支出…，其中：人员经费33.22万元``), and after
  ``其中`` a category takes the previous figure's measure too (``年初预算47万元，其中基本支出40万元``);
- the **subject** is a named fund or project: a run of characters ending in ``经费/资金/项目/专项/工程`` that is not
  generic (``人员经费``, ``专项资金`` …) and names no budget measure; or a name the report itself declares a project
  (``known``: a table's name column, ``项目“侨胞之家建设”``), wherever it is written. It is looked for in the window,
  then earlier in the sentence, then earlier in the paragraph (the sentences of the same line), then in the headings.
  Words of the whole unit (``单位``, ``合计`` …) or a category mean no subject;
- the **period** is another year (``2020年支出…``) or ``上年`` (``上年支出…``, but not ``上年结转``), or a month just
  before the amount (``其中12月1.78万元``: a part of the year, left out of the checks).

An amount said as a change (``同比增加3亿元``, ``减少``, ``未支``: ``change_words``) gets the measure ``变动`` and is no
item of its own. An amount that is not a budget line gets no measure: a difference (``超出调整后预算0.34万元``, ``重复支付…``), single
payments (``1笔支出（合计3,260.00元）``, ``向某公司支付…``).

Nothing here guesses: a figure with no measure and no subject gets an empty label and is reported as unattributed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qlaudit.lint.structure import Sentence
from qlaudit.lint.vocab import Vocabulary

_YEAR = re.compile(r"(20\d{2})\s*年")
_PRIOR = re.compile(r"(?:上年度|上一年度?|上年|去年|同比)(?!结转|结余|指标|未|度结转)")
_UNIT_WORDS = re.compile(r"单位|部门|整体|全年|合计|总计|共计|全部")
_SUBJECT_CHARS = r"[\u4e00-\u9fffA-Za-z0-9\-—·“”\"《》]"
_LEADING_NOISE = re.compile(r"^(?:[一二三四五六七八九十]+是|20\d{2}年度?|[\d.、]+|[“”\"《》\-—·])+")
_MONTH_END = re.compile(r"(?<![\d年])(1[0-2]|[1-9])\s*月份?\s*(?:共|累计)?\s*(?:实际)?(?:支出|支付|拨付|执行)?\s*$")
_QUOTES = re.compile(r"[“”\"]")
ECONOMIC = "经济分类"  # the category of an item of the economic classification (会议费, 基本工资, 三公经费)
_VOUCHERS = re.compile(r"\d\s*笔")
# "向“某旅行社”支付": whatever the payee is called, an amount paid to a quoted payee is a single payment
_PAID_TO = re.compile(r"向\s*[“\"「][^”\"」]{1,80}[”\"」]\s*(?:支付|付款|转账|汇款)")
_CLOSED_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")
_BUDGET_WORDS = re.compile(r"预算|支出|收入|结转|结余|拨款|执行|安排|年初|追加|调整")


@dataclass(frozen=True)
class Label:
    measure: str = ""
    category: str = ""
    subject: str = ""
    period: str = ""


def report_year(text: str) -> int | None:
    """The year the report is about: the year most often written ``20xx年`` (ties: the latest)."""
    counts = Counter(int(y) for y in _YEAR.findall(text))
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def period_of(window: str, year: int | None) -> str:
    years = list(_YEAR.finditer(window))
    prior = list(_PRIOR.finditer(window))
    last_year = years[-1] if years else None
    if prior and (last_year is None or prior[-1].start() > last_year.start()):
        return "上年"
    if last_year is not None and year is not None and int(last_year.group(1)) != year:
        return last_year.group(1)
    return ""


def _clean_subject(raw: str, vocab: Vocabulary) -> str:
    fillers = sorted(vocab.words["subject_fillers"], key=len, reverse=True)
    name = raw
    changed = True
    while changed:
        changed = False
        stripped = _LEADING_NOISE.sub("", name)
        for filler in fillers:
            if stripped.startswith(filler) and len(stripped) > len(filler):
                stripped = stripped[len(filler):]
                break
        if stripped != name:
            name, changed = stripped, True
    name = _QUOTES.sub("", name.strip("《》-—· "))  # "“三公”经费" is 三公经费
    name = name.rsplit("的", 1)[-1]  # "12月追加的侨胞之家建设资金" → "侨胞之家建设资金"
    budget_words = list(_BUDGET_WORDS.finditer(name))
    if budget_words:  # "追加侨胞之家建设资金" → "侨胞之家建设资金"; "年初预算专项" → "专项" (generic)
        before = name[: budget_words[0].start()]
        name = name[budget_words[-1].end():]
        if name in vocab.words["generic_subjects"] and len(before) >= 6 and not _BUDGET_WORDS.search(before):
            name = before  # "乡村振兴建设任务安排资金" → "乡村振兴建设任务"
    core = name
    for suffix in vocab.words["subject_drop_suffixes"]:
        if core.endswith(suffix) and len(core) - len(suffix) >= 2:
            core = core[: -len(suffix)]
            break
    generic = set(vocab.words["generic_subjects"])
    if name in generic or core in generic or len(core) < 2 or _BUDGET_WORDS.search(core):
        return ""
    return core


def economic_item(window: str, vocab: Vocabulary) -> tuple[str, int] | None:
    """(item, start) of the last item of the economic classification the window names (``会议费``, ``“三公”经费``):
    spending on that item, not the unit's nor a project's."""
    plain = _QUOTES.sub("", window)
    found = [(plain.rfind(w), w) for w in vocab.words["economic_items"] if w in plain]
    if not found:
        return None
    start, item = max(found, key=lambda x: (x[0], len(x[1])))
    return item, start


def names_budget(text: str) -> bool:
    """The text names a budget measure or the whole unit (预算, 支出, 结转, 合计 …), so it names no project."""
    return bool(_BUDGET_WORDS.search(text) or _UNIT_WORDS.search(text))


_DECLARED = re.compile(r"项目\s*[“\"]([^”\"]{2,40})[”\"]")


def declared_projects(text: str) -> list[str]:
    """Project names the text declares in quotes: ``项目“侨胞之家建设”``."""
    return [m.group(1).strip() for m in _DECLARED.finditer(text)]


# A project code after 项目 (预算项目编码: 6-digit division code, then letters/digits in dash-separated groups)
_PROJECT_CODE = re.compile(r"项目(?:编码|代码)?[:：]?\s*(\d{6}(?:-[0-9A-Za-z]+)+)")

Known = tuple[tuple[str, str], ...]  # (as written, project name): a name, or a project code of a table row


def subjects_in(text: str, vocab: Vocabulary, known: Known = ()) -> list[tuple[str, int, int]]:
    """Named funds or projects in ``text``: (name, start, end), in order. A ``known`` name wins over a name read
    from a suffix at the same place."""
    taken: list[tuple[str, int, int]] = []
    for surface, name in sorted(known, key=lambda k: len(k[0]), reverse=True):
        at = text.find(surface)
        while at >= 0:
            if not any(s < at + len(surface) and at < e for _, s, e in taken):
                taken.append((name, at, at + len(surface)))
            at = text.find(surface, at + len(surface))
    for m in _PROJECT_CODE.finditer(text):  # 项目430203-QL-001: a project named by its code
        if not any(s < m.end() and m.start() < e for _, s, e in taken):
            taken.append((m.group(1), m.start(), m.end()))
    suffixes = "|".join(map(re.escape, vocab.words["subject_suffixes"]))
    found = list(taken)
    for m in re.finditer(f"{_SUBJECT_CHARS}+?(?:{suffixes})", text):
        name = _clean_subject(m.group(), vocab)
        if name and not any(s < m.end() and m.start() < e for _, s, e in taken):
            found.append((name, m.start(), m.end()))
    return sorted(found, key=lambda x: x[2])


def heading_subject(sentence: Sentence, vocab: Vocabulary, known: Known = ()) -> str:
    for heading in reversed(sentence.headings):
        found = subjects_in(heading.title, vocab, known)
        if found:
            return found[-1][0]
    return ""


def budget_scope(sentence: Sentence, vocab: Vocabulary) -> str:
    """The budget (政府性基金预算 …) a sentence is about when it is not the 一般公共预算."""
    for text in (sentence.text, *(h.title for h in reversed(sentence.headings))):
        found = vocab.budget_types.last(text)
        if found:
            return found.canonical
    return ""


@dataclass(frozen=True)
class Scope:
    """Where a figure is written, beyond its window: the sentence before the window, the paragraph before the
    sentence, and the names the report declares as projects."""

    prefix: str = ""
    paragraph: str = ""
    known: Known = ()


def _without_measures(window: str, vocab: Vocabulary) -> str:
    for m in vocab.money.all(window):
        window = window[: m.start] + " " * (m.end - m.start) + window[m.end:]
    return window


def _earlier_subject(window: str, scope: Scope, sentence: Sentence, vocab: Vocabulary) -> str:
    if _UNIT_WORDS.search(_without_measures(window, vocab)):  # "全年预算数" is a measure, "全年" alone the unit
        return ""
    for text in (scope.prefix, scope.paragraph):
        earlier = subjects_in(text, vocab, scope.known)
        if earlier:
            return earlier[-1][0]
    return heading_subject(sentence, vocab, scope.known)


def money_label(window: str, scope: Scope, sentence: Sentence, previous_measure: str, vocab: Vocabulary,
                year: int | None, previous_category: str = "") -> Label:
    """The label of an amount; ``previous_measure`` and ``previous_category`` are those of the sentence's previous
    amount ('' when none)."""
    category = vocab.categories.last(window)
    # a measure inside a closed bracket qualifies another figure ("调减（不含年底收回）0.00元", "…（年底收回前），")
    measure = vocab.money.last(_CLOSED_BRACKETS.sub(lambda m: " " * len(m.group()), window))
    change = vocab.terms("change_words").last(window)
    if change is not None and all(m is None or change.start >= m.end for m in (measure, category)):
        return Label("变动", "", "", period_of(window, year))  # "同比增加2.25亿元": a change, not an item's amount
    month = _MONTH_END.search(window)
    if month:  # "其中12月1.78万元", "其中12月支出1.78万元": a month's part, not the year's figure
        return Label("", "", "", f"{month.group(1)}月")
    if _VOUCHERS.search(window) or _PAID_TO.search(window) or any(w in window for w in vocab.words["payee_words"]):
        return Label()  # "1笔支出（合计3,260.00元）", "向某公司支付6,840.00元": single payments, not a budget line
    if measure is not None and window[:measure.start].endswith(tuple(vocab.words["difference_before"])):
        measure = None  # "超出调整后预算0.34万元": a difference, not the budget
    parts = any(w in window for w in vocab.words["parts_words"]) or (
        bool(previous_category) and window.lstrip().startswith("、"))  # "其中基本支出40万元、项目支出7万元"
    embedded = measure is not None and category is not None and measure.start >= category.start \
        and measure.end <= category.end
    if embedded and category is not None:  # "年底收回未用的基本支出指标": the measure before the category
        earlier = vocab.money.last(window[: category.start])
        if earlier is not None and not window[:earlier.start].endswith(tuple(vocab.words["difference_before"])):
            measure, embedded = earlier, False
    subject = ""
    window_subjects = subjects_in(window, vocab, scope.known)
    if window_subjects:
        subject = window_subjects[-1][0]
    item = economic_item(window, vocab)
    if item and category is None and (not window_subjects or window_subjects[-1][2] <= item[1]):
        return Label(measure.canonical if measure is not None else "支出", ECONOMIC, item[0], period_of(window, year))
    if category is not None:
        if measure is not None and not embedded:
            name = measure.canonical
        elif previous_measure and (parts or measure is None):
            name = previous_measure
        else:
            name = measure.canonical if measure is not None else "支出"
        if subject and category.canonical == "项目支出":
            return Label(name, "", subject, period_of(window, year))  # "侨联工作经费专项资金支出…": the project's
        if subject and window_subjects[-1][2] <= category.start:
            subject = ""  # "侨联工作经费…，基本支出…": the category is the unit's
        return Label(name, category.canonical, subject, period_of(window, year))
    if measure is not None:
        name = measure.canonical
    elif previous_measure and (window_subjects or parts or not window.strip("，,、；;:： ")):
        name = previous_measure
    else:
        name = ""
    if not subject:
        subject = _earlier_subject(window, scope, sentence, vocab)
    if not subject:
        subject = budget_scope(sentence, vocab)
    return Label(name, "", subject, period_of(window, year))


def simple_label(terms_last: str, window: str, scope: Scope, sentence: Sentence, vocab: Vocabulary,
                 year: int | None, with_category: bool = False) -> Label:
    """Label of a rate or score: its name, and the subject as for an amount; with ``with_category`` (rates) also
    the category named in the window (``其中基本支出执行率100%``), which makes it the unit's, unless the category
    is ``项目支出`` said of a named project."""
    found = subjects_in(window, vocab, scope.known)
    subject = found[-1][0] if found else ""
    category = vocab.categories.last(window) if with_category else None
    if category is not None:
        if subject and category.canonical == "项目支出":
            category = None
        elif not found or found[-1][2] <= category.start:
            return Label(terms_last, category.canonical, "", period_of(window, year))
    if not subject:
        subject = _earlier_subject(window, scope, sentence, vocab)
    return Label(terms_last, "", subject, period_of(window, year))
