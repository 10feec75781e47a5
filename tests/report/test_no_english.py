"""No English word in the Chinese documents (issue 13): the visible text of the publishable report and of the working
papers (附五 included: import log lines through the message catalogue in Chinese, paths relative to the data folder,
Beijing time) has no ASCII word of three letters or more beyond a short, justified allow-list."""

import html
import re
from pathlib import Path

import pytest

from qlaudit.report import provenance, render_html
from tests.report.built import report

#: Words a Chinese reader meets on purpose: the tool's name and its commands (a reader runs `qlaudit replay`), the
#: names of the hash, the encoding and the sampling method as they are standardised, the software versions of 附表5,
#: and INDICATOR, the rule code of an unmet performance indicator in the 底稿 (rule codes are codes, not words).
ALLOWED = {"qlaudit", "lint", "replay", "validate", "SHA", "UTF", "MUS", "python", "INDICATOR", *provenance.PACKAGES}
#: Tokens that are not words: file names and paths, hexadecimal digests, codes with digits or hyphens (rule codes
#: BUD-LOW-EXEC, 索引号 DG-2021-001, QL-001, GB18030).
NOT_WORDS = re.compile(r"[\w./-]*\.(csv|xlsx|xls|txt|md|yaml|json|docx|toml|html|pdf)\b|[\w-]+/[\w./-]+"
                       r"|\b[0-9a-f]{7,}\b|(?<![A-Za-z0-9])[A-Z][A-Z0-9]*(-[A-Z0-9]+)+(?![A-Za-z0-9])|\b\w*\d\w*\b")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", NOT_WORDS.sub(" ", text))) - ALLOWED


@pytest.mark.parametrize(("unit", "year"), [("lusong-qiaolian", 2021), ("lusong-fulian", 2022)])
def test_the_chinese_documents_have_no_english_word(unit, year):
    built = report(unit, year)
    publishable = visible_text(render_html.document(built.title, built.self_evaluation, lambda key: None))
    papers = visible_text(render_html.document(built.title, built.workpapers, lambda key: None))
    assert english_words(publishable) == set()
    assert english_words(papers) == set()
    assert ("导入过程中记录的提示" in papers and "已规范化" in papers) or unit == "lusong-qiaolian"


def test_the_word_check_can_fail():
    assert english_words("附五 WARNING normalised: 2 title row(s) data_dir=/tmp/x") == {"WARNING", "normalised",
                                                                                      "title", "row", "data", "dir"}
    assert english_words("见 lusong-qiaolian/2021/expenditures.csv 第3行，BUD-LOW-EXEC，SHA-256 d356e7217942") == set()
    assert english_words("同一事项由规则REC-BUDGET、BUD-OVER-CLASS共同发现") == set()  # codes beside Chinese text


def test_appendix_values_are_for_people():
    data = Path("/srv/data")
    assert provenance.beijing_time("2024-03-01T18:03:04+00:00") == "2024年3月2日 02:03:04（北京时间）"
    assert provenance.beijing_time("") == "（未记录）"
    shown = provenance.parameters_text({"unit": "u1", "data_dir": "/srv/data", "settings_path": "/srv/data/u1/s.toml",
                                        "scoring_path": "", "strict": False}, data, {"u1": "区侨联"})
    assert shown == "单位：区侨联；数据目录：数据目录；规则阈值文件：数据目录/u1/s.toml；评分规则文件：（未指定）；严格模式：否"
    assert "/srv" not in provenance.parameters_text({"settings_path": "/elsewhere/my.toml"}, data)
