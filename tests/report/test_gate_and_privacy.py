"""The consistency gate's checks on small hand-made documents, and who counts as a natural person."""

from dataclasses import replace

import pandas as pd

from qlaudit.document import Heading, Paragraph, Section, Table
from qlaudit.report.gate import check_carry_over, check_parts, check_scores, check_table1_vs_10
from qlaudit.report.privacy import Redactor, is_natural_person, natural_persons
from qlaudit.report.settings import load


def table(caption, header, rows, totals=()):
    return Table(caption, header, rows, numeric=tuple(range(1, len(header))), totals=totals)


def test_parts_must_add_up_to_the_printed_total():
    good = table("表1 收支（单位：万元）", ("项目", "支出", "执行率"), (("基本", "0.13", "50.00%"), ("项目", "0.13", "—"),
                                                            ("合计", "0.26", "50.00%")), ((2, (0, 1)),))
    bad = table("表1 收支（单位：万元）", ("项目", "支出"), (("基本", "0.13"), ("项目", "0.13"), ("合计", "0.25")),
                ((2, (0, 1)),))
    assert check_parts([Section("x", (good,))]).ok
    result = check_parts([Section("x", (bad,))])
    assert not result.ok and "合计0.25 ≠ 各项之和0.26" in result.detail


def test_negative_carry_over_is_refused_in_tables_and_text():
    negative = table("表2 项目（单位：万元）", ("项目", "年末结转"), (("甲", "-0.04"),))
    assert not check_carry_over([Section("x", (negative,))]).ok
    assert not check_carry_over([Section("x", (Paragraph("乙项目年末结转-0.73万元。"),))]).ok
    reduction = table("表1 收支（单位：万元）", ("项目", "追加/调减"), (("甲", "-0.31"),))  # a signed change is fine
    assert check_carry_over([Section("x", (reduction,))]).ok


def test_table1_must_agree_with_ten():
    t1 = table("表1 收支（单位：万元）", ("项目", "年末结转"), (("合计", "4.66"),))
    t6 = table("表6 结转（单位：万元）", ("项目", "年末结转"), (("合计", "4.44"),))
    ten = Section("other", (Heading(1, "十、其他需要说明的情况"), t6, Paragraph("年末结转资金合计4.66万元。")))
    result = check_table1_vs_10([Section("general_budget", (t1,)), ten])
    assert not result.ok and "表1 4.66，十（表6）4.44" in result.detail


def test_table1_must_agree_with_the_units_score_table():
    from tests.report.built import report

    r = report("lusong-qiaolian", 2021)
    sections = list(r.self_evaluation)
    assert check_scores(r.context, sections).ok
    form = next(b for s in sections for b in s.blocks if getattr(b, "caption", "").startswith("表4-1 "))
    changed = replace(form, rows=((form.rows[0][0], form.rows[0][1], "51.79", *form.rows[0][3:]), *form.rows[1:]))
    tampered = [replace(s, blocks=tuple(changed if b is form else b for b in s.blocks)) for s in sections]
    result = check_scores(r.context, tampered)
    assert not result.ok and "合计全年预算数：表1 53.45，自评表 51.79" in result.detail


def test_the_gate_states_what_lint_read_as_a_convention():
    from tests.report.built import report

    lint = next(c for c in report("lusong-kexie", 2022).gate.checks if c.name == "lint")
    assert lint.ok and "尾差" in lint.detail  # figures moved by a 尾差, listed in 附四
    many_rows = report("lusong-qiaolian", 2021).gate.lint
    assert many_rows is not None and not [f for f in many_rows.findings if not f.passed and f.severity != "info"]


def test_natural_persons_are_people_not_organisations():
    s = load()
    assert is_natural_person("刘晓红", False, s) and is_natural_person("欧阳帆", False, s)
    assert is_natural_person("阿依古丽·买买提", False, s)
    assert not is_natural_person("株洲市芦淞区彩虹印务有限公司", True, s)
    assert not is_natural_person("湖南省团校", False, s) and not is_natural_person("", True, s)
    frame = pd.DataFrame({"payee": ["张三丰", "某某服务中心", "李四", "王五"],
                          "economic_code": ["30101", "30101", "30302", "30201"]})
    assert natural_persons(frame, s) == frozenset({"张三丰", "李四", "王五"})


def test_redactor_replaces_names_everywhere_and_finds_them():
    r = Redactor(frozenset({"张三", "张三丰"}), "个人")
    section = Section("x", (Paragraph("向张三丰支付0.05万元"), table("表（单位：万元）", ("收款人", "金额"), (("张三", "1.00"),))))
    clean = r.section(section)
    assert "张三" not in clean.text() and "向个人支付0.05万元" in clean.text()
    assert r.found(section.text()) == ["张三", "张三丰"] and r.found(clean.text()) == []
