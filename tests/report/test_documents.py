"""Both documents of every sample unit-year: the publishable report passes its gate and prints no natural person;
the working papers list every planted problem of data/README.md with its vouchers and criterion."""

import re

import pytest

from qlaudit.report.privacy import natural_persons
from qlaudit.report.settings import load
from tests.report.built import UNIT_YEARS, report, workbook

HEADINGS = ["一、基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况", "四、国有资本经营预算支出情况",
            "五、社会保险基金预算支出情况", "六、资金使用及绩效情况", "七、存在的问题及原因分析", "八、下一步改进措施",
            "九、绩效自评结果拟应用和公开情况", "十、其他需要说明的情况"]


@pytest.mark.parametrize(("unit", "year"), UNIT_YEARS)
def test_publishable_report_passes_the_gate(unit, year):
    r = report(unit, year)
    assert r.gate.ok, r.gate.reasons
    assert [s.heading for s in r.self_evaluation if s.heading and s.key not in ("cover",)] == HEADINGS
    text = r.text()
    assert not re.search(r"年末结转[^\n，。；]{0,6}-\d", text)  # no negative carry-over
    names = natural_persons(workbook(unit, year).expenditures, load())
    assert names and not [n for n in names if n in text]  # payees who are persons exist, and none is printed


@pytest.mark.parametrize(("unit", "year"), UNIT_YEARS)
def test_cover_and_frame(unit, year):
    r = report(unit, year)
    cover = r.section("cover").text()
    for label in ("单位名称", "预算编码：4302031", "评价方式：单位自评", f"报告日期：{year + 1}年3月31日", "财务负责人"):
        assert label in cover
    preamble = r.section("preamble").text()
    assert "财预〔2020〕10号" in preamble and "得分" in preamble


def test_year_end_recovery_is_its_own_column_and_rates_are_before_it():
    r = report("lusong-qiaolian", 2021)
    table1 = next(b for b in r.section("general_budget").blocks if getattr(b, "caption", "").startswith("表1 "))
    rows = {row[0].strip("　其中："): dict(zip(table1.header, row, strict=True)) for row in table1.rows}
    assert rows["基本支出"]["调减"] == "0.00" and rows["基本支出"]["年底收回"] == "1.66"  # not netted into 调减
    assert rows["基本支出"]["全年预算数"] == "40.98" and rows["基本支出"]["执行率"] == "95.95%"  # not 100% by construction
    assert rows["合计"]["全年预算数"] == "53.45" and rows["合计"]["执行率"] == "88.18%"
    text = r.text()
    assert "年底收回未用指标1.66万元，不作为预算调整" in text
    assert "年底收回未用的基本支出指标1.66万元，执行率按收回前的全年预算数计算，基本支出执行率为95.95%" in text
    assert "2021年12月30日年底收回未用的基本支出指标1.66万元（芦财预〔2021〕112号）" in text
    # the same rates as the unit's 自评表 (qlaudit.scoring): 预算执行率 of the whole, basic and project spending
    score = r.score
    assert score is not None and [f.rate for f in score.funds] == ["88.18%", "95.95%", "62.63%"]
    form = next(b for b in r.section("performance").blocks if getattr(b, "caption", "").startswith("表4-1 "))
    assert [row[-1] for row in form.rows] == ["88.18%", "95.95%", "62.63%"]
    assert r.gate.ok and any(c.name == "scores" and c.ok for c in r.gate.checks)


def test_the_index_and_the_batch_page_show_the_unit_score():
    from qlaudit.report.batch import UnitYearOutcome, render_index

    r = report("lusong-qiaolian", 2021)
    index = r.index
    assert (index["score"], index["grade"], index["full_year_wan"], index["execution_rate"]) == (
        "76.20", "中", "53.45", "88.18%")  # the 部门整体支出绩效自评表, not the project mean (62.63)
    page = render_index((UnitYearOutcome("lusong-qiaolian", 2021, "written", "", index),))
    assert "<th>部门整体自评得分</th>" in page and "<td class=\"num\">76.20</td><td>中</td>" in page


def test_staffing_is_stated_with_its_source():
    text = report("lusong-tuanwei", 2023).section("basic_info").text()
    assert "核定行政编制3名" in text  # 编制 from unit.yaml, in the unit's introduction
    assert "人员情况：2023年末在职人员3人，实有人数3人（编制数：单位基本信息；在职人数：工资发放凭证推算" in text
    assert "离退休人数：未提供（单位基本信息未填写，账套中无离退休费发放凭证" in text  # unknown, not 0


def test_carry_over_lineage_and_table1_agree_with_ten():
    r = report("lusong-tuanwei", 2023)
    table1 = next(b for b in r.section("general_budget").blocks if getattr(b, "caption", "").startswith("表1 "))
    total = dict(zip(table1.header, table1.rows[-1], strict=True))
    assert total["年末结转"] == "0.22" and total["超支金额"] == "0.95"  # no −0.73: the overspend is its own column
    other = r.section("other").text()
    assert "年末结转资金合计0.22万元" in other
    assert "青年创新创业大赛：全年预算数0.00万元，实际支出0.95万元，超出全年预算0.95万元，未形成结转（见七）" in other
    assert "共青团工作经费：上年结转0.14万元（芦财结〔2023〕3号），按原用途使用" in other


