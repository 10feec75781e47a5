"""Normalisation: NFKC but Chinese clause punctuation, traditional → simplified, artifacts, line count kept."""

from hypothesis import given
from hypothesis import strategies as st

from qlaudit.lint import lint_text
from qlaudit.lint.normalise import normalise, t2s_table
from tests.lint.reports import seed_text


def test_full_width_digits_and_parentheses_become_ascii_but_chinese_commas_stay():
    assert normalise("（一）支出４７．１３万元，其中：人员经费３３．２２万元；执行率９８％") == \
        "(一)支出47.13万元，其中：人员经费33.22万元；执行率98%"


def test_traditional_characters_become_simplified():
    assert normalise("僑聯工作經費專項實際支出數7.81萬元，結轉餘額，預算執行率，績效，華僑，歸僑") == \
        "侨联工作经费专项实际支出数7.81万元，结转余额，预算执行率，绩效，华侨，归侨"


def test_word_artifacts_invisible_characters_and_page_numbers_are_removed_line_count_kept():
    text = "[bookmark: _GoBack]2.开展\u200b党史学习教育。\n- 3 -\n第 2 页 共 5 页\n①2021年预算"
    assert normalise(text) == "2.开展党史学习教育。\n\n\n(1)2021年预算"


def test_table_has_only_one_way_pairs():
    table = t2s_table()
    assert len(table) > 500
    assert not set(table.values()) & {chr(k) for k in table}, "a simplified character is also a traditional key"


def test_traditional_seed_gives_the_same_findings():
    back = {}
    for traditional, simplified in t2s_table().items():
        back.setdefault(simplified, chr(traditional))
    traditional_seed = "".join(back.get(c, c) for c in seed_text())
    assert traditional_seed != seed_text() and "預算" in traditional_seed
    a, b = lint_text(seed_text()), lint_text(traditional_seed)
    assert [(f.rule, f.severity, f.title) for f in a.findings] == [(f.rule, f.severity, f.title) for f in b.findings]
    assert [(f.label, f.subject, f.value) for f in a.figures] == [(f.label, f.subject, f.value) for f in b.figures]


ALPHABET = st.sampled_from(list("预預算经經费費，,；;：:。０１２３４５６７８９0123456789.．％%（）()　 \t\n万元①②[]bookmark_"))


@given(st.text(ALPHABET, max_size=80))
def test_normalise_is_idempotent_and_keeps_the_line_count(text):
    once = normalise(text)
    assert normalise(once) == once
    assert once.count("\n") == text.replace("\r\n", "\n").count("\n")
