"""`qlaudit report --pdf`: A4 PDFs of both documents, printed by headless Chromium, checked page by page (pypdfium2):
page numbers on every page, no clipped column (every SHA-256 and payee name whole in the text layer), the last page
not blank, fonts embedded. Skipped with a note when Chromium is not installed (python3 tasks.py test installs it)."""

import json
import re
from pathlib import Path

import pytest

from qlaudit.cli import main
from qlaudit.report.pdf import chromium
from tests.report.built import DATA

pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 is a test dependency (python3 tasks.py setup)")
pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium not installed (python3 tasks.py test installs "
                                                          "Debian's chromium); the PDF is not tested here")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    assert main(["report", "--unit", "lusong-fulian", "--year", "2022", "--data", str(DATA), "--out", str(out),
                 "--pdf", "--report-date", "2023-03-31"]) == 0
    return out / "lusong-fulian" / "2022"


def pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", ["report.pdf", "workpapers.pdf"])
def test_every_page_is_numbered_and_the_last_is_not_blank(folder, name):
    texts = pages(folder / name)
    assert len(texts) >= 3
    for n, text in enumerate(texts, 1):
        assert f"第{n}页，共{len(texts)}页" in flat(text), (name, n)
    last = flat(texts[-1]).replace(f"第{len(texts)}页，共{len(texts)}页", "")
    assert len(last) > 20  # not a blank page with only its footer


def test_no_column_is_clipped(folder):
    text = flat("".join(pages(folder / "workpapers.pdf")))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for item in manifest["inputs"]:
        assert item["sha256"] in text, item["path"]  # 64 hex digits, wrapped but whole
    for payee in ("株洲市芦淞区联创电脑科技有限公司", "株洲市芦淞区惠民百货商行"):
        assert payee in text


def test_the_publishable_pdf_has_the_frame_and_no_personal_names(folder):
    text = flat("".join(pages(folder / "report.pdf")))
    for part in ("部门整体支出绩效自评报告", "预算编码", "报告日期2023年3月31日", "七、存在的问题及原因分析", "十、其他需要说明的情况"):
        assert flat(part) in text
    working = flat("".join(pages(folder / "workpapers.pdf")))
    assert "易国华" in working and "易国华" not in text  # a payee who is a person: in the working papers only


def test_fonts_are_embedded(folder):
    pdf = pdfium.PdfDocument(str(folder / "report.pdf"))
    raw = pdfium.raw
    fonts = set()
    for i in range(len(pdf)):
        page = pdf[i]
        for obj in page.get_objects():
            if obj.type == raw.FPDF_PAGEOBJ_TEXT:
                font = raw.FPDFTextObj_GetFont(obj.raw)
                fonts.add(bool(raw.FPDFFont_GetIsEmbedded(font)))
    assert fonts == {True}


def test_page_images_render(folder, tmp_path):
    pdf = pdfium.PdfDocument(str(folder / "report.pdf"))
    image = pdf[0].render(scale=0.5).to_pil()
    assert image.size[1] > image.size[0]  # portrait A4
    assert image.convert("L").getextrema()[0] < 100  # something dark was printed
