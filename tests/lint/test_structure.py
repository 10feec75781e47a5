"""Headings in mixed numbering styles, list markers taken off content lines, sentences and table rows."""

from qlaudit.lint.normalise import normalise
from qlaudit.lint.structure import parse, split_cells
from tests.lint.reports import seed_text


def outline(text):
    return parse(normalise(text))


def test_seed_headings_in_order_with_mixed_styles():
    doc = outline(seed_text())
    tops = [h.title for h in doc.headings if h.level == 1]
    assert tops == ["基本情况", "一般公共预算支出情况", "政府性基金预算支出情况", "国有资本经营预算支出情况",
                    "社会保险基金预算支出情况", "资金使用及绩效情况", "存在的问题及原因分析", "下一步改进措施",
                    "绩效自评结果拟应用和公开情况", "其他需要说明的情况"]
    sub = [(h.marker, h.title) for h in doc.headings if h.level > 1]
    assert ("(1)", "基本支出情况") in sub and ("(一)", "部门整体支出绩效情况") in sub  # （1） and (一） both read


def test_a_numbered_sentence_loses_its_marker_so_3_2021_is_not_a_number():
    doc = outline("二、一般公共预算支出情况\n3.2021年度支出为47.13万元。\n1、预算资金为47.13万元；\n(2) 项目支出7.81万元。")
    assert [(s.marker, s.text) for s in doc.sentences] == [
        ("3.", "2021年度支出为47.13万元。"), ("1、", "预算资金为47.13万元；"), ("(2)", "项目支出7.81万元。")]
    assert all(s.section == "二、一般公共预算支出情况" for s in doc.sentences)


def test_heading_with_its_content_after_a_colon():
    doc = outline("七、存在的问题及原因分析：无。\n八、下一步改进措施")
    assert [h.title for h in doc.headings] == ["存在的问题及原因分析", "下一步改进措施"]
    (sentence,) = doc.sentences
    assert sentence.text == "无。" and sentence.top == "存在的问题及原因分析"


def test_section_path_is_the_stack_of_lower_levels():
    doc = outline("六、资金使用及绩效情况\n（二）专项资金支出绩效情况\n1.侨联工作经费\n预算3万元，实际支出7.66万元。\n七、问题\n无")
    first, last = doc.sentences
    assert first.section == "六、资金使用及绩效情况 > (二)专项资金支出绩效情况 > 1.侨联工作经费"
    assert last.section == "七、问题"


def test_sentence_offsets_point_into_the_normalised_text():
    text = normalise(seed_text())
    for s in parse(text).sentences:
        assert text[s.start: s.start + len(s.text)] == s.text
        assert text.split("\n")[s.line - 1].find(s.text) >= 0


def test_table_rows():
    assert split_cells("项目名称\t年初预算\t实际支出") == ("项目名称", "年初预算", "实际支出")
    assert split_cells("侨联工作经费  3.00  7.66") == ("侨联工作经费", "3.00", "7.66")
    assert split_cells("侨联工作经费 3.00 7.66 100%") == ("侨联工作经费", "3.00", "7.66", "100%")
    assert split_cells("联合区委统战部认真开展“访侨企、办实事、开新局” 调研活动，走访侨企6家") == ()
    assert split_cells("一是侨联工作经费 预算3万元") == ()
