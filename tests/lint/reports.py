"""Report texts for the linter's tests: the seed, a clean report, and small helpers."""

from pathlib import Path

from qlaudit.lint import LintResult, lint_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "2021_lusong_qiaolian_self_evaluation.txt"
if not SEED.is_file():  # CI lays shared/ beside the clone; the data folder keeps a copy of the seed
    SEED = ROOT / "data" / "lusong-qiaolian" / "2021" / "self_evaluation.txt"
DATA = ROOT / "data"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# A report in the district template whose figures agree with each other (invented unit, 万元):
# 收入 55.00 + 上年结转 2.00 = 支出 54.00 + 年末结转 3.00; 54.00 = 40.00 + 14.00; 40.00 = 32.50 + 7.50;
# 项目 14.00 = 10.00 + 4.00; 执行率 54.00 / 57.00 = 94.74%; 9.47 + 48 + 28 + 10 = 95.47 → 优.
CLEAN = """一、基本情况
（一）单位基本情况
某区科学技术协会成立于2000年，核定行政编制3名。
（二）单位年度整体支出绩效目标
整体绩效目标：全年开展科普活动不少于6次，培训基层科技人员200人次，年底前建成科普基地1个。
专项绩效目标：科普活动经费用于开展科普活动6次；科技培训经费用于培训200人次。
二、一般公共预算支出情况
（一）收支情况
1、2022年年初预算50.00万元，追加5.00万元，调整后预算57.00万元；
2、2022年度财政拨款收入55.00万元，上年结转2.00万元；
3、2022年度支出54.00万元，年末结转3.00万元。
（二）基本支出情况
基本支出40.00万元，其中：人员经费32.50万元，公用经费7.50万元。
（三）项目支出情况
项目支出14.00万元，其中科普活动经费实际支出10.00万元，科技培训经费实际支出4.00万元。
三、政府性基金预算支出情况
无。
四、国有资本经营预算支出情况
无。
五、社会保险基金预算支出情况
无。
六、资金使用及绩效情况
（一）部门整体支出绩效情况
调整后预算57.00万元，实际支出54.00万元，预算执行率94.74%。
计划开展科普活动6次，实际完成8次，年度目标任务全部完成。
全年开展科普活动8次，其中线下活动5次、线上活动3次。
（二）专项资金支出绩效情况
本部门专项资金共2个，具体情况如下：
一是科普活动经费，预算10.00万元，实际支出10.00万元。
二是科技培训经费，预算4.00万元，实际支出4.00万元。
（三）自评结果
预算执行率指标分值10分，执行率94.74%，按执行率计分，得分9.47分。
产出指标得分48分，效益指标得分28分，满意度指标得分10分。
自评得分95.47分，评价等级为优。
七、存在的问题及原因分析
部分项目执行进度偏慢，年末结转3.00万元。
八、下一步改进措施
2023年6月底前完成结转资金的使用。
九、绩效自评结果拟应用和公开情况
自评结果在区政府门户网站公开。
十、其他需要说明的情况
无。
"""

# The seed with its faults corrected: one amount per item, carry-over stated, problems described, goals quantified.
CORRECTIONS = (
    ("侨联工作经费专项实际支出数7.81万元。主要用于加强对侨工作能力，实现基层侨组织“有组织、有队伍、有经费、有阵地、有活动”的“五有”工作目标。",
     "项目支出实际支出数7.81万元，用于侨联工作和民生100项目。"),
    ("2、2021年度单位一般公共预算财政拨款收入为47.13万元；",
     "2、2021年度单位一般公共预算财政拨款收入为47.13万元，上年结转4.66万元，年末结转4.66万元；"),
    ("整体绩效目标：按照“以人为本、为侨服务”的根本宗旨，争取在全区各街道建设“侨胞之家”。同时通过开展活动、搭建平台、创新方法，把中央、省委和市委、区委对侨工作的决策部署以群众喜闻乐见的方式逐一落到实处。",
     "整体绩效目标：年底前在全区7个街道建成“侨胞之家”7个。"),
    ("专项绩效目标：1.慰问困难侨胞；2.开展侨界文化、体育活动；3.组织基层培训。",
     "专项绩效目标：1.慰问困难侨胞不少于30人；2.开展侨界文化、体育活动4次；3.组织基层培训2次。"),
    ("七、存在的问题及原因分析\n无",
     "七、存在的问题及原因分析\n侨联工作经费实际支出超过年初预算，系使用上年结转资金；民生100项目未纳入年初预算，系年中追加。"
     "12月追加的侨胞之家建设资金4.66万元当年未使用，结转下年。"),
)


def corrected_seed() -> str:
    text = seed_text()
    for old, new in CORRECTIONS:
        assert old in text, old
        text = text.replace(old, new)
    return text


def rules(result: LintResult, severity: str | None = None, *, passed: bool | None = False) -> list[str]:
    """Rule ids of the findings (of ``severity``; by default only the ones that did not pass)."""
    return [f.rule for f in result.findings
            if (severity is None or f.severity == severity) and (passed is None or f.passed == passed)]


def findings_of(result: LintResult, rule: str, *, passed: bool | None = False):
    return [f for f in result.findings if f.rule == rule and (passed is None or f.passed == passed)]


def lint(text: str, **kwargs) -> LintResult:
    return lint_text(text, **kwargs)
