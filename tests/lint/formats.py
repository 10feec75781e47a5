"""One small invented report, written as HTML, PDF (fpdf2 with the CJK font that mplfonts ships), .docx and — by
``tests/lint/fixtures/make_doc.py`` with LibreOffice, once — .doc, to check that every reader gives the same findings.

Planted faults (万元): 30.00 + 15.00 ≠ 50.00 with the sources named (LINT-PARTS); "已全部拨付" beside 46.00 拨付
(LINT-CLAIM-100); 得分 10 against the stated rule 10 × 92% (LINT-SCORE); an indicator missed (10次 against ≥12次)
with full points, one met with points deducted (LINT-SCORE).
"""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

REPORT: list[tuple[str, object]] = [
    ("p", "某县文化馆2023年度免费开放项目绩效自评报告"),
    ("p", "一、基本情况"),
    ("p", "2023年下达免费开放补助资金50.00万元（中央补助30.00万元，本级配套15.00万元），用于场馆免费开放。"),
    ("p", "二、资金使用情况"),
    ("p", "免费开放补助资金50.00万元已全部拨付。"),
    ("p", "截至2023年12月31日，已拨付46.00万元，执行率92%。"),
    ("p", "三、项目支出绩效自评表"),
    ("table", [["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
               ["年度资金总额", "50.00", "50.00", "46.00", "10", "92%", "10"],
               ["其中：当年财政拨款", "50.00", "50.00", "46.00", "", "", ""]]),
    ("p", "预算执行率得分按执行率×分值计算。"),
    ("table", [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
               ["产出指标", "数量指标", "举办公益讲座", "≥12次", "10次", "20", "20"],
               ["产出指标", "时效指标", "完成时间", "2023年12月", "2023年12月", "10", "8"],
               ["满意度指标", "服务对象满意度", "读者满意度", "≥90%", "95%", "10", "10"]]),
    ("p", "四、存在的问题及原因分析"),
    ("p", "讲座场次未达到计划。"),
]


def write_html(path: Path) -> None:
    """The report as a page of a government site: navigation, a script, a layout table around the content."""
    body = []
    for kind, content in REPORT:
        if kind == "p":
            body.append(f"<p>{escape(str(content))}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in content)  # type: ignore[attr-defined]
            body.append(f"<table border='1'>{rows}</table>")
    page = ("<!DOCTYPE html><html><head><meta charset='gbk'><title>自评报告</title>"
            "<script>var x = '预算100万元';</script><style>p{margin:0}</style></head><body>"
            "<div class='nav-menu'><a href='/'>首页</a> &gt; <a href='#'>预算公开 2023年</a></div>"
            "<table><tr><td>" + "".join(body) + "</td></tr></table>"
            "<div id='footer'>版权所有 联系电话 12345678</div></body></html>")
    path.write_bytes(page.encode("gbk"))


def cjk_font() -> Path:
    import mplfonts

    return Path(mplfonts.__file__).resolve().parent / "fonts" / "SimHei.ttf"


def write_pdf(path: Path) -> None:
    """The report as a PDF with a text layer and ruled tables (fpdf2, the CJK TrueType font of mplfonts)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(cjk_font()))
    pdf.set_font("cjk", size=10)
    pdf.add_page()
    for kind, content in REPORT:
        if kind == "p":
            pdf.multi_cell(0, 7, str(content), new_x="LMARGIN", new_y="NEXT")
        else:
            with pdf.table(first_row_as_headings=False) as table:
                for cells in content:  # type: ignore[attr-defined]
                    r = table.row()
                    for c in cells:
                        r.cell(c)
            pdf.ln(2)
    pdf.output(str(path))


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def write_docx(path: Path) -> None:
    """The report as a minimal .docx (zipfile), also the input LibreOffice turns into the .doc fixture."""
    body = []
    for kind, content in REPORT:
        if kind == "p":
            body.append(_p(str(content)))
        else:
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{_p(c)}</w:tc>" for c in r) + "</w:tr>" for r in content)  # type: ignore[attr-defined]
            body.append(f"<w:tbl><w:tblPr><w:tblW w:w='0' w:type='auto'/></w:tblPr>{rows}</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                + "".join(body) + "<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
                         'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                         'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="'
                         'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"'
                         '/></Relationships>')
        archive.writestr("word/document.xml", document)
