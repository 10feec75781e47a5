"""The same report as HTML, PDF, .doc, .wps and .docx gives the same findings; what each reader keeps and drops."""

import shutil

import pytest

from qlaudit.lint import ReportUnreadable, lint_file, read_document
from tests.lint.formats import FIXTURES, REPORT, write_docx, write_html, write_pdf

DOC = FIXTURES / "report.doc"  # made once by tests/lint/fixtures/make_doc.py (LibreOffice) from write_docx's file


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    write_html(folder / "report.html")
    write_pdf(folder / "report.pdf")
    write_docx(folder / "report.docx")
    shutil.copyfile(DOC, folder / "report.doc")
    shutil.copyfile(DOC, folder / "report.wps")  # WPS Office writes the Word 97-2003 format under its own name
    return folder


def outcome(path):
    return sorted((f.rule, f.severity, f.title, f.amounts) for f in lint_file(path).findings
                  if f.rule != "LINT-READ")


def test_every_format_gives_the_same_findings(files):
    expected = outcome(files / "report.docx")
    for name in ("report.html", "report.pdf", "report.doc", "report.wps"):
        assert outcome(files / name) == expected, name
    problems = {(rule, severity, title) for rule, severity, title, _ in expected if severity != "info"}
    assert problems == {
        ("LINT-PARTS", "error", "免费开放补助 50.00万元 ≠ 中央补助金额 30.00万元 + 本级配套金额 15.00万元"),
        ("LINT-CLAIM-100", "error", "免费开放补助称已全部拨付，但报告写拨付46.00万元"),
        ("LINT-SCORE", "error", "年度资金总额得分 10 与表中计分规则不符：应为 9.20"),
        ("LINT-SCORE", "error", "举办公益讲座：指标未完成却得满分"),
        ("LINT-SCORE", "warning", "完成时间：指标已完成却扣分"),
    }


def test_tables_are_rows_of_cells_with_their_position(files):
    rows = [r for kind, r in REPORT if kind == "table"]
    for name, first in (("report.pdf", "第1页表1第1行"), ("report.doc", "表1第1行"), ("report.html", "表1第1行")):
        document = read_document(files / name)
        table = [b for b in document.blocks if b.table]
        assert [list(b.cells) for b in table] == [c for r in rows for c in r], name
        assert table[0].where == first


def test_findings_quote_page_and_row(files):
    result = lint_file(files / "report.pdf")
    (rule,) = [f for f in result.findings if f.title.startswith("年度资金总额得分")]
    assert "（第1页表1第2行）「年度资金总额" in rule.explanation


def test_what_each_reader_did_is_said(files):
    notes = {name: [f.title for f in lint_file(files / name).findings if f.rule == "LINT-READ"]
             for name in ("report.pdf", "report.doc", "report.html")}
    assert notes["report.pdf"] == ["pdf：1 页，2 个表格按行读取"]
    assert notes["report.doc"] == ["doc：2 个表格按行读取"]
    assert notes["report.html"][0].startswith("html：2 个表格按行读取，删除脚本、样式和导航等")


def test_html_drops_scripts_and_navigation(files):
    text = read_document(files / "report.html").text
    assert "var x" not in text and "首页" not in text and "版权所有" not in text
    assert text.splitlines()[0] == "某县文化馆2023年度免费开放项目绩效自评报告"


def test_pdf_lines_wrapped_at_the_margin_are_joined(tmp_path):
    from fpdf import FPDF

    from tests.lint.formats import cjk_font

    pdf = FPDF(format=(148, 210))
    pdf.add_font("cjk", fname=str(cjk_font()))
    pdf.set_font("cjk", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 6, "二、支出情况", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, "本单位全年一般公共预算财政拨款支出合计为五十万元以下的各项经费，其中基本支出40.00万元，项目支出10.00万元。")
    pdf.output(str(tmp_path / "wrapped.pdf"))
    document = read_document(tmp_path / "wrapped.pdf")
    assert [b.line for b in document.blocks][-1].endswith("项目支出10.00万元。")
    assert any("排版换行已接续" in n for n in document.notes)
    assert [f.raw for f in lint_file(tmp_path / "wrapped.pdf").figures] == ["500000元", "40.00万元", "10.00万元"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("scan.pdf", None, "no text layer"),
    ("broken.pdf", b"%PDF-1.4\nnot really", "PDF"),
    ("other.doc", None, "not a Word 97"),
    ("short.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "OLE2"),
])
def test_unreadable_pdf_and_doc(tmp_path, name, content, message):
    path = tmp_path / name
    if name == "scan.pdf":
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.rect(10, 10, 50, 50)  # a page with a drawing and no text: what a scan without OCR gives
        pdf.output(str(path))
    elif name == "other.doc":
        import olefile

        path.write_bytes(DOC.read_bytes())
        ole = olefile.OleFileIO(str(path), write_mode=True)
        ole.write_stream("WordDocument", b"\x00" * len(ole.openstream("WordDocument").read()))
        ole.close()
    else:
        path.write_bytes(content)
    with pytest.raises(ReportUnreadable, match=message) as caught:
        read_document(path)
    assert caught.value.exit_code == 2
