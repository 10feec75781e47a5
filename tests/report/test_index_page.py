"""The batch index page: what needs attention first, three orders without script, untrusted text escaped, links to
七 and 附二 that exist in the published documents."""

import re

from qlaudit.findings import Evidence, Finding
from qlaudit.report.batch import UnitYearOutcome
from qlaudit.report.index_page import render_index
from qlaudit.report.model import amount_at_issue_fen


def outcome(unit, year, status="written", errors=0, warnings=0, error_yuan="0.00", issue_yuan="0.00", score="90.00",
            name=None, message=""):
    summary = {} if status == "failed" else {
        "unit_name": name or f"{unit}单位", "score": score, "grade": "优", "full_year_wan": "10.00",
        "spent_wan": "9.00", "execution_rate": "90.00%", "errors": errors, "warnings": warnings, "infos": 0,
        "error_amount_yuan": error_yuan, "issue_amount_yuan": issue_yuan, "own_report_errors": "",
        "own_report_warnings": "", "gate": "通过"}
    return UnitYearOutcome(unit, year, status, message, summary)


def order(page: str, view: str) -> list[str]:
    section = re.search(rf'<section class="view[^"]*" id="{view}">(.*?)</section>', page, re.S)
    assert section, view
    return re.findall(r'<span class="code">([^<]+)</span></td><td class="num">(\d+)</td>', section[1])


OUTCOMES = (
    outcome("a-clean", 2021, score="99.00"),
    outcome("b-small-error", 2021, errors=1, warnings=5, error_yuan="100.00", issue_yuan="90000.00", score="80.00"),
    outcome("c-big-error", 2022, errors=1, error_yuan="500000.00", issue_yuan="500000.00", score="70.00"),
    outcome("d-warnings", 2021, warnings=3, issue_yuan="120000.00", score="60.00"),
    outcome("e-failed", 2023, status="failed", message="e-failed 2023: 1 input error(s)"),
)


def test_attention_puts_failures_then_error_amounts_then_amounts_at_issue_first():
    page = render_index(OUTCOMES)
    assert [u for u, _ in order(page, "by-attention")] == ["e-failed", "c-big-error", "b-small-error", "d-warnings",
                                                           "a-clean"]
    assert [u for u, _ in order(page, "by-unit")] == ["a-clean", "b-small-error", "c-big-error", "d-warnings",
                                                      "e-failed"]
    assert [u for u, _ in order(page, "by-score")] == ["d-warnings", "c-big-error", "b-small-error", "a-clean",
                                                       "e-failed"]  # lowest first; no score last
    assert "<td class=\"num\">50.00</td>" in page  # 500,000.00 元 in 万元


def test_views_switch_without_script_and_link_seven_and_appendix_two():
    page = render_index(OUTCOMES, "2024-01-02 03:04:05 +0800")
    assert "<script" not in page and "onclick" not in page
    for view in ("by-attention", "by-unit", "by-score"):
        assert f'<a href="#{view}">' in page and f'id="{view}"' in page
    assert "section.view:target ~ section.view.default { display: none; }" in page
    assert page.index('id="by-unit"') < page.index('id="by-attention"')  # the default view last, for the CSS
    for link in ("c-big-error/2022/report.html#s7", "c-big-error/2022/workpapers.html#a2",
                 "c-big-error/2022/workpapers.html"):
        assert f'href="{link}"' in page
    assert "e-failed/2023/report.html" not in page and "无已发布的报告" in page
    assert "生成时间：2024-01-02 03:04:05 +0800" in page


def test_untrusted_names_and_messages_are_escaped():
    hostile = '<script>alert("x")</script>&<img src=x onerror=1>'
    page = render_index((outcome("u", 2021, name=hostile),
                         UnitYearOutcome("v", 2022, "failed", hostile, {"unit_name": hostile, "published_before": True})))
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img src=x onerror=1&gt;" in page
    assert 'href="v/2022/report.html">上次发布的报告</a>' in page


def test_amount_at_issue_is_the_largest_gap_or_cited_lines_of_one_finding():
    line = Evidence("e.csv", 3, amount_fen=-5_000)
    findings = [
        Finding("DUP-1", "error", "重复", "", evidence=(line, Evidence("e.csv", 4, amount_fen=2_000), line)),
        Finding("BUD-LOW-EXEC", "warning", "执行率低", "", amounts=(("adjusted", 90_000), ("unspent", 40_000)),
                evidence=(Evidence("a.csv", 2, amount_fen=90_000),)),  # the gap, not the quota lines
        Finding("BUD-LOW-EXEC", "warning", "整体执行率低", "", amounts=(("adjusted", 99_000), ("unspent", 40_000))),
        Finding("REC-1", "error", "差额", "", amounts=(("expected", 10), ("actual", 310), ("difference", -300))),
        Finding("OK-1", "error", "通过", "", evidence=(Evidence("e.csv", 9, amount_fen=99_999),), passed=True),
        Finding("INFO-1", "info", "信息", "", evidence=(Evidence("e.csv", 8, amount_fen=99_999),)),
    ]
    assert amount_at_issue_fen(findings, ("error",)) == 7_000  # each cited line once
    assert amount_at_issue_fen(findings, ("error", "warning")) == 40_000  # nested gaps not added up
    assert amount_at_issue_fen(findings[3:], ("error",)) == 300
    assert amount_at_issue_fen([], ("error",)) == 0


def test_the_published_documents_have_the_anchors_the_index_links(published_2021):
    folder = published_2021.html_path.parent
    assert re.search(r'<h2 id="s7">七、存在的问题及原因分析', (folder / "report.html").read_text(encoding="utf-8"))
    assert re.search(r'<h2 id="a2">附二、单位自评报告核对', (folder / "workpapers.html").read_text(encoding="utf-8"))
