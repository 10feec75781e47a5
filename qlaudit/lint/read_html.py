"""HTML pages (a report published on a government site, or saved from one) with ``beautifulsoup4``.

The page's encoding is detected by Beautiful Soup (``<meta charset>``, GBK pages). Scripts, styles, forms and the
site's navigation (``nav``, ``header``, ``footer``, ``aside`` and elements whose id or class names a menu,
breadcrumb, header, footer or sidebar) are dropped. Block elements (``p``, ``div``, ``li``, ``h1``–``h6``, ``br`` …)
end a paragraph. A table with no table inside is data: one row per ``tr``, one cell per ``td``/``th``
(``表1第3行``); a table holding tables is layout and is read through. What was dropped is noted.
"""

from __future__ import annotations

import re
from typing import Any

from qlaudit.lint.read import Block, ReportUnreadable, SourceDocument, paragraphs, row

_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "form", "button",
         "select", "svg", "object")
_NAV = re.compile(r"nav|menu|breadcrumb|header|footer|sidebar|share|toolbar|topbar|crumb", re.IGNORECASE)
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "dd", "dt",
          "dl", "blockquote", "pre", "center", "body", "tbody", "thead", "tr", "td", "th", "caption", "address"}


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        line = "".join(self.text).replace("\xa0", " ")
        self.text = []
        if line.strip():
            self.blocks.extend(paragraphs(" ".join(line.split())))

    def walk(self, node: Any) -> None:
        from bs4 import NavigableString, Tag

        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                self.text.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    self.flush()
                elif child.name == "table" and child.find("table") is None:
                    self.flush()
                    self.table(child)
                elif child.name in _BLOCK or child.name == "table":
                    self.flush()
                    self.walk(child)
                    self.flush()
                else:
                    self.walk(child)

    def table(self, table: Any) -> None:
        self.tables += 1
        for r, tr in enumerate(table.find_all("tr"), start=1):
            cells = [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
            if any(cells):
                self.blocks.append(row(cells, f"表{self.tables}第{r}行"))


def html_document(data: bytes, name: str) -> SourceDocument:
    """The paragraphs and data-table rows of an HTML page, without scripts, styles or navigation."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "html.parser")
    except (ValueError, TypeError, AssertionError) as exc:
        raise ReportUnreadable(f"{name}: not a readable HTML page ({exc})") from exc
    dropped = 0
    for tag in soup(list(_DROP)):
        tag.decompose()
        dropped += 1
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if names.strip() and _NAV.search(names) and tag.name not in ("body", "html", "table", "tr", "td"):
            tag.decompose()
            dropped += 1
    walker = _Walker()
    walker.walk(soup.body or soup)
    walker.flush()
    notes = [f"html：{walker.tables} 个表格按行读取，删除脚本、样式和导航等 {dropped} 处"]
    return SourceDocument(name, "html", tuple(walker.blocks), tuple(notes))
