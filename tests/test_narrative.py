"""The publishable report of the sample unit's 2021 (the seed) reproduces the seed's figures, in the official order,
pinned by a golden file (regenerate only on purpose: QLAUDIT_UPDATE_GOLDEN=1, then review the diff)."""

import pytest

from tests.golden import assert_matches_golden
from tests.report.built import report

HEADINGS = ["一、基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况", "四、国有资本经营预算支出情况",
            "五、社会保险基金预算支出情况", "六、资金使用及绩效情况", "七、存在的问题及原因分析", "八、下一步改进措施",
            "九、绩效自评结果拟应用和公开情况", "十、其他需要说明的情况"]


@pytest.fixture(scope="module")
def sections():
    return {s.key: s for s in report("lusong-qiaolian", 2021).self_evaluation}


def test_ten_sections_in_the_official_order_after_the_cover_and_preamble(sections):
    assert list(sections)[:2] == ["cover", "preamble"]
    assert [s.heading for k, s in sections.items() if k not in ("cover", "preamble")] == HEADINGS


def test_general_budget_states_the_seed_figures(sections):
    text = sections["general_budget"].text()
    assert "2021年年初预算41.16万元，年中追加7.63万元，上年结转4.66万元，全年预算数53.45万元" in text
    assert "财政拨款收入为47.13万元" in text
    assert "财政拨款支出为47.13万元，项目支出7.81万元，基本支出39.32万元，其中：人员经费33.22万元，公用经费6.10万元" in text
    assert "侨联工作经费实际支出7.66万元" in text
    assert "民生100-为侨办实事实际支出0.15万元" in text


def test_special_funds_explain_the_carry_over(sections):
    text = sections["performance"].text()
    assert "本部门2021年年初预算专项资金共1个" in text
    assert "侨联工作经费，年初预算3.00万元，上年结转4.66万元，实际支出7.66万元" in text
    assert "因上年指标未使用完毕结转至今年，导致实际支出大于年初预算数" in text
    assert "另外民生100-为侨办实事项目实际支出0.15万元，未纳入年初预算" in text


def test_other_budgets_are_none_and_problems_are_not(sections):
    for key in ("fund", "state_capital", "social_insurance"):
        assert sections[key].text().endswith("无。")
    assert "未纳入年初预算" in sections["problems"].text()
    assert "无" != sections["improvements"].text().splitlines()[-1]


def test_score_up_front_and_in_six(sections):
    # the unit score (部门整体支出绩效自评表: 共性指标 + the project part), not the project mean
    assert "部门整体支出绩效自评得分76.20分，等级为“中”" in sections["preamble"].text()
    assert "人员情况：2021年末在职人员2人，离退休人员1人，实有人数2人" in sections["basic_info"].text()
    text = sections["performance"].text()
    assert "（三）绩效自评得分" in text
    assert "部门整体支出绩效自评得分76.20分，等级为“中”" in text and "等级：优≥90分、良≥80分、中≥60分、差低于60分" in text
    assert "表4-1 部门整体支出绩效自评表" in text and "表4-2 部门整体支出绩效自评表" in text
    assert "项目支出绩效\t项目支出绩效 = 各项目自评得分" in text  # the project mean is one indicator of the unit's
    # 侨胞之家建设 (0% executed, no indicators) counts: scored on execution only, its 自评表 in the official layout
    assert "侨胞之家建设未设绩效指标，仅按预算执行率计分，指标部分不得分" in text
    assert "侨胞之家建设\t0.00%\t0.00\t—\t0.00\t差" in text
    assert "表5-5 项目支出绩效自评表：侨胞之家建设（资金情况）" in text
    assert "侨胞之家建设：预算执行率0.00%" in text


def test_narrative_matches_golden(sections):
    assert_matches_golden("lusong-qiaolian-2021-narrative.txt", "\n\n".join(s.text() for s in sections.values()) + "\n")
