"""Reading reports: plain text in UTF-8 / GB18030, Markdown, .docx built here with zipfile; unreadable files."""

import zipfile

import pytest

from qlaudit.lint import ReportUnreadable, lint_file, read_report
from qlaudit.lint.read import markdown_text
from tests.lint.reports import seed_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph(text: str) -> str:
    runs = text.split("\t")
    inner = "<w:r><w:tab/></w:r>".join(f"<w:r><w:t xml:space=\"preserve\">{r}</w:t></w:r>" for r in runs)
    return f"<w:p>{inner}</w:p>"


def table(rows: list[list[str]]) -> str:
    body = "".join("<w:tr>" + "".join(f"<w:tc>{paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{body}</w:tbl>"


def write_docx(path, body_xml: str) -> None:
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>' \
               f"{body_xml}<w:sectPr/></w:body></w:document>"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                         'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)


def test_utf8_and_utf8_with_bom(tmp_path):
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_bytes("支出47.13万元".encode())
    bom.write_bytes(b"\xef\xbb\xbf" + "支出47.13万元".encode())
    assert read_report(plain) == read_report(bom) == "支出47.13万元"


def test_gb18030_seed_gives_the_same_findings_as_utf8(tmp_path):
    utf8, gbk = tmp_path / "seed-utf8.txt", tmp_path / "seed.txt"
    utf8.write_text(seed_text(), encoding="utf-8")
    gbk.write_bytes(seed_text().encode("gb18030"))
    assert read_report(gbk) == seed_text()
    a, b = lint_file(utf8), lint_file(gbk)
    assert [(f.rule, f.title) for f in a.findings] == [(f.rule, f.title) for f in b.findings]


def test_docx_paragraphs_and_table_rows(tmp_path):
    path = tmp_path / "report.docx"
    write_docx(path, paragraph("二、一般公共预算支出情况") + paragraph("单位：万元")
               + table([["项目名称", "年初预算", "实际支出"], ["侨联工作经费", "3.00", "7.66"]])
               + paragraph("2021年度支出47.13万元。"))
    text = read_report(path)
    assert text.splitlines() == ["二、一般公共预算支出情况", "单位：万元", "项目名称\t年初预算\t实际支出",
                                 "侨联工作经费\t3.00\t7.66", "2021年度支出47.13万元。"]
    figures = lint_file(path).figures
    assert [(f.subject, f.label, f.value) for f in figures] == [
        ("侨联工作经费", "年初预算", 3_000_000), ("侨联工作经费", "支出", 7_660_000), ("", "支出", 47_130_000)]


def test_the_seed_as_docx_gives_the_same_figures(tmp_path):
    path = tmp_path / "seed.docx"
    write_docx(path, "".join(paragraph(line) for line in seed_text().splitlines()))
    txt = tmp_path / "seed.txt"
    txt.write_text(seed_text(), encoding="utf-8")
    assert [(f.label, f.value) for f in lint_file(path).figures] == [(f.label, f.value) for f in lint_file(txt).figures]


def test_markdown_loses_its_markup_and_tables_become_rows():
    md = "## 二、一般公共预算支出情况\n\n**支出**47.13万元\n\n| 项目 | 实际支出 |\n|---|---|\n| 侨联工作经费 | 7.66 |\n- 一是慰问\n"
    assert markdown_text(md).splitlines() == ["二、一般公共预算支出情况", "", "支出47.13万元", "",
                                              "项目\t实际支出", "侨联工作经费\t7.66", "一是慰问"]


def test_markdown_file(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("# 二、一般公共预算支出情况\n支出**47.13万元**，基本支出39.32万元，项目支出7.81万元。\n", encoding="utf-8")
    result = lint_file(path)
    assert [f.label for f in result.figures] == ["支出", "基本支出", "项目支出"]
    assert result.document.headings[0].title == "一般公共预算支出情况"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"  \n", "empty"),
    ("binary.txt", b"\x00\x01\x02", "binary"),
    ("latin.txt", b"\xff\xfe\xfa\x00\xd8", "UTF-16"),
    ("broken.docx", b"not a zip", "not a .docx"),
    ("old.doc", b"\xd0\xcf\x11\xe0rest", ".doc"),
    ("scan.pdf", b"%PDF-1.4", "PDF"),
])
def test_unreadable_reports_raise_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportUnreadable, match=message) as caught:
        read_report(path)
    assert caught.value.exit_code == 2


def test_docx_without_document_xml(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(ReportUnreadable, match=r"word/document\.xml"):
        read_report(path)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x81\x30\x81")  # a truncated GB18030 four-byte sequence, not UTF-8 either
    with pytest.raises(ReportUnreadable, match="neither UTF-8 nor GB18030"):
        read_report(path)