def test_year_on_year_and_controlled_spending():
    text = report("lusong-qiaolian", 2021).text()
    assert "支出总额比上年增加6.85万元，增长16.99%，主要是项目支出比上年增加6.03万元" in text
    assert "表1-1 三公经费、会议费、培训费支出情况" in text and "表1-2 基本支出经济分类明细" in text
    assert "2021年度政府采购：向13家供应商采购货物和服务9.10万元" in text
    fulian = report("lusong-fulian", 2022).text()
    assert "株洲市芦淞区联创电脑科技有限公司11.37万元，应按政府采购程序办理" in fulian


def test_unmet_indicator_is_a_problem_and_carry_over_spent_is_not():
    fulian = report("lusong-fulian", 2022).section("problems").text()
    assert "绩效指标“建成社区儿童之家”未达到年度目标。年度指标值≥4个，实际完成3个" in fulian
    assert "请核实" not in fulian and "证据列示" not in fulian
    assert "未纳入年初预算" not in report("lusong-qiaolian", 2022).section("problems").text()
    assert "未纳入年初预算" not in report("lusong-fulian", 2023).section("problems").text()


def test_one_overspend_seen_by_two_rules_is_one_problem_and_one_measure():
    r = report("lusong-fulian", 2022)
    problems = r.section("problems").text()
    assert problems.count("妇女儿童维权服务") == 1 and "超支0.34万元" in problems
    assert "超预算支出" not in problems.replace("（超预算支出）", "")  # the over-class statement is not repeated
    measures = r.section("improvements").text()
    assert measures.count("超预算") == 1 and "按经济分类控制项目支出" not in measures
    both = [e for e in r.entries if e.rule in ("REC-BUDGET", "BUD-OVER-CLASS") and e.severity == "error"]
    assert {e.rule for e in both} == {"REC-BUDGET", "BUD-OVER-CLASS"}  # every finding keeps its working paper
    assert all("同一事项由规则REC-BUDGET、BUD-OVER-CLASS共同发现" in e.fact for e in both)
    assert len({e.measure for e in both}) == 1


PLANTED = [  # data/README.md, planted problems a–h: (unit, year, rule, vouchers the working paper must name)
    ("lusong-fulian", 2022, "REC-BUDGET", ["2022-11-07 记-001", "2022-11-21 记-016"]),
    ("lusong-tuanwei", 2023, "REC-NO-QUOTA", ["2023-09-14 记-007", "2023-09-20 记-017", "2023-09-27 记-022"]),
    ("lusong-fulian", 2022, "TIM-DEC-RUSH", ["2022-12-05 记-001", "2022-12-19 记-014", "2022-12-22 记-021"]),
    ("lusong-fulian", 2023, "DUP-EXACT", ["2023-05-10 记-004", "2023-05-12 记-007"]),
    ("lusong-tuanwei", 2022, "SEQ-GAP", ["记-007", "记-009", "缺少第8号"]),
    ("lusong-fulian", 2022, "SPLIT-PURCHASE", ["2022-08-03 记-001", "2022-08-08 记-003", "2022-08-11 记-005"]),
    ("lusong-fulian", 2023, "CLASS-MISMATCH", ["2023-03-16 记-015"]),
    ("lusong-tuanwei", 2022, "SUSPECT-PROJECT-CODE", ["2022-04-21 记-014"]),
]


@pytest.mark.parametrize(("unit", "year", "rule", "vouchers"), PLANTED)
def test_working_papers_list_every_planted_problem(unit, year, rule, vouchers):
    r = report(unit, year)
    entries = [e for e in r.entries if e.rule == rule]
    assert entries, [e.rule for e in r.entries]
    e = entries[0]
    assert re.fullmatch(rf"DG-{year}-\d{{3}}", e.index)
    assert all(v in e.fact for v in vouchers), e.fact
    assert e.criterion and e.basis and e.measure and e.cause
    assert e.evidence
    wp = "\n".join(s.text() for s in r.workpapers)
    assert e.index in wp and "编制人" in wp and "复核人" in wp


def test_working_paper_shows_cause_from_the_ledgers():
    e = next(e for e in report("lusong-fulian", 2022).entries if e.rule == "REC-BUDGET" and e.severity == "error")
    assert e.cause.startswith("原因：指标于2022年9月12日用完后未申请调整预算，仍继续支付2笔")
    assert "2022-11-07 记-001" in e.cause and "2022-11-21 记-016" in e.cause
    assert {x.quota_doc for x in e.evidence} == {"芦财预〔2022〕1号"}  # the quota document of each voucher line
    low = next(e for e in report("lusong-qiaolian", 2021).entries if e.rule == "BUD-LOW-EXEC")
    assert "2021年12月10日追加下达（芦财预〔2021〕101号）" in low.cause


def test_working_papers_keep_the_names_the_report_leaves_out():
    r = report("lusong-qiaolian", 2021)
    names = natural_persons(workbook("lusong-qiaolian", 2021).expenditures, load())
    wp = "\n".join(s.text() for s in r.workpapers)
    assert any(n in wp for n in names)  # the sample lists payees; the auditor needs them
    assert "附四、报告一致性检查" in wp and "附五、导入日志、操作日志及来源记录" in wp
