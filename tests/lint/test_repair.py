"""Repairs of text as it arrives: pinyin after mirror glyphs, wrapped words, glued cells, Chinese numerals."""

from hypothesis import given
from hypothesis import strategies as st

from qlaudit.lint import lint_text
from qlaudit.lint.normalise import normalise_report
from qlaudit.lint.repair import _value, chinese_numerals, join_wrapped, split_glued, strip_pinyin
from qlaudit.lint.vocab import split_words, vocabulary


def repaired(text):
    return normalise_report(text, split_words(vocabulary()))


def test_pinyin_after_a_glyph_is_dropped_but_not_a_column_letter():
    lines, repairs = strip_pinyin(["年初預(yù)算數(shù)(A)：12.00萬元"])
    assert lines == ["年初預算數(A)：12.00萬元"] and repairs[0].kind == "拼音注音"
    text, _ = repaired("項(xiàng)目支出執(zhí)行率(B/A)98%")
    assert text == "项目支出执行率(B/A)98%"


def test_a_word_split_by_a_wrapped_line_is_joined_and_the_line_count_kept():
    lines, repairs = join_wrapped(["全年一般公共预算财政拨款支", "出52.30万元。", "二、下一部分"], ["支出", "预算"])
    assert lines == ["全年一般公共预算财政拨款支出52.30万元。", "", "二、下一部分"]
    assert repairs[0].after == "支出"
    untouched = ["全年完成培训工作", "二、下一部分"]
    assert join_wrapped(untouched, ["支出"])[0] == untouched


def test_glued_cells_are_split_only_when_one_split_is_possible():
    assert split_glued(["资金 12.512.512.5100% 得分"])[0] == ["资金  12.5 12.5 12.5 100%  得分"]
    assert split_glued(["版本 1.2.3"])[0] == ["版本 1.2.3"]  # d=1 and d=2 both fail or both fit: left alone
    _, repairs = split_glued(["20.0530.1050.15"])
    assert repairs and repairs[0].after == "20.05 30.10 50.15"


def test_chinese_numerals_of_amounts_and_counts():
    lines, repairs = chinese_numerals(["补助两万元，退回贰仟叁佰肆拾伍元陆角，共开展四次，培训二十六人，第三次，一次性，一个季度"])
    assert lines == ["补助20000元，退回2345.60元，共开展4次，培训26人，第三次，一次性，一个季度"]
    assert [r.kind for r in repairs] == ["中文数字"] * 4


@given(st.integers(min_value=1, max_value=99_999_999))
def test_numeral_values_read_back(n):
    digits = "零一二三四五六七八九"
    def spell(x):
        parts, units = [], ["", "十", "百", "千"]
        for i, d in enumerate(reversed(str(x))):
            parts.append((digits[int(d)] + units[i]) if d != "0" else "零")
        text = "".join(reversed(parts))
        while "零零" in text:
            text = text.replace("零零", "零")
        return text.rstrip("零")
    high, low = divmod(n, 10_000)
    spelled = (spell(high) + "万" + ("零" if 0 < low < 1000 else "") + spell(low)) if high else spell(low)
    assert _value(spelled) == n


def test_repairs_are_said_and_figures_read_after_them():
    result = lint_text("一、情况\n2023年度支出总额叁万元，项(xiàng)目支出执行率100%。")
    assert [f.raw for f in result.figures] == ["30000元", "100%"]
    titles = [f.title for f in result.findings if f.rule == "LINT-READ"]
    assert sorted(titles) == ["已修复中文数字 1 处", "已修复拼音注音 1 处"]
