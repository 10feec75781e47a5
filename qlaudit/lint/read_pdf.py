"""PDF reports through their text layer, with ``pdfplumber`` (maintained; built on ``pdfminer.six``).

Per page: the ruled tables ``pdfplumber`` finds become rows of cells (``第2页表1第3行``); the text outside them
becomes lines, in reading order with the tables by their vertical position. A line that runs to the right edge of
the page's text and does not end a sentence was wrapped by the layout: the next line is joined to it, so a word
split at the margin (``支`` / ``出``) is whole again; the count of such joins is noted. A PDF without a text layer
(a scan) has no text and is refused with a hint (it needs OCR first).
"""

from __future__ import annotations

import io
import re
from typing import Any

from qlaudit.lint.read import Block, ReportUnreadable, SourceDocument, paragraphs, row

_ENDS_SENTENCE = re.compile(r"[。；;：:！!？?）)”」]$")


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _lines(page: Any, boxes: list[tuple[float, float, float, float]]) -> tuple[list[tuple[float, str]], int]:
    """(top, text) of the text lines outside the tables, wrapped lines joined; and how many joins were made."""
    region = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    lines = [ln for ln in region.extract_text_lines(return_chars=True) if ln["text"].strip()]
    if not lines:
        return [], 0
    right = max(ln["x1"] for ln in lines)
    joined: list[tuple[float, str]] = []
    joins = 0
    wrapped = False
    for ln in lines:
        width = (ln["x1"] - ln["x0"]) / max(len(ln["text"]), 1)
        if wrapped and joined:
            joined[-1] = (joined[-1][0], joined[-1][1] + ln["text"].strip())
            joins += 1
        else:
            joined.append((ln["top"], ln["text"].strip()))
        wrapped = ln["x1"] >= right - 1.5 * width and not _ENDS_SENTENCE.search(ln["text"].strip())
    return joined, joins


def pdf_document(data: bytes, name: str) -> SourceDocument:
    """The text lines and table rows of each page of a PDF."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ReportUnreadable(f"{name}: not a readable PDF ({exc}); export the report again as PDF or .docx") from exc
    except Exception as exc:  # pdfminer raises its own errors for damaged files (PDFException and others)
        raise ReportUnreadable(f"{name}: the PDF cannot be read ({type(exc).__name__}); export it again") from exc
    blocks: list[Block] = []
    table_count = joins = 0
    with pdf:
        for number, page in enumerate(pages, start=1):
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            lines, joined = _lines(page, boxes)
            joins += joined
            items: list[tuple[float, int, list[Block]]] = [
                (top, 0, paragraphs(text, f"第{number}页")) for top, text in lines]
            for t in tables:
                table_count += 1
                rows = [row([c or "" for c in cells], f"第{number}页表{table_count}第{r}行")
                        for r, cells in enumerate(t.extract(), start=1)]
                items.append((t.bbox[1], 1, rows))
            for _, _, found in sorted(items, key=lambda item: (item[0], item[1])):
                blocks.extend(found)
    notes = [f"pdf：{len(pages)} 页，{table_count} 个表格按行读取"]
    if joins:
        notes.append(f"pdf：{joins} 处排版换行已接续")
    return SourceDocument(name, "pdf", tuple(blocks), tuple(notes))
